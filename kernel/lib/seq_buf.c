// SPDX-License-Identifier: MIT
/*
 * seq_buf.c - the writers of linux/seq_buf.h.  Every write either fits
 * whole or leaves the buffer overflowed; nothing is ever written past
 * size bytes.
 */
#include <linux/hex.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/seq_buf.h>
#include <linux/sprintf.h>
#include <linux/string.h>

static bool can_fit(struct seq_buf *s, size_t len)
{
	return s->len + len <= s->size;
}

int seq_buf_vprintf(struct seq_buf *s, const char *fmt, va_list args)
{
	WARN_ON(s->size == 0);
	if (s->len < s->size) {
		int len = vsnprintf(s->buffer + s->len, s->size - s->len, fmt, args);

		if (len >= 0 && s->len + len < s->size) {
			s->len += len;
			return 0;
		}
	}
	seq_buf_set_overflow(s);
	return -1;
}

int seq_buf_printf(struct seq_buf *s, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = seq_buf_vprintf(s, fmt, ap);
	va_end(ap);
	return ret;
}

int seq_buf_puts(struct seq_buf *s, const char *str)
{
	size_t len = strlen(str) + 1;	/* the NUL must fit, but is not counted */

	WARN_ON(s->size == 0);
	if (can_fit(s, len)) {
		memcpy(s->buffer + s->len, str, len);
		s->len += len - 1;
		return 0;
	}
	seq_buf_set_overflow(s);
	return -1;
}

int seq_buf_putc(struct seq_buf *s, unsigned char c)
{
	WARN_ON(s->size == 0);
	if (can_fit(s, 1)) {
		s->buffer[s->len++] = (char)c;
		return 0;
	}
	seq_buf_set_overflow(s);
	return -1;
}

int seq_buf_putmem(struct seq_buf *s, const void *mem, unsigned int len)
{
	WARN_ON(s->size == 0);
	if (can_fit(s, len)) {
		memcpy(s->buffer + s->len, mem, len);
		s->len += len;
		return 0;
	}
	seq_buf_set_overflow(s);
	return -1;
}

#define HEX_GROUP 8U

int seq_buf_putmem_hex(struct seq_buf *s, const void *mem, unsigned int len)
{
	const unsigned char *data = mem;
	char hex[HEX_GROUP * 2 + 1];

	WARN_ON(s->size == 0);
	while (len) {
		unsigned int n = min(len, HEX_GROUP), j = 0;

		for (unsigned int i = 0; i < n; i++) {
#ifdef __BIG_ENDIAN
			unsigned char b = data[i];
#else
			unsigned char b = data[n - 1 - i];
#endif
			hex[j++] = hex_asc_hi(b);
			hex[j++] = hex_asc_lo(b);
		}
		hex[j++] = ' ';
		seq_buf_putmem(s, hex, j);
		if (seq_buf_has_overflowed(s))
			return -1;
		len -= n;
		data += n;
	}
	return 0;
}

int seq_buf_hex_dump(struct seq_buf *s, const char *prefix_str, int prefix_type,
		     int rowsize, int groupsize, const void *buf, size_t len, bool ascii)
{
	const u8 *ptr = buf;
	char line[32 * 3 + 2 + 32 + 1];

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (size_t i = 0; i < len; i += rowsize) {
		size_t linelen = min(len - i, (size_t)rowsize);
		int ret;

		hex_dump_to_buffer(ptr + i, linelen, rowsize, groupsize, line, sizeof(line), ascii);
		switch (prefix_type) {
		case DUMP_PREFIX_ADDRESS:
			ret = seq_buf_printf(s, "%s%p: %s\n", prefix_str, ptr + i, line);
			break;
		case DUMP_PREFIX_OFFSET:
			ret = seq_buf_printf(s, "%s%.8zx: %s\n", prefix_str, i, line);
			break;
		default:
			ret = seq_buf_printf(s, "%s%s\n", prefix_str, line);
			break;
		}
		if (ret)
			return -1;
	}
	return 0;
}

void seq_buf_do_printk(struct seq_buf *s, const char *lvl)
{
	const char *start, *nl;

	if (s->size == 0 || s->len == 0)
		return;
	start = seq_buf_str(s);
	while ((nl = strchr(start, '\n'))) {
		printk("%s%.*s\n", lvl, (int)(nl - start), start);
		start = nl + 1;
	}
	if (*start)
		printk("%s%s\n", lvl, start);
}
