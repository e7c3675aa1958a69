/* SPDX-License-Identifier: MIT */
/*
 * view.c - the device's side of memory: zslab_dma_read() and
 * zslab_dma_write() act as the device, at bus addresses, and the records
 * that strict checking (dma_strict) keeps of each device's coherent
 * allocations and live mappings.
 *
 * An access is refused (a report naming the device and the address, and
 * an error) when it reaches beyond the device's mask, when a byte of it
 * is not RAM, or, with dma_strict, when no single record covers it.  A
 * refused access touches nothing: the range is checked whole before the
 * first byte moves.
 */
#include <errno.h>
#include <string.h>

#include <zslab/slab.h>

#include "common/report.h"
#include "dma/dma_internal.h"

void zs_dma_track_add(struct device *dev, dma_addr_t dma, size_t size,
		      phys_addr_t phys, enum dma_data_direction dir, enum zs_dma_kind kind)
{
	struct zs_dma_track *t;

	if (!(dev->_state & ZS_DEV_INITIALIZED))
		return;           /* no lists: nothing is checked for it either */
	t = kmalloc(sizeof(*t), GFP_ATOMIC | __GFP_NOWARN);
	if (!t) {
		struct zs_dev_label l;

		zs_report(ZS_ERR, "dma_strict: %s: no memory to record %#llx+%zu; accesses to it will be refused",
			  zs_dev_label(dev, &l), (unsigned long long)dma, size);
		return;
	}
	*t = (struct zs_dma_track){ .dma = dma, .size = size, .phys = phys, .dir = dir, .kind = kind };
	zs_spin_lock(&zs_dma_lock);
	zs_dl_add(&t->link, &dev->_tracked);
	dev->_nr_tracked++;
	zs_spin_unlock(&zs_dma_lock);
}

/* The streaming kinds match one another; coherent matches coherent. */
static bool kind_matches(enum zs_dma_kind a, enum zs_dma_kind b)
{
	return (a == ZS_DMA_COHERENT) == (b == ZS_DMA_COHERENT);
}

bool zs_dma_track_del(struct device *dev, dma_addr_t dma, enum zs_dma_kind kind)
{
	struct zs_dma_track *found = NULL;

	zs_spin_lock(&zs_dma_lock);
	for (struct zslab_dev_list *p = dev->_tracked.next; p && p != &dev->_tracked; p = p->next) {
		struct zs_dma_track *t = zs_dl_entry(p, struct zs_dma_track, link);

		if (t->dma == dma && kind_matches(t->kind, kind)) {
			zs_dl_del(&t->link);
			dev->_nr_tracked--;
			found = t;
			break;
		}
	}
	zs_spin_unlock(&zs_dma_lock);
	kfree(found);
	return found;
}

void zs_dma_track_release(struct device *dev)
{
	for (;;) {
		struct zs_dma_track *t = NULL;

		zs_spin_lock(&zs_dma_lock);
		if (dev->_tracked.next && !zs_dl_empty(&dev->_tracked)) {
			t = zs_dl_entry(dev->_tracked.next, struct zs_dma_track, link);
			zs_dl_del(&t->link);
			dev->_nr_tracked--;
		}
		zs_spin_unlock(&zs_dma_lock);
		if (!t)
			return;
		kfree(t);
	}
}

/* Does one record of @dev cover [dma, dma + len)? */
static bool covered(struct device *dev, dma_addr_t dma, size_t len)
{
	bool ok = false;

	zs_spin_lock(&zs_dma_lock);
	for (struct zslab_dev_list *p = dev->_tracked.next; p && p != &dev->_tracked; p = p->next) {
		const struct zs_dma_track *t = zs_dl_entry(p, struct zs_dma_track, link);

		if (dma >= t->dma && dma - t->dma <= t->size && len <= t->size - (dma - t->dma)) {
			ok = true;
			break;
		}
	}
	zs_spin_unlock(&zs_dma_lock);
	return ok;
}

/* Check [dma, dma + len) whole; 0 or the refusal's error. */
static int access_ok(const char *fn, struct device *dev, dma_addr_t dma, size_t len)
{
	uint64_t limit = dev->dma_mask ? zs_dma_stream_limit(dev) : zs_dma_coherent_limit(dev);
	struct zs_dev_label l;

	if (!zs_dma_fits(dma, len ? len : 1, limit)) {
		zs_report(ZS_ERR, "%s: %s: bus address %#llx+%zu is beyond the device's mask %#llx (-EIO)",
			  fn, zs_dev_label(dev, &l), (unsigned long long)dma, len,
			  (unsigned long long)limit);
		return -EIO;
	}
	if (zs_config.dma_strict && !covered(dev, dma, len)) {
		zs_report(ZS_ERR, "%s: %s: bus address %#llx+%zu is neither a coherent allocation nor a live mapping of the device (-EFAULT)",
			  fn, zs_dev_label(dev, &l), (unsigned long long)dma, len);
		return -EFAULT;
	}
	for (size_t done = 0; done < len;) {
		phys_addr_t phys = dma_to_phys(dev, dma + done);
		size_t chunk = PAGE_SIZE - (size_t)(phys & (PAGE_SIZE - 1));

		if (phys == (phys_addr_t)-1 || !pfn_valid((unsigned long)(phys >> PAGE_SHIFT))) {
			zs_report(ZS_ERR, "%s: %s: bus address %#llx is not RAM (-EFAULT)",
				  fn, zs_dev_label(dev, &l), (unsigned long long)(dma + done));
			return -EFAULT;
		}
		done += chunk;
	}
	return 0;
}

static int dma_access(const char *fn, struct device *dev, dma_addr_t dma,
		      void *buf, size_t len, bool write)
{
	int err;

	if (!dev || (!buf && len)) {
		zs_report(ZS_ERR, "%s: NULL %s (-EINVAL)", fn, dev ? "buffer" : "device");
		return -EINVAL;
	}
	err = access_ok(fn, dev, dma, len);
	if (err)
		return err;
	for (size_t done = 0; done < len;) {
		phys_addr_t phys = dma_to_phys(dev, dma + done);
		size_t chunk = PAGE_SIZE - (size_t)(phys & (PAGE_SIZE - 1));
		char *mem = phys_to_virt(phys);

		if (chunk > len - done)
			chunk = len - done;
		if (write)
			memcpy(mem, (char *)buf + done, chunk);
		else
			memcpy((char *)buf + done, mem, chunk);
		done += chunk;
	}
	return 0;
}

int zslab_dma_read(struct device *dev, dma_addr_t dma_addr, void *buf, size_t len)
{
	return dma_access(__func__, dev, dma_addr, buf, len, false);
}

int zslab_dma_write(struct device *dev, dma_addr_t dma_addr, const void *buf, size_t len)
{
	return dma_access(__func__, dev, dma_addr, (void *)buf, len, true);
}
