// SPDX-License-Identifier: MIT
/* io_pgtable_v5_9.c - the io-pgtable interface of the 5.9 layout (io_pgtable_era.h). */
#define ZSLAB_KERNEL_API KERNEL_VERSION(5, 9, 0)
#include "io_pgtable_era.h"
