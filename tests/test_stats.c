/* SPDX-License-Identifier: MIT */
/*
 * test_stats - the statistics API and stats=exit:
 *  - zslab_stats_get() holds its invariants and equals the sums over
 *    zslab_cache_for_each() and zslab_zone_get_info() of the same moment;
 *  - zslab_stats_print() shows those numbers: the -T summary, the cache
 *    holding the most memory first, the zones;
 *  - stats=exit prints one report at zslab_exit(), and one at process
 *    exit when the program never calls zslab_exit() (a forked child,
 *    its stderr read through a pipe); stats=off and no option print
 *    nothing; a bad value is refused naming the option;
 *  - stats=exit sets the fast paths' one "not plain" switch.
 */
#include <sys/wait.h>
#include <unistd.h>

#include "zt.h"
#include "zt_rlog.h"

#include "init/stats.h"
#include "host/host_tools.h"
#include "slab/failslab.h"

struct sums {
	unsigned int caches, active;
	unsigned long slabs, partial, objects, partial_objects, total;
	unsigned long long slab_bytes, object_bytes;
};

static int sum_cache(const struct zslab_cache_info *ci, void *arg)
{
	struct sums *m = arg;

	m->caches++;
	m->active += ci->slabs && ci->objects;
	m->slabs += ci->slabs;
	m->partial += ci->partial;
	m->objects += ci->objects;
	m->partial_objects += ci->objects_partial;
	m->total += ci->total_objects;
	m->slab_bytes += (unsigned long long)ci->slabs * (PAGE_SIZE << ci->order);
	m->object_bytes += (unsigned long long)ci->objects * ci->object_size;
	return 0;
}

/* The numbers: invariants, and the same as the walks they sum. */
static void test_get(struct kmem_cache *s)
{
	struct zslab_stats st;
	struct sums m = { 0 };
	unsigned long long allocated = 0;

	CHECK_EQ(zslab_stats_get(NULL), -EINVAL);
	REQUIRE(zslab_stats_get(&st) == 0);
	zslab_cache_for_each(sum_cache, &m);
	CHECK_EQ(st.caches, m.caches);
	CHECK_EQ(st.active_caches, m.active);
	CHECK_EQ(st.slabs, m.slabs);
	CHECK_EQ(st.partial_slabs, m.partial);
	CHECK_EQ(st.objects, m.objects);
	CHECK_EQ(st.partial_objects, m.partial_objects);
	CHECK_EQ(st.total_objects, m.total);
	CHECK_EQ(st.slab_bytes, m.slab_bytes);
	CHECK_EQ(st.object_bytes, m.object_bytes);
	CHECK_EQ(st.slab_bytes, st.object_bytes + st.loss_bytes);
	CHECK(st.partial_slabs <= st.slabs);
	CHECK(st.partial_objects <= st.objects && st.objects <= st.total_objects);
	CHECK(st.active_caches <= st.caches);
	for (int z = 0; z < 3; z++) {
		struct zslab_zone_info zi;
		REQUIRE(zslab_zone_get_info((enum zone_type)z, &zi) == 0);
		CHECK(!strcmp(st.zones[z].name, zi.name));
		CHECK_EQ(st.zones[z].managed, zi.managed);
		CHECK_EQ(st.zones[z].allocated, zi.allocated);
		CHECK(st.zones[z].dirty <= st.zones[z].free);
		allocated += st.zones[z].allocated;
	}
	CHECK_EQ(st.allocated_bytes, allocated * PAGE_SIZE);
	CHECK(st.slab_bytes <= st.allocated_bytes);
	/* the test's 2 MiB cache is in there */
	CHECK(st.object_bytes >= 1000ull * kmem_cache_size(s));
}

/* The text: the summary's numbers, the biggest cache first, the zones. */
static void test_print(void)
{
	char *buf = NULL, want[64], first[64] = "";
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct zslab_stats st;
	const char *p;

	REQUIRE(f);
	REQUIRE(zslab_stats_get(&st) == 0);
	zslab_stats_print(f);
	zslab_stats_print(NULL);        /* ignored */
	fclose(f);
	CHECK(!strncmp(buf, "Slabcache Totals\n----------------\n", 34));
	snprintf(want, sizeof(want), "Slabcaches : %15u   Active:", st.caches);
	CHECK(strstr(buf, want) != NULL);
	{
		char sz[24];
		snprintf(want, sizeof(want), "Memory used: %15s", zs_stats_size(sz, st.slab_bytes));
		CHECK(strstr(buf, want) != NULL);
	}
	p = strstr(buf, "Caches holding the most memory\nName ");
	CHECK(p != NULL);
	if (p && (p = strchr(strchr(p, '\n') + 1, '\n')))
		sscanf(p + 1, "%63s", first);
	CHECK(!strcmp(first, "zt-stats-2k"));
	CHECK(strstr(buf, "\nPage allocator (pages of 4096 bytes") != NULL);
	CHECK(strstr(buf, "\nNormal ") && strstr(buf, "\nDMA32 ") && strstr(buf, "\nTotal "));
	CHECK(strstr(buf, "malloc (libzslab-malloc.so)") == NULL);   /* not the preload */
	if (getenv("ZT_VERBOSE"))
		fputs(buf, stdout);
	free(buf);
}

/* stats=exit at zslab_exit(): one report, through the hook. */
static void test_at_zslab_exit(void)
{
	struct kmem_cache *s;
	void *obj;

	zslab_exit();
	zslab_set_report_hook(rlog_hook, NULL);
	rlog_reset();
	CHECK_EQ(zslab_init("stats=bogus"), -EINVAL);
	CHECK_EQ(rlog_n, 1ul);
	CHECK(rlog_count("zslab: stats: bad value \"bogus\": want exit or off") == 1);

	REQUIRE(zslab_init("stats=exit") == 0);
	CHECK(zs_slab_hooks);   /* contract 4: stats set the one switch */
	s = kmem_cache_create("zt-stats-exit", 512, 0, 0, NULL);
	obj = kmem_cache_alloc(s, GFP_KERNEL);
	REQUIRE(s && obj);
	rlog_reset();
	zslab_exit();
	CHECK_EQ(rlog_n, 1ul);
	CHECK(!strncmp(rlog, "zslab statistics (stats=exit), pid ", 35));
	CHECK(rlog_count("\nSlabcache Totals\n") == 1);
	CHECK(rlog_count("\nzt-stats-exit ") == 1);
	CHECK(rlog_count("\nPage allocator") == 1);

	/* off, or not given: silent, and the fast paths stay plain */
	REQUIRE(zslab_init("stats=exit stats=off") == 0);
	CHECK_EQ(zs_slab_hooks, zs_tools_on());
	rlog_reset();
	zslab_exit();
	CHECK_EQ(rlog_n, 0ul);
	REQUIRE(zslab_init("") == 0);
	zslab_exit();
	CHECK_EQ(rlog_n, 0ul);
	zslab_set_report_hook(NULL, NULL);
}

/* stats=exit in a process that exits booted: printed by the destructor. */
static void test_at_process_exit(void)
{
	char buf[16384];
	int fd[2], status;
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	REQUIRE(pipe(fd) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		dup2(fd[1], 2);
		close(fd[0]);
		if (zslab_init("stats=exit memmap=1G@0"))
			_exit(3);
		kmalloc(100, GFP_KERNEL);
		exit(0);            /* no zslab_exit() */
	}
	close(fd[1]);
	while (n < sizeof(buf) - 1 && (r = read(fd[0], buf + n, sizeof(buf) - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = 0;
	close(fd[0]);
	REQUIRE(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(!strncmp(buf, "zslab statistics (stats=exit), pid ", 35));
	CHECK(strstr(buf, "\nkmalloc-128 ") != NULL);
	/* memmap=1G@0: 4096 DMA pages, the rest DMA32, no Normal */
	CHECK(strstr(buf, "\nDMA             4096 ") != NULL);
	if (getenv("ZT_VERBOSE"))
		fputs(buf, stdout);
}

int main(void)
{
	struct kmem_cache *s;
	void *obj[1000];

	zt_capture_reports();
	REQUIRE(zslab_init("") == 0);
	s = kmem_cache_create("zt-stats-2k", 2048, 0, 0, NULL);
	REQUIRE(s);
	for (int i = 0; i < 1000; i++)
		REQUIRE((obj[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	test_get(s);
	test_print();
	for (int i = 0; i < 1000; i++)
		kmem_cache_free(s, obj[i]);
	kmem_cache_destroy(s);
	test_at_zslab_exit();
	test_at_process_exit();
	return zt_summary("test_stats");
}
