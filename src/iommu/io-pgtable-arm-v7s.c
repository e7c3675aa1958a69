/* SPDX-License-Identifier: MIT */
/*
 * io-pgtable-arm-v7s.c - the ARMv7 short-descriptor page-table writer
 * (format ARM_V7S): a 16 KiB (64 KiB for ias 34) level-1 table of 4096
 * (16384) u32 descriptors, 1 MiB each, and 1 KiB level-2 tables of 256
 * descriptors, 4 KiB each.  Layout, attributes and behaviour follow
 * spec/io-pgtable-arm-v7s.md; §0 there says where zslab departs from a
 * kernel version.
 *
 * Descriptors are little-endian u32 at the tables' physical addresses: the
 * hardware-walk model (arm-v7s-walk.c) reads them from there, sharing no
 * code with this file.  The writer itself descends through a shadow array
 * of host pointers (one per L1 slot) rather than through the descriptor's
 * address, so that a table installed truncated (zslab_no_fit_check) is
 * still found by software while the device sees the truncated address.
 *
 * One lock, data->lock (V7S_TABLE in common/lock_rank.h): it serialises
 * publishing an L2 table in an L1 slot (compare-and-swap of the
 * descriptor plus its shadow pointer) and the rewrite of a contiguous
 * group into 16 entries (split); nothing is allocated or freed under it.
 * Everything else is lock-free as in the kernel: concurrent map/unmap of
 * disjoint IOVA ranges are safe; overlapping ones are the caller's bug.
 */
#include <endian.h>
#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include <zslab/slab.h>
#include <zslab/zslab.h>

#include "common/lock.h"
#include "common/report.h"
#include "iommu/io-pgtable.h"
#include "iommu/v7s-l2.h"

/* The kernel's selftest_running (arm-v7s-walk.h): the selftest's own
 * overlapping maps fail quietly. */
bool arm_v7s_selftest_running;

typedef uint32_t v7s_pte;

#define V7S_CONT_PAGES 16u
#define V7S_L2_PTES    256u
#define V7S_LVL_SHIFT(lvl) ((lvl) == 1 ? 20u : 12u)
#define V7S_BLOCK(lvl)     (1UL << V7S_LVL_SHIFT(lvl))
/* The 32-bit level mask, and the contiguous mask (level mask x 16). */
#define V7S_LVL_MASK(lvl)  ((v7s_pte)(~0u << V7S_LVL_SHIFT(lvl)))
#define V7S_CONT_MASK(lvl) ((v7s_pte)(~0u << (V7S_LVL_SHIFT(lvl) + 4)))
#define V7S_TABLE_MASK     ((v7s_pte)0xfffffc00u)

/* Descriptor type bits. */
#define PTE_TYPE_TABLE     0x1u
#define PTE_TYPE_PAGE      0x2u   /* section (L1) or small page (L2) */
#define PTE_TYPE_CONT_PAGE 0x1u   /* large page (L2) */

/* The 8-bit attribute block, shifted to bit 10 (L1) or bit 4 (L2). */
#define ATTR_AF       0x01u
#define ATTR_AP_UNPRIV 0x02u
#define ATTR_TEX(t)   (((t) & 7u) << 2)
#define ATTR_AP_RDONLY 0x20u
#define ATTR_S        0x40u
#define ATTR_NG       0x80u
#define ATTR_SHIFT(lvl) ((lvl) == 1 ? 10u : 4u)

#define ATTR_B        (1u << 2)
#define ATTR_C        (1u << 3)
#define ATTR_XN(lvl)  ((lvl) == 1 ? (1u << 4) : 1u)
#define ATTR_NS_TABLE (1u << 3)
#define ATTR_NS_SECTION (1u << 19)
#define CONT_SECTION  (1u << 18)
#define L2_TEX_SMALL  (7u << 6)
#define L2_TEX_LARGE  (7u << 12)
#define L2_XN_LARGE   (1u << 15)
#define MTK_PA_BIT32  (1u << 9)
#define MTK_PA_BIT33  (1u << 4)
#define MTK_PA_BIT34  (1u << 5)

/* Registers. */
#define PRRR_TR(n, type) (((type) & 3u) << ((n) * 2))
#define PRRR_TYPE_DEVICE 1u
#define PRRR_TYPE_NORMAL 2u
#define PRRR_DS0  (1u << 16)
#define PRRR_DS1  (1u << 17)
#define PRRR_NS1  (1u << 19)
#define PRRR_NOS(n) (1u << ((n) + 24))
#define RGN_NC    0u
#define RGN_WBWA  1u
#define NMRR_IR(n, a) (((a) & 3u) << ((n) * 2))
#define NMRR_OR(n, a) (((a) & 3u) << ((n) * 2 + 16))
#define TTBR_S    (1u << 1)
#define TTBR_NOS  (1u << 5)
#define TTBR_IRGN(a) ((((a) & 1u) << 6) | (((a) & 2u) >> 1))
#define TTBR_ORGN(a) (((a) & 3u) << 3)

#define V7S_QUIRKS (IO_PGTABLE_QUIRK_ARM_NS | IO_PGTABLE_QUIRK_NO_PERMS | \
		    IO_PGTABLE_QUIRK_ARM_MTK_EXT | IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT)
#define V7S_PGSIZES (SZ_4K | SZ_64K | SZ_1M | SZ_16M)

/*
 * struct arm_v7s_io_pgtable - one ARMv7s page table.
 * @iop:    the framework's part (cfg is read-only after alloc).
 * @pgd:    the L1 table (host address), @nr_l1 descriptors, order @l1_order.
 * @l2:     per L1 slot, the host address of the L2 table it points to.
 * @lock:   see the lock list above.
 * @src:    where L2 tables come from.
 * @fit_failures, @high_tables: tables refused by, or above, the 4 GiB line.
 *
 * Invariants: @l2[i] != NULL iff pgd[i] is a table descriptor, and then
 * pgd[i] carries (the low 32 bits of) virt_to_phys(@l2[i]) in [31:10]
 * (plus PA[34:32] under ARM_MTK_TTBR_EXT); no L2 table is in two slots;
 * a contiguous group is 16 identical descriptors at a 16-aligned index.
 */
struct arm_v7s_io_pgtable {
	struct io_pgtable iop;
	v7s_pte *pgd;
	v7s_pte **l2;
	unsigned int nr_l1;
	unsigned int l1_order;
	zs_spinlock_t lock;
	struct v7s_l2_src src;
	atomic_ulong fit_failures;
	atomic_ulong high_tables;
};

#define to_v7s(ops) ((struct arm_v7s_io_pgtable *)io_pgtable_ops_to_pgtable(ops))

/* --- descriptors in memory: little-endian u32 ------------------------- */

static v7s_pte pte_read(const v7s_pte *ptep)
{
	return le32toh(__atomic_load_n(ptep, __ATOMIC_ACQUIRE));
}

static void pte_write(v7s_pte *ptep, v7s_pte pte)
{
	__atomic_store_n(ptep, htole32(pte), __ATOMIC_RELEASE);
}

/*
 * A non-coherent walker (cfg->coherent_walk false, cfg->iommu_dev set)
 * reads the tables through its own view of memory, so each table is a
 * DMA_TO_DEVICE streaming mapping of iommu_dev for its life (map_table()),
 * and written PTEs are handed over with dma_sync_single_for_device(), as
 * the kernel does.  Without an iommu_dev there is no device to map for:
 * the tables are read directly (zslab's own walker, arm-v7s-walk.c).
 */
static bool dma_walker(const struct io_pgtable_cfg *cfg)
{
	return !cfg->coherent_walk && cfg->iommu_dev;
}

static void pte_sync(const struct arm_v7s_io_pgtable *data, v7s_pte *ptep, unsigned int n)
{
	const struct io_pgtable_cfg *cfg = &data->iop.cfg;

	if (dma_walker(cfg))
		dma_sync_single_for_device(cfg->iommu_dev, (dma_addr_t)virt_to_phys(ptep),
					   n * sizeof(*ptep), DMA_TO_DEVICE);
}

static void set_ptes(const struct arm_v7s_io_pgtable *data, v7s_pte *ptep, v7s_pte pte,
		     unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		pte_write(&ptep[i], pte);
	pte_sync(data, ptep, n);
}

static bool pte_valid(v7s_pte pte)
{
	return (pte & 3u) != 0;
}

static bool pte_is_table(v7s_pte pte, int lvl)
{
	return lvl == 1 && (pte & 3u) == PTE_TYPE_TABLE;
}

static bool pte_is_cont(v7s_pte pte, int lvl)
{
	if (!pte_valid(pte))
		return false;
	if (lvl == 1)
		return !pte_is_table(pte, 1) && (pte & CONT_SECTION);
	return !(pte & PTE_TYPE_PAGE);
}

/* --- geometry --------------------------------------------------------- */

static unsigned int lvl_idx(const struct arm_v7s_io_pgtable *data,
			    unsigned long iova, int lvl)
{
	unsigned int n = lvl == 1 ? data->nr_l1 : V7S_L2_PTES;

	return (unsigned int)(iova >> V7S_LVL_SHIFT(lvl)) & (n - 1);
}

static bool mtk_ext(const struct io_pgtable_cfg *cfg)
{
	return cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_EXT;
}

/* --- conversions ------------------------------------------------------ */

/* MediaTek: PA bits 32/33/34 into descriptor bits 9/4/5. */
static v7s_pte mtk_pa_bits(phys_addr_t pa)
{
	v7s_pte pte = 0;

	if (pa & (1ULL << 32))
		pte |= MTK_PA_BIT32;
	if (pa & (1ULL << 33))
		pte |= MTK_PA_BIT33;
	if (pa & (1ULL << 34))
		pte |= MTK_PA_BIT34;
	return pte;
}

static v7s_pte paddr_to_pte(phys_addr_t pa, int lvl, const struct io_pgtable_cfg *cfg)
{
	v7s_pte pte = (v7s_pte)pa & V7S_LVL_MASK(lvl);

	return mtk_ext(cfg) ? pte | mtk_pa_bits(pa) : pte;
}

static phys_addr_t pte_to_paddr(v7s_pte pte, int lvl, const struct io_pgtable_cfg *cfg)
{
	v7s_pte mask;
	phys_addr_t pa;

	if (pte_is_table(pte, lvl))
		mask = V7S_TABLE_MASK;
	else if (pte_is_cont(pte, lvl))
		mask = V7S_CONT_MASK(lvl);
	else
		mask = V7S_LVL_MASK(lvl);
	pa = pte & mask;
	if (!mtk_ext(cfg))
		return pa;
	if (pte & MTK_PA_BIT32)
		pa |= 1ULL << 32;
	if (pte & MTK_PA_BIT33)
		pa |= 1ULL << 33;
	if (pte & MTK_PA_BIT34)
		pa |= 1ULL << 34;
	return pa;
}

static v7s_pte prot_to_pte(int prot, int lvl, const struct io_pgtable_cfg *cfg)
{
	bool ap = !(cfg->quirks & IO_PGTABLE_QUIRK_NO_PERMS);
	v7s_pte pte = ATTR_NG | ATTR_S;

	if (!(prot & IOMMU_MMIO))
		pte |= ATTR_TEX(1);
	if (ap) {
		pte |= ATTR_AF;
		if (!(prot & IOMMU_PRIV))
			pte |= ATTR_AP_UNPRIV;
		if (!(prot & IOMMU_WRITE))
			pte |= ATTR_AP_RDONLY;
	}
	pte <<= ATTR_SHIFT(lvl);
	if ((prot & IOMMU_NOEXEC) && ap)
		pte |= ATTR_XN(lvl);
	if (prot & IOMMU_MMIO)
		pte |= ATTR_B;
	else if (prot & IOMMU_CACHE)
		pte |= ATTR_B | ATTR_C;
	pte |= PTE_TYPE_PAGE;
	if (lvl == 1 && (cfg->quirks & IO_PGTABLE_QUIRK_ARM_NS))
		pte |= ATTR_NS_SECTION;
	return pte;
}

/* The prot a (non-contiguous) leaf was made from; used by splitting. */
static int pte_to_prot(v7s_pte pte, int lvl)
{
	v7s_pte attr = pte >> ATTR_SHIFT(lvl);
	int prot = IOMMU_READ;

	if (!(attr & ATTR_AP_RDONLY))
		prot |= IOMMU_WRITE;
	if (!(attr & ATTR_AP_UNPRIV))
		prot |= IOMMU_PRIV;
	if ((attr & ATTR_TEX(7)) == 0)
		prot |= IOMMU_MMIO;
	else if (pte & ATTR_C)
		prot |= IOMMU_CACHE;
	if (pte & ATTR_XN(lvl))
		prot |= IOMMU_NOEXEC;
	return prot;
}

/* Section -> supersection; small page -> large page (XN and TEX move). */
static v7s_pte pte_to_cont(v7s_pte pte, int lvl)
{
	v7s_pte xn, tex;

	if (lvl == 1)
		return pte | CONT_SECTION;
	xn = pte & ATTR_XN(2);
	tex = pte & L2_TEX_SMALL;
	pte ^= xn | tex | PTE_TYPE_PAGE;
	return pte | (xn << 15) | (tex << 6) | PTE_TYPE_CONT_PAGE;
}

static v7s_pte cont_to_pte(v7s_pte pte, int lvl)
{
	v7s_pte xn, tex;

	if (lvl == 1)
		return pte & ~CONT_SECTION;
	xn = pte & L2_XN_LARGE;
	tex = pte & L2_TEX_LARGE;
	pte ^= xn | tex | PTE_TYPE_CONT_PAGE;
	return pte | (xn >> 15) | (tex >> 6) | PTE_TYPE_PAGE;
}

/* --- tables ----------------------------------------------------------- */

static bool table_fits(const struct arm_v7s_io_pgtable *data, phys_addr_t phys)
{
	const struct io_pgtable_cfg *cfg = &data->iop.cfg;

	if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT)
		return phys < (1ULL << cfg->oas);
	return phys == (v7s_pte)phys;
}

static gfp_t l1_gfp(const struct io_pgtable_cfg *cfg)
{
	if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT)
		return GFP_KERNEL;
	return GFP_DMA32;
}

/* Bytes of a table of @lvl: the L1 table's entries, or 1 KiB. */
static size_t table_size(const struct arm_v7s_io_pgtable *data, int lvl)
{
	return lvl == 1 ? data->nr_l1 * sizeof(v7s_pte) : V7S_L2_PTES * sizeof(v7s_pte);
}

/* Give a table's memory back (never mapped, or unmapped already). */
static void release_table(struct arm_v7s_io_pgtable *data, void *table, int lvl)
{
	if (lvl == 1)
		free_pages((unsigned long)table, data->l1_order);
	else
		v7s_l2_free(&data->src, table);
}

/* Free a table of alloc_table(): its mapping for the walker first. */
static void free_raw(struct arm_v7s_io_pgtable *data, void *table, int lvl)
{
	const struct io_pgtable_cfg *cfg = &data->iop.cfg;

	if (dma_walker(cfg))
		dma_unmap_single(cfg->iommu_dev, (dma_addr_t)virt_to_phys(table),
				 table_size(data, lvl), DMA_TO_DEVICE);
	release_table(data, table, lvl);
}

/*
 * Map a new table for a non-coherent walker.  The walker works with
 * physical addresses, so a mapping whose DMA address is not the table's
 * physical address (a bus offset, a swiotlb bounce) is refused with the
 * kernel's message, and the table with it.  Returns false when refused.
 */
static bool map_table(struct arm_v7s_io_pgtable *data, void *table, int lvl, phys_addr_t phys)
{
	const struct io_pgtable_cfg *cfg = &data->iop.cfg;
	size_t size = table_size(data, lvl);
	dma_addr_t dma;

	if (!dma_walker(cfg))
		return true;
	dma = dma_map_single(cfg->iommu_dev, table, size, DMA_TO_DEVICE);
	if (dma_mapping_error(cfg->iommu_dev, dma))
		return false;
	if (dma != phys) {
		dev_err(cfg->iommu_dev, "Cannot accommodate DMA translation for IOMMU page tables");
		dma_unmap_single(cfg->iommu_dev, dma, size, DMA_TO_DEVICE);
		return false;
	}
	return true;
}

/*
 * A zeroed table of @lvl whose physical address fits a descriptor (or the
 * TTBR), mapped for a non-coherent walker, or NULL.  NULL is checked
 * before any address is computed.
 */
static v7s_pte *alloc_table(struct arm_v7s_io_pgtable *data, int lvl, gfp_t gfp)
{
	void *table;
	phys_addr_t phys;

	if (lvl == 1)
		table = (void *)__get_free_pages(l1_gfp(&data->iop.cfg) | __GFP_ZERO,
						 data->l1_order);
	else
		table = v7s_l2_alloc(&data->src, gfp);
	if (!table)
		return NULL;
	phys = virt_to_phys(table);
	if (!table_fits(data, phys) && !data->iop.cfg.zslab_no_fit_check) {
		zs_report(ZS_ERR, "Page table does not fit in PTE: 0x%016llx",
			  (unsigned long long)phys);
		atomic_fetch_add(&data->fit_failures, 1);
		release_table(data, table, lvl);
		return NULL;
	}
	if (!map_table(data, table, lvl, phys)) {
		release_table(data, table, lvl);
		return NULL;
	}
	if (lvl == 2 && (phys >> 32))
		atomic_fetch_add(&data->high_tables, 1);
	return table;
}

/* The table descriptor for @table (truncated to 32 bits, as the kernel). */
static v7s_pte table_desc(const struct arm_v7s_io_pgtable *data, const void *table)
{
	const struct io_pgtable_cfg *cfg = &data->iop.cfg;
	phys_addr_t phys = virt_to_phys(table);
	v7s_pte desc = ((v7s_pte)phys & V7S_TABLE_MASK) | PTE_TYPE_TABLE;

	if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT)
		desc |= mtk_pa_bits(phys);
	if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_NS)
		desc |= ATTR_NS_TABLE;
	return desc;
}

/*
 * Publish @table in L1 slot @idx if the slot still holds @curr: the table
 * is already zeroed and filled; barrier, compare-and-swap, sync.
 * Return: the slot's value before (== @curr when @table was installed).
 */
static v7s_pte install_table(struct arm_v7s_io_pgtable *data, v7s_pte *table,
			     unsigned int idx, v7s_pte curr)
{
	v7s_pte *ptep = &data->pgd[idx];
	v7s_pte expect = htole32(curr);
	v7s_pte desc = htole32(table_desc(data, table));

	zs_spin_lock(&data->lock);
	if (pte_read(ptep) == curr) {
		v7s_pte *old = __atomic_load_n(&data->l2[idx], __ATOMIC_RELAXED);

		__atomic_store_n(&data->l2[idx], table, __ATOMIC_RELEASE);
		if (!__atomic_compare_exchange_n(ptep, &expect, desc, false,
						 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			__atomic_store_n(&data->l2[idx], old, __ATOMIC_RELEASE);
	} else {
		expect = __atomic_load_n(ptep, __ATOMIC_ACQUIRE);
	}
	zs_spin_unlock(&data->lock);
	pte_sync(data, ptep, 1);
	return le32toh(expect);
}

static v7s_pte *l2_of(struct arm_v7s_io_pgtable *data, unsigned int idx)
{
	return __atomic_load_n(&data->l2[idx], __ATOMIC_ACQUIRE);
}

/* --- unmap ------------------------------------------------------------ */

static size_t unmap_lvl(struct arm_v7s_io_pgtable *data,
			struct iommu_iotlb_gather *gather, unsigned long iova,
			size_t size, int lvl, v7s_pte *table);

/*
 * A partial unmap hit a contiguous group at @idx: rewrite its 16 copies as
 * 16 ordinary entries, each with its own output address, then flush the
 * walk caches for the group.  Called under data->lock.
 * Return: the entry now at @idx.
 */
static v7s_pte split_cont(struct arm_v7s_io_pgtable *data, unsigned long iova,
			  unsigned int idx, int lvl, v7s_pte *ptep)
{
	const struct io_pgtable_cfg *cfg = &data->iop.cfg;
	unsigned int first = idx & ~(V7S_CONT_PAGES - 1);
	v7s_pte *group = ptep - (idx - first);
	v7s_pte pte = pte_read(ptep);
	phys_addr_t pa;
	size_t blk = V7S_BLOCK(lvl);

	/* Did another thread split it while we waited for the lock? */
	if (!pte_is_cont(pte, lvl))
		return pte;
	pa = pte_to_paddr(pte, lvl, cfg);
	pte = cont_to_pte(pte, lvl) & ~(V7S_CONT_MASK(lvl));
	if (mtk_ext(cfg))
		pte &= ~mtk_pa_bits(~0ULL);
	for (unsigned int i = 0; i < V7S_CONT_PAGES; i++)
		pte_write(&group[i], pte | paddr_to_pte(pa + i * blk, lvl, cfg));
	pte_sync(data, group, V7S_CONT_PAGES);
	io_pgtable_tlb_flush_walk(&data->iop, iova & ~(V7S_CONT_PAGES * blk - 1),
				  V7S_CONT_PAGES * blk, V7S_CONT_PAGES * blk);
	return pte_read(ptep);
}

/*
 * Unmap @size (4 KiB or 64 KiB) from inside the 1 MiB section @blk_pte in
 * L1 slot @idx: build an L2 table mapping the rest of the section to the
 * same output addresses with the same attributes, and swap it in.
 * Return: @size, or 0 when no table could be had (the section is intact).
 */
static size_t split_blk_unmap(struct arm_v7s_io_pgtable *data,
			      struct iommu_iotlb_gather *gather,
			      unsigned long iova, size_t size, v7s_pte blk_pte,
			      unsigned int idx)
{
	const struct io_pgtable_cfg *cfg = &data->iop.cfg;
	unsigned int n = (unsigned int)(size >> V7S_LVL_SHIFT(2));
	unsigned int unmap_idx = lvl_idx(data, iova, 2);
	phys_addr_t blk_pa = pte_to_paddr(blk_pte, 1, cfg);
	v7s_pte *table, pte, old;

	table = alloc_table(data, 2, GFP_ATOMIC);
	if (!table)
		return 0;
	pte = prot_to_pte(pte_to_prot(blk_pte, 1), 2, cfg);
	if (n > 1)
		pte = pte_to_cont(pte, 2);
	for (unsigned int i = 0; i < V7S_L2_PTES; i += n) {
		if (i == unmap_idx)
			continue;
		set_ptes(data, &table[i], pte | paddr_to_pte(blk_pa + (phys_addr_t)i * SZ_4K, 2, cfg), n);
	}
	old = install_table(data, table, idx, blk_pte);
	if (old != blk_pte) {
		free_raw(data, table, 2);
		if (!pte_is_table(old, 1))
			return 0;
		return unmap_lvl(data, gather, iova, size, 2, l2_of(data, idx));
	}
	io_pgtable_tlb_add_page(&data->iop, gather, iova, size);
	return size;
}

/* Clear @n entries at @ptep (slot @idx of @lvl) whose old values are @pte. */
static void clear_entries(struct arm_v7s_io_pgtable *data,
			  struct iommu_iotlb_gather *gather, unsigned long iova,
			  int lvl, v7s_pte *ptep, unsigned int idx,
			  const v7s_pte *pte, unsigned int n)
{
	size_t blk = V7S_BLOCK(lvl);

	set_ptes(data, ptep, 0, n);
	for (unsigned int i = 0; i < n; i++, iova += blk) {
		if (pte_is_table(pte[i], lvl)) {
			v7s_pte *t = __atomic_exchange_n(&data->l2[idx + i], NULL,
							 __ATOMIC_ACQ_REL);
			io_pgtable_tlb_flush_walk(&data->iop, iova, blk, V7S_BLOCK(2));
			if (t)
				free_raw(data, t, 2);
		} else if (!iommu_iotlb_gather_queued(gather)) {
			io_pgtable_tlb_add_page(&data->iop, gather, iova, blk);
		}
	}
}

static size_t unmap_lvl(struct arm_v7s_io_pgtable *data,
			struct iommu_iotlb_gather *gather, unsigned long iova,
			size_t size, int lvl, v7s_pte *table)
{
	unsigned int idx = lvl_idx(data, iova, lvl);
	unsigned int n = (unsigned int)(size >> V7S_LVL_SHIFT(lvl));
	v7s_pte *ptep = table + idx;
	v7s_pte pte[V7S_CONT_PAGES];

	for (unsigned int i = 0; i < (n ? n : 1); i++) {
		pte[i] = pte_read(&ptep[i]);
		if (!pte_valid(pte[i])) {
			zs_warn("io-pgtable-arm-v7s: unmap of unmapped iova %#lx (level %d, size %#zx)",
				iova + i * V7S_BLOCK(lvl), lvl, size);
			return 0;
		}
	}
	if (n <= 1 && pte_is_cont(pte[0], lvl)) {
		zs_spin_lock(&data->lock);
		pte[0] = split_cont(data, iova, idx, lvl, ptep);
		zs_spin_unlock(&data->lock);
	}
	if (n) {
		clear_entries(data, gather, iova, lvl, ptep, idx, pte, n);
		return size;
	}
	if (lvl == 1 && !pte_is_table(pte[0], 1))
		return split_blk_unmap(data, gather, iova, size, pte[0], idx);
	return unmap_lvl(data, gather, iova, size, 2, l2_of(data, idx));
}

/* --- map -------------------------------------------------------------- */

/*
 * Write @n entries (n > 1: a contiguous group) at @ptep for @paddr.  An L1
 * slot holding a table is emptied first (its table freed); any other live
 * slot makes the whole request fail with -EEXIST before anything changes.
 */
static int init_pte(struct arm_v7s_io_pgtable *data, unsigned long iova,
		    phys_addr_t paddr, int prot, int lvl, unsigned int n,
		    v7s_pte *ptep)
{
	const struct io_pgtable_cfg *cfg = &data->iop.cfg;
	v7s_pte pte;

	for (unsigned int i = 0; i < n; i++) {
		pte = pte_read(&ptep[i]);
		if (pte && !pte_is_table(pte, lvl)) {
			/* We require an unmap first: WARN_ON(!selftest_running) */
			if (!arm_v7s_selftest_running)
				zs_warn("io-pgtable-arm-v7s: map: iova %#lx is already mapped (pte %#x)",
					iova + i * V7S_BLOCK(lvl), pte);
			return -EEXIST;
		}
	}
	for (unsigned int i = 0; i < n; i++) {
		unsigned long at = iova + i * V7S_BLOCK(lvl);

		if (!pte_is_table(pte_read(&ptep[i]), lvl))
			continue;
		if (unmap_lvl(data, NULL, at, V7S_BLOCK(lvl), lvl, data->pgd) != V7S_BLOCK(lvl)) {
			zs_warn("io-pgtable-arm-v7s: map: cannot remove the table at iova %#lx", at);
			return -EINVAL;
		}
	}
	pte = prot_to_pte(prot, lvl, cfg);
	if (n > 1)
		pte = pte_to_cont(pte, lvl);
	pte |= paddr_to_pte(paddr, lvl, cfg);
	set_ptes(data, ptep, pte, n);
	return 0;
}

/* The L2 table of L1 slot @idx, made if the slot is empty; or an error. */
static v7s_pte *get_l2(struct arm_v7s_io_pgtable *data, unsigned long iova,
		       unsigned int idx, gfp_t gfp, int *err)
{
	v7s_pte pte = pte_read(&data->pgd[idx]);
	v7s_pte *table;

	if (!pte) {
		table = alloc_table(data, 2, gfp);
		if (!table) {
			*err = -ENOMEM;
			return NULL;
		}
		pte = install_table(data, table, idx, 0);
		if (!pte)
			return table;
		free_raw(data, table, 2);
	}
	if (pte_is_table(pte, 1))
		return l2_of(data, idx);
	if (!arm_v7s_selftest_running)   /* WARN_ON(!selftest_running) */
		zs_warn("io-pgtable-arm-v7s: map: iova %#lx lies in a mapped block (pte %#x)",
			iova, pte);
	*err = -EEXIST;
	return NULL;
}

static int map_one(struct arm_v7s_io_pgtable *data, unsigned long iova,
		   phys_addr_t paddr, size_t size, int prot, gfp_t gfp)
{
	unsigned int idx = lvl_idx(data, iova, 1);
	v7s_pte *l2;
	int err = 0;

	if (size >= V7S_BLOCK(1))
		return init_pte(data, iova, paddr, prot, 1,
				(unsigned int)(size >> V7S_LVL_SHIFT(1)), &data->pgd[idx]);
	l2 = get_l2(data, iova, idx, gfp, &err);
	if (!l2)
		return err;
	return init_pte(data, iova, paddr, prot, 2,
			(unsigned int)(size >> V7S_LVL_SHIFT(2)), &l2[lvl_idx(data, iova, 2)]);
}

/* --- the ops ---------------------------------------------------------- */

/* zslab's validation of what the kernel leaves to the IOMMU core. */
static bool request_ok(const struct arm_v7s_io_pgtable *data, const char *op,
		       unsigned long iova, phys_addr_t paddr, size_t pgsize,
		       size_t pgcount)
{
	const char *why = NULL;

	if (!pgsize || (pgsize & (pgsize - 1)) || !(pgsize & data->iop.cfg.pgsize_bitmap))
		why = "pgsize is not one supported page size";
	else if (iova & (pgsize - 1))
		why = "iova is not aligned to pgsize";
	else if (paddr & (pgsize - 1))
		why = "paddr is not aligned to pgsize";
	else if (!pgcount)
		why = "pgcount is 0";
	if (!why)
		return true;
	zs_report(ZS_ERR, "io-pgtable-arm-v7s: %s: %s (iova %#lx paddr %#llx pgsize %#zx pgcount %zu)",
		  op, why, iova, (unsigned long long)paddr, pgsize, pgcount);
	return false;
}

/* Is [@addr, @addr + @pgsize * @pgcount) below 2^@bits? */
static bool range_ok(uint64_t addr, size_t pgsize, size_t pgcount, unsigned int bits)
{
	uint64_t limit = 1ULL << bits;

	return addr < limit && pgcount <= (limit - addr) / pgsize;
}

static int arm_v7s_map_pages(struct io_pgtable_ops *ops, unsigned long iova,
			     phys_addr_t paddr, size_t pgsize, size_t pgcount,
			     int prot, gfp_t gfp, size_t *mapped)
{
	struct arm_v7s_io_pgtable *data = to_v7s(ops);
	const struct io_pgtable_cfg *cfg = &data->iop.cfg;
	int ret = 0;

	if (!request_ok(data, "map", iova, paddr, pgsize, pgcount))
		return -EINVAL;
	if (!range_ok(iova, pgsize, pgcount, cfg->ias) ||
	    !range_ok(paddr, pgsize, pgcount, cfg->oas)) {
		zs_warn("io-pgtable-arm-v7s: map: iova %#lx or paddr %#llx (+%zu x %#zx) out of range (ias %u, oas %u)",
			iova, (unsigned long long)paddr, pgcount, pgsize, cfg->ias, cfg->oas);
		return -ERANGE;
	}
	if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
		return -EINVAL;
	while (pgcount--) {
		ret = map_one(data, iova, paddr, pgsize, prot, gfp);
		if (ret)
			break;
		iova += pgsize;
		paddr += pgsize;
		if (mapped)
			*mapped += pgsize;
	}
	/* Every PTE visible before any walk that the caller starts. */
	atomic_thread_fence(memory_order_seq_cst);
	return ret;
}

static size_t arm_v7s_unmap_pages(struct io_pgtable_ops *ops, unsigned long iova,
				  size_t pgsize, size_t pgcount,
				  struct iommu_iotlb_gather *gather)
{
	struct arm_v7s_io_pgtable *data = to_v7s(ops);
	size_t unmapped = 0, ret;

	if (!request_ok(data, "unmap", iova, 0, pgsize, pgcount))
		return 0;
	if (!range_ok(iova, pgsize, pgcount, data->iop.cfg.ias)) {
		zs_warn("io-pgtable-arm-v7s: unmap: iova %#lx (+%zu x %#zx) out of range (ias %u)",
			iova, pgcount, pgsize, data->iop.cfg.ias);
		return 0;
	}
	while (pgcount--) {
		ret = unmap_lvl(data, gather, iova, pgsize, 1, data->pgd);
		if (!ret)
			break;
		unmapped += pgsize;
		iova += pgsize;
	}
	return unmapped;
}

static phys_addr_t arm_v7s_iova_to_phys(struct io_pgtable_ops *ops, unsigned long iova)
{
	struct arm_v7s_io_pgtable *data = to_v7s(ops);
	const struct io_pgtable_cfg *cfg = &data->iop.cfg;
	unsigned int idx = lvl_idx(data, iova, 1);
	v7s_pte pte, mask;
	int lvl = 1;

	if (iova >> cfg->ias)
		return 0;
	pte = pte_read(&data->pgd[idx]);
	if (pte_is_table(pte, 1)) {
		lvl = 2;
		pte = pte_read(&l2_of(data, idx)[lvl_idx(data, iova, 2)]);
	}
	if (!pte_valid(pte))
		return 0;
	mask = pte_is_cont(pte, lvl) ? V7S_CONT_MASK(lvl) : V7S_LVL_MASK(lvl);
	return pte_to_paddr(pte, lvl, cfg) | (iova & ~(unsigned long)mask & 0xffffffffUL);
}

/* --- alloc and free --------------------------------------------------- */

static bool cfg_ok(const struct io_pgtable_cfg *cfg)
{
	bool mtk = mtk_ext(cfg);
	const char *why = NULL;

	if (cfg->ias < 32 || cfg->ias > (mtk ? 34u : 32u))
		why = "ias must be 32 (up to 34 with ARM_MTK_EXT)";
	else if (cfg->oas > (mtk ? 35u : 32u))
		why = "oas must be at most 32 (35 with ARM_MTK_EXT)";
	else if (cfg->quirks & ~V7S_QUIRKS)
		why = "unsupported quirk";
	else if (mtk && !(cfg->quirks & IO_PGTABLE_QUIRK_NO_PERMS))
		why = "ARM_MTK_EXT requires NO_PERMS";
	else if ((cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT) && !mtk)
		why = "ARM_MTK_TTBR_EXT requires ARM_MTK_EXT";
	else if ((unsigned int)cfg->zslab_l2_source >= IO_PGTABLE_L2_NR_SOURCES)
		why = "unknown zslab_l2_source";
	if (!why)
		return true;
	zs_report(ZS_ERR, "io-pgtable-arm-v7s: %s (ias %u, oas %u, quirks %#lx)",
		  why, cfg->ias, cfg->oas, cfg->quirks);
	return false;
}

static void set_registers(struct io_pgtable_cfg *cfg, phys_addr_t l1)
{
	cfg->pgsize_bitmap &= V7S_PGSIZES;
	cfg->arm_v7s_cfg.tcr = 0;
	cfg->arm_v7s_cfg.prrr = PRRR_TR(1, PRRR_TYPE_DEVICE) |
				PRRR_TR(4, PRRR_TYPE_NORMAL) |
				PRRR_TR(7, PRRR_TYPE_NORMAL) |
				PRRR_DS0 | PRRR_DS1 | PRRR_NS1 | PRRR_NOS(7);
	cfg->arm_v7s_cfg.nmrr = NMRR_IR(7, RGN_WBWA) | NMRR_OR(7, RGN_WBWA);
	if (mtk_ext(cfg))
		cfg->arm_v7s_cfg.ttbr = (uint32_t)l1 | (uint32_t)(l1 >> 32);
	else if (cfg->coherent_walk)
		cfg->arm_v7s_cfg.ttbr = (uint32_t)l1 | TTBR_S | TTBR_NOS |
					TTBR_IRGN(RGN_WBWA) | TTBR_ORGN(RGN_WBWA);
	else
		cfg->arm_v7s_cfg.ttbr = (uint32_t)l1 | TTBR_S |
					TTBR_IRGN(RGN_NC) | TTBR_ORGN(RGN_NC);
}

static void free_data(struct arm_v7s_io_pgtable *data)
{
	v7s_l2_src_destroy(&data->src);
	kfree(data->l2);
	kfree(data);
}

static const struct io_pgtable_ops arm_v7s_ops = {
	.map_pages = arm_v7s_map_pages,
	.unmap_pages = arm_v7s_unmap_pages,
	.iova_to_phys = arm_v7s_iova_to_phys,
};

static struct io_pgtable *arm_v7s_alloc_pgtable(struct io_pgtable_cfg *cfg, void *cookie)
{
	struct arm_v7s_io_pgtable *data;

	(void)cookie;
	if (!cfg_ok(cfg))
		return NULL;
	data = kzalloc(sizeof(*data), GFP_KERNEL);
	if (!data)
		return NULL;
	data->nr_l1 = 1u << (cfg->ias - 20);
	data->l1_order = (unsigned int)get_order(data->nr_l1 * sizeof(v7s_pte));
	zs_spin_init(&data->lock, ZS_RANK_V7S_TABLE);
	data->l2 = kcalloc(data->nr_l1, sizeof(*data->l2), GFP_KERNEL);
	/* live L2 tables: one per L1 slot, plus a few a racing map or split
	 * holds before it learns it lost */
	if (!data->l2 || v7s_l2_src_init(&data->src, cfg->zslab_l2_source,
					  cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT,
					  data->nr_l1 + 64))
		goto out_free;
	data->iop.ops = arm_v7s_ops;
	/* The table allocator reads the configuration. */
	data->iop.cfg = *cfg;
	data->pgd = alloc_table(data, 1, GFP_KERNEL);
	if (!data->pgd)
		goto out_free;
	/* Zeroed L1 visible before the TTBR is written anywhere. */
	atomic_thread_fence(memory_order_release);
	set_registers(cfg, virt_to_phys(data->pgd));
	data->iop.cfg = *cfg;
	return &data->iop;

out_free:
	free_data(data);
	return NULL;
}

static void arm_v7s_free_pgtable(struct io_pgtable *iop)
{
	struct arm_v7s_io_pgtable *data = (struct arm_v7s_io_pgtable *)iop;

	for (unsigned int i = 0; i < data->nr_l1; i++)
		if (data->l2[i])
			free_raw(data, data->l2[i], 2);
	free_raw(data, data->pgd, 1);
	free_data(data);
}

static void arm_v7s_stats(struct io_pgtable *iop, struct zslab_io_pgtable_stats *st)
{
	struct arm_v7s_io_pgtable *data = (struct arm_v7s_io_pgtable *)iop;
	struct v7s_l2_src *src = &data->src;
	size_t peak = v7s_l2_held_peak(src);
	size_t held = v7s_l2_held(src);

	memset(st, 0, sizeof(*st));
	st->l2_tables = atomic_load(&src->live);
	st->l2_tables_peak = atomic_load(&src->peak);
	st->l2_allocs = atomic_load(&src->allocs);
	st->l2_alloc_failures = atomic_load(&src->failures);
	st->l2_fit_failures = atomic_load(&data->fit_failures);
	st->l2_high_tables = atomic_load(&data->high_tables);
	st->l2_bytes_held = held;
	st->l2_bytes_held_peak = peak;
	st->l1_bytes = PAGE_SIZE << data->l1_order;
}

const struct io_pgtable_init_fns io_pgtable_arm_v7s_init_fns = {
	.alloc = arm_v7s_alloc_pgtable,
	.free = arm_v7s_free_pgtable,
	.stats = arm_v7s_stats,
};
