/* SPDX-License-Identifier: MIT */
/*
 * linux/moduleparam.h - module parameters.  module_param(name, type, perm)
 * registers the variable under "<KBUILD_MODNAME>.<name>"; the zslab-kunit
 * runner sets it from a command-line argument of that form
 * ("test_meminit.verbose=1"), parsed as the kernel parses the type
 * (bool, invbool, charp, byte, short, ushort, int, uint, long, ulong,
 * ullong, hexint).
 */
#ifndef _ZSK_LINUX_MODULEPARAM_H
#define _ZSK_LINUX_MODULEPARAM_H

#include <linux/compiler.h>
#include <linux/init.h>
#include <linux/stringify.h>
#include <linux/types.h>

/*
 * struct zsk_param - one registered parameter.
 * @name: "<module>.<param>"; @type: the kernel's type name; @arg: the
 * variable, of @size bytes; @next: registry link.
 */
struct zsk_param {
	const char *name;
	const char *type;
	void *arg;
	size_t size;
	struct zsk_param *next;
};
void zsk_register_param(struct zsk_param *p);

#define __zsk_module_param(prefix, pname, var, type_name, id) \
	static struct zsk_param __PASTE(id, _p) = { \
		.name = prefix __stringify(pname), .type = type_name, .arg = &(var), \
		.size = sizeof(var), \
	}; \
	__attribute__((constructor)) static void __PASTE(id, _reg)(void) \
	{ \
		zsk_register_param(&__PASTE(id, _p)); \
	}
#define module_param_named(pname, value, type, perm) \
	__zsk_module_param(KBUILD_MODNAME ".", pname, value, #type, __UNIQUE_ID(__param_))
#define module_param(pname, type, perm) module_param_named(pname, pname, type, perm)
#define module_param_unsafe(pname, type, perm) module_param(pname, type, perm)
#define module_param_string(pname, string, len, perm) \
	__zsk_module_param(KBUILD_MODNAME ".", pname, string, "string", __UNIQUE_ID(__param_))
#define core_param_unsafe(pname, var, type, perm) \
	__zsk_module_param("", pname, var, #type, __UNIQUE_ID(__param_))
#define MODULE_PARM_DESC(parm, desc) \
	static const char __UNIQUE_ID(__parmdesc_)[] __attribute__((unused)) = desc
#define __MODULE_PARM_TYPE(name, _type)

#endif
