/* SPDX-License-Identifier: MIT */
/* kunit/visibility.h - KUnit is built in: VISIBLE_IF_KUNIT symbols are global. */
#ifndef _ZSK_KUNIT_VISIBILITY_H
#define _ZSK_KUNIT_VISIBILITY_H

#include <linux/export.h>

#define VISIBLE_IF_KUNIT
#define EXPORT_SYMBOL_IF_KUNIT(symbol) __zsk_export(symbol)

#endif
