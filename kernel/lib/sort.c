// SPDX-License-Identifier: MIT
/*
 * sort.c - sort() and sort_r(): an in-place heapsort (O(n log n), no
 * allocation, not stable), as the kernel's; list_sort(): a stable merge
 * sort of a list_head list.
 */
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/list_sort.h>
#include <linux/sort.h>

static void swap_bytes(void *a, void *b, int size)
{
	char *x = a, *y = b;

	for (int i = 0; i < size; i++) {
		char t = x[i];

		x[i] = y[i];
		y[i] = t;
	}
}

static int do_cmp(const void *a, const void *b, cmp_r_func_t cmp, const void *priv)
{
	return cmp(a, b, priv);
}

static void do_swap(void *a, void *b, int size, swap_r_func_t swap_fn, const void *priv)
{
	if (swap_fn)
		swap_fn(a, b, size, priv);
	else
		swap_bytes(a, b, size);
}

/* Move the element at @i down the heap of @n elements. */
static void sift_down(char *base, size_t i, size_t n, size_t size, cmp_r_func_t cmp,
		      swap_r_func_t swap, const void *priv)
{
	for (;;) {
		size_t child = 2 * i + 1;

		if (child >= n)
			return;
		if (child + 1 < n && do_cmp(base + child * size, base + (child + 1) * size, cmp, priv) < 0)
			child++;
		if (do_cmp(base + i * size, base + child * size, cmp, priv) >= 0)
			return;
		do_swap(base + i * size, base + child * size, (int)size, swap, priv);
		i = child;
	}
}

void sort_r(void *base, size_t num, size_t size, cmp_r_func_t cmp_func,
	    swap_r_func_t swap_func, const void *priv)
{
	char *b = base;

	if (num < 2)
		return;
	for (size_t i = num / 2; i-- > 0;)
		sift_down(b, i, num, size, cmp_func, swap_func, priv);
	for (size_t n = num; n-- > 1;) {
		do_swap(b, b + n * size, (int)size, swap_func, priv);
		sift_down(b, 0, n, size, cmp_func, swap_func, priv);
	}
}

/* sort(): sort_r() through adaptors carrying the plain callbacks. */
struct plain_sort {
	cmp_func_t cmp;
	swap_func_t swap_fn;
};

static int plain_cmp(const void *a, const void *b, const void *priv)
{
	return ((const struct plain_sort *)priv)->cmp(a, b);
}

static void plain_swap(void *a, void *b, int size, const void *priv)
{
	((const struct plain_sort *)priv)->swap_fn(a, b, size);
}

void sort(void *base, size_t num, size_t size, cmp_func_t cmp_func, swap_func_t swap_func)
{
	struct plain_sort ps = { cmp_func, swap_func };

	sort_r(base, num, size, plain_cmp, swap_func ? plain_swap : NULL, &ps);
}

/* Merge two NULL-terminated runs (via ->next), stable: @a first on ties. */
static struct list_head *merge(void *priv, list_cmp_func_t cmp, struct list_head *a,
			       struct list_head *b)
{
	struct list_head *head = NULL, **tail = &head;

	while (a && b) {
		if (cmp(priv, a, b) <= 0) {
			*tail = a;
			a = a->next;
		} else {
			*tail = b;
			b = b->next;
		}
		tail = &(*tail)->next;
	}
	*tail = a ? a : b;
	return head;
}

void list_sort(void *priv, struct list_head *head, list_cmp_func_t cmp)
{
	struct list_head *runs[64] = { NULL }, *list = head->next, *result = NULL, *prev;
	int max = 0;

	if (list == head->prev)
		return;
	head->prev->next = NULL;
	/* bottom-up merge sort: runs[i] holds a sorted run of 2^i elements */
	while (list) {
		struct list_head *cur = list;
		int i;

		list = list->next;
		cur->next = NULL;
		for (i = 0; i < 64 && runs[i]; i++) {
			cur = merge(priv, cmp, runs[i], cur);
			runs[i] = NULL;
		}
		if (i == 64)
			i = 63;
		runs[i] = cur;
		if (i > max)
			max = i;
	}
	for (int i = 0; i <= max; i++)
		if (runs[i])
			result = result ? merge(priv, cmp, runs[i], result) : runs[i];
	/* relink prev pointers */
	prev = head;
	for (struct list_head *p = result; p; p = p->next) {
		p->prev = prev;
		prev->next = p;
		prev = p;
	}
	prev->next = head;
	head->prev = prev;
}
