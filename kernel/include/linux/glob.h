/* SPDX-License-Identifier: MIT */
/* linux/glob.h - shell-style wildcard matching (kernel/lib/glob.c). */
#ifndef _ZSK_LINUX_GLOB_H
#define _ZSK_LINUX_GLOB_H

#include <linux/compiler.h>
#include <linux/types.h>

/**
 * glob_match - whether @str matches the wildcard pattern @pat, whole
 * @pat: '*' any run (also empty), '?' one character, '[...]' one of a
 *       set: ranges "a-z", '!' first negates, ']' first and '-' last (or
 *       not between two characters) stand for themselves; '\\' makes the
 *       next character literal.  A '[' without its ']' is literal.
 * @str: the string
 *
 * Runs in O(strlen(pat) * strlen(str)) at worst: one backtrack point, the
 * last '*', is enough for this pattern language.
 */
bool __pure glob_match(char const *pat, char const *str);

#endif
