/* SPDX-License-Identifier: MIT */
/*
 * fuzz_slabinfo.c - the slabinfo tool's tree reader (tools/slabinfo) on
 * trees generated from the input: cache directories with attribute files
 * whose names come from the kernel's list or the input and whose
 * contents are numbers, per-node lists ("690 N0=690 N1=3"), flags or
 * any bytes; alias links to existing, missing or odd targets; stray
 * regular files.  Each tree is read, its aliases linked and caches
 * renamed, sorted every way, and shown in every output mode the tool has
 * (listing, report, NUMA, ops, tracking, totals, aliases) into
 * /dev/null.  Findings: a crash or sanitizer error, or a reader that
 * loses a directory or link it was given.  The tree lives in a tmpfs
 * directory of this process, rebuilt for every input.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "slabinfo/slabinfo.h"

struct si_opts si_opt = { .skip_zero = true, .output_lines = -1 };
long si_page_size = 4096;

static char root[PATH_MAX];

static const char *const attrs[] = {
	"aliases", "align", "cache_dma", "cache_dma32", "hwcache_align", "object_size",
	"objects", "objects_partial", "objs_per_slab", "order", "partial", "poison",
	"reclaim_account", "red_zone", "sanity_checks", "slab_size", "slabs",
	"store_user", "total_objects", "trace", "cpu_slabs", "destroy_by_rcu",
	"alloc_fastpath", "free_slowpath", "order_fallback", "alloc_calls", "ctor",
};
#define NR_ATTRS (sizeof(attrs) / sizeof(attrs[0]))

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR)
			remove_tree(path);
		else
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	snprintf(root, sizeof(root), "%s/zslab-fuzz-slabinfo-%d",
		 access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm", (int)getpid());
	if (!freopen("/dev/null", "w", stdout))
		FZ_FAIL("no /dev/null");
	return 0;
}

/* A name from the input: 1..12 bytes of a small alphabet, or an id. */
static void name_of(struct fz_in *in, char *out, size_t len)
{
	static const char alpha[] = "abkmz019-_:.D";
	unsigned int n = fz_u8(in) % 12 + 1, kind = fz_u8(in) % 4;
	size_t k = 0;

	if (kind == 0) {
		snprintf(out, len, ":D-%07u", fz_u16(in) * 8);
		return;
	}
	for (unsigned int i = 0; i < n && k + 1 < len; i++)
		out[k++] = alpha[fz_u8(in) % (sizeof(alpha) - 1)];
	out[k] = 0;
	if (out[0] == '.')
		out[0] = 'x';    /* no hidden names, no "." or ".." */
}

/* Contents: a number, a per-node list, or raw bytes. */
static void contents(struct fz_in *in, char *out, size_t len)
{
	unsigned int kind = fz_u8(in) % 4, n;

	switch (kind) {
	case 0:
		snprintf(out, len, "%u\n", fz_u32(in));
		break;
	case 1:
		snprintf(out, len, "%u N%u=%u N%u=%u\n", fz_u16(in), fz_u8(in) * 5,
			 fz_u16(in), fz_u16(in), fz_u8(in));
		break;
	case 2:
		snprintf(out, len, "%d\n", (int)(fz_u8(in) % 3) - 1);
		break;
	default:
		n = fz_u8(in) % (unsigned int)(len - 1);
		for (unsigned int i = 0; i < n; i++)
			out[i] = (char)fz_u8(in);
		out[n] = 0;
	}
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Build the tree; returns the directories and links made. */
static void build(struct fz_in *in, int *dirs, int *links)
{
	char name[32], path[PATH_MAX], target[64], text[160];

	mkdir(root, 0755);
	*dirs = *links = 0;
	while (in->n && *dirs + *links < 40) {
		unsigned int what = fz_u8(in) % 6;
		name_of(in, name, sizeof(name));
		snprintf(path, sizeof(path), "%s/%s", root, name);
		if (what <= 3 && !mkdir(path, 0755)) {
			unsigned int nfiles = fz_u8(in) % 12;
			(*dirs)++;
			for (unsigned int f = 0; f < nfiles; f++) {
				char file[PATH_MAX];
				snprintf(file, sizeof(file), "%s/%s", path, attrs[fz_u8(in) % NR_ATTRS]);
				contents(in, text, sizeof(text));
				write_file(file, text);
			}
		} else if (what == 4) {
			name_of(in, target, sizeof(target));
			if (!symlink(target, path))
				(*links)++;
		} else if (what == 5) {
			contents(in, text, sizeof(text));
			write_file(path, text);
		}
	}
}

static void show(struct si_tree *t)
{
	static const enum si_sort sorts[] = {
		SORT_NAME, SORT_SIZE, SORT_ACTIVE, SORT_LOSS, SORT_PARTIAL,
	};

	si_show_aliases(t);
	si_totals(t);
	si_link_aliases(t);
	si_rename_caches(t);
	si_sort_aliases(t);
	for (size_t k = 0; k < sizeof(sorts) / sizeof(sorts[0]); k++) {
		si_sort_caches(t, sorts[k]);
		si_list_reset();
		for (int i = 0; i < t->nr_caches; i++) {
			const struct si_cache *s = &t->caches[i];
			si_list_line(t, s);
			if (k == 0) {
				si_report(t, s);
				si_numa_line(t, s, false);
				si_ops(t, s);
				si_tracking(t, s);
			}
			(void)si_cache_bytes(s);
			(void)si_cache_loss(s);
			(void)si_cache_activity(s);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size };
	struct si_tree t;
	int dirs, links;

	remove_tree(root);
	build(&in, &dirs, &links);
	memset(&t, 0, sizeof(t));
	FZ_CHECK(si_tree_read(&t, root, ".*") == 0, "tree not read");
	FZ_CHECK(t.nr_caches == dirs, "%d caches for %d directories", t.nr_caches, dirs);
	FZ_CHECK(t.nr_aliases == links, "%d aliases for %d links", t.nr_aliases, links);
	show(&t);
	si_tree_free(&t);
	return 0;
}
