/* SPDX-License-Identifier: MIT */
/*
 * kunit/device.h - devices that live as long as a test case: registered
 * (named, added, visible in the views), unregistered when the case ends,
 * so devm_ allocations made on them are released with it.
 */
#ifndef _ZSK_KUNIT_DEVICE_H
#define _ZSK_KUNIT_DEVICE_H

#include <kunit/test.h>
#include <linux/device.h>

/**
 * kunit_device_register() - a registered device named @name, unregistered
 * at the end of @test.
 * Return: the device, or an ERR_PTR() (-ENOMEM, or device_add()'s error).
 */
struct device *kunit_device_register(struct kunit *test, const char *name);
/** kunit_device_register_with_driver() - as above, bound to @drv. */
struct device *kunit_device_register_with_driver(struct kunit *test, const char *name,
						 const struct device_driver *drv);
/** kunit_device_unregister() - unregister @dev now, not at the case's end. */
void kunit_device_unregister(struct kunit *test, struct device *dev);
/** kunit_driver_create() - a driver named @name, freed with @test; or ERR_PTR(). */
struct device_driver *kunit_driver_create(struct kunit *test, const char *name);

#endif
