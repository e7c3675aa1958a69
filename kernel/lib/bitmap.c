// SPDX-License-Identifier: MIT
/* bitmap.c - bitmap searches and operations (linux/find.h, linux/bitmap.h). */
#include <linux/bitmap.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sprintf.h>

/* The first bit >= @start of (@a op @b, inverted by @invert) below @nbits. */
static unsigned long find_bit(const unsigned long *a, const unsigned long *b,
			      unsigned long nbits, unsigned long start, unsigned long invert)
{
	unsigned long word;

	if (start >= nbits)
		return nbits;
	word = (a[start / BITS_PER_LONG] & (b ? b[start / BITS_PER_LONG] : ~0UL)) ^ invert;
	word &= BITMAP_FIRST_WORD_MASK(start);
	start = round_down(start, BITS_PER_LONG);
	while (!word) {
		start += BITS_PER_LONG;
		if (start >= nbits)
			return nbits;
		word = (a[start / BITS_PER_LONG] & (b ? b[start / BITS_PER_LONG] : ~0UL)) ^ invert;
	}
	return min(start + __ffs(word), nbits);
}

unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset)
{
	return find_bit(addr, NULL, size, offset, 0);
}

unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
				 unsigned long offset)
{
	return find_bit(addr, NULL, size, offset, ~0UL);
}

unsigned long find_next_and_bit(const unsigned long *addr1, const unsigned long *addr2,
				unsigned long size, unsigned long offset)
{
	return find_bit(addr1, addr2, size, offset, 0);
}

unsigned long find_last_bit(const unsigned long *addr, unsigned long size)
{
	for (unsigned long i = size; i-- > 0;)
		if (test_bit((long)i, addr))
			return i;
	return size;
}

unsigned long find_nth_bit(const unsigned long *addr, unsigned long size, unsigned long n)
{
	unsigned long bit;

	for_each_set_bit(bit, addr, size)
		if (n-- == 0)
			return bit;
	return size;
}

void bitmap_set(unsigned long *map, unsigned int start, unsigned int nbits)
{
	for (unsigned int i = 0; i < nbits; i++)
		__set_bit(start + i, map);
}

void bitmap_clear(unsigned long *map, unsigned int start, unsigned int nbits)
{
	for (unsigned int i = 0; i < nbits; i++)
		__clear_bit(start + i, map);
}

unsigned int bitmap_weight(const unsigned long *src, unsigned int nbits)
{
	unsigned int w = 0, k;

	for (k = 0; k < nbits / BITS_PER_LONG; k++)
		w += (unsigned int)hweight_long(src[k]);
	if (nbits % BITS_PER_LONG)
		w += (unsigned int)hweight_long(src[k] & BITMAP_LAST_WORD_MASK(nbits));
	return w;
}

/* Word @k of @p, with the bits past @nbits cleared in the last word. */
static unsigned long word_of(const unsigned long *p, unsigned int k, unsigned int nbits)
{
	unsigned long w = p[k];

	if (k == nbits / BITS_PER_LONG && nbits % BITS_PER_LONG)
		w &= BITMAP_LAST_WORD_MASK(nbits);
	return w;
}

#define NWORDS(nbits) BITS_TO_LONGS(nbits)

bool bitmap_equal(const unsigned long *a, const unsigned long *b, unsigned int nbits)
{
	for (unsigned int k = 0; k < NWORDS(nbits); k++)
		if (word_of(a, k, nbits) != word_of(b, k, nbits))
			return false;
	return true;
}

bool bitmap_intersects(const unsigned long *a, const unsigned long *b, unsigned int nbits)
{
	for (unsigned int k = 0; k < NWORDS(nbits); k++)
		if (word_of(a, k, nbits) & word_of(b, k, nbits))
			return true;
	return false;
}

bool bitmap_subset(const unsigned long *a, const unsigned long *b, unsigned int nbits)
{
	for (unsigned int k = 0; k < NWORDS(nbits); k++)
		if (word_of(a, k, nbits) & ~word_of(b, k, nbits))
			return false;
	return true;
}

bool bitmap_and(unsigned long *dst, const unsigned long *a, const unsigned long *b,
		unsigned int nbits)
{
	unsigned long any = 0;

	for (unsigned int k = 0; k < NWORDS(nbits); k++)
		any |= (dst[k] = a[k] & b[k]) & (k + 1 < NWORDS(nbits) || !(nbits % BITS_PER_LONG)
				? ~0UL : BITMAP_LAST_WORD_MASK(nbits));
	return any != 0;
}

void bitmap_or(unsigned long *dst, const unsigned long *a, const unsigned long *b,
	       unsigned int nbits)
{
	for (unsigned int k = 0; k < NWORDS(nbits); k++)
		dst[k] = a[k] | b[k];
}

void bitmap_xor(unsigned long *dst, const unsigned long *a, const unsigned long *b,
		unsigned int nbits)
{
	for (unsigned int k = 0; k < NWORDS(nbits); k++)
		dst[k] = a[k] ^ b[k];
}

bool bitmap_andnot(unsigned long *dst, const unsigned long *a, const unsigned long *b,
		   unsigned int nbits)
{
	unsigned long any = 0;

	for (unsigned int k = 0; k < NWORDS(nbits); k++)
		any |= (dst[k] = a[k] & ~b[k]) & (k + 1 < NWORDS(nbits) || !(nbits % BITS_PER_LONG)
				? ~0UL : BITMAP_LAST_WORD_MASK(nbits));
	return any != 0;
}

void bitmap_complement(unsigned long *dst, const unsigned long *src, unsigned int nbits)
{
	for (unsigned int k = 0; k < NWORDS(nbits); k++)
		dst[k] = ~src[k];
}

void bitmap_shift_right(unsigned long *dst, const unsigned long *src, unsigned int shift,
			unsigned int nbits)
{
	for (unsigned int i = 0; i < nbits; i++)
		__assign_bit(i, dst, i + shift < nbits && test_bit(i + shift, src));
}

void bitmap_shift_left(unsigned long *dst, const unsigned long *src, unsigned int shift,
		       unsigned int nbits)
{
	for (unsigned int i = nbits; i-- > 0;)
		__assign_bit(i, dst, i >= shift && test_bit(i - shift, src));
}

unsigned long bitmap_find_next_zero_area_off(unsigned long *map, unsigned long size,
					     unsigned long start, unsigned int nr,
					     unsigned long align_mask,
					     unsigned long align_offset)
{
	unsigned long index, end, i;

again:
	index = find_next_zero_bit(map, size, start);
	index = __ALIGN_MASK(index + align_offset, align_mask) - align_offset;
	end = index + nr;
	if (end > size)
		return end;
	i = find_next_bit(map, end, index);
	if (i < end) {
		start = i + 1;
		goto again;
	}
	return index;
}

int bitmap_print_to_pagebuf(bool list, char *buf, const unsigned long *maskp, int nmaskbits)
{
	ptrdiff_t len = (char *)(((unsigned long)buf + PAGE_SIZE) & PAGE_MASK) - buf;

	return list ? scnprintf(buf, (size_t)len, "%*pbl\n", nmaskbits, maskp) :
		      scnprintf(buf, (size_t)len, "%*pb\n", nmaskbits, maskp);
}

unsigned long *bitmap_alloc(unsigned int nbits, gfp_t flags)
{
	return kmalloc_array(BITS_TO_LONGS(nbits), sizeof(unsigned long), flags);
}

unsigned long *bitmap_zalloc(unsigned int nbits, gfp_t flags)
{
	return bitmap_alloc(nbits, flags | __GFP_ZERO);
}

void bitmap_free(const unsigned long *bitmap)
{
	kfree(bitmap);
}
