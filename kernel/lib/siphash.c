// SPDX-License-Identifier: MIT
/*
 * siphash.c - SipHash (Aumasson and Bernstein's design) over bytes: the
 * state is four 64-bit words seeded from the key; each 8-byte little-
 * endian word of the message is mixed in with @c rounds, the last, padded
 * one carries the length in its top byte, and @d rounds finish.  siphash
 * is c = 2, d = 4; hsiphash on a 64-bit host c = 1, d = 3, cut to 32 bits.
 */
#include <linux/siphash.h>

#include <string.h>

static inline u64 rotl(u64 x, unsigned int n)
{
	return x << n | x >> (64 - n);
}

struct sip {
	u64 v0, v1, v2, v3;
};

static void rounds(struct sip *s, unsigned int n)
{
	while (n--) {
		s->v0 += s->v1; s->v1 = rotl(s->v1, 13); s->v1 ^= s->v0; s->v0 = rotl(s->v0, 32);
		s->v2 += s->v3; s->v3 = rotl(s->v3, 16); s->v3 ^= s->v2;
		s->v0 += s->v3; s->v3 = rotl(s->v3, 21); s->v3 ^= s->v0;
		s->v2 += s->v1; s->v1 = rotl(s->v1, 17); s->v1 ^= s->v2; s->v2 = rotl(s->v2, 32);
	}
}

static u64 le64_at(const u8 *p, size_t n)
{
	u64 w = 0;

	for (size_t i = 0; i < n; i++)
		w |= (u64)p[i] << (8 * i);
	return w;
}

static u64 sip(const void *data, size_t len, u64 k0, u64 k1, unsigned int c, unsigned int d)
{
	struct sip s = {
		k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
		k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL,
	};
	const u8 *p = data;
	size_t whole = len & ~(size_t)7;
	u64 m;

	for (size_t i = 0; i < whole; i += 8) {
		m = le64_at(p + i, 8);
		s.v3 ^= m;
		rounds(&s, c);
		s.v0 ^= m;
	}
	m = le64_at(p + whole, len - whole) | (u64)(len & 0xff) << 56;
	s.v3 ^= m;
	rounds(&s, c);
	s.v0 ^= m;
	s.v2 ^= 0xff;
	rounds(&s, d);
	return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

u64 siphash(const void *data, size_t len, const siphash_key_t *key)
{
	return sip(data, len, key->key[0], key->key[1], 2, 4);
}

/* Write the low @bytes bytes of each of @n words, little-endian, to @buf. */
static size_t put_le(u8 *buf, const u64 *w, unsigned int n, unsigned int bytes)
{
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int b = 0; b < bytes; b++)
			buf[i * bytes + b] = (u8)(w[i] >> (8 * b));
	return (size_t)n * bytes;
}

/* siphash of the little-endian bytes of @n words of @bytes bytes each. */
static u64 words(const u64 *w, unsigned int n, unsigned int bytes, const siphash_key_t *key)
{
	u8 buf[32];

	return siphash(buf, put_le(buf, w, n, bytes), key);
}

u64 siphash_1u64(u64 a, const siphash_key_t *key)
{
	return words((const u64[]){ a }, 1, 8, key);
}

u64 siphash_2u64(u64 a, u64 b, const siphash_key_t *key)
{
	return words((const u64[]){ a, b }, 2, 8, key);
}

u64 siphash_3u64(u64 a, u64 b, u64 c, const siphash_key_t *key)
{
	return words((const u64[]){ a, b, c }, 3, 8, key);
}

u64 siphash_4u64(u64 a, u64 b, u64 c, u64 d, const siphash_key_t *key)
{
	return words((const u64[]){ a, b, c, d }, 4, 8, key);
}

u64 siphash_1u32(u32 a, const siphash_key_t *key)
{
	return words((const u64[]){ a }, 1, 4, key);
}

u64 siphash_3u32(u32 a, u32 b, u32 c, const siphash_key_t *key)
{
	return words((const u64[]){ a, b, c }, 3, 4, key);
}

u32 hsiphash(const void *data, size_t len, const hsiphash_key_t *key)
{
	return (u32)sip(data, len, key->key[0], key->key[1], 1, 3);
}

/* hsiphash of the little-endian bytes of @n u32 words. */
static u32 hwords(const u64 *w, unsigned int n, const hsiphash_key_t *key)
{
	u8 buf[16];

	return hsiphash(buf, put_le(buf, w, n, 4), key);
}

u32 hsiphash_1u32(u32 a, const hsiphash_key_t *key)
{
	return hwords((const u64[]){ a }, 1, key);
}

u32 hsiphash_2u32(u32 a, u32 b, const hsiphash_key_t *key)
{
	return hwords((const u64[]){ a, b }, 2, key);
}

u32 hsiphash_3u32(u32 a, u32 b, u32 c, const hsiphash_key_t *key)
{
	return hwords((const u64[]){ a, b, c }, 3, key);
}

u32 hsiphash_4u32(u32 a, u32 b, u32 c, u32 d, const hsiphash_key_t *key)
{
	return hwords((const u64[]){ a, b, c, d }, 4, key);
}
