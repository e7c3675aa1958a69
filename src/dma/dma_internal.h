/* SPDX-License-Identifier: MIT */
/*
 * dma_internal.h - what the files of src/dma share: the device lock and
 * the private lists of struct device, the records strict checking keeps,
 * and the hook swiotlb plugs into.
 *
 * Files: device.c (lifecycle, names, messages, masks, the added-device
 * list), devres.c (managed resources), direct.c (dma-direct: coherent
 * allocations, streaming mappings, scatterlists), view.c (the device's
 * reads and writes, the records), dmapool.c (dma_pool), sysfs.c (the
 * /sys/devices views).  swiotlb.c (the mempool engineer's) plugs into
 * zs_dma_bounce below.
 *
 * Locking: zs_dma_lock (rank DMA_DEVICES) guards the list of added
 * devices and every device's _devres, _pools and _tracked lists.  Nothing
 * is allocated, freed or called back under it: nodes are made before and
 * released after.
 */
#ifndef ZSLAB_DMA_INTERNAL_H
#define ZSLAB_DMA_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zslab/dma.h>
#include <zslab/dmapool.h>

#include "common/lock.h"
#include "config/config.h"

#pragma GCC visibility push(hidden)

extern zs_spinlock_t zs_dma_lock;

/* struct device._state bits. */
#define ZS_DEV_INITIALIZED 0x1u
#define ZS_DEV_ADDED       0x2u

/* ---- struct zslab_dev_list: the kernel's list ops, for device lists ---- */

static inline void zs_dl_init(struct zslab_dev_list *h)
{
	h->next = h;
	h->prev = h;
}

static inline bool zs_dl_empty(const struct zslab_dev_list *h)
{
	return h->next == h || !h->next;
}

/* Insert @n first in @h. */
static inline void zs_dl_add(struct zslab_dev_list *n, struct zslab_dev_list *h)
{
	n->next = h->next;
	n->prev = h;
	h->next->prev = n;
	h->next = n;
}

static inline void zs_dl_del(struct zslab_dev_list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}

#define zs_dl_entry(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* devres.c: release every devres node of @dev, newest first. */
void zs_devres_release_all(struct device *dev);
/*
 * devres.c: one managed resource.  @release(dev, res) frees what the
 * payload describes (not the node).  zs_devres_alloc() makes a node with
 * @size payload bytes (not zeroed, at a 16-byte offset in the node); zs_devres_add() puts it
 * first on @dev; zs_devres_remove() unlinks the newest node with
 * @release whose payload @match(res, data) accepts (NULL: none);
 * zs_devres_free() frees a node that is not on a list.
 */
typedef void zs_dr_release_t(struct device *dev, void *res);
void *zs_devres_alloc(zs_dr_release_t *release, size_t size, gfp_t gfp);
void zs_devres_add(struct device *dev, void *res);
void *zs_devres_remove(struct device *dev, zs_dr_release_t *release,
		       bool (*match)(void *res, void *data), void *data);
void zs_devres_free(void *res);
/* Is @dev ready for devres and pools?  Reports for @fn when not. */
bool zs_dev_ready(const char *fn, const struct device *dev);
/* device.c, zs_dma_lock held: call @fn on each added device (a nonzero
 * return stops the walk and is returned); the added device named by the
 * @len bytes at @name, or NULL. */
int zs_dma_for_each_locked(int (*fn)(struct device *dev, void *arg), void *arg);
struct device *zs_dma_find_locked(const char *name, size_t len);

/*
 * zs_dev_prefix(): "<drv> <name>" exactly as dev_printk prints it before
 * ": " (" <name>" without a driver or bus); zs_dev_label(): the same
 * without the leading blank, for zslab's own reports.
 */
struct zs_dev_label {
	char text[96];
};
const char *zs_dev_prefix(const struct device *dev, struct zs_dev_label *l);
const char *zs_dev_label(const struct device *dev, struct zs_dev_label *l);

/* min_not_zero(*dma_mask or coherent mask, bus_dma_limit). */
uint64_t zs_dma_stream_limit(const struct device *dev);
uint64_t zs_dma_coherent_limit(const struct device *dev);

/* Is [addr, addr + size) below @limit (and not the error value)? */
static inline bool zs_dma_fits(dma_addr_t addr, size_t size, uint64_t limit)
{
	return addr != DMA_MAPPING_ERROR && size &&
	       addr + (size - 1) >= addr && addr + (size - 1) <= limit;
}

/* ---- strict checking: records of what a device may touch (view.c) ------ */

enum zs_dma_kind { ZS_DMA_COHERENT, ZS_DMA_SINGLE, ZS_DMA_PAGE, ZS_DMA_SG };

/*
 * One coherent allocation or live streaming mapping of a device, on
 * dev->_tracked (newest first) while zs_dma_tracking() is on.  dma_debug
 * (swiotlb's engineer) reads the same records.
 */
struct zs_dma_track {
	struct zslab_dev_list link;
	dma_addr_t dma;
	size_t size;
	phys_addr_t phys;
	enum dma_data_direction dir;
	enum zs_dma_kind kind;
	bool err_checked;       /* dma_debug: dma_mapping_error() was asked about it */
};

/* Are mappings and coherent allocations recorded (dma_strict, dma_debug)? */
static inline bool zs_dma_tracking(void)
{
	return zs_config.dma_strict || zs_config.dma_debug;
}

/* Record one; a failed record (no memory) only weakens strict checking. */
void zs_dma_track_add(struct device *dev, dma_addr_t dma, size_t size,
		      phys_addr_t phys, enum dma_data_direction dir, enum zs_dma_kind kind);
/* Drop the record that starts at @dma; false when there is none. */
bool zs_dma_track_del(struct device *dev, dma_addr_t dma, enum zs_dma_kind kind);
/* Free every record of @dev (its final put). */
void zs_dma_track_release(struct device *dev);

/* ---- the swiotlb hook ---------------------------------------------------- */

/*
 * struct zs_dma_bounce - how swiotlb (src/dma/swiotlb.c) plugs into
 * dma-direct.  NULL until swiotlb sets zs_dma_bounce (at its init, with a
 * release store); dma-direct reads it once per call.  Without it a buffer
 * the device cannot reach is refused: DMA_MAPPING_ERROR and the kernel's
 * "DMA addr ... overflow" report.
 *
 * @force:   does @dev bounce everything (swiotlb=force)?
 * @map:     bounce [@phys, @phys + @size): return the bounce buffer's bus
 *           address, copying per the kernel's table, or DMA_MAPPING_ERROR
 *           (after its own "swiotlb buffer is full" report).
 * @owns:    is bus address @dma inside the bounce pool?
 * @unmap:   release the slots of the mapping at @dma (copying back per
 *           @dir unless DMA_ATTR_SKIP_CPU_SYNC).
 * @sync_for_cpu, @sync_for_device: the copies of a sync on a bounced
 *           mapping.
 * All run with no zslab lock held.
 */
struct zs_dma_bounce {
	bool (*force)(struct device *dev);
	dma_addr_t (*map)(struct device *dev, phys_addr_t phys, size_t size,
			  enum dma_data_direction dir, unsigned long attrs);
	bool (*owns)(struct device *dev, dma_addr_t dma);
	void (*unmap)(struct device *dev, dma_addr_t dma, size_t size,
		      enum dma_data_direction dir, unsigned long attrs);
	void (*sync_for_cpu)(struct device *dev, dma_addr_t dma, size_t size,
			     enum dma_data_direction dir);
	void (*sync_for_device)(struct device *dev, dma_addr_t dma, size_t size,
				enum dma_data_direction dir);
};

extern const struct zs_dma_bounce *_Atomic zs_dma_bounce;

/* ---- dma_pool (dmapool.c) and the views (sysfs.c) ------------------------ */

/*
 * The text of @dev's sysfs file `pools` into @buf (at most @len bytes, a
 * sysfs page); the caller holds zs_dma_lock.  Returns the length.
 */
size_t zs_dmapool_show_locked(struct device *dev, char *buf, size_t len);
/* Make the /sys/devices views known to the machine tree (idempotent). */
void zs_dma_sysfs_register(void);

#pragma GCC visibility pop

#endif
