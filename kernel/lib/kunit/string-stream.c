// SPDX-License-Identifier: MIT
/*
 * string-stream.c - the text of a failure message, built up piece by
 * piece.  It lives in libc memory: a failure report must not change the
 * slab state the test is looking at.
 */
#include <linux/sprintf.h>
#include <stdlib.h>

#include "string-stream.h"

void string_stream_vadd(struct string_stream *stream, const char *fmt, va_list args)
{
	va_list again;
	int n;

	va_copy(again, args);
	n = zsk_vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n <= 0)
		return;
	if (stream->len + (size_t)n + 1 > stream->cap) {
		size_t cap = (stream->len + (size_t)n + 1) * 2;
		char *p = realloc(stream->buf, cap);

		if (!p)
			return;
		stream->buf = p;
		stream->cap = cap;
	}
	zsk_vsnprintf(stream->buf + stream->len, (size_t)n + 1, fmt, args);
	stream->len += (size_t)n;
}

void string_stream_add(struct string_stream *stream, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	string_stream_vadd(stream, fmt, ap);
	va_end(ap);
}

void string_stream_destroy(struct string_stream *stream)
{
	free(stream->buf);
	stream->buf = NULL;
	stream->len = stream->cap = 0;
}
