/* SPDX-License-Identifier: MIT */
/*
 * linux/min_heap.h - the kernel's array-backed binary heap (mainline
 * interface, 6.11+: a typed heap made with DEFINE_MIN_HEAP(), callbacks
 * that take an extra @args, a NULL swp meaning "swap the elements", the
 * _inline and out-of-line spellings of every operation).
 *
 * Invariant of a heap between calls: 0 <= nr <= size, and for every
 * 0 < i < nr, less(data[i], data[(i - 1) / 2]) is false (each element is
 * no "less" than its parent), so data[0] is a minimum under less().
 *
 * The out-of-line spellings (min_heap_push() ...) are the same code as
 * the _inline ones here: in a process nothing is gained by a call.
 */
#ifndef _ZSK_LINUX_MIN_HEAP_H
#define _ZSK_LINUX_MIN_HEAP_H

#include <linux/bug.h>
#include <linux/string.h>
#include <linux/types.h>

/**
 * MIN_HEAP_PREALLOCATED - declare a heap type with room for @_nr elements
 * @_type: the element type
 * @_name: the structure's tag
 * @_nr: the elements of storage inside the structure
 *
 * @nr is the number of elements held, @size the capacity of @data, @data
 * the storage (min_heap_init() points it at @preallocated when given
 * NULL).
 */
#define MIN_HEAP_PREALLOCATED(_type, _name, _nr) \
struct _name { \
	size_t nr; \
	size_t size; \
	_type *data; \
	_type preallocated[_nr]; \
}

/** DEFINE_MIN_HEAP - declare a heap type of @_type elements named @_name */
#define DEFINE_MIN_HEAP(_type, _name) MIN_HEAP_PREALLOCATED(_type, _name, 0)

typedef DEFINE_MIN_HEAP(char, min_heap_char) min_heap_char;

#define __minheap_cast(_heap) (typeof((_heap)->data[0]) *)
#define __minheap_obj_size(_heap) sizeof((_heap)->data[0])

/**
 * struct min_heap_callbacks - the heap's order and swap
 * @less: true when @lhs must come before @rhs
 * @swp: exchanges two elements; NULL swaps their bytes
 */
struct min_heap_callbacks {
	bool (*less)(const void *lhs, const void *rhs, void *args);
	void (*swp)(void *lhs, void *rhs, void *args);
};

static __always_inline void __zsk_heap_swap(void *a, void *b, size_t size)
{
	unsigned char *x = a, *y = b;

	while (size--) {
		unsigned char t = *x;

		*x++ = *y;
		*y++ = t;
	}
}

static __always_inline void __zsk_heap_do_swap(void *a, void *b, size_t elem_size,
					       const struct min_heap_callbacks *func,
					       void *args)
{
	if (func->swp)
		func->swp(a, b, args);
	else
		__zsk_heap_swap(a, b, elem_size);
}

/** __min_heap_init_inline - an empty heap over @data (or its own storage) of @size */
static __always_inline void __min_heap_init_inline(min_heap_char *heap, void *data, size_t size)
{
	heap->nr = 0;
	heap->size = size;
	heap->data = data ? data : heap->preallocated;
}

#define min_heap_init_inline(_heap, _data, _size) \
	__min_heap_init_inline((min_heap_char *)(_heap), _data, _size)

/** __min_heap_peek_inline - the first element, or NULL for an empty heap */
static __always_inline void *__min_heap_peek_inline(min_heap_char *heap)
{
	return heap->nr ? heap->data : NULL;
}

#define min_heap_peek_inline(_heap) \
	(__minheap_cast(_heap) __min_heap_peek_inline((min_heap_char *)(_heap)))

/** __min_heap_full_inline - whether the heap holds @size elements */
static __always_inline bool __min_heap_full_inline(min_heap_char *heap)
{
	return heap->nr == heap->size;
}

#define min_heap_full_inline(_heap) \
	__min_heap_full_inline((min_heap_char *)(_heap))

/**
 * __min_heap_sift_down_inline - move the element at @pos down to its place
 *
 * Finds the path of lesser children down to a leaf, then walks back up it
 * to the first element the moved one is not less than (the kernel's
 * bottom-up sift, about half the comparisons of a plain one).
 */
static __always_inline void __min_heap_sift_down_inline(min_heap_char *heap, size_t pos,
							size_t elem_size,
							const struct min_heap_callbacks *func,
							void *args)
{
	char *data = (char *)heap->data;
	size_t i = pos, j;

	while (i * 2 + 2 < heap->nr) {
		char *l = data + (i * 2 + 1) * elem_size;
		char *r = data + (i * 2 + 2) * elem_size;

		i = func->less(l, r, args) ? i * 2 + 1 : i * 2 + 2;
	}
	if (i * 2 + 2 == heap->nr)
		i = i * 2 + 1;
	while (i != pos && func->less(data + pos * elem_size, data + i * elem_size, args))
		i = (i - 1) / 2;
	for (j = i; i != pos;) {
		i = (i - 1) / 2;
		__zsk_heap_do_swap(data + i * elem_size, data + j * elem_size, elem_size,
				   func, args);
	}
}

#define min_heap_sift_down_inline(_heap, _pos, _func, _args) \
	__min_heap_sift_down_inline((min_heap_char *)(_heap), _pos, \
				    __minheap_obj_size(_heap), _func, _args)

/** __min_heap_sift_up_inline - move the element at @idx up to its place */
static __always_inline void __min_heap_sift_up_inline(min_heap_char *heap, size_t elem_size,
						      size_t idx,
						      const struct min_heap_callbacks *func,
						      void *args)
{
	char *data = (char *)heap->data;

	while (idx) {
		size_t parent = (idx - 1) / 2;

		if (func->less(data + parent * elem_size, data + idx * elem_size, args))
			break;
		__zsk_heap_do_swap(data + parent * elem_size, data + idx * elem_size,
				   elem_size, func, args);
		idx = parent;
	}
}

#define min_heap_sift_up_inline(_heap, _idx, _func, _args) \
	__min_heap_sift_up_inline((min_heap_char *)(_heap), \
				  __minheap_obj_size(_heap), _idx, _func, _args)

/** __min_heapify_all_inline - make a heap of the @nr elements in place, O(nr) */
static __always_inline void __min_heapify_all_inline(min_heap_char *heap, size_t elem_size,
						     const struct min_heap_callbacks *func,
						     void *args)
{
	size_t i;

	for (i = heap->nr / 2; i-- > 0;)
		__min_heap_sift_down_inline(heap, i, elem_size, func, args);
}

#define min_heapify_all_inline(_heap, _func, _args) \
	__min_heapify_all_inline((min_heap_char *)(_heap), \
				 __minheap_obj_size(_heap), _func, _args)

/** __min_heap_pop_inline - remove the first element; false (and a WARN) when empty */
static __always_inline bool __min_heap_pop_inline(min_heap_char *heap, size_t elem_size,
						  const struct min_heap_callbacks *func,
						  void *args)
{
	char *data = (char *)heap->data;

	if (WARN_ONCE(heap->nr == 0, "Popping an empty heap"))
		return false;
	heap->nr--;
	memcpy(data, data + heap->nr * elem_size, elem_size);
	__min_heap_sift_down_inline(heap, 0, elem_size, func, args);
	return true;
}

#define min_heap_pop_inline(_heap, _func, _args) \
	__min_heap_pop_inline((min_heap_char *)(_heap), \
			      __minheap_obj_size(_heap), _func, _args)

/** __min_heap_pop_push_inline - replace the first element by @element, one sift */
static __always_inline void __min_heap_pop_push_inline(min_heap_char *heap, const void *element,
						       size_t elem_size,
						       const struct min_heap_callbacks *func,
						       void *args)
{
	memcpy(heap->data, element, elem_size);
	__min_heap_sift_down_inline(heap, 0, elem_size, func, args);
}

#define min_heap_pop_push_inline(_heap, _element, _func, _args) \
	__min_heap_pop_push_inline((min_heap_char *)(_heap), _element, \
				   __minheap_obj_size(_heap), _func, _args)

/** __min_heap_push_inline - add @element; false (and a WARN) when full */
static __always_inline bool __min_heap_push_inline(min_heap_char *heap, const void *element,
						   size_t elem_size,
						   const struct min_heap_callbacks *func,
						   void *args)
{
	char *data = (char *)heap->data;

	if (WARN_ONCE(heap->nr >= heap->size, "Pushing on a full heap"))
		return false;
	memcpy(data + heap->nr * elem_size, element, elem_size);
	heap->nr++;
	__min_heap_sift_up_inline(heap, elem_size, heap->nr - 1, func, args);
	return true;
}

#define min_heap_push_inline(_heap, _element, _func, _args) \
	__min_heap_push_inline((min_heap_char *)(_heap), _element, \
			       __minheap_obj_size(_heap), _func, _args)

/** __min_heap_del_inline - remove the element at @idx; false (and a WARN) when empty */
static __always_inline bool __min_heap_del_inline(min_heap_char *heap, size_t elem_size,
						  size_t idx,
						  const struct min_heap_callbacks *func,
						  void *args)
{
	char *data = (char *)heap->data;

	if (WARN_ONCE(heap->nr == 0, "Popping an empty heap"))
		return false;
	heap->nr--;
	if (idx == heap->nr)
		return true;
	__zsk_heap_do_swap(data + idx * elem_size, data + heap->nr * elem_size, elem_size,
			   func, args);
	__min_heap_sift_up_inline(heap, elem_size, idx, func, args);
	__min_heap_sift_down_inline(heap, idx, elem_size, func, args);
	return true;
}

#define min_heap_del_inline(_heap, _idx, _func, _args) \
	__min_heap_del_inline((min_heap_char *)(_heap), \
			      __minheap_obj_size(_heap), _idx, _func, _args)

/* The out-of-line spellings. */
#define min_heap_init(_heap, _data, _size) min_heap_init_inline(_heap, _data, _size)
#define min_heap_peek(_heap) min_heap_peek_inline(_heap)
#define min_heap_full(_heap) min_heap_full_inline(_heap)
#define min_heap_sift_down(_heap, _pos, _func, _args) \
	min_heap_sift_down_inline(_heap, _pos, _func, _args)
#define min_heap_sift_up(_heap, _idx, _func, _args) \
	min_heap_sift_up_inline(_heap, _idx, _func, _args)
#define min_heapify_all(_heap, _func, _args) min_heapify_all_inline(_heap, _func, _args)
#define min_heap_pop(_heap, _func, _args) min_heap_pop_inline(_heap, _func, _args)
#define min_heap_pop_push(_heap, _element, _func, _args) \
	min_heap_pop_push_inline(_heap, _element, _func, _args)
#define min_heap_push(_heap, _element, _func, _args) \
	min_heap_push_inline(_heap, _element, _func, _args)
#define min_heap_del(_heap, _idx, _func, _args) min_heap_del_inline(_heap, _idx, _func, _args)

#endif
