/* SPDX-License-Identifier: MIT */
/*
 * asm/barrier.h - memory barriers as C11 fences.  dma_wmb()/dma_rmb()
 * order CPU accesses to memory a device reads (zslab's device models are
 * in the process, so a fence is exact).
 */
#ifndef _ZSK_ASM_BARRIER_H
#define _ZSK_ASM_BARRIER_H

#if defined(__x86_64__) || defined(__i386__)
#define cpu_relax() __builtin_ia32_pause()
#else
#define cpu_relax() __asm__ __volatile__("" : : : "memory")
#endif

/*
 * ThreadSanitizer does not model fences (GCC refuses them under
 * -fsanitize=thread): there each barrier is a sequentially consistent
 * read-modify-write of one process-wide word (kernel/lib/barrier.c),
 * which orders as strongly and which TSan sees as synchronisation.
 */
extern unsigned long zsk_barrier_word;
#if defined(__SANITIZE_THREAD__)
#define __zsk_fence(order) ((void)__atomic_fetch_add(&zsk_barrier_word, 0, __ATOMIC_SEQ_CST))
#else
#define __zsk_fence(order) __atomic_thread_fence(order)
#endif

#define mb() __zsk_fence(__ATOMIC_SEQ_CST)
#define rmb() __zsk_fence(__ATOMIC_ACQUIRE)
#define wmb() __zsk_fence(__ATOMIC_RELEASE)
#define dma_rmb() __zsk_fence(__ATOMIC_ACQUIRE)
#define dma_wmb() __zsk_fence(__ATOMIC_RELEASE)
#define dma_mb() __zsk_fence(__ATOMIC_SEQ_CST)
#define smp_mb() __zsk_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() __zsk_fence(__ATOMIC_ACQUIRE)
#define smp_wmb() __zsk_fence(__ATOMIC_RELEASE)
#define smp_store_mb(var, value) do { WRITE_ONCE(var, value); smp_mb(); } while (0)
#define smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define smp_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_acquire__after_ctrl_dep() smp_rmb()
#define smp_mb__after_spinlock() smp_mb()
#define virt_mb() smp_mb()
#define io_stop_wc() do { } while (0)
#define smp_cond_load_relaxed(ptr, cond_expr) ({ \
	__typeof__(ptr) __zsk_PTR = (ptr); \
	__typeof__(*(ptr)) VAL; \
	for (;;) { \
		VAL = __atomic_load_n(__zsk_PTR, __ATOMIC_RELAXED); \
		if (cond_expr) \
			break; \
		cpu_relax(); \
	} \
	VAL; })
#define smp_cond_load_acquire(ptr, cond_expr) ({ \
	__typeof__(*(ptr)) __zsk_val = smp_cond_load_relaxed(ptr, cond_expr); \
	smp_rmb(); \
	__zsk_val; })
#endif
