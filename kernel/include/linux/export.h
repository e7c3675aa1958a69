/* SPDX-License-Identifier: MIT */
/*
 * linux/export.h - EXPORT_SYMBOL and friends.  A process has one symbol
 * namespace: exported symbols are the file's ordinary external symbols,
 * so these only check that the symbol exists.
 */
#ifndef _ZSK_LINUX_EXPORT_H
#define _ZSK_LINUX_EXPORT_H

#include <linux/compiler.h>

#define __zsk_export(sym) extern typeof(sym) sym
#define EXPORT_SYMBOL(sym) __zsk_export(sym)
#define EXPORT_SYMBOL_GPL(sym) __zsk_export(sym)
#define EXPORT_SYMBOL_NS(sym, ns) __zsk_export(sym)
#define EXPORT_SYMBOL_NS_GPL(sym, ns) __zsk_export(sym)
#define EXPORT_SYMBOL_FOR_MODULES(sym, mods) __zsk_export(sym)
#define EXPORT_SYMBOL_IF_KUNIT(sym) __zsk_export(sym)
#define EXPORT_PER_CPU_SYMBOL(sym) __zsk_export(sym)
#define EXPORT_PER_CPU_SYMBOL_GPL(sym) __zsk_export(sym)
#define MODULE_IMPORT_NS(ns)
#define EXPORT_TRACEPOINT_SYMBOL(sym)
#define EXPORT_TRACEPOINT_SYMBOL_GPL(sym)

#endif
