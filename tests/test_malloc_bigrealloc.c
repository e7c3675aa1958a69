/* SPDX-License-Identifier: MIT */
/*
 * test_malloc_bigrealloc - what the README's Limits paragraph says of
 * blocks above 4 MiB: each has a host mapping of its own, and realloc
 * between two such sizes moves the mapping (mremap) instead of copying.
 * A copy of a 256 MiB block would write 256 MiB into the new one and
 * raise the RSS by as much; moving the mapping keeps the RSS where it was
 * (only the block's touched pages are resident), and the contents stay.
 */
#include "zt.h"

#include "zslab_malloc.h"
#include "zt_mm.h"

#define M(name) ZM_API(name)
#define MIB (1UL << 20)

int main(void)
{
	const size_t from = 256 * MIB, to = 512 * MIB;
	unsigned char *p, *q;
	long before, after;
	struct mallinfo2 mi;

	zt_capture_reports();
	p = M(malloc)(from);
	REQUIRE(p);
	for (size_t off = 0; off < from; off += 64 * MIB)   /* four pages touched */
		p[off] = (unsigned char)(off / MIB + 1);
	before = zm_rss();
	q = M(realloc)(p, to);
	after = zm_rss();
	REQUIRE(q);
	printf("test_malloc_bigrealloc: realloc %zu -> %zu MiB: RSS %ld -> %ld KiB\n",
	       from / MIB, to / MIB, before >> 10, after >> 10);
	CHECK(after - before < (long)(16 * MIB));   /* not copied */
	for (size_t off = 0; off < from; off += 64 * MIB)
		CHECK_EQ(q[off], (unsigned char)(off / MIB + 1));
	q[to - 1] = 7;                               /* the new end is usable */
	CHECK(M(malloc_usable_size)(q) >= to);
	mi = M(mallinfo2)();
	CHECK(mi.hblkhd >= to);                      /* one mapping of its own */
	M(free)(q);
	CHECK_EQ(zt_reports, 0ul);
	return zt_summary("test_malloc_bigrealloc");
}
