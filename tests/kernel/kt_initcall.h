/* SPDX-License-Identifier: MIT */
/* kt_initcall.h - the order record shared by kt_initcall_a.c and _b.c. */
extern char kt_order[64];
void kt_mark(char c);
