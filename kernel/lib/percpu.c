// SPDX-License-Identifier: MIT
/*
 * percpu.c - the other CPUs' copies of per-CPU variables and the dynamic
 * per-CPU area (the model: linux/percpu-defs.h and linux/percpu.h).
 *
 * Static: each module's "zsk_percpu" section is CPU 0's copy; at
 * registration it is copied once per other possible CPU, with the copy's
 * address congruent to the section's modulo a page, so that alignments
 * hold.  Invariant: areas[0 .. nr_areas) are registered, distinct
 * sections, each with nr_cpus - 1 copies or none (copy NULL: no memory
 * at registration); nr_areas only grows, and is
 * published with a release store after its entry is complete, so
 * zsk_percpu_addr() reads without the lock.
 *
 * Dynamic: one reservation of nr_cpus units of unit_size bytes
 * (ZSK_PERCPU_UNIT, halved while the host refuses that much address
 * space); an object at offset o of unit 0 has CPU k's copy at offset o of
 * unit k.  Invariants: used[0 .. nr_used) are the live objects, sorted by
 * offset and disjoint, each inside unit 0; every unit is zero from offset
 * high on (never handed out); the search for a gap starts at used[hint]
 * (hint <= nr_used), below which no object was freed since the last
 * search passed there, so a program that only allocates appends in O(1).
 *
 * pcpu_lock (a leaf: nothing is called under it that takes a lock)
 * guards registration and the dynamic allocator.
 */
#include <linux/bug.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/smp.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MAX_AREAS 64
#define PCPU_PAGE 4096UL

struct static_area {
	char *start, *end;
	char **copy;            /* copy[k - 1]: CPU k's copy */
};

struct used_obj {
	size_t off, size;
};

static pthread_mutex_t pcpu_lock = PTHREAD_MUTEX_INITIALIZER;
static struct static_area areas[MAX_AREAS];
static unsigned int nr_areas;
static char *unit_base;         /* the dynamic reservation, or NULL */
static size_t unit_size;        /* set before unit_base is published */
static struct used_obj *used;
static size_t nr_used, cap_used, hint, high;

static int nr_cpus(void)
{
	return (int)zsk_num_cpus();
}

static bool area_known(const char *start)
{
	for (unsigned int i = 0; i < nr_areas; i++)
		if (areas[i].start == start)
			return true;
	return false;
}

static char **copy_section(char *start, size_t size)
{
	int n = nr_cpus();
	char **copy = calloc((size_t)n, sizeof(*copy));
	size_t bytes = (size + 2 * PCPU_PAGE - 1) & ~(PCPU_PAGE - 1);

	for (int k = 1; copy && k < n; k++) {
		char *buf = aligned_alloc(PCPU_PAGE, bytes);
		if (!buf) {
			while (--k >= 1)
				free((void *)((uintptr_t)copy[k - 1] & ~(PCPU_PAGE - 1)));
			free(copy);
			return NULL;
		}
		copy[k - 1] = buf + ((uintptr_t)start & (PCPU_PAGE - 1));
		memcpy(copy[k - 1], start, size);
	}
	return copy;
}

void zsk_percpu_register(char *start, char *end)
{
	bool full = false;

	pthread_mutex_lock(&pcpu_lock);
	if (!area_known(start) && !(full = nr_areas == MAX_AREAS)) {
		/* copy NULL (no memory): the other CPUs' copies are CPU 0's,
		 * which zsk_percpu_addr() reports */
		areas[nr_areas] = (struct static_area){ start, end,
			copy_section(start, (size_t)(end - start)) };
		__atomic_store_n(&nr_areas, nr_areas + 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&pcpu_lock);
	if (full)
		pr_err("percpu: more than %d modules with per-CPU sections; the section at %p is not registered\n",
		       MAX_AREAS, (void *)start);
}

static const struct static_area *static_area_of(const char *p)
{
	unsigned int n = __atomic_load_n(&nr_areas, __ATOMIC_ACQUIRE);

	for (unsigned int i = 0; i < n; i++)
		if (p >= areas[i].start && p < areas[i].end)
			return &areas[i];
	return NULL;
}

void *zsk_percpu_addr(const void *p, int cpu)
{
	const char *c = p;
	char *base = __atomic_load_n(&unit_base, __ATOMIC_ACQUIRE);
	const struct static_area *a;

	if (WARN_ONCE(cpu < 0 || cpu >= nr_cpus(), "per_cpu_ptr: CPU %d is not possible (nr_cpu_ids %d)\n",
		      cpu, nr_cpus()))
		return (void *)c;
	if (base && (uintptr_t)(c - base) < unit_size)
		return base + (size_t)cpu * unit_size + (size_t)(c - base);
	a = static_area_of(c);
	if (WARN_ONCE(!a, "per_cpu_ptr: %p is not a per-CPU address\n", p))
		return (void *)c;
	if (cpu == 0 || WARN_ONCE(!a->copy, "per_cpu_ptr: the per-CPU section at %p has no copies (out of memory at start); CPU %d gets CPU 0's\n",
				  (void *)a->start, cpu))
		return (void *)c;
	return a->copy[cpu - 1] + (c - a->start);
}

bool is_kernel_percpu_address(unsigned long addr)
{
	return static_area_of((const char *)addr) != NULL;
}

/* The first offset of unit 0 from used[hint] on where @size bytes aligned
 * to @align fit between the live objects, at index *@at of used[]; or -1. */
static long find_gap(size_t size, size_t align, size_t *at)
{
	size_t off = hint ? used[hint - 1].off + used[hint - 1].size : 0;

	for (size_t i = hint; i <= nr_used; i++) {
		size_t limit = i < nr_used ? used[i].off : unit_size;
		off = (off + align - 1) & ~(align - 1);
		if (off <= limit && limit - off >= size) {
			*at = i;
			return (long)off;
		}
		if (i < nr_used)
			off = used[i].off + used[i].size;
	}
	return -1;
}

/* Reserve the units: ZSK_PERCPU_UNIT each, or half as much while the
 * host (RLIMIT_AS, say) refuses, down to PCPU_MIN_UNIT_SIZE. */
static bool reserve_units(void)
{
	void *p = MAP_FAILED;
	size_t unit;

	if (unit_base)
		return true;
	for (unit = ZSK_PERCPU_UNIT; unit >= PCPU_MIN_UNIT_SIZE; unit /= 2) {
		p = mmap(NULL, (size_t)nr_cpus() * unit, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p != MAP_FAILED)
			break;
	}
	if (p == MAP_FAILED)
		return false;
	unit_size = unit;
	__atomic_store_n(&unit_base, (char *)p, __ATOMIC_RELEASE);
	return true;
}

static bool note_used(size_t at, size_t off, size_t size)
{
	if (nr_used == cap_used) {
		size_t cap = cap_used ? 2 * cap_used : 64;
		struct used_obj *u = realloc(used, cap * sizeof(*u));
		if (!u)
			return false;
		used = u;
		cap_used = cap;
	}
	memmove(used + at + 1, used + at, (nr_used - at) * sizeof(*used));
	used[at] = (struct used_obj){ off, size };
	nr_used++;
	return true;
}

static void *alloc_locked(size_t size, size_t align)
{
	size_t at;
	long off;

	if (!reserve_units())
		return NULL;
	off = find_gap(size, align, &at);
	if (off < 0 && hint) {
		hint = 0;           /* a hole below the hint may fit */
		off = find_gap(size, align, &at);
	}
	if (off < 0 || !note_used(at, (size_t)off, size))
		return NULL;
	hint = at + 1;
	/* above high the units were never handed out: still zero */
	size_t dirty = (size_t)off < high ? (high - (size_t)off < size ? high - (size_t)off : size) : 0;
	for (int k = 0; dirty && k < nr_cpus(); k++)
		memset(unit_base + (size_t)k * unit_size + (size_t)off, 0, dirty);
	if ((size_t)off + size > high)
		high = (size_t)off + size;
	return unit_base + off;
}

void __percpu *__alloc_percpu_gfp(size_t size, size_t align, gfp_t gfp)
{
	void *p = NULL;
	bool valid = size && size <= ZSK_PERCPU_UNIT && align && align <= PCPU_PAGE &&
		     !(align & (align - 1));

	if (valid) {
		pthread_mutex_lock(&pcpu_lock);
		p = alloc_locked(size, align < 8 ? 8 : align);
		pthread_mutex_unlock(&pcpu_lock);
	}
	if (!p && !(gfp & __GFP_NOWARN))
		pr_warn("percpu: allocation failed, size=%zu align=%zu, %s\n", size, align,
			valid ? "the per-CPU area is full" : "invalid size or alignment");
	return p;
}

void __percpu *__alloc_percpu(size_t size, size_t align)
{
	return __alloc_percpu_gfp(size, align, GFP_KERNEL);
}

/* The index of the live object at offset @off, or nr_used. */
static size_t used_at(size_t off)
{
	size_t lo = 0, hi = nr_used;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (used[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nr_used && used[lo].off == off ? lo : nr_used;
}

void free_percpu(void __percpu *ptr)
{
	char *c = ptr;
	size_t i = 0;
	bool found = false;

	if (!ptr)
		return;
	pthread_mutex_lock(&pcpu_lock);
	if (unit_base && (uintptr_t)(c - unit_base) < unit_size) {
		i = used_at((size_t)(c - unit_base));
		found = i < nr_used;
	}
	if (found) {
		memmove(used + i, used + i + 1, (nr_used - i - 1) * sizeof(*used));
		nr_used--;
		if (hint > i)
			hint = i;
	}
	pthread_mutex_unlock(&pcpu_lock);
	WARN(!found, "free_percpu: %p is not an allocated per-CPU object; ignored\n", ptr);
}
