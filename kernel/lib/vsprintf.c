// SPDX-License-Identifier: MIT
/*
 * vsprintf.c - the kernel's printf: the C library formats every ordinary
 * conversion (so numbers print exactly as printf prints them), and this
 * file the kernel's %p extensions.  After %p, every following letter or
 * digit belongs to the specifier, as in the kernel, so "%pS" never prints
 * a stray "S".
 *
 *   %p %pK %px   the address as 16 hex digits (no hashing: the kernel's
 *                no_hash_pointers)
 *   %pS %pB %pF  symbol+0xoff/0xsize   %ps %pf   symbol
 *   %pa[p] %pad  *(phys_addr_t *) / *(dma_addr_t *) as 0x + 16 digits
 *   %pe          an error pointer's name (-ENOMEM), else as %p
 *   %*ph[CDN]    bytes in hex, separated by ' ', ':', '-' or nothing
 *   %*pE[achnops] an escaped string
 *   %pV          a struct va_format, formatted in place
 *   %pM[RF] %pm  MAC addresses    %pI4 %pi4   IPv4 addresses
 *   %pU[bBlL]    UUIDs            %*pb %*pbl  bitmaps (hex / ranges)
 * Other extensions print the address.  A NULL pointer for an extension
 * that reads through it prints "(null)".
 */
#include <linux/bitmap.h>
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <kunit/assert.h>

#include "zsk_internal.h"

#undef snprintf
#undef vsnprintf
#undef sprintf
#undef vsprintf

/* Where formatted text goes: @pos counts every byte, as snprintf does. */
struct out {
	char *buf;
	size_t size;
	size_t pos;
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_n(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
}

/* @s padded to @width (right-aligned, or left with @left). */
static void put_field(struct out *o, const char *s, size_t n, int width, bool left)
{
	size_t pad = width > 0 && (size_t)width > n ? (size_t)width - n : 0;

	if (!left)
		while (pad--)
			put(o, ' ');
	put_n(o, s, n);
	if (left)
		while (pad--)
			put(o, ' ');
}

/* The parsed specifier of one conversion. */
struct spec {
	char flags[8];
	int width;        /* -1: none */
	int precision;    /* -1: none */
	char length[3];
	char conv;
	bool left;
};

static const char *parse_spec(const char *p, struct spec *sp, va_list *ap)
{
	size_t nf = 0;

	memset(sp, 0, sizeof(*sp));
	sp->width = sp->precision = -1;
	while (strchr("-+ #0", *p) && nf + 1 < sizeof(sp->flags)) {
		if (*p == '-')
			sp->left = true;
		sp->flags[nf++] = *p++;
	}
	if (*p == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		p++;
	} else if (isdigit((unsigned char)*p)) {
		sp->width = (int)strtol(p, (char **)&p, 10);
	}
	if (*p == '.') {
		p++;
		if (*p == '*') {
			sp->precision = va_arg(*ap, int);
			p++;
		} else {
			sp->precision = (int)strtol(p, (char **)&p, 10);
		}
	}
	for (size_t n = 0; n < 2 && strchr("hlzjtLq", *p); n++)
		sp->length[n] = *p++;
	sp->conv = *p;
	return *p ? p + 1 : p;
}

/* Rebuild "%<flags><width>.<prec><len><conv>" for the C library. */
static void libc_spec(const struct spec *sp, char *f, size_t len)
{
	int n = snprintf(f, len, "%%%s", sp->flags);

	if (sp->width >= 0)
		n += snprintf(f + n, len - (size_t)n, "%d", sp->width);
	if (sp->precision >= 0)
		n += snprintf(f + n, len - (size_t)n, ".%d", sp->precision);
	snprintf(f + n, len - (size_t)n, "%s%c", strcmp(sp->length, "q") ? sp->length : "ll",
		 sp->conv);
}

static void put_libc(struct out *o, const char *f, ...) __printf(2, 3);
static void put_libc(struct out *o, const char *f, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(tmp, sizeof(tmp), f, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		put_n(o, tmp, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		put_n(o, tmp, sizeof(tmp) - 1);
		return;
	}
	va_start(ap, f);
	vsnprintf(big, (size_t)n + 1, f, ap);
	va_end(ap);
	put_n(o, big, (size_t)n);
	free(big);
}

/* One ordinary conversion, taking its argument with the right type. */
static void conv_libc(struct out *o, const struct spec *sp, va_list *ap)
{
	char f[64];
	const char *l = sp->length;

	libc_spec(sp, f, sizeof(f));
	switch (sp->conv) {
	case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
		if (!strcmp(l, "ll") || !strcmp(l, "q") || !strcmp(l, "j"))
			put_libc(o, f, va_arg(*ap, long long));
		else if (!strcmp(l, "l") || !strcmp(l, "z") || !strcmp(l, "t"))
			put_libc(o, f, va_arg(*ap, long));
		else
			put_libc(o, f, va_arg(*ap, int));
		break;
	case 'c':
		put_libc(o, f, va_arg(*ap, int));
		break;
	case 's': {
		const char *s = va_arg(*ap, const char *);

		put_libc(o, f, s ? s : "(null)");
		break;
	}
	case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
		if (!strcmp(l, "L"))
			put_libc(o, f, va_arg(*ap, long double));
		else
			put_libc(o, f, va_arg(*ap, double));
		break;
	case 'n':   /* the kernel refuses %n */
		(void)va_arg(*ap, void *);
		break;
	default:    /* unknown: print the specifier itself */
		put_n(o, f, strlen(f));
		break;
	}
}

static void put_hexptr(struct out *o, const void *ptr, const struct spec *sp)
{
	char s[24];
	int n = snprintf(s, sizeof(s), "%016lx", (unsigned long)ptr);

	put_field(o, s, (size_t)n, sp->width, sp->left);
}

static void ptr_symbol(struct out *o, const void *ptr, const char *ext, const struct spec *sp)
{
	char sym[256];
	bool offset = ext[0] == 'S' || ext[0] == 'B' || ext[0] == 'F';

	zsk_symbolize(ptr, sym, sizeof(sym), offset);
	put_field(o, sym, strlen(sym), sp->width, sp->left);
}

static void ptr_hex(struct out *o, const u8 *p, const char *ext, const struct spec *sp)
{
	char sep = ' ';
	int n = sp->width >= 0 ? sp->width : 1;

	if (ext[1] == 'C')
		sep = ':';
	else if (ext[1] == 'D')
		sep = '-';
	else if (ext[1] == 'N')
		sep = 0;
	n = min(n, 64);
	for (int i = 0; i < n; i++) {
		if (i && sep)
			put(o, sep);
		put(o, hex_asc_hi(p[i]));
		put(o, hex_asc_lo(p[i]));
	}
}

static void ptr_escaped(struct out *o, const char *s, const char *ext, const struct spec *sp)
{
	size_t n = sp->width >= 0 ? (size_t)sp->width : strlen(s);
	bool any = !ext[1] || strchr(ext + 1, 'a');
	bool np_only = !ext[1] || strchr(ext + 1, 'p');
	bool hex = strchr(ext + 1, 'h') != NULL;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;

		if (np_only && isprint(c) && c != '\\') {
			put(o, (char)c);
			continue;
		}
		switch (c) {
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\v': esc = "\\v"; break;
		case '\f': esc = "\\f"; break;
		case '\\': esc = np_only ? NULL : "\\\\"; break;
		case '\a': esc = "\\a"; break;
		case '\e': esc = "\\e"; break;
		case '\0': esc = "\\0"; break;
		}
		if (c == '\\' && np_only) {
			put(o, '\\');
		} else if (esc && any) {
			put_n(o, esc, strlen(esc));
		} else if (hex) {
			put_libc(o, "\\x%02x", c);
		} else if (!isprint(c)) {
			put_libc(o, "\\%03o", c);
		} else {
			put(o, (char)c);
		}
	}
}

static void ptr_mac(struct out *o, const u8 *a, const char *ext)
{
	bool rev = ext[1] == 'R';
	char sep = ext[0] == 'm' ? 0 : (ext[1] == 'F' ? '-' : ':');

	for (int i = 0; i < 6; i++) {
		if (i && sep)
			put(o, sep);
		put_libc(o, "%02x", a[rev ? 5 - i : i]);
	}
}

static void ptr_ipv4(struct out *o, const u8 *a, const char *ext)
{
	if (ext[0] == 'i')
		put_libc(o, "%03u.%03u.%03u.%03u", a[0], a[1], a[2], a[3]);
	else
		put_libc(o, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

static void ptr_uuid(struct out *o, const u8 *u, const char *ext)
{
	static const u8 be[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	static const u8 le[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	const u8 *idx = (ext[1] == 'l' || ext[1] == 'L') ? le : be;
	bool upper = ext[1] == 'B' || ext[1] == 'L';

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			put(o, '-');
		put_libc(o, upper ? "%02X" : "%02x", u[idx[i]]);
	}
}

static void ptr_bitmap(struct out *o, const unsigned long *map, const char *ext,
		       const struct spec *sp)
{
	int nbits = sp->width >= 0 ? sp->width : 0;

	if (ext[1] == 'l') {
		bool first = true;
		int b = 0;

		while (b < nbits) {
			int e;

			b = (int)find_next_bit(map, (unsigned long)nbits, (unsigned long)b);
			if (b >= nbits)
				break;
			e = (int)find_next_zero_bit(map, (unsigned long)nbits, (unsigned long)b);
			put_libc(o, e - 1 > b ? "%s%d-%d" : "%s%d", first ? "" : ",", b, e - 1);
			first = false;
			b = e;
		}
		return;
	}
	for (int word = (nbits - 1) / 32; word >= 0 && nbits > 0; word--) {
		int bits = min(32, nbits - word * 32);
		u32 v = 0;

		for (int i = 0; i < bits; i++)
			if (test_bit(word * 32 + i, map))
				v |= 1u << i;
		put_libc(o, "%s%0*x", word == (nbits - 1) / 32 ? "" : ",", (bits + 3) / 4, v);
	}
}

/* One %p conversion; @ext are the letters after 'p'. */
static void conv_ptr(struct out *o, const void *ptr, const char *ext, const struct spec *sp)
{
	bool deref = ext[0] && strchr("ahEVMmIiUb", ext[0]);

	if (deref && !ptr) {
		put_field(o, "(null)", 6, sp->width, sp->left);
		return;
	}
	switch (ext[0]) {
	case 'S': case 's': case 'B': case 'F': case 'f':
		ptr_symbol(o, ptr, ext, sp);
		return;
	case 'a': {
		unsigned long long v = *(const u64 *)ptr;

		put_libc(o, "0x%016llx", v);
		return;
	}
	case 'e':
		if (IS_ERR(ptr)) {
			const char *name = zsk_errname((int)-PTR_ERR(ptr));

			if (name)
				put_libc(o, "-%s", name);
			else
				put_libc(o, "%ld", PTR_ERR(ptr));
			return;
		}
		break;
	case 'h':
		ptr_hex(o, ptr, ext, sp);
		return;
	case 'E':
		ptr_escaped(o, ptr, ext, sp);
		return;
	case 'V': {
		const struct va_format *vaf = ptr;
		va_list va;
		size_t room = o->pos < o->size ? o->size - o->pos : 0;

		va_copy(va, *vaf->va);
		o->pos += (size_t)zsk_vsnprintf(o->buf + (room ? o->pos : 0), room, vaf->fmt, va);
		va_end(va);
		return;
	}
	case 'M': case 'm':
		ptr_mac(o, ptr, ext);
		return;
	case 'I': case 'i':
		if (ext[1] == '4') {
			ptr_ipv4(o, ptr, ext);
			return;
		}
		break;
	case 'U':
		ptr_uuid(o, ptr, ext);
		return;
	case 'b':
		ptr_bitmap(o, ptr, ext, sp);
		return;
	}
	put_hexptr(o, ptr, sp);
}

int zsk_vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { buf, size, 0 };
	va_list ap;

	va_copy(ap, args);
	for (const char *p = fmt; *p;) {
		struct spec sp;
		char ext[16];
		size_t ne = 0;

		if (*p != '%') {
			put(&o, *p++);
			continue;
		}
		if (p[1] == '%') {
			put(&o, '%');
			p += 2;
			continue;
		}
		p = parse_spec(p + 1, &sp, &ap);
		if (sp.conv != 'p') {
			conv_libc(&o, &sp, &ap);
			continue;
		}
		while (isalnum((unsigned char)*p)) {
			if (ne + 1 < sizeof(ext))
				ext[ne++] = *p;
			p++;
		}
		ext[ne] = 0;
		conv_ptr(&o, va_arg(ap, const void *), ext, &sp);
	}
	va_end(ap);
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = 0;
	return (int)o.pos;
}

int zsk_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = zsk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int zsk_vsprintf(char *buf, const char *fmt, va_list args)
{
	return zsk_vsnprintf(buf, INT_MAX, fmt, args);
}

int zsk_sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = zsk_vsnprintf(buf, INT_MAX, fmt, ap);
	va_end(ap);
	return n;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n = zsk_vsnprintf(buf, size, fmt, args);

	if (!size)
		return 0;
	return (size_t)n < size ? n : (int)size - 1;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

char *kvasprintf(gfp_t gfp, const char *fmt, va_list args)
{
	va_list again;
	char *p;
	int n;

	va_copy(again, args);
	n = zsk_vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	p = kmalloc((size_t)n + 1, gfp);
	if (p)
		zsk_vsnprintf(p, (size_t)n + 1, fmt, args);
	return p;
}

const char *kvasprintf_const(gfp_t gfp, const char *fmt, va_list args)
{
	return kvasprintf(gfp, fmt, args);
}

char *kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = kvasprintf(gfp, fmt, ap);
	va_end(ap);
	return p;
}

int num_to_str(char *buf, int size, unsigned long long num, unsigned int width)
{
	char tmp[32];
	int n = zsk_snprintf(tmp, sizeof(tmp), "%0*llu", (int)width, num);

	if (n > size)
		return 0;
	memcpy(buf, tmp, (size_t)n);
	return n;
}
