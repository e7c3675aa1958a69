/* SPDX-License-Identifier: MIT */
/*
 * debug.c - a light DMA-API debug check (dma_debug=1), reporting what the
 * kernel's CONFIG_DMA_API_DEBUG (kernel/dma/debug.c) reports for the
 * common mistakes, in its words:
 *
 *  - an unmap or free of an address the device never mapped ("device
 *    driver tries to free DMA memory it has not allocated"), or of
 *    DMA_MAPPING_ERROR ("... tries to free an invalid DMA memory
 *    address");
 *  - an unmap with another size, direction or kind of call than the map
 *    ("frees DMA memory with different size", "... different direction",
 *    "... wrong function"), and of a single or page mapping whose address
 *    dma_mapping_error() was never asked about ("failed to check map
 *    error");
 *  - a sync of what is not mapped ("tries to sync DMA memory it has not
 *    allocated"), past the mapping's end ("syncs DMA memory outside
 *    allocated range"), or in another direction than a one-way mapping's
 *    ("syncs DMA memory with different direction", and for the CPU or
 *    the device the "read-only"/"write-only" forms);
 *  - mappings and coherent allocations still live when the device is
 *    released ("device driver has pending DMA allocations while released
 *    from device").  The kernel checks when the driver is unbound; zslab
 *    has no drivers to unbind, so it checks at the device's final put.
 *
 * It reads the records dma_strict keeps (view.c: one struct zs_dma_track
 * per live mapping or coherent allocation, under zs_dma_lock): dma_debug
 * turns the records on.  Unlike the kernel, which prints only the first
 * error unless told otherwise (debugfs all_errors), zslab reports every
 * one: a test counts them.  Each is a WARN, "DMA-API: <driver> <device>:
 * <text>", with the stack.
 */
#include <stdarg.h>
#include <stdio.h>

#include "common/report.h"
#include "dma/dma_debug.h"
#include "dma/dma_internal.h"

/* The kernel's names of the kinds (type2name, its spelling kept). */
static const char *kind_name(enum zs_dma_kind kind)
{
	switch (kind) {
	case ZS_DMA_COHERENT:
		return "coherent";
	case ZS_DMA_SG:
		return "scather-gather";
	case ZS_DMA_SINGLE:
	case ZS_DMA_PAGE:
		break;
	}
	return "single";    /* dma_map_single() and dma_map_page() alike */
}

/* The debug kinds: the kernel records both single and page as "single". */
static int debug_kind(enum zs_dma_kind kind)
{
	return kind == ZS_DMA_PAGE ? ZS_DMA_SINGLE : (int)kind;
}

static const char *dir_name(enum dma_data_direction dir)
{
	switch (dir) {
	case DMA_BIDIRECTIONAL:
		return "DMA_BIDIRECTIONAL";
	case DMA_TO_DEVICE:
		return "DMA_TO_DEVICE";
	case DMA_FROM_DEVICE:
		return "DMA_FROM_DEVICE";
	default:
		return "DMA_NONE";
	}
}

/* err_printk(): one WARN, "DMA-API: <driver> <device>: <text>". */
__attribute__((format(printf, 2, 3)))
static void err_printk(const struct device *dev, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	zs_warn("DMA-API: %s %s: %s", dev ? dev_driver_string(dev) : "NULL",
		dev ? dev_name(dev) : "NULL", text);
}

/* The unmap differs from the map @found in size, kind or direction. */
static void report_unmap_mismatch(const struct device *dev, const struct zs_dma_track *found,
				  dma_addr_t addr, size_t size, enum dma_data_direction dir,
				  enum zs_dma_kind kind)
{
	if (found->size != size)
		err_printk(dev, "device driver frees DMA memory with different size "
			   "[device address=0x%016llx] [map size=%llu bytes] [unmap size=%llu bytes]",
			   (unsigned long long)addr, (unsigned long long)found->size,
			   (unsigned long long)size);
	if (debug_kind(found->kind) != debug_kind(kind))
		err_printk(dev, "device driver frees DMA memory with wrong function "
			   "[device address=0x%016llx] [size=%llu bytes] [mapped as %s] [unmapped as %s]",
			   (unsigned long long)addr, (unsigned long long)size,
			   kind_name(found->kind), kind_name(kind));
	if (found->dir != dir)
		err_printk(dev, "device driver frees DMA memory with different direction "
			   "[device address=0x%016llx] [size=%llu bytes] [mapped with %s] [unmapped with %s]",
			   (unsigned long long)addr, (unsigned long long)size,
			   dir_name(found->dir), dir_name(dir));
}

void zs_dma_debug_unmap(struct device *dev, dma_addr_t addr, size_t size,
			enum dma_data_direction dir, enum zs_dma_kind kind)
{
	struct zs_dma_track found = { 0 };
	bool exact = false, any = false;

	if (!(dev->_state & ZS_DEV_INITIALIZED))
		return;            /* no records are kept for it */
	zs_spin_lock(&zs_dma_lock);
	for (struct zslab_dev_list *p = dev->_tracked.next; p && p != &dev->_tracked; p = p->next) {
		const struct zs_dma_track *t = zs_dl_entry(p, struct zs_dma_track, link);

		if (t->dma != addr)
			continue;
		/* the best fit, as the kernel's bucket search: same kind first */
		if (!any || debug_kind(t->kind) == debug_kind(kind)) {
			found = *t;
			any = true;
			exact = debug_kind(t->kind) == debug_kind(kind) &&
				t->size == size && t->dir == dir;
			if (exact)
				break;
		}
	}
	zs_spin_unlock(&zs_dma_lock);

	if (!any) {
		if (addr == DMA_MAPPING_ERROR)
			err_printk(dev, "device driver tries to free an invalid DMA memory address");
		else
			err_printk(dev, "device driver tries to free DMA memory it has not allocated "
				   "[device address=0x%016llx] [size=%llu bytes]",
				   (unsigned long long)addr, (unsigned long long)size);
		return;
	}
	if (!exact)
		report_unmap_mismatch(dev, &found, addr, size, dir, kind);
	if (debug_kind(found.kind) == ZS_DMA_SINGLE && !found.err_checked)
		err_printk(dev, "device driver failed to check map error"
			   "[device address=0x%016llx] [size=%llu bytes] [mapped as %s]",
			   (unsigned long long)addr, (unsigned long long)size,
			   kind_name(found.kind));
}

void zs_dma_debug_release(struct device *dev)
{
	struct zs_dma_track one = { 0 };
	unsigned long count = 0;

	if (!(dev->_state & ZS_DEV_INITIALIZED))
		return;
	zs_spin_lock(&zs_dma_lock);
	for (struct zslab_dev_list *p = dev->_tracked.next; p && p != &dev->_tracked; p = p->next) {
		one = *zs_dl_entry(p, struct zs_dma_track, link);
		count++;
	}
	zs_spin_unlock(&zs_dma_lock);
	if (count)
		err_printk(dev, "device driver has pending DMA allocations while released from device "
			   "[count=%lu]\nOne of leaked entries details: [device address=0x%016llx] "
			   "[size=%llu bytes] [mapped with %s] [mapped as %s]",
			   count, (unsigned long long)one.dma, (unsigned long long)one.size,
			   dir_name(one.dir), kind_name(one.kind));
}

void zs_dma_debug_mapping_error(struct device *dev, dma_addr_t addr)
{
	if (!dev || !(dev->_state & ZS_DEV_INITIALIZED))
		return;
	zs_spin_lock(&zs_dma_lock);
	for (struct zslab_dev_list *p = dev->_tracked.next; p && p != &dev->_tracked; p = p->next) {
		struct zs_dma_track *t = zs_dl_entry(p, struct zs_dma_track, link);

		if (t->dma == addr && debug_kind(t->kind) == ZS_DMA_SINGLE && !t->err_checked) {
			t->err_checked = true;
			break;
		}
	}
	zs_spin_unlock(&zs_dma_lock);
}

/* The record whose range holds @addr, newest first, copied into @out. */
static bool find_containing(struct device *dev, dma_addr_t addr, struct zs_dma_track *out)
{
	bool any = false;

	zs_spin_lock(&zs_dma_lock);
	for (struct zslab_dev_list *p = dev->_tracked.next; p && p != &dev->_tracked; p = p->next) {
		const struct zs_dma_track *t = zs_dl_entry(p, struct zs_dma_track, link);

		if (addr >= t->dma && addr - t->dma < (t->size ? t->size : 1)) {
			*out = *t;
			any = true;
			break;
		}
	}
	zs_spin_unlock(&zs_dma_lock);
	return any;
}

void zs_dma_debug_sync(struct device *dev, dma_addr_t addr, size_t size,
		       enum dma_data_direction dir, bool to_cpu)
{
	struct zs_dma_track t;
	unsigned long long end;

	if (!(dev->_state & ZS_DEV_INITIALIZED))
		return;
	if (!find_containing(dev, addr, &t)) {
		err_printk(dev, "device driver tries to sync DMA memory it has not allocated "
			   "[device address=0x%016llx] [size=%llu bytes]",
			   (unsigned long long)addr, (unsigned long long)size);
		return;
	}
	end = (unsigned long long)(addr - t.dma) + size;
	if (end > t.size)
		err_printk(dev, "device driver syncs DMA memory outside allocated range "
			   "[device address=0x%016llx] [allocation size=%llu bytes] "
			   "[sync offset+size=%llu]",
			   (unsigned long long)t.dma, (unsigned long long)t.size, end);
	if (t.dir == DMA_BIDIRECTIONAL)
		return;
	if (dir != t.dir)
		err_printk(dev, "device driver syncs DMA memory with different direction "
			   "[device address=0x%016llx] [size=%llu bytes] [mapped with %s] [synced with %s]",
			   (unsigned long long)addr, (unsigned long long)t.size,
			   dir_name(t.dir), dir_name(dir));
	if (to_cpu && t.dir != DMA_FROM_DEVICE && dir != DMA_TO_DEVICE)
		err_printk(dev, "device driver syncs device read-only DMA memory for cpu "
			   "[device address=0x%016llx] [size=%llu bytes] [mapped with %s] [synced with %s]",
			   (unsigned long long)addr, (unsigned long long)t.size,
			   dir_name(t.dir), dir_name(dir));
	if (!to_cpu && t.dir != DMA_TO_DEVICE && dir != DMA_FROM_DEVICE)
		err_printk(dev, "device driver syncs device write-only DMA memory to device "
			   "[device address=0x%016llx] [size=%llu bytes] [mapped with %s] [synced with %s]",
			   (unsigned long long)addr, (unsigned long long)t.size,
			   dir_name(t.dir), dir_name(dir));
}
