/* SPDX-License-Identifier: MIT */
/*
 * linux/kfifo.h - the kernel's generic ring buffer (kernel/lib/kfifo.c).
 *
 * A kfifo is a typed structure around struct __kfifo: its element type
 * and record size are carried in the types of a union's pointer members,
 * so the macros below pick the element size and the record form at
 * compile time, as the kernel's do.  Sizes are powers of two; @in and
 * @out count elements forever and are reduced with @mask, so the length
 * is in - out even across wrap-around.  One reader and one writer need no
 * lock; more need the _spinlocked forms or the caller's lock.
 *
 * A record fifo (recsize 1 or 2) stores each record as its length (1 or
 * 2 bytes, little-endian) followed by the bytes.
 */
#ifndef _ZSK_LINUX_KFIFO_H
#define _ZSK_LINUX_KFIFO_H

#include <asm/barrier.h>
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/spinlock.h>
#include <linux/stddef.h>
#include <linux/types.h>

/*
 * struct __kfifo - the untyped ring.
 * @in, @out: elements written and read, ever (free-running)
 * @mask: capacity - 1 (capacity a power of two; 0: no buffer)
 * @esize: bytes per element
 * @data: the buffer
 *
 * Invariant: in - out <= mask + 1.
 */
struct __kfifo {
	unsigned int in;
	unsigned int out;
	unsigned int mask;
	unsigned int esize;
	void *data;
};

#define __STRUCT_KFIFO_COMMON(datatype, recsize, ptrtype) \
	union { \
		struct __kfifo kfifo; \
		datatype *type; \
		const datatype *const_type; \
		char (*rectype)[recsize]; \
		ptrtype *ptr; \
		ptrtype const *ptr_const; \
	}

#define __STRUCT_KFIFO(type, size, recsize, ptrtype) \
{ \
	__STRUCT_KFIFO_COMMON(type, recsize, ptrtype); \
	type buf[((size < 2) || (size & (size - 1))) ? -1 : size]; \
}

#define STRUCT_KFIFO(type, size) struct __STRUCT_KFIFO(type, size, 0, type)

#define __STRUCT_KFIFO_PTR(type, recsize, ptrtype) \
{ \
	__STRUCT_KFIFO_COMMON(type, recsize, ptrtype); \
	type buf[0]; \
}

#define STRUCT_KFIFO_PTR(type) struct __STRUCT_KFIFO_PTR(type, 0, type)

/* struct kfifo: a byte fifo whose buffer is allocated or given. */
struct kfifo __STRUCT_KFIFO_PTR(unsigned char, 0, void);

#define STRUCT_KFIFO_REC_1(size) struct __STRUCT_KFIFO(unsigned char, size, 1, void)
#define STRUCT_KFIFO_REC_2(size) struct __STRUCT_KFIFO(unsigned char, size, 2, void)

struct kfifo_rec_ptr_1 __STRUCT_KFIFO_PTR(unsigned char, 1, void);
struct kfifo_rec_ptr_2 __STRUCT_KFIFO_PTR(unsigned char, 2, void);

/* __is_kfifo_ptr - whether the fifo's buffer is apart from it (allocated or given) */
#define __is_kfifo_ptr(fifo) \
	(sizeof(*fifo) == sizeof(STRUCT_KFIFO_PTR(typeof(*(fifo)->type))))

#define DECLARE_KFIFO_PTR(fifo, type) STRUCT_KFIFO_PTR(type) fifo
#define DECLARE_KFIFO(fifo, type, size) STRUCT_KFIFO(type, size) fifo

/** INIT_KFIFO - initialise a fifo made with DECLARE_KFIFO (or empty a _PTR one) */
#define INIT_KFIFO(fifo) \
(void)({ \
	typeof(&(fifo)) __tmp = &(fifo); \
	struct __kfifo *__kfifo = &__tmp->kfifo; \
	__kfifo->in = 0; \
	__kfifo->out = 0; \
	__kfifo->mask = __is_kfifo_ptr(__tmp) ? 0 : ARRAY_SIZE(__tmp->buf) - 1; \
	__kfifo->esize = sizeof(*__tmp->buf); \
	__kfifo->data = __is_kfifo_ptr(__tmp) ? NULL : __tmp->buf; \
})

/** DEFINE_KFIFO - define and initialise a fifo of @size @type elements */
#define DEFINE_KFIFO(fifo, type, size) \
	DECLARE_KFIFO(fifo, type, size) = \
	(typeof(fifo)) { \
		{ \
			{ \
			.in = 0, \
			.out = 0, \
			.mask = __is_kfifo_ptr(&(fifo)) ? 0 : ARRAY_SIZE((fifo).buf) - 1, \
			.esize = sizeof(*(fifo).buf), \
			.data = __is_kfifo_ptr(&(fifo)) ? NULL : (fifo).buf, \
			} \
		}, \
		.buf = {}, \
	}

/* kernel/lib/kfifo.c: the untyped operations the macros call */
int __kfifo_alloc(struct __kfifo *fifo, unsigned int size, size_t esize, gfp_t gfp_mask);
void __kfifo_free(struct __kfifo *fifo);
int __kfifo_init(struct __kfifo *fifo, void *buffer, unsigned int size, size_t esize);
unsigned int __kfifo_in(struct __kfifo *fifo, const void *buf, unsigned int len);
unsigned int __kfifo_out(struct __kfifo *fifo, void *buf, unsigned int len);
unsigned int __kfifo_out_peek(struct __kfifo *fifo, void *buf, unsigned int len);
unsigned int __kfifo_max_r(unsigned int len, size_t recsize);
unsigned int __kfifo_in_r(struct __kfifo *fifo, const void *buf, unsigned int len, size_t recsize);
unsigned int __kfifo_out_r(struct __kfifo *fifo, void *buf, unsigned int len, size_t recsize);
unsigned int __kfifo_out_peek_r(struct __kfifo *fifo, void *buf, unsigned int len,
				size_t recsize);
unsigned int __kfifo_len_r(struct __kfifo *fifo, size_t recsize);
void __kfifo_skip_r(struct __kfifo *fifo, size_t recsize);

/** kfifo_initialized - whether the fifo has a buffer */
#define kfifo_initialized(fifo) ((fifo)->kfifo.mask)
/** kfifo_esize - bytes per element */
#define kfifo_esize(fifo) ((fifo)->kfifo.esize)
/** kfifo_recsize - bytes of a record's length (0: not a record fifo) */
#define kfifo_recsize(fifo) (sizeof(*(fifo)->rectype))
/** kfifo_size - capacity in elements */
#define kfifo_size(fifo) ((fifo)->kfifo.mask + 1)
/** kfifo_reset - empty the fifo (no reader or writer may run meanwhile) */
#define kfifo_reset(fifo) \
(void)({ \
	typeof((fifo) + 1) __tmp = (fifo); \
	__tmp->kfifo.in = __tmp->kfifo.out = 0; \
})
/** kfifo_reset_out - drop what is unread (the reader's side) */
#define kfifo_reset_out(fifo) \
(void)({ \
	typeof((fifo) + 1) __tmp = (fifo); \
	__tmp->kfifo.out = __tmp->kfifo.in; \
})
/** kfifo_len - elements held */
#define kfifo_len(fifo) \
({ \
	typeof((fifo) + 1) __tmpl = (fifo); \
	__tmpl->kfifo.in - __tmpl->kfifo.out; \
})
/** kfifo_is_empty - whether nothing is held */
#define kfifo_is_empty(fifo) \
({ \
	typeof((fifo) + 1) __tmpq = (fifo); \
	__tmpq->kfifo.in == __tmpq->kfifo.out; \
})
/** kfifo_is_empty_spinlocked - kfifo_is_empty() under @lock */
#define kfifo_is_empty_spinlocked(fifo, lock) \
({ \
	unsigned long __flags; \
	bool __ret; \
	spin_lock_irqsave(lock, __flags); \
	__ret = kfifo_is_empty(fifo); \
	spin_unlock_irqrestore(lock, __flags); \
	__ret; \
})
/** kfifo_is_full - whether no element fits */
#define kfifo_is_full(fifo) \
({ \
	typeof((fifo) + 1) __tmpq = (fifo); \
	kfifo_len(__tmpq) > __tmpq->kfifo.mask; \
})
/** kfifo_avail - elements (or, for records, record bytes) that still fit */
#define kfifo_avail(fifo) \
__kfifo_uint_must_check_helper( \
({ \
	typeof((fifo) + 1) __tmpq = (fifo); \
	const size_t __recsize = sizeof(*__tmpq->rectype); \
	unsigned int __avail = kfifo_size(__tmpq) - kfifo_len(__tmpq); \
	(__recsize) ? ((__avail <= __recsize) ? 0 : \
	__kfifo_max_r(__avail - __recsize, __recsize)) : \
	__avail; \
}))
/** kfifo_skip_count - drop @count elements (not for record fifos) */
#define kfifo_skip_count(fifo, count) do { \
	typeof((fifo) + 1) __tmp = (fifo); \
	const size_t __recsize = sizeof(*__tmp->rectype); \
	struct __kfifo *__kfifo = &__tmp->kfifo; \
	if (__recsize) \
		__kfifo_skip_r(__kfifo, __recsize); \
	else \
		__kfifo->out += (count); \
} while (0)
/** kfifo_skip - drop one element (or one record) */
#define kfifo_skip(fifo) kfifo_skip_count(fifo, 1)
/** kfifo_peek_len - the next record's length in bytes (a plain fifo: its length in bytes) */
#define kfifo_peek_len(fifo) \
__kfifo_uint_must_check_helper( \
({ \
	typeof((fifo) + 1) __tmp = (fifo); \
	const size_t __recsize = sizeof(*__tmp->rectype); \
	struct __kfifo *__kfifo = &__tmp->kfifo; \
	(!__recsize) ? kfifo_len(__tmp) * sizeof(*__tmp->type) : \
	__kfifo_len_r(__kfifo, __recsize); \
}))

static inline unsigned int __must_check __kfifo_uint_must_check_helper(unsigned int val)
{
	return val;
}

static inline int __must_check __kfifo_int_must_check_helper(int val)
{
	return val;
}

/**
 * kfifo_alloc - give a _PTR fifo a buffer of @size elements (rounded up to
 * a power of two)
 *
 * Return: 0, -EINVAL (fewer than 2 elements, or not a _PTR fifo) or -ENOMEM.
 */
#define kfifo_alloc(fifo, size, gfp_mask) \
__kfifo_int_must_check_helper( \
({ \
	typeof((fifo) + 1) __tmp = (fifo); \
	struct __kfifo *__kfifo = &__tmp->kfifo; \
	__is_kfifo_ptr(__tmp) ? \
	__kfifo_alloc(__kfifo, size, sizeof(*__tmp->type), gfp_mask) : \
	-EINVAL; \
}))
/** kfifo_free - free what kfifo_alloc() gave */
#define kfifo_free(fifo) \
({ \
	typeof((fifo) + 1) __tmp = (fifo); \
	struct __kfifo *__kfifo = &__tmp->kfifo; \
	if (__is_kfifo_ptr(__tmp)) \
		__kfifo_free(__kfifo); \
})
/** kfifo_init - use @buffer of @size bytes (its largest power-of-two element count) */
#define kfifo_init(fifo, buffer, size) \
({ \
	typeof((fifo) + 1) __tmp = (fifo); \
	struct __kfifo *__kfifo = &__tmp->kfifo; \
	__is_kfifo_ptr(__tmp) ? \
	__kfifo_init(__kfifo, buffer, size, sizeof(*__tmp->type)) : \
	-EINVAL; \
})

/** kfifo_put - add one element @val; 1, or 0 when full */
#define kfifo_put(fifo, val) \
({ \
	typeof((fifo) + 1) __tmp = (fifo); \
	typeof(*__tmp->const_type) __val = (val); \
	unsigned int __ret; \
	size_t __recsize = sizeof(*__tmp->rectype); \
	struct __kfifo *__kfifo = &__tmp->kfifo; \
	if (__recsize) \
		__ret = __kfifo_in_r(__kfifo, &__val, sizeof(__val), __recsize); \
	else { \
		__ret = !kfifo_is_full(__tmp); \
		if (__ret) { \
			(__is_kfifo_ptr(__tmp) ? \
			((typeof(__tmp->type))__kfifo->data) : \
			(__tmp->buf) \
			)[__kfifo->in & __tmp->kfifo.mask] = \
				*(typeof(__tmp->type))&__val; \
			smp_wmb(); \
			__kfifo->in++; \
		} \
	} \
	__ret; \
})

/*
 * __zsk_kfifo_take - kfifo_get() and kfifo_peek() in one: a record fifo
 * hands the record to @rec_out (__kfifo_out_r or __kfifo_out_peek_r); a
 * fifo of plain elements copies the element at its out index into *@val
 * and moves the index on by @step (1: taken; 0: only looked at).
 */
#define __zsk_kfifo_take(fifo, val, rec_out, step) \
__kfifo_uint_must_check_helper( \
({ \
	typeof((fifo) + 1) __zf = (fifo); \
	typeof(__zf->ptr) __zv = (val); \
	struct __kfifo *__zk = &__zf->kfifo; \
	unsigned int __zn; \
	if (sizeof(*__zf->rectype)) \
		__zn = rec_out(__zk, __zv, sizeof(*__zv), sizeof(*__zf->rectype)); \
	else if ((__zn = !kfifo_is_empty(__zf))) { \
		typeof(__zf->type) __zdata = __is_kfifo_ptr(__zf) ? \
			(typeof(__zf->type))__zk->data : __zf->buf; \
		*(typeof(__zf->type))__zv = __zdata[__zk->out & __zk->mask]; \
		smp_wmb(); \
		__zk->out += (step); \
	} \
	__zn; \
}))

/** kfifo_get - take one element into *@val; 1, or 0 when empty */
#define kfifo_get(fifo, val) __zsk_kfifo_take(fifo, val, __kfifo_out_r, 1)

/** kfifo_peek - copy the next element into *@val without taking it; 1 or 0 */
#define kfifo_peek(fifo, val) __zsk_kfifo_take(fifo, val, __kfifo_out_peek_r, 0)

/** kfifo_in - add up to @n elements (a record of @n bytes); the number added */
#define kfifo_in(fifo, buf, n) \
({ \
	typeof((fifo) + 1) __tmp = (fifo); \
	typeof(__tmp->ptr_const) __buf = (buf); \
	unsigned long __n = (n); \
	const size_t __recsize = sizeof(*__tmp->rectype); \
	struct __kfifo *__kfifo = &__tmp->kfifo; \
	(__recsize) ? \
	__kfifo_in_r(__kfifo, __buf, __n, __recsize) : \
	__kfifo_in(__kfifo, __buf, __n); \
})

/*
 * __zsk_kfifo_read - kfifo_out() and kfifo_out_peek() in one: up to @n
 * elements (one record, cut to @n bytes) through @rec_out for a record
 * fifo, @plain_out otherwise; the number copied.
 */
#define __zsk_kfifo_read(fifo, buf, n, rec_out, plain_out) \
__kfifo_uint_must_check_helper( \
({ \
	typeof((fifo) + 1) __zf = (fifo); \
	typeof(__zf->ptr) __zb = (buf); \
	unsigned long __zn = (n); \
	const size_t __zr = sizeof(*__zf->rectype); \
	__zr ? rec_out(&__zf->kfifo, __zb, __zn, __zr) : \
	       plain_out(&__zf->kfifo, __zb, __zn); \
}))

/** kfifo_out - take up to @n elements (one record, cut to @n bytes); the number taken */
#define kfifo_out(fifo, buf, n) \
	__zsk_kfifo_read(fifo, buf, n, __kfifo_out_r, __kfifo_out)

/** kfifo_out_peek - kfifo_out() without taking anything */
#define kfifo_out_peek(fifo, buf, n) \
	__zsk_kfifo_read(fifo, buf, n, __kfifo_out_peek_r, __kfifo_out_peek)

/** kfifo_in_spinlocked - kfifo_in() under @lock (several writers) */
#define kfifo_in_spinlocked(fifo, buf, n, lock) \
({ \
	unsigned long __flags; \
	unsigned int __ret; \
	spin_lock_irqsave(lock, __flags); \
	__ret = kfifo_in(fifo, buf, n); \
	spin_unlock_irqrestore(lock, __flags); \
	__ret; \
})
#define kfifo_in_spinlocked_noirqsave(fifo, buf, n, lock) \
({ \
	unsigned int __ret; \
	spin_lock(lock); \
	__ret = kfifo_in(fifo, buf, n); \
	spin_unlock(lock); \
	__ret; \
})
#define kfifo_in_locked(fifo, buf, n, lock) kfifo_in_spinlocked(fifo, buf, n, lock)

/** kfifo_out_spinlocked - kfifo_out() under @lock (several readers) */
#define kfifo_out_spinlocked(fifo, buf, n, lock) \
__kfifo_uint_must_check_helper( \
({ \
	unsigned long __flags; \
	unsigned int __ret; \
	spin_lock_irqsave(lock, __flags); \
	__ret = kfifo_out(fifo, buf, n); \
	spin_unlock_irqrestore(lock, __flags); \
	__ret; \
}))
#define kfifo_out_spinlocked_noirqsave(fifo, buf, n, lock) \
__kfifo_uint_must_check_helper( \
({ \
	unsigned int __ret; \
	spin_lock(lock); \
	__ret = kfifo_out(fifo, buf, n); \
	spin_unlock(lock); \
	__ret; \
}))
#define kfifo_out_locked(fifo, buf, n, lock) kfifo_out_spinlocked(fifo, buf, n, lock)

#endif
