/* SPDX-License-Identifier: MIT */
/*
 * fuzz_cmdline.c - the boot-option parser (src/config) on any bytes, as
 * a command line.  Nothing is booted: zs_config_parse() is called alone.
 * It must return 0 or -EINVAL; on -EINVAL exactly one error message and
 * the configuration back at its defaults; on 0 no error message and a
 * configuration that keeps the table's promises (RAM ranges page aligned,
 * nonempty, below 2^52, not overlapping, at most 32; DMA limit at or
 * below the DMA32 limit; fault attributes in range; order bounds
 * ordered); the same line parsed twice gives the same configuration; the
 * slub_debug lookup answers for any cache name.
 */
#include <errno.h>
#include <string.h>

#include "config/config.h"
#include "fuzz.h"

#define LINE_MAX_BYTES 8192
#define PAGE 4096ull

static unsigned int errors, notes;

static void say(enum zs_config_say kind, const char *msg)
{
	FZ_CHECK(msg && *msg, "an empty message");
	if (kind == ZS_CONFIG_ERROR)
		errors++;
	else
		notes++;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	return 0;
}

static void check_fault(const struct zs_fault_attr *f)
{
	if (!f->enabled)
		return;
	FZ_CHECK(f->interval >= 1, "interval");
	FZ_CHECK(f->probability <= 100, "probability");
	FZ_CHECK(f->times >= -1, "times");
	FZ_CHECK(f->verbose <= 2, "verbose");
}

static void check_accepted(void)
{
	const struct zs_config *c = &zs_config;

	FZ_CHECK(c->nr_ram <= ZSLAB_MAX_MEMMAP, "nr_ram %u", c->nr_ram);
	for (unsigned int i = 0; i < c->nr_ram; i++) {
		const struct zs_range *r = &c->ram[i];
		FZ_CHECK(r->size && !(r->size % PAGE) && !(r->base % PAGE), "range %u", i);
		FZ_CHECK(r->base + r->size > r->base && r->base + r->size <= 1ull << 52,
			 "range %u end", i);
		for (unsigned int j = 0; j < i; j++) {
			const struct zs_range *o = &c->ram[j];
			FZ_CHECK(r->base + r->size <= o->base || o->base + o->size <= r->base,
				 "ranges %u and %u overlap", i, j);
		}
	}
	FZ_CHECK(c->dma_limit <= c->dma32_limit, "dma_limit above dma32_limit");
	FZ_CHECK(c->slub_min_order <= c->slub_max_order && c->slub_max_order <= 10,
		 "orders %u..%u", c->slub_min_order, c->slub_max_order);
	FZ_CHECK(strlen(c->slab_sysfs) < ZSLAB_PATH_MAX, "slab_sysfs");
	check_fault(&c->failslab);
	check_fault(&c->fail_page_alloc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[LINE_MAX_BYTES + 1];
	static struct zs_config first, defaults;
	static const char *const names[] = {
		"kmalloc-64", "io-pgtable_armv7s_l2", "", "kmem_cache", "dentry",
	};
	int ret, again;

	if (size > LINE_MAX_BYTES)
		size = LINE_MAX_BYTES;
	memcpy(line, data, size);
	line[size] = 0;
	zs_config_parse(NULL, NULL);
	defaults = zs_config;
	errors = notes = 0;
	ret = zs_config_parse(line, say);
	FZ_CHECK(ret == 0 || ret == -EINVAL, "returned %d", ret);
	if (ret) {
		FZ_CHECK(errors == 1, "%u error messages", errors);
		FZ_CHECK(!memcmp(&zs_config, &defaults, sizeof(defaults)), "not reset on error");
		return 0;
	}
	FZ_CHECK(errors == 0, "an error message on success");
	check_accepted();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		(void)zs_slub_debug_flags(names[i]);
	first = zs_config;
	again = zs_config_parse(line, say);
	FZ_CHECK(again == 0 && !memcmp(&zs_config, &first, sizeof(first)),
		 "the same line parsed twice differs");
	zs_config_parse(NULL, NULL);
	return 0;
}
