/* SPDX-License-Identifier: MIT */
/*
 * size.c - sizes as the kernel's slabinfo prints them: above 1e3, 1e6 and
 * 1e9 the value is cut to tenths of K, M or G (truncated, not rounded) and
 * printed with one decimal, so 123456 is "123.4K" and 1000 stays "1000".
 * -B (and -X) print raw numbers.
 */
#include "slabinfo.h"

#include <stdio.h>

/**
 * si_store_size() - format @value into @buf (@len bytes).
 * Return: the length of the text.
 */
int si_store_size(char *buf, size_t len, unsigned long value)
{
	static const struct { unsigned long above, tenth; char unit; } scale[] = {
		{ 1000000000UL, 100000000UL, 'G' },
		{ 1000000UL, 100000UL, 'M' },
		{ 1000UL, 100UL, 'K' },
	};
	size_t i;

	for (i = 0; !si_opt.show_bytes && i < sizeof(scale) / sizeof(scale[0]); i++) {
		if (value > scale[i].above) {
			unsigned long tenths = value / scale[i].tenth;

			return snprintf(buf, len, "%lu.%lu%c", tenths / 10,
					tenths % 10, scale[i].unit);
		}
	}
	return snprintf(buf, len, "%lu", value);
}
