// SPDX-License-Identifier: MIT
/* init.c - zsk_kernel_init(): the compat library's registrations. */
#include <zslab-kernel.h>

#include "zsk_internal.h"

void zsk_kernel_init(void)
{
	zsk_rcu_init();
	zsk_kunit_init();
}
