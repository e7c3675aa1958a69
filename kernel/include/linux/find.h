/* SPDX-License-Identifier: MIT */
/*
 * linux/find.h - searching bitmaps (kernel/lib/bitmap.c).  Each returns
 * the bit found, or @size when there is none.
 */
#ifndef _ZSK_LINUX_FIND_H
#define _ZSK_LINUX_FIND_H

#include <linux/types.h>

unsigned long find_next_bit(const unsigned long *addr, unsigned long size,
			    unsigned long offset);
unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
				 unsigned long offset);
unsigned long find_next_and_bit(const unsigned long *addr1, const unsigned long *addr2,
				unsigned long size, unsigned long offset);
unsigned long find_last_bit(const unsigned long *addr, unsigned long size);
unsigned long find_nth_bit(const unsigned long *addr, unsigned long size, unsigned long n);

static inline unsigned long find_first_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_bit(addr, size, 0);
}
static inline unsigned long find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_zero_bit(addr, size, 0);
}
static inline unsigned long find_first_and_bit(const unsigned long *addr1,
					       const unsigned long *addr2,
					       unsigned long size)
{
	return find_next_and_bit(addr1, addr2, size, 0);
}

#define for_each_set_bit(bit, addr, size) \
	for ((bit) = 0; (bit) = find_next_bit((addr), (size), (bit)), (bit) < (size); (bit)++)
#define for_each_set_bit_from(bit, addr, size) \
	for (; (bit) = find_next_bit((addr), (size), (bit)), (bit) < (size); (bit)++)
#define for_each_clear_bit(bit, addr, size) \
	for ((bit) = 0; (bit) = find_next_zero_bit((addr), (size), (bit)), (bit) < (size); (bit)++)
#define for_each_clear_bit_from(bit, addr, size) \
	for (; (bit) = find_next_zero_bit((addr), (size), (bit)), (bit) < (size); (bit)++)
#define for_each_and_bit(bit, addr1, addr2, size) \
	for ((bit) = 0; (bit) = find_next_and_bit((addr1), (addr2), (size), (bit)), (bit) < (size); (bit)++)
#define for_each_set_bitrange(b, e, addr, size) \
	for ((b) = 0; (b) = find_next_bit((addr), (size), b), \
	     (e) = find_next_zero_bit((addr), (size), (b) + 1), (b) < (size); (b) = (e) + 1)

#endif
