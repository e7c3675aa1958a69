// SPDX-License-Identifier: MIT
/*
 * hexdump.c - hex_dump_to_buffer() and print_hex_dump(), in the kernel's
 * layout: groups of @groupsize bytes (1, 2, 4 or 8, printed as numbers in
 * host byte order) separated by spaces, the ASCII column starting at
 * rowsize * 2 + rowsize / groupsize + 1.
 */
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/sprintf.h>

/*
 * As the kernel's: the return value is the length of the whole line (the
 * hex groups, or the ASCII column's end when @ascii), whether or not it
 * fit; what fits of it is written, NUL-terminated, and nothing past
 * @linebuflen (nothing at all when it is 0), as snprintf() does.
 */
int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize,
		       char *linebuf, size_t linebuflen, bool ascii)
{
	const u8 *ptr = buf;
	int ngroups, ascii_column, full, lx = 0, j;

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	if (len > (size_t)rowsize)
		len = (size_t)rowsize;
	if (!is_power_of_2((unsigned long)groupsize) || groupsize > 8)
		groupsize = 1;
	if (len % (size_t)groupsize)
		groupsize = 1;
	ngroups = (int)len / groupsize;
	ascii_column = rowsize * 2 + rowsize / groupsize + 1;
	if (!len)
		full = 0;
	else
		full = ascii ? ascii_column + (int)len : (groupsize * 2 + 1) * ngroups - 1;
	if (!linebuflen)
		return full;
	linebuf[0] = 0;
	for (j = 0; j < ngroups; j++) {
		const u8 *p = ptr + j * groupsize;
		unsigned long long v = 0;

		memcpy(&v, p, (size_t)groupsize);
		lx += scnprintf(linebuf + lx, linebuflen - (size_t)lx, "%s%0*llx",
				j ? " " : "", 2 * groupsize, v);
	}
	if (ascii && len) {
		while (lx < ascii_column && (size_t)lx + 1 < linebuflen)
			linebuf[lx++] = ' ';
		for (j = 0; j < (int)len && (size_t)lx + 1 < linebuflen; j++)
			linebuf[lx++] = (isascii(ptr[j]) && isprint(ptr[j])) ? (char)ptr[j] : '.';
	}
	linebuf[lx] = 0;
	return full;
}

void print_hex_dump(const char *level, const char *prefix_str, int prefix_type,
		    int rowsize, int groupsize, const void *buf, size_t len, bool ascii)
{
	const u8 *ptr = buf;
	char linebuf[32 * 3 + 2 + 32 + 1];

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (size_t i = 0; i < len; i += (size_t)rowsize) {
		size_t linelen = min(len - i, (size_t)rowsize);

		hex_dump_to_buffer(ptr + i, linelen, rowsize, groupsize, linebuf,
				   sizeof(linebuf), ascii);
		switch (prefix_type) {
		case DUMP_PREFIX_ADDRESS:
			printk("%s%s%p: %s\n", level, prefix_str, (const void *)(ptr + i), linebuf);
			break;
		case DUMP_PREFIX_OFFSET:
			printk("%s%s%.8zx: %s\n", level, prefix_str, i, linebuf);
			break;
		default:
			printk("%s%s%s\n", level, prefix_str, linebuf);
			break;
		}
	}
}
