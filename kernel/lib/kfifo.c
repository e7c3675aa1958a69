// SPDX-License-Identifier: MIT
/*
 * kfifo.c - the untyped ring under linux/kfifo.h.  Positions are element
 * counts that run freely and wrap at 2^32; (pos & mask) * esize is the
 * byte offset.  A copy that crosses the end of the buffer is done in two
 * parts.  The writer publishes data before moving @in, the reader reads
 * before moving @out (smp_wmb()), so one of each needs no lock.
 */
#include <asm/barrier.h>
#include <linux/kernel.h>
#include <linux/kfifo.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/string.h>

static unsigned int unused(const struct __kfifo *fifo)
{
	return (fifo->mask + 1) - (fifo->in - fifo->out);
}

int __kfifo_alloc(struct __kfifo *fifo, unsigned int size, size_t esize, gfp_t gfp_mask)
{
	fifo->in = 0;
	fifo->out = 0;
	fifo->esize = esize;
	fifo->data = NULL;
	fifo->mask = 0;
	if (size < 2 || size > 0x80000000U)
		return -EINVAL;
	size = roundup_pow_of_two(size);
	fifo->data = kmalloc_array(esize, size, gfp_mask);
	if (!fifo->data)
		return -ENOMEM;
	fifo->mask = size - 1;
	return 0;
}

void __kfifo_free(struct __kfifo *fifo)
{
	kfree(fifo->data);
	fifo->in = 0;
	fifo->out = 0;
	fifo->esize = 0;
	fifo->data = NULL;
	fifo->mask = 0;
}

int __kfifo_init(struct __kfifo *fifo, void *buffer, unsigned int size, size_t esize)
{
	size /= esize;
	if (size && !is_power_of_2(size))
		size = rounddown_pow_of_two(size);
	fifo->in = 0;
	fifo->out = 0;
	fifo->esize = esize;
	fifo->data = buffer;
	if (size < 2) {
		fifo->mask = 0;
		return -EINVAL;
	}
	fifo->mask = size - 1;
	return 0;
}

/* Copies @len elements from @src into the ring at element position @pos. */
static void copy_in(struct __kfifo *fifo, const void *src, unsigned int len, unsigned int pos)
{
	size_t size = (size_t)(fifo->mask + 1) * fifo->esize;
	size_t off = (size_t)(pos & fifo->mask) * fifo->esize;
	size_t bytes = (size_t)len * fifo->esize;
	size_t first = min(bytes, size - off);

	memcpy((char *)fifo->data + off, src, first);
	memcpy(fifo->data, (const char *)src + first, bytes - first);
	smp_wmb();	/* the data is in place before the writer moves @in */
}

/* Copies @len elements at element position @pos of the ring to @dst. */
static void copy_out(struct __kfifo *fifo, void *dst, unsigned int len, unsigned int pos)
{
	size_t size = (size_t)(fifo->mask + 1) * fifo->esize;
	size_t off = (size_t)(pos & fifo->mask) * fifo->esize;
	size_t bytes = (size_t)len * fifo->esize;
	size_t first = min(bytes, size - off);

	memcpy(dst, (const char *)fifo->data + off, first);
	memcpy((char *)dst + first, fifo->data, bytes - first);
	smp_wmb();	/* the data is read before the reader moves @out */
}

unsigned int __kfifo_in(struct __kfifo *fifo, const void *buf, unsigned int len)
{
	len = min(len, unused(fifo));
	copy_in(fifo, buf, len, fifo->in);
	fifo->in += len;
	return len;
}

unsigned int __kfifo_out_peek(struct __kfifo *fifo, void *buf, unsigned int len)
{
	len = min(len, fifo->in - fifo->out);
	copy_out(fifo, buf, len, fifo->out);
	return len;
}

unsigned int __kfifo_out(struct __kfifo *fifo, void *buf, unsigned int len)
{
	len = __kfifo_out_peek(fifo, buf, len);
	fifo->out += len;
	return len;
}

/* Records: a length of @recsize bytes (little-endian), then the bytes. */

unsigned int __kfifo_max_r(unsigned int len, size_t recsize)
{
	unsigned int max = (1U << (recsize * 8)) - 1;

	return min(len, max);
}

static unsigned int peek_len(struct __kfifo *fifo, size_t recsize)
{
	const unsigned char *data = fifo->data;
	unsigned int n = data[fifo->out & fifo->mask];

	if (recsize > 1)
		n |= (unsigned int)data[(fifo->out + 1) & fifo->mask] << 8;
	return n;
}

static void poke_len(struct __kfifo *fifo, unsigned int n, size_t recsize)
{
	unsigned char *data = fifo->data;

	data[fifo->in & fifo->mask] = (unsigned char)n;
	if (recsize > 1)
		data[(fifo->in + 1) & fifo->mask] = (unsigned char)(n >> 8);
}

unsigned int __kfifo_len_r(struct __kfifo *fifo, size_t recsize)
{
	return peek_len(fifo, recsize);
}

unsigned int __kfifo_in_r(struct __kfifo *fifo, const void *buf, unsigned int len, size_t recsize)
{
	if (len + recsize > unused(fifo))
		return 0;
	poke_len(fifo, len, recsize);
	copy_in(fifo, buf, len, fifo->in + recsize);
	fifo->in += len + recsize;
	return len;
}

/* Copies the next record (cut to @len) to @buf; *@n gets its whole length. */
static unsigned int copy_out_r(struct __kfifo *fifo, void *buf, unsigned int len,
			       size_t recsize, unsigned int *n)
{
	*n = peek_len(fifo, recsize);
	len = min(len, *n);
	copy_out(fifo, buf, len, fifo->out + recsize);
	return len;
}

unsigned int __kfifo_out_peek_r(struct __kfifo *fifo, void *buf, unsigned int len,
				size_t recsize)
{
	unsigned int n;

	if (fifo->in == fifo->out)
		return 0;
	return copy_out_r(fifo, buf, len, recsize, &n);
}

unsigned int __kfifo_out_r(struct __kfifo *fifo, void *buf, unsigned int len, size_t recsize)
{
	unsigned int n;

	if (fifo->in == fifo->out)
		return 0;
	len = copy_out_r(fifo, buf, len, recsize, &n);
	fifo->out += n + recsize;
	return len;
}

void __kfifo_skip_r(struct __kfifo *fifo, size_t recsize)
{
	fifo->out += peek_len(fifo, recsize) + recsize;
}
