/* SPDX-License-Identifier: MIT */
/*
 * test_malloc_overcommit - issue 13, defect 3: a block the host would not
 * commit under its overcommit policy is refused with ENOMEM, as glibc's
 * malloc refuses it, instead of a NULL-free promise that the first touch
 * turns into an OOM kill.  malloc(1 << 46) (64 TiB) and friends, a
 * realloc that grows past it, and a block just beyond RAM + swap in the
 * kernel's heuristic mode (0); mode 1 (always overcommit) promises them.
 */
#include <fcntl.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "zt.h"
#include "zslab_malloc.h"

#define M(name) ZM_API(name)
#define HUGE_SIZE (1ULL << 46)

static int overcommit_mode(void)
{
	char c = '0';
	int fd = open("/proc/sys/vm/overcommit_memory", O_RDONLY);

	if (fd >= 0) {
		if (read(fd, &c, 1) != 1)
			c = '0';
		close(fd);
	}
	return c - '0';
}

/* @p is NULL with errno ENOMEM (mode 0/2) or a usable block (mode 1). */
static void expect_refused(void *p, int err, int mode, const char *what)
{
	if (mode == 1) {
		CHECK(p != NULL);
	} else {
		CHECK(p == NULL);
		CHECK_EQ(err, ENOMEM);
		if (p)
			fprintf(stderr, "%s: %p, errno %d\n", what, p, err);
	}
	M(free)(p);
}

int main(void)
{
	const int mode = overcommit_mode();
	struct sysinfo si;
	void *p, *q;
	int ret;

	zt_capture_reports();
	printf("test_malloc_overcommit: overcommit_memory=%d\n", mode);
	errno = 0;
	p = M(malloc)(HUGE_SIZE);
	expect_refused(p, errno, mode, "malloc(1 << 46)");
	errno = 0;
	p = M(calloc)(1, HUGE_SIZE);
	expect_refused(p, errno, mode, "calloc(1, 1 << 46)");
	errno = 0;
	p = M(aligned_alloc)(1 << 21, HUGE_SIZE);
	expect_refused(p, errno, mode, "aligned_alloc(2M, 1 << 46)");
	p = NULL;
	ret = M(posix_memalign)(&p, 4096, HUGE_SIZE);
	if (mode != 1)
		CHECK_EQ(ret, ENOMEM);
	M(free)(p);

	/* a big block that may not grow to 64 TiB: kept as it was */
	p = M(malloc)(64 << 20);
	REQUIRE(p);
	memset(p, 0x5a, 64 << 20);
	errno = 0;
	q = M(realloc)(p, HUGE_SIZE);
	if (mode != 1) {
		CHECK(q == NULL);
		CHECK_EQ(errno, ENOMEM);
		CHECK_EQ(((unsigned char *)p)[(64 << 20) - 1], 0x5a);
		CHECK(M(malloc_usable_size)(p) >= (64u << 20));
		M(free)(p);
	} else {
		M(free)(q ? q : p);
	}

	/* mode 0: one page beyond RAM + swap is refused, half of RAM is not */
	if (mode == 0 && sysinfo(&si) == 0) {
		size_t all = (size_t)(si.totalram + si.totalswap) * si.mem_unit;
		errno = 0;
		p = M(malloc)(all + 4096);
		expect_refused(p, errno, mode, "malloc(RAM + swap + 4096)");
		p = M(malloc)(si.totalram * si.mem_unit / 2);
		CHECK(p != NULL);
		M(free)(p);
	}
	CHECK_EQ(zt_reports, 0ul);
	return zt_summary("test_malloc_overcommit");
}
