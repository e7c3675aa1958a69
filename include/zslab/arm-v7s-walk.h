/* SPDX-License-Identifier: MIT */
/*
 * zslab/arm-v7s-walk.h - zslab only: a model of the hardware walk of an
 * ARMv7 short-descriptor page table (what an IOMMU using io-pgtable's
 * ARM_V7S format does), for checking tables independently of the code
 * that wrote them.
 *
 * The model: TTBCR.N = 0 (TTBR0 translates everything), SCTLR.AFE = 1
 * (AP[0] is the access flag, no hardware update) and TRE = 1 (TEX remap
 * through PRRR/NMRR), every domain a client with the kernel's domain 0.
 * Descriptors are read as little-endian u32 at the physical addresses the
 * TTBR and the table descriptors name, through pfn_valid()/phys_to_virt();
 * an address outside simulated RAM is a synchronous external abort on the
 * walk.  No TLB is modelled.  With IO_PGTABLE_QUIRK_NO_PERMS (MediaTek)
 * AP/XN are ignored, as the M4U does; with ARM_MTK_EXT the output address
 * bits 32/33/34 come from descriptor bits 9/4/5, and with ARM_MTK_TTBR_EXT
 * the table addresses too (TTBR[2:0], table descriptor bits 9/4/5).
 */
#ifndef ZSLAB_ARM_V7S_WALK_H
#define ZSLAB_ARM_V7S_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <zslab/io-pgtable.h>

/* The API is what libzslab exports; everything else is hidden. */
#pragma GCC visibility push(default)

#ifdef __cplusplus
extern "C" {
#endif

/**
 * enum arm_v7s_fault - the outcome of a walk.
 * @ARM_V7S_WALK_OK:              translated.
 * @ARM_V7S_FAULT_TRANSLATION_L1: L1 descriptor type 00 (or the reserved 11).
 * @ARM_V7S_FAULT_TRANSLATION_L2: L2 descriptor type 00.
 * @ARM_V7S_FAULT_ACCESS_FLAG:    the leaf has AP[0] = 0.
 * @ARM_V7S_FAULT_PERMISSION:     the access is not allowed by AP/XN.
 * @ARM_V7S_FAULT_EXTERNAL_ABORT: a descriptor address is not RAM.
 */
enum arm_v7s_fault {
	ARM_V7S_WALK_OK = 0,
	ARM_V7S_FAULT_TRANSLATION_L1,
	ARM_V7S_FAULT_TRANSLATION_L2,
	ARM_V7S_FAULT_ACCESS_FLAG,
	ARM_V7S_FAULT_PERMISSION,
	ARM_V7S_FAULT_EXTERNAL_ABORT,
};

/* Access types for arm_v7s_walk(): OR READ, WRITE or EXEC with UNPRIV. */
#define ARM_V7S_ACC_READ   0x1u
#define ARM_V7S_ACC_WRITE  0x2u
#define ARM_V7S_ACC_EXEC   0x4u
#define ARM_V7S_ACC_UNPRIV 0x8u

/* What a leaf allows (struct arm_v7s_walk_result.perms). */
#define ARM_V7S_PERM_PRIV_R 0x01u
#define ARM_V7S_PERM_PRIV_W 0x02u
#define ARM_V7S_PERM_USER_R 0x04u
#define ARM_V7S_PERM_USER_W 0x08u
#define ARM_V7S_PERM_X      0x10u

/**
 * enum arm_v7s_memtype - memory type of a leaf, from PRRR.TRn (TEX remap).
 */
enum arm_v7s_memtype {
	ARM_V7S_MEM_STRONGLY_ORDERED = 0,
	ARM_V7S_MEM_DEVICE = 1,
	ARM_V7S_MEM_NORMAL = 2,
	ARM_V7S_MEM_RESERVED = 3,
};

/**
 * struct arm_v7s_walk_result - what the walk found.
 * @fault:    the outcome.
 * @level:    1 or 2: the level of the leaf, or of the descriptor that
 *            faulted (for an external abort: whose fetch aborted).
 * @pa:       the output address (when a leaf was found: OK, access-flag
 *            and permission faults).
 * @size:     the leaf's mapping size: SZ_4K, SZ_64K, SZ_1M or SZ_16M.
 * @perms:    ARM_V7S_PERM_* the leaf allows (all of them under NO_PERMS).
 * @ns:       non-secure (section bit 19, or the L1 table descriptor's bit 3).
 * @attr_idx: TEX[0]:C:B, the TEX-remap index (4 normal, 7 cached, 1 MMIO
 *            for kernel entries).
 * @memtype:  PRRR.TR[@attr_idx].
 * @inner:    NMRR.IR[@attr_idx] (0 non-cacheable, 1 WBWA, 2 WT, 3 WB).
 * @outer:    NMRR.OR[@attr_idx].
 * @shareable: the S bit mapped through PRRR NS0/NS1 (Normal) or DS0/DS1
 *            (Device); always true for strongly-ordered.
 * @outer_shareable: shareable and PRRR.NOS[@attr_idx] clear.
 * @desc:     the leaf descriptor, or the one that faulted.
 * @desc_pa:  the physical address it was (or would have been) read from.
 */
struct arm_v7s_walk_result {
	enum arm_v7s_fault fault;
	int level;
	phys_addr_t pa;
	size_t size;
	unsigned int perms;
	bool ns;
	unsigned int attr_idx;
	enum arm_v7s_memtype memtype;
	unsigned int inner, outer;
	bool shareable, outer_shareable;
	uint32_t desc;
	phys_addr_t desc_pa;
};

/**
 * arm_v7s_walk() - translate one address as the hardware would.
 * @cfg:    the page table's configuration: arm_v7s_cfg.ttbr/prrr/nmrr are
 *          the registers the device is programmed with; quirks, ias and oas
 *          select the MediaTek decoding.  Nothing else is read.
 * @iova:   the input address (bits at and above ias are ignored, as the
 *          L1 index has ias - 20 bits).
 * @access: ARM_V7S_ACC_* of the access.
 * @res:    filled in.
 *
 * Return: 0 when translated (@res->pa valid), else -EFAULT with
 * @res->fault saying which fault the IOMMU raises.
 */
int arm_v7s_walk(const struct io_pgtable_cfg *cfg, unsigned long iova,
		 unsigned int access, struct arm_v7s_walk_result *res);

/**
 * arm_v7s_selftest_running - the kernel's selftest_running for
 * io-pgtable-arm-v7s: while true, a map over a live entry or into a mapped
 * block still fails with -EEXIST but without the WARN ("We require an
 * unmap first"), because the selftest does it on purpose.  A selftest
 * sets it before its steps and clears it after, as
 * arm_v7s_do_selftests() does; false otherwise.
 */
extern bool arm_v7s_selftest_running;

/**
 * arm_v7s_fault_name() - "ok", "translation fault (level 1)", ... for @fault.
 */
const char *arm_v7s_fault_name(enum arm_v7s_fault fault);

/**
 * arm_v7s_check_tables() - check the invariants of a whole table (spec
 * §9.8-9.9) by reading it as the hardware would.
 * @cfg: as for arm_v7s_walk().
 * @log: where to print one line per violation, or NULL for silence.
 *
 * Checked: every descriptor readable (the L1 table and each L2 table lie
 * in RAM); no reserved L1 type 11; every table descriptor's L2 base below
 * 4 GiB (2^oas under ARM_MTK_TTBR_EXT), in RAM, with its NS bit as the
 * ARM_NS quirk says and domain/SBZ/PXN zero (outside the MTK address
 * bits); no L2 table reachable from two L1 slots; every contiguous entry
 * (supersection, large page) one of 16 identical copies starting at a
 * 16-aligned index; every leaf's output address below 2^oas; and under
 * ARM_MTK_EXT, AP and XN bits that do not carry address bits are zero.
 *
 * Return: the number of violations (0 when the table is sound).
 */
long arm_v7s_check_tables(const struct io_pgtable_cfg *cfg, FILE *log);

#ifdef __cplusplus
}
#endif

#pragma GCC visibility pop

#endif /* ZSLAB_ARM_V7S_WALK_H */
