/* SPDX-License-Identifier: MIT */
/*
 * catalog.c - the allocators zslab is compared with and the workloads,
 * with their units and targets.  The order here is the order of the table.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "zbench.h"

struct allocator allocators[NR_ALLOC] = {
	[A_ZSLAB]    = { "zslab", NULL, NULL, true, "" },
	[A_GLIBC]    = { "glibc", NULL, NULL, true, "" },
	[A_JEMALLOC] = { "jemalloc", "libjemalloc.so.2", "libjemalloc2",
			 false, "" },
	[A_MIMALLOC] = { "mimalloc", "libmimalloc.so.2", "libmimalloc2.0",
			 false, "" },
	[A_TCMALLOC] = { "tcmalloc", "libtcmalloc_minimal.so.4",
			 "libtcmalloc-minimal4", false, "" },
};

const struct workload workloads[] = {
	{ "pair64", "ns/pair", NULL, true, T_PEER, 0.8, 0,
	  "<= 0.80x best peer", NULL, false },
	{ "pair1k", "ns/pair", NULL, true, T_PEER, 0.8, 0,
	  "<= 0.80x best peer", NULL, false },
	{ "malloc64", "ns/pair", NULL, true, T_PEER, 0.8, 0,
	  "<= 0.80x best peer", "pair64", true },
	{ "malloc1k", "ns/pair", NULL, true, T_PEER, 0.8, 0,
	  "<= 0.80x best peer", "pair1k", true },
	{ "shuffle10k", "ns/pair", NULL, true, T_PEER, 1.0, 0,
	  "<= 1.00x best peer", NULL, false },
	{ "prodcons", "ns/obj", NULL, true, T_PEER, 1.0, 0,
	  "<= 1.00x best peer", NULL, false },
	{ "kmalloc_rand", "ns/step", NULL, true, T_PEER, 1.0, 0,
	  "<= 1.00x best peer", NULL, false },
	{ "bulk16", "ns/obj", "pair64 ns", false, T_SELF, 0.5, 0,
	  "<= 0.50x own pair64", NULL, false },
	{ "rss1k", "MiB", "x live", true, T_PEER, 1.0, 0,
	  "<= 1.00x best peer", NULL, false },
	{ "dma32", "ns/pair", "plain ns", false, T_SELF, 1.05, 0,
	  "<= 1.05x plain cache", NULL, false },
	{ "page0_1t", "ns/pair", NULL, false, T_NONE, 0, 0, "-", NULL, false },
	{ "page0_2t", "ns/pair", NULL, false, T_NONE, 0, 0, "-", NULL, false },
	{ "page3", "ns/pair", NULL, false, T_NONE, 0, 0, "-", NULL, false },
	{ "boot8g", "ms", "RSS MiB", false, T_NONE, 0, 0, "-", NULL, false },
	{ "boot64g", "ms", "RSS MiB", false, T_NONE, 0, 0, "-", NULL, false },
	{ "boot1t", "ms", "RSS MiB", false, T_BOOT, 50, 64,
	  "< 50 ms, < 64 MiB", NULL, false },
};
const size_t nr_workloads = sizeof(workloads) / sizeof(workloads[0]);

/* Where distributions put shared libraries, multiarch first. */
static const char *const lib_dirs[] = {
#if defined(__x86_64__)
	"/usr/lib/x86_64-linux-gnu",
	"/lib/x86_64-linux-gnu",
#elif defined(__aarch64__)
	"/usr/lib/aarch64-linux-gnu",
	"/lib/aarch64-linux-gnu",
#endif
	"/usr/local/lib",
	"/usr/lib64",
	"/usr/lib",
};

/* Find @a->soname in lib_dirs; remember the first readable one. */
static void find_peer(struct allocator *a)
{
	for (size_t i = 0; i < sizeof(lib_dirs) / sizeof(lib_dirs[0]); i++) {
		snprintf(a->path, sizeof(a->path), "%s/%s", lib_dirs[i],
			 a->soname);
		if (access(a->path, R_OK) == 0) {
			a->installed = true;
			return;
		}
	}
	a->path[0] = '\0';
	a->installed = false;
}

void catalog_find_peers(void)
{
	for (int i = 0; i < NR_ALLOC; i++)
		if (allocators[i].soname)
			find_peer(&allocators[i]);
}

const struct workload *catalog_workload(const char *name)
{
	for (size_t i = 0; i < nr_workloads; i++)
		if (strcmp(workloads[i].name, name) == 0)
			return &workloads[i];
	return NULL;
}
