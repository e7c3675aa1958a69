/* SPDX-License-Identifier: MIT */
/* string-stream.h - a growable text buffer for failure messages (libc memory). */
#ifndef ZSK_KUNIT_STRING_STREAM_H
#define ZSK_KUNIT_STRING_STREAM_H

#include <linux/compiler.h>
#include <linux/types.h>

/* struct string_stream - @buf holds @len bytes (NUL-terminated), room @cap. */
struct string_stream {
	char *buf;
	size_t len, cap;
};

#pragma GCC visibility push(hidden)
__printf(2, 3) void string_stream_add(struct string_stream *stream, const char *fmt, ...);
__printf(2, 0) void string_stream_vadd(struct string_stream *stream, const char *fmt, va_list args);
void string_stream_destroy(struct string_stream *stream);
#pragma GCC visibility pop

#endif
