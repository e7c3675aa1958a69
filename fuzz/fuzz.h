/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - shared by the libFuzzer harnesses: a byte reader over the
 * input, and a finding (print what broke, then abort, which libFuzzer
 * records with the input that caused it).
 */
#ifndef ZSLAB_FUZZ_H
#define ZSLAB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct fz_in {
	const uint8_t *p;
	size_t n;
};

/* The next byte, 0 once the input is used up. */
static inline unsigned int fz_u8(struct fz_in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static inline unsigned int fz_u16(struct fz_in *in)
{
	unsigned int lo = fz_u8(in);

	return lo | fz_u8(in) << 8;
}

static inline uint32_t fz_u32(struct fz_in *in)
{
	uint32_t lo = fz_u16(in);

	return lo | (uint32_t)fz_u16(in) << 16;
}

#define FZ_FAIL(...) do {                                              \
	fprintf(stderr, "FINDING %s:%d: ", __FILE__, __LINE__);        \
	fprintf(stderr, __VA_ARGS__);                                  \
	fputc('\n', stderr);                                           \
	abort();                                                       \
} while (0)

#define FZ_CHECK(cond, ...) do { if (!(cond)) {                      \
	fprintf(stderr, "FINDING %s:%d: %s: ", __FILE__, __LINE__, #cond); \
	fprintf(stderr, __VA_ARGS__);                                  \
	fputc('\n', stderr);                                           \
	abort();                                                       \
} } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
