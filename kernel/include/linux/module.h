/* SPDX-License-Identifier: MIT */
/*
 * linux/module.h - module_init/module_exit (linux/init.h), the MODULE_*
 * information macros (recorded nowhere: a process has no modinfo), and
 * THIS_MODULE, the file's struct zsk_module.  The system also has a UAPI
 * <linux/module.h>; kernel code never wants it, so it is not included.
 */
#ifndef _ZSK_LINUX_MODULE_H
#define _ZSK_LINUX_MODULE_H

#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/cache.h>
#include <linux/list.h>
#include <linux/kmod.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/stringify.h>
#include <linux/types.h>

struct module {
	struct zsk_module *zsk;
};
#define THIS_MODULE ((struct module *)0)
#define MODULE_NAME_LEN 56

#define __zsk_modinfo(tag, info) \
	static const char __UNIQUE_ID(__modinfo_)[] __attribute__((unused)) = tag "=" info
#define MODULE_LICENSE(license) __zsk_modinfo("license", license)
#define MODULE_AUTHOR(author) __zsk_modinfo("author", author)
#define MODULE_DESCRIPTION(desc) __zsk_modinfo("description", desc)
#define MODULE_VERSION(version) __zsk_modinfo("version", version)
#define MODULE_ALIAS(alias) __zsk_modinfo("alias", alias)
#define MODULE_SOFTDEP(dep) __zsk_modinfo("softdep", dep)
#define MODULE_FIRMWARE(fw) __zsk_modinfo("firmware", fw)
#define MODULE_INFO(tag, info) __zsk_modinfo(#tag, info)
#define MODULE_DEVICE_TABLE(type, name)

static inline bool try_module_get(struct module *module)
{
	(void)module;
	return true;
}
static inline void module_put(struct module *module)
{
	(void)module;
}
static inline void __module_get(struct module *module)
{
	(void)module;
}
#define module_is_live(mod) true
#define symbol_get(x) (&(x))
#define symbol_put(x) do { } while (0)
#define module_name(mod) KBUILD_MODNAME

#endif
