// SPDX-License-Identifier: MIT
/*
 * device.c - kunit/device.h: a device in a kzalloc'd wrapper whose release
 * frees it; the test's action list holds the unregistration.
 */
#include <kunit/device.h>
#include <kunit/resource.h>
#include <linux/err.h>
#include <linux/slab.h>

struct kunit_device {
	struct device dev;
};

static void kunit_device_release(struct device *dev)
{
	kfree(container_of(dev, struct kunit_device, dev));
}

static void unregister_action(void *dev)
{
	device_unregister(dev);
}

struct device *kunit_device_register_with_driver(struct kunit *test, const char *name,
						 const struct device_driver *drv)
{
	struct kunit_device *kd = kzalloc(sizeof(*kd), GFP_KERNEL);
	int err;

	if (!kd)
		return ERR_PTR(-ENOMEM);
	device_initialize(&kd->dev);
	kd->dev.release = kunit_device_release;
	err = dev_set_name(&kd->dev, "%s", name);
	if (!err)
		err = device_add(&kd->dev);
	if (err) {
		put_device(&kd->dev);
		return ERR_PTR(err);
	}
	kd->dev.driver = (struct device_driver *)drv;
	err = kunit_add_action_or_reset(test, unregister_action, &kd->dev);
	return err ? ERR_PTR(err) : &kd->dev;
}

struct device *kunit_device_register(struct kunit *test, const char *name)
{
	return kunit_device_register_with_driver(test, name, NULL);
}

void kunit_device_unregister(struct kunit *test, struct device *dev)
{
	kunit_release_action(test, unregister_action, dev);
}

struct device_driver *kunit_driver_create(struct kunit *test, const char *name)
{
	struct device_driver *drv = kunit_kzalloc(test, sizeof(*drv), GFP_KERNEL);
	char *copy = kunit_kstrdup(test, name, GFP_KERNEL);

	if (!drv || !copy)
		return ERR_PTR(-ENOMEM);
	drv->name = copy;
	return drv;
}
