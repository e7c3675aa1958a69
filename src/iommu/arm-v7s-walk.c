/* SPDX-License-Identifier: MIT */
/*
 * arm-v7s-walk.c - the hardware-walk model of ARMv7 short-descriptor
 * tables (see <zslab/arm-v7s-walk.h>).  Written from the architecture's
 * descriptor formats (ARM ARM B3.5, spec §2 and §9), on purpose without
 * any code, macro or header shared with the table writer
 * (io-pgtable-arm-v7s.c): it is the independent check that the writer's
 * tables mean what they should.  No locks; reads only.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <zslab/arm-v7s-walk.h>
#include <zslab/mm.h>

/* Bit n of a 32-bit descriptor, and the field [hi:lo]. */
#define DBIT(d, n)         (((d) >> (n)) & 1u)
#define DFIELD(d, hi, lo)  (((d) >> (lo)) & ((2u << ((hi) - (lo))) - 1u))

struct walk_ctx {
	const struct io_pgtable_cfg *cfg;
	bool mtk;        /* ARM_MTK_EXT: leaf PA[34:32] in bits 9/4/5 */
	bool ttbr_ext;   /* tables above 4 GiB: TTBR[2:0], table bits 9/4/5 */
	bool no_perms;   /* MediaTek: AP/XN ignored */
	unsigned int l1_bits;
};

static void ctx_init(struct walk_ctx *c, const struct io_pgtable_cfg *cfg)
{
	c->cfg = cfg;
	c->mtk = cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_EXT;
	c->ttbr_ext = c->mtk && (cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT);
	c->no_perms = cfg->quirks & IO_PGTABLE_QUIRK_NO_PERMS;
	c->l1_bits = (c->mtk && cfg->ias > 32 ? cfg->ias : 32) - 20;
}

/*
 * Fetch the little-endian word at physical @pa, as the bus would.
 * Return: false (external abort) when @pa is not RAM.
 */
static bool bus_read32(phys_addr_t pa, uint32_t *out)
{
	const uint32_t *p;
	uint32_t raw;
	uint8_t b[4];

	if ((pa & 3) || !pfn_valid((unsigned long)(pa >> PAGE_SHIFT)))
		return false;
	p = phys_to_virt(pa);
	raw = __atomic_load_n(p, __ATOMIC_ACQUIRE);
	memcpy(b, &raw, sizeof(b));
	*out = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
	return true;
}

/* PA[34:32] as MediaTek encodes them in descriptor bits 9/4/5. */
static phys_addr_t mtk_high(uint32_t d)
{
	return (phys_addr_t)DBIT(d, 9) << 32 | (phys_addr_t)DBIT(d, 4) << 33 |
	       (phys_addr_t)DBIT(d, 5) << 34;
}

static phys_addr_t l1_base(const struct walk_ctx *c)
{
	uint32_t ttbr = c->cfg->arm_v7s_cfg.ttbr;
	uint32_t size = 4u << c->l1_bits;
	phys_addr_t base = ttbr & ~(size - 1u) & 0xffffc000u;

	if (c->ttbr_ext)
		base |= (phys_addr_t)(ttbr & 7u) << 32;
	return base;
}

static phys_addr_t l2_base(const struct walk_ctx *c, uint32_t d)
{
	phys_addr_t base = d & 0xfffffc00u;

	return c->ttbr_ext ? base | mtk_high(d) : base;
}

/* AP[2:0] -> what privileged and unprivileged accesses may do. */
static unsigned int ap_perms(unsigned int ap2, unsigned int ap1)
{
	unsigned int p = ARM_V7S_PERM_PRIV_R;

	if (!ap2)
		p |= ARM_V7S_PERM_PRIV_W;
	if (ap1) {
		p |= ARM_V7S_PERM_USER_R;
		if (!ap2)
			p |= ARM_V7S_PERM_USER_W;
	}
	return p;
}

/* The fields a leaf has at either level, pulled out of its descriptor. */
struct leaf {
	unsigned int ap2, ap1, ap0, xn, tex, c, b, s;
};

static void decode_attrs(const struct walk_ctx *c, const struct leaf *l,
			 struct arm_v7s_walk_result *r)
{
	uint32_t prrr = c->cfg->arm_v7s_cfg.prrr, nmrr = c->cfg->arm_v7s_cfg.nmrr;
	unsigned int idx = (l->tex & 1u) << 2 | l->c << 1 | l->b;

	r->attr_idx = idx;
	r->memtype = (enum arm_v7s_memtype)DFIELD(prrr, 2 * idx + 1, 2 * idx);
	r->inner = DFIELD(nmrr, 2 * idx + 1, 2 * idx);
	r->outer = DFIELD(nmrr, 2 * idx + 17, 2 * idx + 16);
	if (r->memtype == ARM_V7S_MEM_STRONGLY_ORDERED)
		r->shareable = true;
	else if (r->memtype == ARM_V7S_MEM_DEVICE)
		r->shareable = DBIT(prrr, 16 + l->s);
	else
		r->shareable = DBIT(prrr, 18 + l->s);
	r->outer_shareable = r->shareable && !DBIT(prrr, 24 + idx);
	if (c->no_perms)
		r->perms = ARM_V7S_PERM_PRIV_R | ARM_V7S_PERM_PRIV_W | ARM_V7S_PERM_USER_R |
			   ARM_V7S_PERM_USER_W | ARM_V7S_PERM_X;
	else
		r->perms = ap_perms(l->ap2, l->ap1) | (l->xn ? 0 : ARM_V7S_PERM_X);
}

static void leaf_section(const struct walk_ctx *c, uint32_t d, unsigned long iova,
			 struct arm_v7s_walk_result *r, struct leaf *l)
{
	if (DBIT(d, 18)) {        /* supersection */
		r->size = SZ_16M;
		r->pa = (phys_addr_t)(d & 0xff000000u) | (iova & 0xffffffu);
		if (c->mtk)
			r->pa |= mtk_high(d);
		else
			r->pa |= (phys_addr_t)DFIELD(d, 23, 20) << 32 |
				 (phys_addr_t)DFIELD(d, 8, 5) << 36;
	} else {
		r->size = SZ_1M;
		r->pa = (phys_addr_t)(d & 0xfff00000u) | (iova & 0xfffffu);
		if (c->mtk)
			r->pa |= mtk_high(d);
	}
	l->ap2 = DBIT(d, 15);
	l->ap1 = DBIT(d, 11);
	l->ap0 = DBIT(d, 10);
	l->tex = DFIELD(d, 14, 12);
	l->xn = DBIT(d, 4);
	l->s = DBIT(d, 16);
	r->ns = DBIT(d, 19);
}

static void leaf_page(const struct walk_ctx *c, uint32_t d, unsigned long iova,
		      struct arm_v7s_walk_result *r, struct leaf *l)
{
	if (DBIT(d, 1)) {         /* small page */
		r->size = SZ_4K;
		r->pa = (phys_addr_t)(d & 0xfffff000u) | (iova & 0xfffu);
		l->xn = DBIT(d, 0);
		l->tex = DFIELD(d, 8, 6);
	} else {                  /* large page */
		r->size = SZ_64K;
		r->pa = (phys_addr_t)(d & 0xffff0000u) | (iova & 0xffffu);
		l->xn = DBIT(d, 15);
		l->tex = DFIELD(d, 14, 12);
	}
	if (c->mtk)
		r->pa |= mtk_high(d);
	l->ap2 = DBIT(d, 9);
	l->ap1 = DBIT(d, 5);
	l->ap0 = DBIT(d, 4);
	l->s = DBIT(d, 10);
}

static int fault(struct arm_v7s_walk_result *r, enum arm_v7s_fault f, int level)
{
	r->fault = f;
	r->level = level;
	return -EFAULT;
}

/* Access flag, then permissions: the checks on a leaf that was found. */
static int check_access(const struct walk_ctx *c, const struct leaf *l,
			unsigned int access, struct arm_v7s_walk_result *r)
{
	bool user = access & ARM_V7S_ACC_UNPRIV;
	unsigned int need = 0;

	if (c->no_perms)
		return 0;
	if (!l->ap0)
		return fault(r, ARM_V7S_FAULT_ACCESS_FLAG, r->level);
	if (access & (ARM_V7S_ACC_READ | ARM_V7S_ACC_EXEC))
		need |= user ? ARM_V7S_PERM_USER_R : ARM_V7S_PERM_PRIV_R;
	if (access & ARM_V7S_ACC_WRITE)
		need |= user ? ARM_V7S_PERM_USER_W : ARM_V7S_PERM_PRIV_W;
	if (access & ARM_V7S_ACC_EXEC)
		need |= ARM_V7S_PERM_X;
	if ((r->perms & need) != need)
		return fault(r, ARM_V7S_FAULT_PERMISSION, r->level);
	return 0;
}

int arm_v7s_walk(const struct io_pgtable_cfg *cfg, unsigned long iova,
		 unsigned int access, struct arm_v7s_walk_result *r)
{
	struct walk_ctx c;
	struct leaf l;
	uint32_t d1, d;
	unsigned long l1_index;

	memset(r, 0, sizeof(*r));
	memset(&l, 0, sizeof(l));
	ctx_init(&c, cfg);
	l1_index = (iova >> 20) & ((1ul << c.l1_bits) - 1);
	r->desc_pa = l1_base(&c) + l1_index * 4;
	if (!bus_read32(r->desc_pa, &d1))
		return fault(r, ARM_V7S_FAULT_EXTERNAL_ABORT, 1);
	r->desc = d1;
	switch (d1 & 3u) {
	case 0:
	case 3:
		return fault(r, ARM_V7S_FAULT_TRANSLATION_L1, 1);
	case 2:
		r->level = 1;
		leaf_section(&c, d1, iova, r, &l);
		break;
	default:
		r->desc_pa = l2_base(&c, d1) + ((iova >> 12) & 0xffu) * 4;
		if (!bus_read32(r->desc_pa, &d))
			return fault(r, ARM_V7S_FAULT_EXTERNAL_ABORT, 2);
		r->desc = d;
		if (!(d & 3u))
			return fault(r, ARM_V7S_FAULT_TRANSLATION_L2, 2);
		r->level = 2;
		leaf_page(&c, d, iova, r, &l);
		r->ns = DBIT(d1, 3);
		break;
	}
	l.c = DBIT(r->desc, 3);
	l.b = DBIT(r->desc, 2);
	decode_attrs(&c, &l, r);
	return check_access(&c, &l, access, r);
}

const char *arm_v7s_fault_name(enum arm_v7s_fault f)
{
	switch (f) {
	case ARM_V7S_WALK_OK: return "ok";
	case ARM_V7S_FAULT_TRANSLATION_L1: return "translation fault (level 1)";
	case ARM_V7S_FAULT_TRANSLATION_L2: return "translation fault (level 2)";
	case ARM_V7S_FAULT_ACCESS_FLAG: return "access flag fault";
	case ARM_V7S_FAULT_PERMISSION: return "permission fault";
	case ARM_V7S_FAULT_EXTERNAL_ABORT: return "external abort on walk";
	}
	return "unknown fault";
}

/* --- the whole-table checker ------------------------------------------ */

struct checker {
	struct walk_ctx c;
	FILE *log;
	long violations;
	phys_addr_t *l2s;      /* L2 bases seen, for the duplicate check */
	size_t nr_l2;
};

__attribute__((format(printf, 2, 3)))
static void violation(struct checker *k, const char *fmt, ...)
{
	va_list ap;

	k->violations++;
	if (!k->log)
		return;
	fputs("arm-v7s check: ", k->log);
	va_start(ap, fmt);
	vfprintf(k->log, fmt, ap);
	va_end(ap);
	fputc('\n', k->log);
}

static phys_addr_t oas_limit(const struct walk_ctx *c)
{
	return 1ULL << c->cfg->oas;
}

/*
 * Entries @i..@i+15 of the table at @base must be one contiguous group:
 * @i 16-aligned and all 16 descriptors equal to @d.
 */
static void check_group(struct checker *k, phys_addr_t base, unsigned int i,
			uint32_t d, int level)
{
	uint32_t other = 0;

	if (i % 16) {
		violation(k, "L%d[%u] at %#llx: contiguous entry %#x not at a 16-aligned index",
			  level, i, (unsigned long long)base, d);
		return;
	}
	for (unsigned int j = 1; j < 16; j++)
		if (!bus_read32(base + (i + j) * 4, &other) || other != d) {
			violation(k, "L%d[%u] at %#llx: copy %u of contiguous entry %#x is %#x",
				  level, i, (unsigned long long)base, j, d, other);
			return;
		}
}

static void check_leaf_pa(struct checker *k, uint32_t d, int level, unsigned int i,
			  phys_addr_t pa)
{
	if (pa >= oas_limit(&k->c))
		violation(k, "L%d[%u] = %#x: output address %#llx beyond oas %u",
			  level, i, d, (unsigned long long)pa, k->c.cfg->oas);
}

/* Check one L2 table; return nothing, count violations. */
static void check_l2(struct checker *k, phys_addr_t base, unsigned int l1i)
{
	struct arm_v7s_walk_result r;
	struct leaf l;

	for (unsigned int i = 0; i < 256; i++) {
		uint32_t d;
		unsigned long iova = (unsigned long)l1i << 20 | (unsigned long)i << 12;

		if (!bus_read32(base + i * 4, &d)) {
			violation(k, "L2 table of L1[%u] at %#llx is not RAM", l1i,
				  (unsigned long long)base);
			return;
		}
		if (!(d & 3u))
			continue;
		memset(&r, 0, sizeof(r));
		leaf_page(&k->c, d, iova, &r, &l);
		check_leaf_pa(k, d, 2, i, r.pa & ~(phys_addr_t)(r.size - 1));
		if (k->c.mtk && l.xn)
			violation(k, "L2[%u] of L1[%u] = %#x: XN set under ARM_MTK_EXT", i, l1i, d);
		if (!DBIT(d, 1)) {        /* large page: one group of 16 */
			check_group(k, base, i, d, 2);
			i |= 15u;
		}
	}
}

static void check_table_desc(struct checker *k, uint32_t d, unsigned int i)
{
	phys_addr_t base = l2_base(&k->c, d);
	phys_addr_t limit = k->c.ttbr_ext ? oas_limit(&k->c) : 1ULL << 32;
	bool ns_wanted = k->c.cfg->quirks & IO_PGTABLE_QUIRK_ARM_NS;
	/* PXN (2), SBZ (4) and domain (8:5); MTK's L2 PA bits live in 9/4/5. */
	uint32_t sbz = k->c.ttbr_ext ? 0x1c4u : 0x1f4u;

	if (base >= limit)
		violation(k, "L1[%u] = %#x: L2 base %#llx beyond the descriptor's reach",
			  i, d, (unsigned long long)base);
	if (DBIT(d, 3) != ns_wanted)
		violation(k, "L1[%u] = %#x: NS is %u, the ARM_NS quirk says %u", i, d,
			  DBIT(d, 3), ns_wanted);
	if (d & sbz)
		violation(k, "L1[%u] = %#x: PXN/SBZ/domain bits set", i, d);
	k->l2s[k->nr_l2++] = base;
	check_l2(k, base, i);
}

/* Check L1[@i]; return how many further slots it covers (a group: 15). */
static unsigned int check_l1_entry(struct checker *k, phys_addr_t l1, unsigned int i,
				   uint32_t d)
{
	struct arm_v7s_walk_result r;
	struct leaf l;

	switch (d & 3u) {
	case 0:
		return 0;
	case 1:
		check_table_desc(k, d, i);
		return 0;
	case 3:
		violation(k, "L1[%u] = %#x: reserved type 11", i, d);
		return 0;
	}
	memset(&r, 0, sizeof(r));
	leaf_section(&k->c, d, (unsigned long)i << 20, &r, &l);
	check_leaf_pa(k, d, 1, i, r.pa & ~(phys_addr_t)(r.size - 1));
	if (k->c.mtk && (l.ap2 || l.ap1 || l.ap0))
		violation(k, "L1[%u] = %#x: AP bits set under ARM_MTK_EXT", i, d);
	if (!DBIT(d, 18))
		return 0;
	check_group(k, l1, i, d, 1);
	return 15 - (i & 15u);
}

static int cmp_phys(const void *a, const void *b)
{
	phys_addr_t x = *(const phys_addr_t *)a, y = *(const phys_addr_t *)b;

	return x < y ? -1 : x > y;
}

static void check_no_shared_l2(struct checker *k)
{
	qsort(k->l2s, k->nr_l2, sizeof(*k->l2s), cmp_phys);
	for (size_t i = 1; i < k->nr_l2; i++)
		if (k->l2s[i] == k->l2s[i - 1])
			violation(k, "L2 table at %#llx is reachable from two L1 slots",
				  (unsigned long long)k->l2s[i]);
}

long arm_v7s_check_tables(const struct io_pgtable_cfg *cfg, FILE *log)
{
	struct checker k;
	unsigned int n;
	phys_addr_t l1;

	memset(&k, 0, sizeof(k));
	ctx_init(&k.c, cfg);
	k.log = log;
	n = 1u << k.c.l1_bits;
	l1 = l1_base(&k.c);
	k.l2s = calloc(n, sizeof(*k.l2s));
	if (!k.l2s)
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++) {
		uint32_t d;

		if (!bus_read32(l1 + i * 4, &d)) {
			violation(&k, "L1 table at %#llx is not RAM", (unsigned long long)l1);
			break;
		}
		i += check_l1_entry(&k, l1, i, d);
	}
	check_no_shared_l2(&k);
	free(k.l2s);
	return k.violations;
}
