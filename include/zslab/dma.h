/* SPDX-License-Identifier: MIT */
/*
 * zslab/dma.h - the device side of DMA: devices with DMA masks, devres,
 * dma-direct (coherent allocations, streaming mappings, scatterlists) and
 * the device's own view of memory, with the kernel's names and signatures
 * (include/linux/device.h, dma-mapping.h, kernel/dma/direct.c).
 *
 * A device is a struct the caller owns (static, on the stack or in its own
 * allocation).  device_initialize() gives it one reference; the last
 * put_device() releases its devres nodes, then calls dev->release, which
 * may free the struct.  Addresses a device sees are bus addresses
 * (dma_addr_t): physical addresses, or shifted by the device's
 * dma_range_map on boards whose bus sees RAM at another base.
 *
 * dma-direct without an IOMMU: a coherent allocation takes pages of the
 * zone the coherent mask reaches (at most 24 bits of ZONE_DMA's end: DMA,
 * at most 32 bits: DMA32, else Normal) and retries lower when a page lands
 * above the mask; a streaming mapping is the buffer's bus address, or
 * DMA_MAPPING_ERROR and a report when the device cannot reach it (until
 * swiotlb bounces it: src/dma/dma_internal.h, struct zs_dma_bounce).
 *
 * Strict checking (the boot option dma_strict) records every coherent
 * allocation and streaming mapping per device, so zslab_dma_read() and
 * zslab_dma_write(), the device's accesses, are refused outside them.
 */
#ifndef ZSLAB_DMA_H
#define ZSLAB_DMA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <zslab/gfp.h>
#include <zslab/mm.h>
#include <zslab/scatterlist.h>

/* The API is what libzslab exports; everything else is hidden. */
#pragma GCC visibility push(default)

#ifdef __cplusplus
extern "C" {
#endif

/** DMA_BIT_MASK() - a mask of the low @n address bits; all ones for 64. */
#define DMA_BIT_MASK(n) (((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))

/** DMA_MAPPING_ERROR - the value a failed mapping returns (all ones). */
#define DMA_MAPPING_ERROR (~(dma_addr_t)0)

/**
 * enum dma_data_direction - which way a streaming mapping's data moves.
 * @DMA_BIDIRECTIONAL: both ways.
 * @DMA_TO_DEVICE:     the device reads what the CPU wrote.
 * @DMA_FROM_DEVICE:   the CPU reads what the device wrote.
 * @DMA_NONE:          no direction; never valid for a mapping.
 */
enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

/* DMA attributes (the kernel's values); only SKIP_CPU_SYNC and NO_WARN act. */
#define DMA_ATTR_WEAK_ORDERING      (1UL << 1)
#define DMA_ATTR_WRITE_COMBINE      (1UL << 2)
#define DMA_ATTR_NO_KERNEL_MAPPING  (1UL << 4)
#define DMA_ATTR_SKIP_CPU_SYNC      (1UL << 5)
#define DMA_ATTR_FORCE_CONTIGUOUS   (1UL << 6)
#define DMA_ATTR_ALLOC_SINGLE_PAGES (1UL << 7)
#define DMA_ATTR_NO_WARN            (1UL << 8)
#define DMA_ATTR_PRIVILEGED         (1UL << 9)

/**
 * struct zslab_dev_list - a list link inside struct device (private: the
 * library's own lists, circular with a head node as the kernel's).
 * @next: next link.
 * @prev: previous link.
 */
struct zslab_dev_list {
	struct zslab_dev_list *next, *prev;
};

/**
 * struct bus_dma_region - one window of a device's bus (5.10+ layout).
 * @cpu_start: first physical address of the window.
 * @dma_start: the bus address the device uses for @cpu_start.
 * @size:      bytes; an entry with size 0 ends the table.
 */
struct bus_dma_region {
	phys_addr_t cpu_start;
	dma_addr_t dma_start;
	uint64_t size;
};

/**
 * struct bus_type - what a device's bus gives it: a name for messages.
 * @name:     the bus name ("platform", "pci"), printed by dev_err() when
 *            no driver is bound.
 * @dev_name: when set, device_add() names an unnamed device
 *            "<dev_name><id>".
 */
struct bus_type {
	const char *name;
	const char *dev_name;
};

/**
 * struct device_driver - the driver bound to a device.
 * @name: the name dev_err() and friends print first.
 */
struct device_driver {
	const char *name;
};

struct dma_map_ops;

/**
 * struct device - a device that does DMA.
 * @parent:            the parent device, or NULL; device_add() takes a
 *                     reference on it, the release drops it.
 * @init_name:         the name device_add() gives the device when
 *                     dev_set_name() was not called (then cleared).
 * @bus:               the bus, or NULL.
 * @driver:            the bound driver, or NULL.
 * @driver_data:       the driver's pointer (dev_set_drvdata()).
 * @platform_data:     the board's pointer.
 * @id:                instance number, for @bus->dev_name naming.
 * Masks are the kernel's u64, unsigned long long.
 * @dma_mask:          the streaming mask, held by pointer (NULL: the
 *                     device cannot do streaming DMA); point it at
 *                     storage that outlives the device.
 * @coherent_dma_mask: the limit of dma_alloc_coherent() memory.
 * @bus_dma_limit:     the interconnect's limit, 0 for none.
 * @dma_range_map:     the CPU to bus windows, NULL for the identity.
 *                     The final put_device() kfree()s a map made by
 *                     dma_direct_set_offset(), never a caller's own.
 * @dma_ops:           must stay NULL (set_dma_ops(dev, NULL)): zslab has
 *                     dma-direct only; a device with ops is refused.
 * @dma_coherent:      informational: zslab memory is always coherent.
 * @release:           called at the final put_device(); may free @dev.
 *
 * The fields below are private to the library.
 * @_name:     the name from dev_set_name() (kmalloc'ed), or NULL.
 * @_refs:     references; 0 before device_initialize().
 * @_state:    which of initialize, add happened (private bits).
 * @_devres:   managed resources, newest first (devres.c).
 * @_pools:    dma_pools created on the device, newest first.
 * @_tracked:  coherent allocations and mappings (strict checking).
 * @_node:     link in the list of added devices (the views).
 * @_nr_tracked: entries on @_tracked.
 * @_own_map:  @dma_range_map was made by dma_direct_set_offset().
 *
 * Invariants: @_refs > 0 from device_initialize() to the final put;
 * @_node is linked iff the device is added (device_add() to device_del());
 * the private lists are changed only under the library's device lock.
 */
struct device {
	struct device *parent;
	const char *init_name;
	const struct bus_type *bus;
	struct device_driver *driver;
	void *driver_data;
	void *platform_data;
	uint32_t id;
	unsigned long long *dma_mask;
	unsigned long long coherent_dma_mask;
	unsigned long long bus_dma_limit;
	const struct bus_dma_region *dma_range_map;
	const struct dma_map_ops *dma_ops;
	bool dma_coherent;
	void (*release)(struct device *dev);
	/* private */
	char *_name;
	int _refs;
	unsigned int _state;
	struct zslab_dev_list _devres;
	struct zslab_dev_list _pools;
	struct zslab_dev_list _tracked;
	struct zslab_dev_list _node;
	unsigned long _nr_tracked;
	bool _own_map;
};

/* ---- lifecycle ---------------------------------------------------------- */

/**
 * device_initialize() - prepare @dev: one reference, empty lists.  A name
 * set with dev_set_name() before is kept.
 * @dev: the device, zeroed or set up by the caller.
 */
void device_initialize(struct device *dev);

/**
 * device_add() - make @dev visible (the views' /sys/devices/<name>).
 * @dev: an initialised device with a name (dev_set_name(), @init_name or
 *       its bus's dev_name).
 *
 * Return: 0; -EINVAL with a report for a device without a name or not
 * initialised; -EEXIST when it is already added.  After a failure the
 * caller still owns the reference and must put_device().
 */
int device_add(struct device *dev);

/**
 * device_register() - device_initialize() then device_add().
 * @dev: the device.
 *
 * Return: as device_add(); put_device() is still needed after a failure.
 */
int device_register(struct device *dev);

/**
 * device_del() - undo device_add(): the device leaves the views; with a
 * driver bound, the driver's devres is released (unbind).  The memory
 * and the reference stay.
 * @dev: an added device.
 */
void device_del(struct device *dev);

/**
 * device_unregister() - device_del() then put_device().
 * @dev: an added device.
 */
void device_unregister(struct device *dev);

/**
 * get_device() - take a reference.
 * @dev: a device, or NULL.
 *
 * Return: @dev.
 */
struct device *get_device(struct device *dev);

/**
 * put_device() - drop a reference; the last one releases every devres
 * node (newest first), frees the name and a dma_direct_set_offset() map,
 * then calls @dev->release (a WARN when there is none).
 * @dev: a device, or NULL.
 */
void put_device(struct device *dev);

/**
 * dev_set_name() - name the device (printf style); may come before
 * device_initialize().
 * @dev: the device.
 * @fmt: the format.
 *
 * Return: 0, or -ENOMEM.
 */
__attribute__((format(printf, 2, 3)))
int dev_set_name(struct device *dev, const char *fmt, ...);

/**
 * dev_name() - the device's name: @init_name until device_add(), then the
 * set name; NULL when it has none.
 * @dev: the device.
 *
 * Return: the name.
 */
const char *dev_name(const struct device *dev);

/**
 * dev_driver_string() - what dev_err() prints first: the driver's name,
 * else the bus's, else "".
 * @dev: the device.
 *
 * Return: the string (never NULL).
 */
const char *dev_driver_string(const struct device *dev);

/** dev_get_drvdata() - the driver's pointer. @dev: the device. Return: it. */
static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

/** dev_set_drvdata() - set the driver's pointer. @dev: the device. @data: it. */
static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

/* ---- messages ----------------------------------------------------------- */

/**
 * zslab_dev_emit() - say @msg about @dev at kernel log level @level (0
 * emerg .. 7 debug) through the report hook, as "<drv> <name>: <msg>"
 * (" <name>: " without driver or bus, "(NULL device *): " for NULL).
 * Levels 0-3 are error reports, 4-7 informational.
 * @level: the log level.
 * @dev:   the device, or NULL.
 * @msg:   the formatted message (a newline is added when missing).
 */
void zslab_dev_emit(int level, const struct device *dev, const char *msg);

/**
 * zslab_dev_printk() - format (C printf) and zslab_dev_emit().
 * @level: the log level, 0..7.
 * @dev:   the device, or NULL.
 * @fmt:   the format.
 */
__attribute__((format(printf, 3, 4)))
void zslab_dev_printk(int level, const struct device *dev, const char *fmt, ...);

/*
 * The kernel's dev_*() spellings.  The kernel-compat tree
 * (<linux/dev_printk.h>) defines its own first, which format with the
 * kernel's vsprintf (%pad, %pa ...); these format with C's printf.
 */
#ifndef dev_err
#define dev_emerg(dev, fmt, ...)  zslab_dev_printk(0, dev, fmt, ##__VA_ARGS__)
#define dev_alert(dev, fmt, ...)  zslab_dev_printk(1, dev, fmt, ##__VA_ARGS__)
#define dev_crit(dev, fmt, ...)   zslab_dev_printk(2, dev, fmt, ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)    zslab_dev_printk(3, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)   zslab_dev_printk(4, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...) zslab_dev_printk(5, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)   zslab_dev_printk(6, dev, fmt, ##__VA_ARGS__)
#ifdef DEBUG
#define dev_dbg(dev, fmt, ...)    zslab_dev_printk(7, dev, fmt, ##__VA_ARGS__)
#else
#define dev_dbg(dev, fmt, ...) \
	do { if (0) zslab_dev_printk(7, dev, fmt, ##__VA_ARGS__); } while (0)
#endif
#endif

/* ---- devres ------------------------------------------------------------- */

/**
 * devm_kmalloc() - kmalloc() memory released with @dev (devres).
 * @dev:  the device (initialised).
 * @size: bytes.
 * @gfp:  allocation flags; __GFP_ZERO zeroes.
 *
 * Return: the memory (aligned as kmalloc() aligns), or NULL; ZERO_SIZE_PTR for
 * @size 0, as the kernel (no devres node is made for it).
 */
void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp);

/** devm_kzalloc() - devm_kmalloc() zeroed. @dev: the device. @size: bytes. @gfp: flags. Return: as devm_kmalloc(). */
void *devm_kzalloc(struct device *dev, size_t size, gfp_t gfp);

/**
 * devm_kmalloc_array() - devm_kmalloc() of @n elements of @size bytes.
 * @dev: the device. @n: elements. @size: bytes each. @gfp: flags.
 *
 * Return: the memory; NULL (and a report) when @n * @size overflows.
 */
void *devm_kmalloc_array(struct device *dev, size_t n, size_t size, gfp_t gfp);

/** devm_kcalloc() - devm_kmalloc_array() zeroed. @dev: the device. @n: elements. @size: bytes each. @gfp: flags. Return: as devm_kmalloc_array(). */
void *devm_kcalloc(struct device *dev, size_t n, size_t size, gfp_t gfp);

/**
 * devm_kfree() - free one devm_kmalloc() allocation of @dev now.
 * @dev: the device.
 * @p:   the memory (NULL: nothing).  A pointer that is not a devres
 *       allocation of @dev is a WARN and nothing is freed.
 */
void devm_kfree(struct device *dev, const void *p);

/**
 * devm_add_action() - call @action(@data) when @dev's devres is released.
 * @dev:    the device.
 * @action: the callback (runs with no zslab lock held).
 * @data:   its argument.
 *
 * Return: 0, or -ENOMEM.
 */
int devm_add_action(struct device *dev, void (*action)(void *), void *data);

/**
 * devm_add_action_or_reset() - devm_add_action(); on failure @action runs
 * at once.
 * @dev: the device. @action: the callback. @data: its argument.
 *
 * Return: 0, or -ENOMEM.
 */
int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data);

/* ---- masks -------------------------------------------------------------- */

/**
 * dma_supported() - can dma-direct serve @mask on @dev?  False when the
 * mask reaches no RAM at all (the first RAM byte's bus address is above
 * it); otherwise, as the kernel: any mask of 32 bits or more, or one that
 * reaches the last RAM page or the end of ZONE_DMA.
 * @dev:  the device.
 * @mask: the mask.
 *
 * Return: true when supported.
 */
bool dma_supported(struct device *dev, uint64_t mask);

/**
 * dma_set_mask() - set the streaming mask.
 * @dev:  the device (@dev->dma_mask must point at storage).
 * @mask: the mask.
 *
 * Return: 0; -EIO (with a report) when @dev->dma_mask is NULL or the mask
 * is not supported (dma_supported()).
 */
int dma_set_mask(struct device *dev, uint64_t mask);

/**
 * dma_set_coherent_mask() - set the coherent mask.
 * @dev: the device. @mask: the mask.
 *
 * Return: 0, or -EIO (with a report) when not supported.
 */
int dma_set_coherent_mask(struct device *dev, uint64_t mask);

/**
 * dma_set_mask_and_coherent() - dma_set_mask(), and only when that
 * succeeded dma_set_coherent_mask().
 * @dev: the device. @mask: the mask.
 *
 * Return: dma_set_mask()'s result.
 */
int dma_set_mask_and_coherent(struct device *dev, uint64_t mask);

/**
 * dma_get_mask() - the streaming mask, or 32 bits when @dev has none.
 * @dev: the device.
 *
 * Return: the mask.
 */
uint64_t dma_get_mask(struct device *dev);

/**
 * phys_to_dma() - the bus address of physical address @pa for @dev.
 * @dev: the device. @pa: the physical address.
 *
 * Return: the bus address; DMA_MAPPING_ERROR when no window holds @pa.
 */
dma_addr_t phys_to_dma(struct device *dev, phys_addr_t pa);

/**
 * dma_to_phys() - the physical address of bus address @dma for @dev.
 * @dev: the device. @dma: the bus address.
 *
 * Return: the physical address; all ones when no window holds @dma.
 */
phys_addr_t dma_to_phys(struct device *dev, dma_addr_t dma);

/**
 * dma_direct_set_offset() - give @dev one bus window: physical
 * [@cpu_start, @cpu_start + @size) seen at @dma_start (boards whose bus
 * sees RAM at another base).
 * @dev:       the device (without a map of its own).
 * @cpu_start: first physical address.
 * @dma_start: its bus address.
 * @size:      bytes, nonzero.
 *
 * Return: 0 (also for a zero offset, which needs no map); -EINVAL for
 * size 0 or a device that has a map; -ENOMEM.
 */
int dma_direct_set_offset(struct device *dev, phys_addr_t cpu_start,
			  dma_addr_t dma_start, uint64_t size);

/* ---- coherent allocations ---------------------------------------------- */

/**
 * dma_alloc_attrs() - coherent memory for @dev: zeroed pages of the zone
 * the coherent mask reaches, retried lower when a page lands above it.
 * @dev:        the device (coherent mask nonzero).
 * @size:       bytes (rounded up to a page order).
 * @dma_handle: set to the bus address.
 * @gfp:        GFP_KERNEL, GFP_ATOMIC ...; zone flags are ignored.
 * @attrs:      DMA_ATTR_*; NO_WARN silences the page allocator's report.
 *
 * Return: the CPU address, or NULL (with a report).
 */
void *dma_alloc_attrs(struct device *dev, size_t size, dma_addr_t *dma_handle,
		      gfp_t gfp, unsigned long attrs);

/**
 * dma_free_attrs() - free dma_alloc_attrs() memory.
 * @dev: the device. @size: as allocated. @cpu_addr: the CPU address
 * (NULL: nothing). @dma_handle: the bus address. @attrs: as allocated.
 */
void dma_free_attrs(struct device *dev, size_t size, void *cpu_addr,
		    dma_addr_t dma_handle, unsigned long attrs);

/** dma_alloc_coherent() - dma_alloc_attrs() without attributes. @dev: the device. @size: bytes. @dma_handle: the bus address. @gfp: flags. Return: the CPU address or NULL. */
void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp);

/** dma_free_coherent() - free dma_alloc_coherent() memory. @dev: the device. @size: bytes. @cpu_addr: CPU address. @dma_handle: bus address. */
void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle);

/**
 * dmam_alloc_coherent() - dma_alloc_coherent() released with @dev.
 * @dev: the device. @size: bytes. @dma_handle: the bus address. @gfp: flags.
 *
 * Return: the CPU address, or NULL.
 */
void *dmam_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp);

/**
 * dmam_free_coherent() - free dmam_alloc_coherent() memory now.
 * @dev: the device. @size: bytes. @cpu_addr: CPU address. @dma_handle: bus address.
 */
void dmam_free_coherent(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle);

/* ---- streaming mappings ------------------------------------------------ */

/**
 * dma_map_page_attrs() - map @size bytes at @offset in @page for @dev.
 * @dev: the device (with a dma_mask). @page: the page. @offset: bytes
 * into it. @size: bytes. @dir: the direction (not DMA_NONE).
 * @attrs: DMA_ATTR_*.
 *
 * Return: the bus address; DMA_MAPPING_ERROR with a report when the
 * device cannot reach the buffer (and swiotlb does not bounce it), has no
 * mask, or @dir is invalid.
 */
dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page, size_t offset,
			      size_t size, enum dma_data_direction dir, unsigned long attrs);

/**
 * dma_unmap_page_attrs() - end a streaming mapping (the CPU owns the
 * buffer again; a bounced buffer is copied back for FROM_DEVICE and
 * BIDIRECTIONAL unless SKIP_CPU_SYNC).
 * @dev: the device. @addr: the bus address. @size: as mapped.
 * @dir: as mapped. @attrs: DMA_ATTR_*.
 */
void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size,
			  enum dma_data_direction dir, unsigned long attrs);

/**
 * dma_map_single_attrs() - map @size bytes of zslab memory at @ptr.
 * @dev: the device. @ptr: a linear-map (zslab) address. @size: bytes.
 * @dir: the direction. @attrs: DMA_ATTR_*.
 *
 * Return: as dma_map_page_attrs(); DMA_MAPPING_ERROR with a report when
 * @ptr is not zslab memory.
 */
dma_addr_t dma_map_single_attrs(struct device *dev, void *ptr, size_t size,
				enum dma_data_direction dir, unsigned long attrs);

/** dma_unmap_single_attrs() - as dma_unmap_page_attrs(). @dev: device. @addr: bus address. @size: bytes. @dir: direction. @attrs: attributes. */
void dma_unmap_single_attrs(struct device *dev, dma_addr_t addr, size_t size,
			    enum dma_data_direction dir, unsigned long attrs);

#define dma_map_single(d, a, s, r)   dma_map_single_attrs(d, a, s, r, 0)
#define dma_unmap_single(d, a, s, r) dma_unmap_single_attrs(d, a, s, r, 0)
#define dma_map_page(d, p, o, s, r)  dma_map_page_attrs(d, p, o, s, r, 0)
#define dma_unmap_page(d, a, s, r)   dma_unmap_page_attrs(d, a, s, r, 0)

/**
 * dma_sync_single_for_cpu() - give the CPU a mapped buffer back (a
 * bounced FROM_DEVICE/BIDIRECTIONAL buffer is copied back).
 * @dev: the device. @addr: a bus address inside a mapping. @size: bytes.
 * @dir: the mapping's direction.
 */
void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size,
			     enum dma_data_direction dir);

/**
 * dma_sync_single_for_device() - hand a mapped buffer to the device again
 * (a bounced TO_DEVICE/BIDIRECTIONAL buffer is copied out).
 * @dev: the device. @addr: a bus address inside a mapping. @size: bytes.
 * @dir: the mapping's direction.
 */
void dma_sync_single_for_device(struct device *dev, dma_addr_t addr, size_t size,
				enum dma_data_direction dir);

/**
 * dma_mapping_error() - did a mapping fail?
 * @dev: the device. @dma_addr: what a map call returned.
 *
 * Return: -ENOMEM for DMA_MAPPING_ERROR, else 0.
 */
int dma_mapping_error(struct device *dev, dma_addr_t dma_addr);

/* ---- scatterlists ------------------------------------------------------- */

/**
 * dma_map_sg_attrs() - map each entry (dma-direct never merges).
 * @dev: the device. @sg: the table. @nents: entries. @dir: direction.
 * @attrs: DMA_ATTR_*.
 *
 * Return: @nents; 0 after the first failure, with the entries mapped
 * before it unmapped again.
 */
int dma_map_sg_attrs(struct device *dev, struct scatterlist *sg, int nents,
		     enum dma_data_direction dir, unsigned long attrs);

/** dma_unmap_sg_attrs() - unmap a table (pass the original @nents). @dev: device. @sg: table. @nents: entries. @dir: direction. @attrs: attributes. */
void dma_unmap_sg_attrs(struct device *dev, struct scatterlist *sg, int nents,
			enum dma_data_direction dir, unsigned long attrs);

/** dma_sync_sg_for_cpu() - dma_sync_single_for_cpu() of each entry. @dev: device. @sg: table. @nelems: entries. @dir: direction. */
void dma_sync_sg_for_cpu(struct device *dev, struct scatterlist *sg, int nelems,
			 enum dma_data_direction dir);
/** dma_sync_sg_for_device() - dma_sync_single_for_device() of each entry. @dev: device. @sg: table. @nelems: entries. @dir: direction. */
void dma_sync_sg_for_device(struct device *dev, struct scatterlist *sg, int nelems,
			    enum dma_data_direction dir);

#define dma_map_sg(d, s, n, r)   dma_map_sg_attrs(d, s, n, r, 0)
#define dma_unmap_sg(d, s, n, r) dma_unmap_sg_attrs(d, s, n, r, 0)

/**
 * dma_map_sgtable() - map @sgt's orig_nents entries and set its nents.
 * @dev: the device. @sgt: the table. @dir: direction. @attrs: DMA_ATTR_*.
 *
 * Return: 0; -EINVAL for a bad device, direction or table, -EIO when an
 * entry cannot be mapped (nothing stays mapped).
 */
int dma_map_sgtable(struct device *dev, struct sg_table *sgt,
		    enum dma_data_direction dir, unsigned long attrs);
/** dma_unmap_sgtable() - unmap what dma_map_sgtable() mapped. @dev: device. @sgt: table. @dir: direction. @attrs: attributes. */
void dma_unmap_sgtable(struct device *dev, struct sg_table *sgt,
		       enum dma_data_direction dir, unsigned long attrs);
/** dma_sync_sgtable_for_cpu() - dma_sync_sg_for_cpu() of @sgt. @dev: device. @sgt: table. @dir: direction. */
void dma_sync_sgtable_for_cpu(struct device *dev, struct sg_table *sgt,
			      enum dma_data_direction dir);
/** dma_sync_sgtable_for_device() - dma_sync_sg_for_device() of @sgt. @dev: device. @sgt: table. @dir: direction. */
void dma_sync_sgtable_for_device(struct device *dev, struct sg_table *sgt,
				 enum dma_data_direction dir);

/* ---- the device's view of memory --------------------------------------- */

/**
 * zslab_dma_read() - the device reads @len bytes at bus address @dma_addr.
 * @dev:      the device.
 * @dma_addr: the bus address.
 * @buf:      where the bytes go.
 * @len:      bytes.
 *
 * Return: 0; -EIO when the range is beyond the device's mask (its
 * dma_mask, else its coherent mask, and its bus limit); -EFAULT when it
 * is not RAM, or, with dma_strict, not inside one of the device's coherent
 * allocations or live mappings.  Each refusal is a report naming the
 * device and the address.
 */
int zslab_dma_read(struct device *dev, dma_addr_t dma_addr, void *buf, size_t len);

/**
 * zslab_dma_write() - the device writes @len bytes at bus address @dma_addr.
 * @dev: the device. @dma_addr: the bus address. @buf: the bytes. @len: bytes.
 *
 * Return: as zslab_dma_read().
 */
int zslab_dma_write(struct device *dev, dma_addr_t dma_addr, const void *buf, size_t len);

/**
 * zslab_device_pools_show() - print @dev's dma_pools as the kernel's sysfs
 * file `pools` does ("poolinfo - 0.1", then one line a pool, newest
 * first: name, blocks in use, blocks, block size, pages).
 * @dev: the device.
 * @out: the stream.
 *
 * Return: the number of pools.
 */
int zslab_device_pools_show(struct device *dev, FILE *out);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif /* ZSLAB_DMA_H */
