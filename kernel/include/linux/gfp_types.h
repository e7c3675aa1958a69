/* SPDX-License-Identifier: MIT */
/*
 * linux/gfp_types.h - GFP flags: zslab's, which have the kernel's names and
 * values.  Flags whose kernel meaning needs a config zslab-kernel does not
 * have are 0, exactly as the kernel defines them without that config
 * (__GFP_NOLOCKDEP without LOCKDEP, __GFP_SKIP_ZERO and __GFP_SKIP_KASAN
 * without KASAN tags, __GFP_NO_OBJ_EXT without memory allocation
 * profiling).
 */
#ifndef _ZSK_LINUX_GFP_TYPES_H
#define _ZSK_LINUX_GFP_TYPES_H

#include <zslab/gfp.h>

#ifndef __GFP_NOLOCKDEP
#define __GFP_NOLOCKDEP ((gfp_t)0)
#endif
#ifndef __GFP_SKIP_ZERO
#define __GFP_SKIP_ZERO ((gfp_t)0)
#endif
#ifndef __GFP_SKIP_KASAN
#define __GFP_SKIP_KASAN ((gfp_t)0)
#endif
#ifndef __GFP_NO_OBJ_EXT
#define __GFP_NO_OBJ_EXT ((gfp_t)0)
#endif
#ifndef __GFP_UNMAPPED
#define __GFP_UNMAPPED ((gfp_t)0)
#endif
#ifndef GFP_TRANSHUGE_LIGHT
#define GFP_TRANSHUGE_LIGHT ((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | \
			      __GFP_NOWARN) & ~__GFP_RECLAIM)
#define GFP_TRANSHUGE (GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)
#endif
#ifndef GFP_NOWAIT
#define GFP_NOWAIT (__GFP_KSWAPD_RECLAIM)
#endif

#endif
