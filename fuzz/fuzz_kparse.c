/* SPDX-License-Identifier: MIT */
/*
 * fuzz_kparse.c - the kernel-compat parsers and formatters that take
 * strings from outside (module parameters, sysfs writes, device records)
 * on any bytes: every kstrto*() width agrees with kstrtoull()/kstrtoll()
 * and the type's range and returns only 0, -EINVAL or -ERANGE;
 * kstrtoudec64()/kstrtodec64() agree with a second, independent
 * implementation here (128-bit arithmetic) and with each other;
 * hex_dump_to_buffer() returns the same length whatever the buffer,
 * writes exactly the prefix that fits, NUL-terminated, and nothing past
 * the buffer.  The input: a selector byte, a parameter byte, then the
 * string (or the bytes to dump).
 */
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/printk.h>

#include <errno.h>
#include <string.h>

#include "fuzz.h"

#define STR_MAX 256

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	return 0;
}

static void check_err(int err, const char *fn, const char *s)
{
	FZ_CHECK(err == 0 || err == -EINVAL || err == -ERANGE, "%s(\"%s\") = %d", fn, s, err);
}

/* Each width against the 64-bit parse of the same string. */
static void check_widths(const char *s, unsigned int base)
{
	unsigned long long u = 0;
	long long v = 0;
	int eu = kstrtoull(s, base, &u), ev = kstrtoll(s, base, &v);
	u8 u8v; s8 s8v; u16 u16v; s16 s16v; u32 u32v; s32 s32v;
	int e;

	check_err(eu, "kstrtoull", s);
	check_err(ev, "kstrtoll", s);
	FZ_CHECK(eu || !ev || (long long)u == v || v < 0 || u > (unsigned long long)LLONG_MAX,
		 "kstrtoull %llu and kstrtoll %lld disagree on \"%s\"", u, v, s);
	FZ_CHECK(s[0] == '-' || !eu || eu == -ERANGE || ev,
		 "kstrtoll took \"%s\", kstrtoull said %d", s, eu);
#define UNSIGNED(fn, var, max) \
	e = fn(s, base, &var); \
	check_err(e, #fn, s); \
	FZ_CHECK(eu ? e == eu : (u <= (max) ? !e && var == u : e == -ERANGE), \
		 #fn "(\"%s\", %u) = %d, kstrtoull %d", s, base, e, eu)
#define SIGNED(fn, var, min, max) \
	e = fn(s, base, &var); \
	check_err(e, #fn, s); \
	FZ_CHECK(ev ? e == ev : (v >= (min) && v <= (max) ? !e && var == v : e == -ERANGE), \
		 #fn "(\"%s\", %u) = %d, kstrtoll %d", s, base, e, ev)
	UNSIGNED(kstrtou8, u8v, U8_MAX);
	UNSIGNED(kstrtou16, u16v, U16_MAX);
	UNSIGNED(kstrtou32, u32v, U32_MAX);
	SIGNED(kstrtos8, s8v, S8_MIN, S8_MAX);
	SIGNED(kstrtos16, s16v, S16_MIN, S16_MAX);
	SIGNED(kstrtos32, s32v, S32_MIN, S32_MAX);
#undef UNSIGNED
#undef SIGNED
}

/*
 * The reference for kstrtoudec64(): digits into a 128-bit value that
 * stops growing once it passes 2^64 (so "too big" stays too big), the
 * fraction cut or padded to @scale digits.  0, -EINVAL or -ERANGE.
 */
static int ref_udec(const char *s, unsigned int scale, unsigned __int128 *out)
{
	const unsigned __int128 cap = (unsigned __int128)1 << 65;
	unsigned __int128 v = 0;
	unsigned int digits = 0, frac = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits++)
		if (v < cap)
			v = v * 10 + (unsigned)(*s - '0');
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, digits++)
			if (frac < scale) {
				frac++;
				if (v < cap)
					v = v * 10 + (unsigned)(*s - '0');
			}
	}
	for (; frac < scale; frac++)
		if (v < cap)
			v *= 10;
	if (*s == '\n')
		s++;
	if (!digits || *s)
		return -EINVAL;
	*out = v;
	return v > U64_MAX ? -ERANGE : 0;
}

static void check_decimal(const char *s, unsigned int scale)
{
	const char *mag = *s == '+' || *s == '-' ? s + 1 : s;
	unsigned __int128 ref = 0;
	int er = ref_udec(mag, scale, &ref), eu, ed;
	u64 u = 0;
	s64 d = 0;

	eu = kstrtoudec64(s, scale, &u);
	ed = kstrtodec64(s, scale, &d);
	check_err(eu, "kstrtoudec64", s);
	check_err(ed, "kstrtodec64", s);
	if (*s == '-')
		FZ_CHECK(eu == -EINVAL, "kstrtoudec64 took a '-': \"%s\"", s);
	else
		FZ_CHECK(eu == er && (eu || u == (u64)ref),
			 "kstrtoudec64(\"%s\", %u) = %d/%llu, reference %d/%llu", s, scale, eu,
			 (unsigned long long)u, er, (unsigned long long)ref);
	if (er)
		FZ_CHECK(ed == er, "kstrtodec64(\"%s\", %u) = %d, reference %d", s, scale, ed, er);
	else if (*s == '-')
		FZ_CHECK(ref > (unsigned __int128)S64_MAX + 1 ? ed == -ERANGE :
			 !ed && (unsigned __int128)(-(__int128)d) == ref,
			 "kstrtodec64(\"%s\", %u) = %d/%lld", s, scale, ed, (long long)d);
	else
		FZ_CHECK(ref > (unsigned __int128)S64_MAX ? ed == -ERANGE :
			 !ed && (unsigned __int128)d == ref,
			 "kstrtodec64(\"%s\", %u) = %d/%lld", s, scale, ed, (long long)d);
}

/* Any buffer: the same length back, the prefix that fits, a NUL, nothing past. */
static void check_hexdump(const uint8_t *data, size_t len, unsigned int param)
{
	int rowsize = param & 1 ? 32 : 16, groupsize = 1 << ((param >> 1) & 3);
	bool ascii = param & 8;
	char full[256], part[256];
	int n = hex_dump_to_buffer(data, len, rowsize, groupsize, full, sizeof(full), ascii);

	FZ_CHECK(n >= 0 && (size_t)n < sizeof(full) && strlen(full) == (size_t)n,
		 "hex_dump_to_buffer: %d for a line of %zu", n, strlen(full));
	for (size_t buflen = 0; buflen <= (size_t)n + 1; buflen++) {
		memset(part, '#', sizeof(part));
		int m = hex_dump_to_buffer(data, len, rowsize, groupsize, part, buflen, ascii);
		FZ_CHECK(m == n, "hex_dump_to_buffer: %d into %zu bytes, %d in full", m, buflen, n);
		if (!buflen) {
			FZ_CHECK(part[0] == '#', "a 0-byte buffer was written");
			continue;
		}
		size_t fit = (size_t)n < buflen - 1 ? (size_t)n : buflen - 1;
		FZ_CHECK(!memcmp(part, full, fit) && part[fit] == 0,
			 "hex_dump_to_buffer: into %zu bytes, not the line's prefix", buflen);
		FZ_CHECK(part[buflen] == '#', "hex_dump_to_buffer wrote past %zu bytes", buflen);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size };
	unsigned int sel = fz_u8(&in), param = fz_u8(&in);
	char s[STR_MAX + 1];
	size_t n = in.n < STR_MAX ? in.n : STR_MAX;
	bool b;

	memcpy(s, in.p, n);
	s[n] = 0;
	switch (sel % 3) {
	case 0: {
		static const unsigned int bases[] = { 0, 2, 8, 10, 16 };
		check_widths(s, bases[param % 5]);
		check_err(kstrtobool(s, &b), "kstrtobool", s);
		break;
	}
	case 1:
		check_decimal(s, param % 40);
		break;
	default:
		check_hexdump(in.p, in.n > 64 ? 64 : in.n, param);
		break;
	}
	return 0;
}
