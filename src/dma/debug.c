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
 *    "... wrong function");
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
	if (exact)
		return;
	if (found.size != size)
		err_printk(dev, "device driver frees DMA memory with different size "
			   "[device address=0x%016llx] [map size=%llu bytes] [unmap size=%llu bytes]",
			   (unsigned long long)addr, (unsigned long long)found.size,
			   (unsigned long long)size);
	if (debug_kind(found.kind) != debug_kind(kind))
		err_printk(dev, "device driver frees DMA memory with wrong function "
			   "[device address=0x%016llx] [size=%llu bytes] [mapped as %s] [unmapped as %s]",
			   (unsigned long long)addr, (unsigned long long)size,
			   kind_name(found.kind), kind_name(kind));
	if (found.dir != dir)
		err_printk(dev, "device driver frees DMA memory with different direction "
			   "[device address=0x%016llx] [size=%llu bytes] [mapped with %s] [unmapped with %s]",
			   (unsigned long long)addr, (unsigned long long)size,
			   dir_name(found.dir), dir_name(dir));
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
