/* SPDX-License-Identifier: MIT */
/*
 * linux/percpu-defs.h - per-CPU variables and the this_cpu operations.
 *
 * The model (see linux/smp.h): every thread runs on CPU 0, and CPUs
 * 1 .. nr_cpu_ids - 1 exist for per_cpu() and for_each_possible_cpu().
 * So CPU 0's copy of a variable is the variable itself (a static one, in
 * the section "zsk_percpu") or the pointer alloc_percpu() returned, and
 * this_cpu_ptr(p) is p.  The other CPUs' copies are made by the compat
 * library: a module's section is copied, with its initial values, for
 * each CPU when the module starts (zsk_percpu_register(), called from a
 * constructor this header puts in every file), and a dynamic area is
 * zeroed on every CPU (linux/percpu.h).  per_cpu_ptr(p, cpu) finds the
 * copy of any address inside a per-CPU object, as the kernel's offsets
 * do, so this_cpu_inc(p->field) and per_cpu_ptr(&var.member, cpu) work.
 *
 * Since threads share CPU 0, every this_cpu_*, __this_cpu_* and
 * raw_cpu_* operation on a scalar is one relaxed atomic operation: the
 * kernel's guarantee (no lost update on this CPU) holds however many
 * threads run.  A structure reached through this_cpu_ptr() is shared by
 * those threads; preempt_disable() does not make it private here.
 */
#ifndef _ZSK_LINUX_PERCPU_DEFS_H
#define _ZSK_LINUX_PERCPU_DEFS_H

#include <linux/compiler.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/types.h>

/**
 * zsk_percpu_register() - make the other CPUs' copies of a module's section
 * @start: the first byte of the module's "zsk_percpu" section
 * @end: the byte after it
 *
 * Called by the constructor below; a section already registered is not
 * copied again.  Without memory for the copies, every CPU shares CPU 0's
 * copy, which per_cpu_ptr() reports once.
 */
void zsk_percpu_register(char *start, char *end);

/**
 * zsk_percpu_addr() - @cpu's copy of the per-CPU address @p
 * @p: an address inside a static per-CPU variable or a dynamic area
 * @cpu: a possible CPU
 *
 * Return: the copy; @p itself with a warning when @p is not a per-CPU
 * address or @cpu is not possible.
 */
void *zsk_percpu_addr(const void *p, int cpu);

/* Every file's anchor keeps its module's section present, and its
 * constructor registers the section before any initcall runs. */
extern char __start_zsk_percpu[] __attribute__((visibility("hidden")));
extern char __stop_zsk_percpu[] __attribute__((visibility("hidden")));
static char zsk_percpu_anchor __attribute__((section("zsk_percpu"), used));
static void __attribute__((constructor(101), used)) zsk_percpu_ctor(void)
{
	zsk_percpu_register(__start_zsk_percpu, __stop_zsk_percpu);
}

#define PER_CPU_BASE_SECTION "zsk_percpu"
#define DECLARE_PER_CPU_SECTION(type, name, sec) \
	extern __attribute__((section("zsk_percpu"))) __typeof__(type) name
#define DEFINE_PER_CPU_SECTION(type, name, sec) \
	__attribute__((section("zsk_percpu"))) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) DECLARE_PER_CPU_SECTION(type, name, "")
#define DEFINE_PER_CPU(type, name) DEFINE_PER_CPU_SECTION(type, name, "")
#define DECLARE_PER_CPU_ALIGNED(type, name) \
	DECLARE_PER_CPU_SECTION(type, name, "") __attribute__((aligned(64)))
#define DEFINE_PER_CPU_ALIGNED(type, name) \
	DEFINE_PER_CPU_SECTION(type, name, "") __attribute__((aligned(64)))
#define DECLARE_PER_CPU_SHARED_ALIGNED(type, name) DECLARE_PER_CPU_ALIGNED(type, name)
#define DEFINE_PER_CPU_SHARED_ALIGNED(type, name) DEFINE_PER_CPU_ALIGNED(type, name)
#define DECLARE_PER_CPU_PAGE_ALIGNED(type, name) \
	DECLARE_PER_CPU_SECTION(type, name, "") __attribute__((aligned(4096)))
#define DEFINE_PER_CPU_PAGE_ALIGNED(type, name) \
	DEFINE_PER_CPU_SECTION(type, name, "") __attribute__((aligned(4096)))
#define DECLARE_PER_CPU_READ_MOSTLY(type, name) DECLARE_PER_CPU(type, name)
#define DEFINE_PER_CPU_READ_MOSTLY(type, name) DEFINE_PER_CPU(type, name)
#define DECLARE_PER_CPU_DECRYPTED(type, name) DECLARE_PER_CPU(type, name)
#define DEFINE_PER_CPU_DECRYPTED(type, name) DEFINE_PER_CPU(type, name)

/* Pointers: CPU 0, the only CPU a thread runs on, owns the original. */
#define per_cpu_ptr(ptr, cpu) \
	((__typeof__(ptr))zsk_percpu_addr((const void *)(ptr), (cpu)))
#define raw_cpu_ptr(ptr) (ptr)
#define this_cpu_ptr(ptr) raw_cpu_ptr(ptr)
#define per_cpu(var, cpu) (*per_cpu_ptr(&(var), cpu))
#define get_cpu_var(var) (*({ preempt_disable(); this_cpu_ptr(&(var)); }))
#define put_cpu_var(var) do { (void)&(var); preempt_enable(); } while (0)
#define get_cpu_ptr(var) ({ preempt_disable(); this_cpu_ptr(var); })
#define put_cpu_ptr(var) do { (void)(var); preempt_enable(); } while (0)

/* The operations, each one relaxed atomic operation on CPU 0's copy. */
#define zsk_pcpu_load(pcp) __atomic_load_n(&(pcp), __ATOMIC_RELAXED)
#define zsk_pcpu_store(pcp, val) \
	__atomic_store_n(&(pcp), (__typeof__(pcp))(val), __ATOMIC_RELAXED)
#define zsk_pcpu_add_return(pcp, val) \
	__atomic_add_fetch(&(pcp), (__typeof__(pcp))(val), __ATOMIC_RELAXED)
#define zsk_pcpu_and(pcp, val) \
	((void)__atomic_and_fetch(&(pcp), (__typeof__(pcp))(val), __ATOMIC_RELAXED))
#define zsk_pcpu_or(pcp, val) \
	((void)__atomic_or_fetch(&(pcp), (__typeof__(pcp))(val), __ATOMIC_RELAXED))
#define zsk_pcpu_xchg(pcp, nval) \
	__atomic_exchange_n(&(pcp), (__typeof__(pcp))(nval), __ATOMIC_RELAXED)
#define zsk_pcpu_try_cmpxchg(pcp, ovalp, nval) \
	__atomic_compare_exchange_n(&(pcp), (ovalp), (__typeof__(pcp))(nval), \
				    false, __ATOMIC_RELAXED, __ATOMIC_RELAXED)
#define zsk_pcpu_cmpxchg(pcp, oval, nval) ({				\
	__typeof__(pcp) __zsk_old = (oval);				\
	zsk_pcpu_try_cmpxchg(pcp, &__zsk_old, nval);			\
	__zsk_old; })

#define raw_cpu_read(pcp) zsk_pcpu_load(pcp)
#define raw_cpu_write(pcp, val) zsk_pcpu_store(pcp, val)
#define raw_cpu_add_return(pcp, val) zsk_pcpu_add_return(pcp, val)
#define raw_cpu_add(pcp, val) ((void)raw_cpu_add_return(pcp, val))
#define raw_cpu_sub(pcp, val) raw_cpu_add(pcp, -(__typeof__(pcp))(val))
#define raw_cpu_inc(pcp) raw_cpu_add(pcp, 1)
#define raw_cpu_dec(pcp) raw_cpu_sub(pcp, 1)
#define raw_cpu_sub_return(pcp, val) raw_cpu_add_return(pcp, -(__typeof__(pcp))(val))
#define raw_cpu_inc_return(pcp) raw_cpu_add_return(pcp, 1)
#define raw_cpu_dec_return(pcp) raw_cpu_sub_return(pcp, 1)
#define raw_cpu_and(pcp, val) zsk_pcpu_and(pcp, val)
#define raw_cpu_or(pcp, val) zsk_pcpu_or(pcp, val)
#define raw_cpu_xchg(pcp, nval) zsk_pcpu_xchg(pcp, nval)
#define raw_cpu_cmpxchg(pcp, oval, nval) zsk_pcpu_cmpxchg(pcp, oval, nval)
#define raw_cpu_try_cmpxchg(pcp, ovalp, nval) zsk_pcpu_try_cmpxchg(pcp, ovalp, nval)

#define __this_cpu_read(pcp) raw_cpu_read(pcp)
#define __this_cpu_write(pcp, val) raw_cpu_write(pcp, val)
#define __this_cpu_add(pcp, val) raw_cpu_add(pcp, val)
#define __this_cpu_sub(pcp, val) raw_cpu_sub(pcp, val)
#define __this_cpu_inc(pcp) raw_cpu_inc(pcp)
#define __this_cpu_dec(pcp) raw_cpu_dec(pcp)
#define __this_cpu_add_return(pcp, val) raw_cpu_add_return(pcp, val)
#define __this_cpu_sub_return(pcp, val) raw_cpu_sub_return(pcp, val)
#define __this_cpu_inc_return(pcp) raw_cpu_inc_return(pcp)
#define __this_cpu_dec_return(pcp) raw_cpu_dec_return(pcp)
#define __this_cpu_and(pcp, val) raw_cpu_and(pcp, val)
#define __this_cpu_or(pcp, val) raw_cpu_or(pcp, val)
#define __this_cpu_xchg(pcp, nval) raw_cpu_xchg(pcp, nval)
#define __this_cpu_cmpxchg(pcp, oval, nval) raw_cpu_cmpxchg(pcp, oval, nval)
#define __this_cpu_try_cmpxchg(pcp, ovalp, nval) raw_cpu_try_cmpxchg(pcp, ovalp, nval)

#define this_cpu_read(pcp) raw_cpu_read(pcp)
#define this_cpu_write(pcp, val) raw_cpu_write(pcp, val)
#define this_cpu_add(pcp, val) raw_cpu_add(pcp, val)
#define this_cpu_sub(pcp, val) raw_cpu_sub(pcp, val)
#define this_cpu_inc(pcp) raw_cpu_inc(pcp)
#define this_cpu_dec(pcp) raw_cpu_dec(pcp)
#define this_cpu_add_return(pcp, val) raw_cpu_add_return(pcp, val)
#define this_cpu_sub_return(pcp, val) raw_cpu_sub_return(pcp, val)
#define this_cpu_inc_return(pcp) raw_cpu_inc_return(pcp)
#define this_cpu_dec_return(pcp) raw_cpu_dec_return(pcp)
#define this_cpu_and(pcp, val) raw_cpu_and(pcp, val)
#define this_cpu_or(pcp, val) raw_cpu_or(pcp, val)
#define this_cpu_xchg(pcp, nval) raw_cpu_xchg(pcp, nval)
#define this_cpu_cmpxchg(pcp, oval, nval) raw_cpu_cmpxchg(pcp, oval, nval)
#define this_cpu_try_cmpxchg(pcp, ovalp, nval) raw_cpu_try_cmpxchg(pcp, ovalp, nval)

#endif
