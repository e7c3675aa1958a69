/* SPDX-License-Identifier: MIT */
/*
 * test_slab_asan.c - in a build with -fsanitize=address, a freed kmem
 * object (and slab memory never handed out) is poisoned, an allocated one
 * is not, and a use-after-free read of a kmem_cache object or a kfree'd
 * kmalloc object makes ASan report and stop the process (run in a forked
 * child).  Without ASan the test is skipped (exit 77).
 */
#include "zt.h"

#include <stdint.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sys/wait.h>
#include <unistd.h>

#include "slab/slab.h"
#include "slab/slub_internal.h"

/* Run @fn(@arg) in a child; true if it died with an ASan report naming
 * a use of poisoned memory. */
static bool asan_catches(void (*fn)(void *), void *arg)
{
	int fds[2], status;
	char buf[8192];
	ssize_t n, got = 0;
	pid_t pid;

	REQUIRE(pipe(fds) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		fn(arg);
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
		got += n;
	buf[got] = 0;
	close(fds[0]);
	REQUIRE(waitpid(pid, &status, 0) == pid);
	return !(WIFEXITED(status) && WEXITSTATUS(status) == 0) &&
	       strstr(buf, "ERROR: AddressSanitizer: use-after-poison") != NULL;
}

static void read_byte(void *p)
{
	volatile unsigned char *b = p;

	(void)b[5];
}

static void write_byte(void *p)
{
	((volatile unsigned char *)p)[7] = 1;
}

int main(void)
{
	struct kmem_cache *s;
	char *p, *q, *k;

	zt_capture_reports();
	REQUIRE(zslab_init(NULL) == 0);
	s = kmem_cache_create("asan-objs", 100, 0, 0, NULL);
	REQUIRE(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p && q);
	CHECK(!__asan_region_is_poisoned(p, 100));
	memset(p, 1, 100);
	kmem_cache_free(s, p);
	CHECK(__asan_address_is_poisoned(p));
	CHECK(__asan_address_is_poisoned(p + 99));
	CHECK(!__asan_region_is_poisoned(q, 100));      /* its neighbour is fine */
	/* slab memory not handed out: a slot never allocated */
	struct page *pg = zs_obj_slab(q);
	char *base = page_address(pg);
	for (unsigned int i = 0; i < pg->objects; i++) {
		char *o = base + (size_t)i * s->size;
		if (o != q && o != p) {
			CHECK(__asan_address_is_poisoned(o));
			break;
		}
	}
	CHECK(asan_catches(read_byte, p));
	CHECK(asan_catches(write_byte, p));
	/* reuse: allocated again, usable again */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(p);
	CHECK(!__asan_region_is_poisoned(p, 100));
	kmem_cache_free(s, p);
	kmem_cache_free(s, q);
	k = kmalloc(200, GFP_KERNEL);
	REQUIRE(k);
	kfree(k);
	CHECK(asan_catches(read_byte, k));
	kmem_cache_destroy(s);
	/* pages from a freed slab are plain memory again */
	CHECK_EQ(kmem_cache_shrink(zs_kmalloc_slab(200, GFP_KERNEL)) >= 0, 1);
	CHECK_EQ(zslab_validate(), 0);
	zslab_exit();
	return zt_summary("test_slab_asan");
}
#else
int main(void)
{
	printf("test_slab_asan: skipped: not built with -fsanitize=address\n");
	return 77;
}
#endif
