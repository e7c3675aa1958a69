/* SPDX-License-Identifier: MIT */
/*
 * linux/types.h - the kernel's types, over the UAPI <linux/types.h> of the
 * system (__u8 ... __be64), which the C library's own headers include and
 * which this header includes next, as the kernel's builds on its UAPI one.
 *
 * u64 is unsigned long long as in the kernel (CONFIG_ARCH_DMA_ADDR_T_64BIT,
 * CONFIG_PHYS_ADDR_T_64BIT): phys_addr_t (zslab's own, also unsigned long
 * long), dma_addr_t and resource_size_t are u64, printed with %llx or, by
 * reference, %pa / %pad.
 */
#ifndef _ZSK_LINUX_TYPES_H
#define _ZSK_LINUX_TYPES_H

#include_next <linux/types.h>

#include <linux/compiler_types.h>
#include <sys/types.h>
#include <zslab/gfp.h>

/*
 * Byte order as the kernel spells it: a little-endian kernel defines
 * __LITTLE_ENDIAN (1234) and not __BIG_ENDIAN, and code tests it with
 * #ifdef.  The C library's <endian.h> (which <sys/types.h> brought in,
 * once) defines both as values, so __BIG_ENDIAN goes: the library's own
 * "__BYTE_ORDER == __BIG_ENDIAN" tests still come out false, as they
 * should on this machine.
 */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#undef __BIG_ENDIAN
#ifndef __LITTLE_ENDIAN
#define __LITTLE_ENDIAN 1234
#endif
#define __LITTLE_ENDIAN_BITFIELD
#else
#error "zslab-kernel: only little-endian hosts are spelt"
#endif

typedef __u8 u8;
typedef __s8 s8;
typedef __u16 u16;
typedef __s16 s16;
typedef __u32 u32;
typedef __s32 s32;
typedef __u64 u64;
typedef __s64 s64;
typedef __int128 s128;
typedef unsigned __int128 u128;

/* u_char, ushort, uint, ulong ... are the C library's (<sys/types.h>). */
typedef unsigned char unchar;
typedef unsigned long long ullong;

typedef unsigned long long phys_addr_t;
typedef u64 dma_addr_t;
typedef phys_addr_t resource_size_t;
typedef unsigned int slab_flags_t;
typedef unsigned int fmode_t;
typedef unsigned long pgoff_t;
typedef unsigned long irq_hw_number_t;
typedef u64 sector_t;
#ifndef __USE_MISC
typedef long long loff_t;
#endif

#define DECLARE_BITMAP(name, bits) \
	unsigned long name[((bits) + 8 * sizeof(long) - 1) / (8 * sizeof(long))]

/* atomic_t and friends (operations in linux/atomic.h). */
typedef struct {
	int counter;
} atomic_t;
typedef struct {
	s64 counter;
} atomic64_t;
typedef struct {
	long counter;
} atomic_long_t;
#define ATOMIC_INIT(i) { (i) }
#define ATOMIC64_INIT(i) { (i) }
#define ATOMIC_LONG_INIT(i) { (i) }

/* Doubly linked lists (operations in linux/list.h). */
struct list_head {
	struct list_head *next, *prev;
};
struct hlist_head {
	struct hlist_node *first;
};
struct hlist_node {
	struct hlist_node *next, **pprev;
};

/*
 * struct callback_head - an RCU callback, the same shape as zslab's
 * struct zslab_rcu_head and liburcu's struct rcu_head.
 */
struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
} __attribute__((aligned(sizeof(void *))));
#define rcu_head callback_head
/* struct kvfree_rcu_head - kvfree_rcu()'s head (the kernel's unbatched form). */
struct kvfree_rcu_head {
	struct rcu_head head;
};
typedef void (*rcu_callback_t)(struct rcu_head *head);
typedef void (*call_rcu_func_t)(struct rcu_head *head, rcu_callback_t func);

#endif
