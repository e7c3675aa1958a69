/* SPDX-License-Identifier: MIT */
/* asm/page.h - PAGE_SIZE and the linear-map conversions __pa()/__va(). */
#ifndef _ZSK_ASM_PAGE_H
#define _ZSK_ASM_PAGE_H

#include <zslab/mm.h>

#define __pa(x) virt_to_phys((void *)(x))
#define __va(x) phys_to_virt((phys_addr_t)(x))
#define __pa_symbol(x) __pa(x)
#define pfn_to_kaddr(pfn) __va((phys_addr_t)(pfn) << PAGE_SHIFT)
#define virt_to_pfn(kaddr) (virt_to_phys(kaddr) >> PAGE_SHIFT)
#define page_to_virt(page) page_address(page)
#define clear_page(page) memset((page), 0, PAGE_SIZE)
#define copy_page(to, from) memcpy((to), (from), PAGE_SIZE)

#endif
