/* SPDX-License-Identifier: MIT */
/*
 * linux/cleanup.h - scope-based cleanup (6.5+): __free(), guard(),
 * scoped_guard(), on the compiler's cleanup attribute.
 */
#ifndef _ZSK_LINUX_CLEANUP_H
#define _ZSK_LINUX_CLEANUP_H

#include <linux/compiler.h>

#define DEFINE_FREE(_name, _type, _free) \
	static inline void __free_##_name(void *p) { _type _T = *(_type *)p; _free; }
#define __free(_name) __cleanup(__free_##_name)
#define __get_and_null(p, nullvalue) ({ \
	__auto_type __zsk_ptr = &(p); __auto_type __zsk_val = *__zsk_ptr; \
	*__zsk_ptr = nullvalue; __zsk_val; })
#define no_free_ptr(p) ((typeof(p))__get_and_null(p, NULL))
#define return_ptr(p) return no_free_ptr(p)
#define retain_and_null_ptr(p) ((void)__get_and_null(p, NULL))

#define DEFINE_CLASS(_name, _type, _exit, _init, _init_args...) \
	typedef _type class_##_name##_t; \
	static inline void class_##_name##_destructor(_type *p) { _type _T = *p; _exit; } \
	static inline _type class_##_name##_constructor(_init_args) { _type t = _init; return t; }
#define CLASS(_name, var) \
	class_##_name##_t var __cleanup(class_##_name##_destructor) = class_##_name##_constructor

#define DEFINE_GUARD(_name, _type, _lock, _unlock) \
	DEFINE_CLASS(_name, _type, if (_T) { _unlock; }, ({ _lock; _T; }), _type _T); \
	static inline void *class_##_name##_lock_ptr(class_##_name##_t *_T) { return *_T; }
#define guard(_name) CLASS(_name, __UNIQUE_ID(guard))
#define __zsk_scoped_guard(_name, _id, args...) \
	for (CLASS(_name, _id)(args), *__zsk_done_##_id = NULL; !__zsk_done_##_id; \
	     __zsk_done_##_id = (void *)1)
#define scoped_guard(_name, args...) __zsk_scoped_guard(_name, __UNIQUE_ID(scope), args)

#endif
