// SPDX-License-Identifier: MIT
/*
 * io.c - memremap() of zslab RAM (see linux/io.h): the range must be RAM
 * and lie in one RAM range, so that its linear addresses are contiguous.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/printk.h>

void *memremap(resource_size_t offset, size_t size, unsigned long flags)
{
	resource_size_t last = offset + (size ? size - 1 : 0);
	char *first;

	(void)flags;
	if (last < offset || !pfn_valid((unsigned long)(offset >> PAGE_SHIFT)) ||
	    !pfn_valid((unsigned long)(last >> PAGE_SHIFT)))
		goto refuse;
	first = phys_to_virt(offset);
	if ((char *)phys_to_virt(last) - first != (ptrdiff_t)(last - offset))
		goto refuse;
	return first;
refuse:
	pr_err("memremap: %#llx+%#zx is not one range of zslab's RAM; a process has only "
	       "its RAM to map\n", (unsigned long long)offset, size);
	return NULL;
}

void memunmap(void *addr)
{
	(void)addr;
}
