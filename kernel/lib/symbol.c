// SPDX-License-Identifier: MIT
/*
 * symbol.c - code addresses as the kernel's %pS prints them
 * ("name+0x1c/0x40"), from the dynamic symbol table (link with -rdynamic,
 * which `pkg-config --libs zslab-kernel` adds, to see a program's own
 * global functions; static ones show as the nearest exported symbol or
 * as the bare address).
 */
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>

#include "zsk_internal.h"

void zsk_symbolize(const void *addr, char *buf, size_t len, bool offset)
{
	const ElfW(Sym) *sym = NULL;
	Dl_info info;

	if (addr && dladdr1(addr, &info, (void **)&sym, RTLD_DL_SYMENT) && info.dli_sname) {
		unsigned long off = (unsigned long)((const char *)addr - (const char *)info.dli_saddr);

		if (offset)
			snprintf(buf, len, "%s+0x%lx/0x%lx", info.dli_sname, off,
				 sym ? (unsigned long)sym->st_size : 0UL);
		else
			snprintf(buf, len, "%s", info.dli_sname);
		return;
	}
	snprintf(buf, len, "0x%lx", (unsigned long)addr);
}
