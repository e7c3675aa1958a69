/* SPDX-License-Identifier: MIT */
/*
 * linux/init.h - initcalls and the init section markers.
 *
 * Each *_initcall(fn) and module_init(fn) registers @fn (from a
 * constructor, before main) with its level; the zslab-kunit runner calls
 * them in the kernel's order: early, pure (0), core (1), postcore (2),
 * arch (3), subsys (4), fs (5), rootfs, device (6), late (7), each level's
 * _sync variant just after it, and within a level in link order (the
 * order of the objects on the link line, then of the file).
 * module_init() is device_initcall(), as for built-in code; a negative
 * return of any initcall is a failure of the run, and a file whose
 * module_init failed does not have its module_exit called.
 *
 * __init, __exit, __initdata ... place nothing anywhere: all code and data
 * stay valid for the whole run.
 */
#ifndef _ZSK_LINUX_INIT_H
#define _ZSK_LINUX_INIT_H

#include <linux/compiler.h>
#include <linux/types.h>

#define __init
#define __exit
#define __initdata
#define __initconst
#define __exitdata
#define __refdata
#define __ref
#define __refconst
#define __init_or_module
#define __initdata_or_module
#define __meminit
#define __meminitdata
#define __meminitconst
#define __devinit
#define __devexit
#define __exit_p(x) x
#define __setup(str, fn)
#define early_param(str, fn)
#define core_param(name, var, type, perm)

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

/* Initcall levels, in the order the runner calls them. */
enum zsk_initcall_level {
	ZSK_INITCALL_EARLY,
	ZSK_INITCALL_PURE,
	ZSK_INITCALL_CORE, ZSK_INITCALL_CORE_SYNC,
	ZSK_INITCALL_POSTCORE, ZSK_INITCALL_POSTCORE_SYNC,
	ZSK_INITCALL_ARCH, ZSK_INITCALL_ARCH_SYNC,
	ZSK_INITCALL_SUBSYS, ZSK_INITCALL_SUBSYS_SYNC,
	ZSK_INITCALL_FS, ZSK_INITCALL_FS_SYNC,
	ZSK_INITCALL_ROOTFS,
	ZSK_INITCALL_DEVICE, ZSK_INITCALL_DEVICE_SYNC,
	ZSK_INITCALL_LATE, ZSK_INITCALL_LATE_SYNC,
	ZSK_INITCALL_NR_LEVELS
};

/*
 * struct zsk_module - the file ("module") an initcall or exitcall comes
 * from: one static instance per translation unit (THIS_MODULE).
 * @name:   KBUILD_MODNAME.
 * @failed: its module_init returned a negative errno (no module_exit).
 */
struct zsk_module {
	const char *name;
	bool failed;
};

/*
 * struct zsk_initcall - one registered initcall or exitcall, linked in
 * registration (link) order by the runner's registry.
 */
struct zsk_initcall {
	initcall_t init;
	exitcall_t exit;
	int level;
	const char *name;
	struct zsk_module *mod;
	struct zsk_initcall *next;
};

/* kernel/lib/initcall.c; called from constructors. */
void zsk_register_initcall(struct zsk_initcall *call);
void zsk_register_exitcall(struct zsk_initcall *call);

static struct zsk_module __zsk_this_module __attribute__((unused)) = {
	.name = KBUILD_MODNAME,
};

#define __zsk_define_initcall(fn, lvl, id) \
	static struct zsk_initcall __PASTE(id, _desc) = { \
		.init = (fn), .level = (lvl), .name = #fn, \
		.mod = &__zsk_this_module, \
	}; \
	__attribute__((constructor)) static void __PASTE(id, _reg)(void) \
	{ \
		zsk_register_initcall(&__PASTE(id, _desc)); \
	}
#define __zsk_initcall(fn, lvl) __zsk_define_initcall(fn, lvl, __UNIQUE_ID(__initcall_))

#define early_initcall(fn) __zsk_initcall(fn, ZSK_INITCALL_EARLY)
#define pure_initcall(fn) __zsk_initcall(fn, ZSK_INITCALL_PURE)
#define core_initcall(fn) __zsk_initcall(fn, ZSK_INITCALL_CORE)
#define core_initcall_sync(fn) __zsk_initcall(fn, ZSK_INITCALL_CORE_SYNC)
#define postcore_initcall(fn) __zsk_initcall(fn, ZSK_INITCALL_POSTCORE)
#define postcore_initcall_sync(fn) __zsk_initcall(fn, ZSK_INITCALL_POSTCORE_SYNC)
#define arch_initcall(fn) __zsk_initcall(fn, ZSK_INITCALL_ARCH)
#define arch_initcall_sync(fn) __zsk_initcall(fn, ZSK_INITCALL_ARCH_SYNC)
#define subsys_initcall(fn) __zsk_initcall(fn, ZSK_INITCALL_SUBSYS)
#define subsys_initcall_sync(fn) __zsk_initcall(fn, ZSK_INITCALL_SUBSYS_SYNC)
#define fs_initcall(fn) __zsk_initcall(fn, ZSK_INITCALL_FS)
#define fs_initcall_sync(fn) __zsk_initcall(fn, ZSK_INITCALL_FS_SYNC)
#define rootfs_initcall(fn) __zsk_initcall(fn, ZSK_INITCALL_ROOTFS)
#define device_initcall(fn) __zsk_initcall(fn, ZSK_INITCALL_DEVICE)
#define device_initcall_sync(fn) __zsk_initcall(fn, ZSK_INITCALL_DEVICE_SYNC)
#define late_initcall(fn) __zsk_initcall(fn, ZSK_INITCALL_LATE)
#define late_initcall_sync(fn) __zsk_initcall(fn, ZSK_INITCALL_LATE_SYNC)
#define __initcall(fn) device_initcall(fn)
#define console_initcall(fn) __zsk_initcall(fn, ZSK_INITCALL_EARLY)

#define __zsk_define_exitcall(fn, id) \
	static struct zsk_initcall __PASTE(id, _desc) = { \
		.exit = (fn), .name = #fn, .mod = &__zsk_this_module, \
	}; \
	__attribute__((constructor)) static void __PASTE(id, _reg)(void) \
	{ \
		zsk_register_exitcall(&__PASTE(id, _desc)); \
	}
#define __exitcall(fn) __zsk_define_exitcall(fn, __UNIQUE_ID(__exitcall_))

#define module_init(fn) device_initcall(fn)
#define module_exit(fn) __exitcall(fn)

#endif
