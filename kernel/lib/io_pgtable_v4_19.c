// SPDX-License-Identifier: MIT
/* io_pgtable_v4_19.c - the io-pgtable interface of the 4.19 layout (io_pgtable_era.h). */
#define ZSLAB_KERNEL_API KERNEL_VERSION(4, 19, 0)
#include "io_pgtable_era.h"
