/* SPDX-License-Identifier: MIT */
/*
 * linux/kconfig.h - the configuration of zslab-kernel, force-included into
 * every file by `pkg-config --cflags zslab-kernel` (as the kernel's build
 * force-includes its kconfig.h), and the IS_ENABLED() family.
 *
 * The configuration is fixed: a 64-bit SMP machine with SLUB and
 * slub_debug, ZONE_DMA and ZONE_DMA32, 64-bit physical addresses, HZ=1000
 * (zslab's jiffies are milliseconds), KUnit, DEBUG_VM, and the ARMv7s
 * io-pgtable with its selftest.  Files are built as built-in code
 * (MODULE is not defined).  Options not listed are off: notably KASAN,
 * KFENCE, LOCKDEP, NUMA and kmemleak, whose hooks are documented no-ops.
 *
 * Nothing here depends on ZSLAB_KERNEL_API: a file may define it after
 * this header and before its first include.
 */
#ifndef _ZSK_LINUX_KCONFIG_H
#define _ZSK_LINUX_KCONFIG_H

#define CONFIG_64BIT 1
#define CONFIG_ARCH_SUPPORTS_INT128 1
#define CONFIG_SMP 1
#define CONFIG_NR_CPUS 64
#define CONFIG_MMU 1
#define CONFIG_PRINTK 1
#define CONFIG_HZ 1000
#define CONFIG_PAGE_SHIFT 12
#define CONFIG_SLUB 1
#define CONFIG_SLUB_DEBUG 1
#define CONFIG_SLAB_MERGE_DEFAULT 1
#define CONFIG_ZONE_DMA 1
#define CONFIG_ZONE_DMA32 1
#define CONFIG_PHYS_ADDR_T_64BIT 1
#define CONFIG_ARCH_DMA_ADDR_T_64BIT 1
#define CONFIG_DEBUG_VM 1
#define CONFIG_KUNIT 1
#define CONFIG_IOMMU_SUPPORT 1
#define CONFIG_IOMMU_API 1
#define CONFIG_IOMMU_IO_PGTABLE 1
#define CONFIG_IOMMU_IO_PGTABLE_ARMV7S 1
#define CONFIG_IOMMU_IO_PGTABLE_ARMV7S_SELFTEST 1
#define CONFIG_GENERIC_ALLOCATOR 1
#define CONFIG_ILLEGAL_POINTER_VALUE 0xdead000000000000

/* The module name pr_fmt() and the KUnit module attribute use; the
 * kernel's build passes it on the command line, which still wins. */
#ifndef KBUILD_MODNAME
#ifdef __FILE_NAME__
#define KBUILD_MODNAME __FILE_NAME__
#else
#define KBUILD_MODNAME __FILE__
#endif
#endif

/*
 * IS_ENABLED(CONFIG_X): 1 when CONFIG_X (or CONFIG_X_MODULE) is defined
 * as 1, else 0, usable in #if and in C expressions.  The trick: pasting
 * the option's value onto a prefix yields a helper macro that inserts an
 * extra argument only when the value is 1, which shifts the argument
 * taken as the result.
 */
#define __ZSK_ARG_PLACEHOLDER_1 0,
#define __zsk_take_second_arg(__ignored, val, ...) val
#define __zsk_is_defined(x) ___zsk_is_defined(x)
#define ___zsk_is_defined(val) ____zsk_is_defined(__ZSK_ARG_PLACEHOLDER_##val)
#define ____zsk_is_defined(arg1_or_junk) __zsk_take_second_arg(arg1_or_junk 1, 0)

#define IS_BUILTIN(option) __zsk_is_defined(option)
#define IS_MODULE(option) __zsk_is_defined(option##_MODULE)
#define IS_REACHABLE(option) (IS_BUILTIN(option) || IS_MODULE(option))
#define IS_ENABLED(option) (IS_BUILTIN(option) || IS_MODULE(option))

#include <linux/compiler_types.h>

#endif
