/* SPDX-License-Identifier: MIT */
/*
 * devres.c - managed resources (drivers/base/devres.c): each is a node
 * with its payload behind it on the device's _devres list, newest first,
 * released newest first (LIFO) when the device's resources go: at the
 * final put_device(), and at device_del() of a device with a driver.
 *
 *   node:  [ link | release | size | payload (kmalloc alignment) ... ]
 *
 * A node is linked and unlinked under zs_dma_lock; its release runs
 * after, with no lock held (it may call any zslab function, an action a
 * driver's code).
 */
#include <errno.h>
#include <string.h>

#include <zslab/slab.h>

#include "common/report.h"
#include "dma/dma_internal.h"

struct devres_node {
	struct zslab_dev_list link;
	zs_dr_release_t *release;
	size_t size;
	_Alignas(16) unsigned char data[];
};

static struct devres_node *node_of(void *res)
{
	return zs_dl_entry(res, struct devres_node, data);
}

bool zs_dev_ready(const char *fn, const struct device *dev)
{
	if (!dev) {
		zs_report(ZS_ERR, "%s: NULL device", fn);
		return false;
	}
	if (!(dev->_state & ZS_DEV_INITIALIZED)) {
		zs_report(ZS_ERR, "%s: device %p was not initialised (device_initialize())",
			  fn, (const void *)dev);
		return false;
	}
	return true;
}

void *zs_devres_alloc(zs_dr_release_t *release, size_t size, gfp_t gfp)
{
	struct devres_node *n;

	if (size > SIZE_MAX - sizeof(*n))
		return NULL;
	n = kmalloc(sizeof(*n) + size, gfp & ~__GFP_ZERO);
	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	zs_dl_init(&n->link);
	n->release = release;
	n->size = size;
	return n->data;
}

void zs_devres_add(struct device *dev, void *res)
{
	zs_spin_lock(&zs_dma_lock);
	zs_dl_add(&node_of(res)->link, &dev->_devres);
	zs_spin_unlock(&zs_dma_lock);
}

void *zs_devres_remove(struct device *dev, zs_dr_release_t *release,
		       bool (*match)(void *res, void *data), void *data)
{
	void *found = NULL;

	zs_spin_lock(&zs_dma_lock);
	for (struct zslab_dev_list *p = dev->_devres.next; p && p != &dev->_devres; p = p->next) {
		struct devres_node *n = zs_dl_entry(p, struct devres_node, link);

		if (n->release == release && (!match || match(n->data, data))) {
			zs_dl_del(&n->link);
			found = n->data;
			break;
		}
	}
	zs_spin_unlock(&zs_dma_lock);
	return found;
}

void zs_devres_free(void *res)
{
	if (res)
		kfree(node_of(res));
}

void zs_devres_release_all(struct device *dev)
{
	for (;;) {
		struct devres_node *n = NULL;

		zs_spin_lock(&zs_dma_lock);
		if (dev->_devres.next && !zs_dl_empty(&dev->_devres)) {
			n = zs_dl_entry(dev->_devres.next, struct devres_node, link);
			zs_dl_del(&n->link);
		}
		zs_spin_unlock(&zs_dma_lock);
		if (!n)
			return;
		if (n->release)
			n->release(dev, n->data);
		kfree(n);
	}
}

/* ---- devm_kmalloc ------------------------------------------------------- */

/* The memory is the payload: freeing the node frees it. */
static void devm_kmalloc_release(struct device *dev, void *res)
{
	(void)dev;
	(void)res;
}

void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp)
{
	void *p;

	if (!zs_dev_ready(__func__, dev))
		return NULL;
	if (!size)
		return ZERO_SIZE_PTR;
	p = zs_devres_alloc(devm_kmalloc_release, size, gfp);
	if (!p)
		return NULL;
	if (gfp & __GFP_ZERO)
		memset(p, 0, size);
	zs_devres_add(dev, p);
	return p;
}

void *devm_kzalloc(struct device *dev, size_t size, gfp_t gfp)
{
	return devm_kmalloc(dev, size, gfp | __GFP_ZERO);
}

void *devm_kmalloc_array(struct device *dev, size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes)) {
		zs_report(ZS_ERR, "devm_kmalloc_array: %zu * %zu bytes overflows", n, size);
		return NULL;
	}
	return devm_kmalloc(dev, bytes, gfp);
}

void *devm_kcalloc(struct device *dev, size_t n, size_t size, gfp_t gfp)
{
	return devm_kmalloc_array(dev, n, size, gfp | __GFP_ZERO);
}

static bool same_ptr(void *res, void *data)
{
	return res == data;
}

void devm_kfree(struct device *dev, const void *p)
{
	void *res;

	if (ZERO_OR_NULL_PTR(p) || !zs_dev_ready(__func__, dev))
		return;
	res = zs_devres_remove(dev, devm_kmalloc_release, same_ptr, (void *)p);
	if (!res) {
		struct zs_dev_label l;

		zs_warn("devm_kfree: %s: %p is not a devm_kmalloc() allocation of this device",
			zs_dev_label(dev, &l), p);
		return;
	}
	zs_devres_free(res);
}

/* ---- actions ------------------------------------------------------------ */

struct action_res {
	void (*action)(void *);
	void *data;
};

static void action_release(struct device *dev, void *res)
{
	struct action_res *a = res;

	(void)dev;
	a->action(a->data);
}

int devm_add_action(struct device *dev, void (*action)(void *), void *data)
{
	struct action_res *a;

	if (!zs_dev_ready(__func__, dev))
		return -EINVAL;
	if (!action) {
		zs_report(ZS_ERR, "devm_add_action: NULL action");
		return -EINVAL;
	}
	a = zs_devres_alloc(action_release, sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->action = action;
	a->data = data;
	zs_devres_add(dev, a);
	return 0;
}

int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data)
{
	int err = devm_add_action(dev, action, data);

	if (err && action)
		action(data);
	return err;
}

/* ---- dmam_alloc_coherent ------------------------------------------------ */

struct coherent_res {
	void *vaddr;
	dma_addr_t dma;
	size_t size;
};

static void coherent_release(struct device *dev, void *res)
{
	struct coherent_res *c = res;

	dma_free_coherent(dev, c->size, c->vaddr, c->dma);
}

void *dmam_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp)
{
	struct coherent_res *c;
	void *vaddr;

	if (!zs_dev_ready(__func__, dev))
		return NULL;
	c = zs_devres_alloc(coherent_release, sizeof(*c), gfp);
	if (!c)
		return NULL;
	vaddr = dma_alloc_coherent(dev, size, dma_handle, gfp);
	if (!vaddr) {
		zs_devres_free(c);
		return NULL;
	}
	*c = (struct coherent_res){ vaddr, *dma_handle, size };
	zs_devres_add(dev, c);
	return vaddr;
}

static bool same_coherent(void *res, void *data)
{
	const struct coherent_res *a = res, *b = data;

	return a->vaddr == b->vaddr && a->dma == b->dma;
}

void dmam_free_coherent(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle)
{
	struct coherent_res key = { cpu_addr, dma_handle, size };
	void *res;

	if (!zs_dev_ready(__func__, dev))
		return;
	res = zs_devres_remove(dev, coherent_release, same_coherent, &key);
	if (!res) {
		struct zs_dev_label l;

		zs_warn("dmam_free_coherent: %s: %p (dma %#llx) is not a dmam_alloc_coherent() allocation of this device",
			zs_dev_label(dev, &l), cpu_addr, (unsigned long long)dma_handle);
		return;
	}
	dma_free_coherent(dev, size, cpu_addr, dma_handle);
	zs_devres_free(res);
}
