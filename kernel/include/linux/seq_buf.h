/* SPDX-License-Identifier: MIT */
/*
 * linux/seq_buf.h - text built up in a fixed buffer (kernel/lib/seq_buf.c),
 * with the kernel's overflow rule: a write that does not fit whole sets
 * the buffer overflowed (len > size) and writes nothing more; printf and
 * puts keep room for a terminating NUL, putc and putmem may fill the last
 * byte.  seq_buf_str() terminates in place.
 *
 * Invariant: len <= size, or len == size + 1 once overflowed.
 */
#ifndef _ZSK_LINUX_SEQ_BUF_H
#define _ZSK_LINUX_SEQ_BUF_H

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/minmax.h>
#include <linux/types.h>
#include <stdarg.h>

/**
 * struct seq_buf - a buffer being written
 * @buffer: the memory
 * @size: its size in bytes
 * @len: bytes written (size + 1: overflowed)
 */
struct seq_buf {
	char *buffer;
	size_t size;
	size_t len;
};

/** seq_buf_clear - empty @s (and NUL-terminate its buffer) */
static inline void seq_buf_clear(struct seq_buf *s)
{
	s->len = 0;
	if (s->size)
		s->buffer[0] = '\0';
}

/** DECLARE_SEQ_BUF - a seq_buf @NAME over a zeroed buffer of @SIZE bytes of its own */
#define DECLARE_SEQ_BUF(NAME, SIZE) \
	struct seq_buf NAME = { .buffer = (char[SIZE]) { 0 }, .size = SIZE }

/** seq_buf_init - an empty seq_buf over @buf of @size bytes */
static inline void seq_buf_init(struct seq_buf *s, char *buf, unsigned int size)
{
	s->buffer = buf;
	s->size = size;
	seq_buf_clear(s);
}

/** seq_buf_has_overflowed - whether a write did not fit */
static inline bool seq_buf_has_overflowed(struct seq_buf *s)
{
	return s->len > s->size;
}

/** seq_buf_set_overflow - mark @s overflowed */
static inline void seq_buf_set_overflow(struct seq_buf *s)
{
	s->len = s->size + 1;
}

/** seq_buf_buffer_left - bytes still free (0 once overflowed) */
static inline unsigned int seq_buf_buffer_left(struct seq_buf *s)
{
	if (seq_buf_has_overflowed(s))
		return 0;
	return s->size - s->len;
}

/** seq_buf_used - bytes of the buffer holding text */
static inline unsigned int seq_buf_used(struct seq_buf *s)
{
	return min(s->len, s->size);
}

/**
 * seq_buf_str - the text, NUL-terminated in place (the last byte is
 * given up for the NUL when the buffer is full)
 */
static inline const char *seq_buf_str(struct seq_buf *s)
{
	if (WARN_ON(s->size == 0))
		return "";
	if (seq_buf_buffer_left(s))
		s->buffer[s->len] = '\0';
	else
		s->buffer[s->size - 1] = '\0';
	return s->buffer;
}
/* the older spelling: terminate without returning the text */
#define seq_buf_terminate(s) ((void)seq_buf_str(s))

/**
 * seq_buf_get_buf - the free part of the buffer, for writing in place
 * @bufp: gets its start, or NULL when nothing is free
 *
 * Return: its size.  seq_buf_commit() then adds what was written.
 */
static inline size_t seq_buf_get_buf(struct seq_buf *s, char **bufp)
{
	WARN_ON(s->len > s->size + 1);
	if (s->len < s->size) {
		*bufp = s->buffer + s->len;
		return s->size - s->len;
	}
	*bufp = NULL;
	return 0;
}

/** seq_buf_commit - add @num bytes written in place; a negative @num overflows */
static inline void seq_buf_commit(struct seq_buf *s, int num)
{
	if (num < 0) {
		seq_buf_set_overflow(s);
	} else {
		BUG_ON(s->len + num > s->size);
		s->len += num;
	}
}

/** seq_buf_printf - append formatted text; 0, or -1 (overflowed) when it does not fit */
__printf(2, 3) int seq_buf_printf(struct seq_buf *s, const char *fmt, ...);
/** seq_buf_vprintf - seq_buf_printf() with a va_list */
__printf(2, 0) int seq_buf_vprintf(struct seq_buf *s, const char *fmt, va_list args);
/** seq_buf_puts - append a string (room is kept for its NUL); 0 or -1 */
int seq_buf_puts(struct seq_buf *s, const char *str);
/** seq_buf_putc - append one character; 0 or -1 */
int seq_buf_putc(struct seq_buf *s, unsigned char c);
/** seq_buf_putmem - append @len raw bytes; 0 or -1 */
int seq_buf_putmem(struct seq_buf *s, const void *mem, unsigned int len);
/**
 * seq_buf_putmem_hex - append @mem as hex, 8 bytes a group, each group
 * in the CPU's byte order (least significant first here) and followed by
 * a space; 0 or -1
 */
int seq_buf_putmem_hex(struct seq_buf *s, const void *mem, unsigned int len);
/**
 * seq_buf_hex_dump - append print_hex_dump()'s lines for @buf
 *
 * Return: 0, or -1 when they did not fit.
 */
int seq_buf_hex_dump(struct seq_buf *s, const char *prefix_str, int prefix_type,
		     int rowsize, int groupsize, const void *buf, size_t len, bool ascii);
/** seq_buf_do_printk - printk() the text line by line at level @lvl */
void seq_buf_do_printk(struct seq_buf *s, const char *lvl);

#endif
