// SPDX-License-Identifier: MIT
/*
 * random.c - random numbers from the host (getrandom), and the kernel's
 * seeded prandom state: L'Ecuyer's four-component Tausworthe generator
 * (taus113), seeded as the kernel's prandom_seed_state() seeds it.
 */
#include <linux/kernel.h>
#include <linux/random.h>
#include <sys/random.h>

void get_random_bytes(void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n <= 0)
			continue;   /* EINTR; getrandom never fails otherwise */
		p += n;
		len -= (size_t)n;
	}
}

#define ZSK_RANDOM(type, name) \
type name(void) \
{ \
	type v; \
	get_random_bytes(&v, sizeof(v)); \
	return v; \
}
ZSK_RANDOM(u8, get_random_u8)
ZSK_RANDOM(u16, get_random_u16)
ZSK_RANDOM(u32, get_random_u32)
ZSK_RANDOM(u64, get_random_u64)

u32 get_random_u32_below(u32 ceil)
{
	/* rejection sampling: uniform, as the kernel's is */
	u32 limit = (u32)(-ceil % ceil), v;

	if (!ceil)
		return 0;
	do {
		v = get_random_u32();
	} while (v < limit);
	return v % ceil;
}

#define TAUSWORTHE(s, a, b, c, d) ((((s) & (c)) << (d)) ^ ((((s) << (a)) ^ (s)) >> (b)))

u32 prandom_u32_state(struct rnd_state *state)
{
	state->s1 = TAUSWORTHE(state->s1, 6U, 13U, 4294967294U, 18U);
	state->s2 = TAUSWORTHE(state->s2, 2U, 27U, 4294967288U, 2U);
	state->s3 = TAUSWORTHE(state->s3, 13U, 21U, 4294967280U, 7U);
	state->s4 = TAUSWORTHE(state->s4, 3U, 12U, 4294967168U, 13U);
	return state->s1 ^ state->s2 ^ state->s3 ^ state->s4;
}

/* Each component's seed must exceed a minimum for the generator to work. */
static u32 seed_min(u32 x, u32 m)
{
	return x < m ? x + m : x;
}

void prandom_seed_state(struct rnd_state *state, u64 seed)
{
	u32 i = (u32)(((seed >> 32) ^ (seed << 10) ^ seed) & 0xffffffffUL);

	state->s1 = seed_min(i, 2U);
	state->s2 = seed_min(i, 8U);
	state->s3 = seed_min(i, 16U);
	state->s4 = seed_min(i, 128U);
}

void prandom_bytes_state(struct rnd_state *state, void *buf, size_t bytes)
{
	u8 *ptr = buf;

	while (bytes >= sizeof(u32)) {
		u32 v = prandom_u32_state(state);

		memcpy(ptr, &v, sizeof(v));
		ptr += sizeof(u32);
		bytes -= sizeof(u32);
	}
	if (bytes > 0) {
		u32 rem = prandom_u32_state(state);

		do {
			*ptr++ = (u8)rem;
			rem >>= 8;
		} while (--bytes > 0);
	}
}
