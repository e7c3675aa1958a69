/* SPDX-License-Identifier: MIT */
/*
 * linux/iommu.h - what users of io-pgtable need from the IOMMU API: the
 * prot bits and the TLB gather (<zslab/io-pgtable.h>).  There is no IOMMU
 * core (domains, groups, iommu_map) in zslab.  The system's UAPI
 * <linux/iommu.h> is not included.
 */
#ifndef _ZSK_LINUX_IOMMU_H
#define _ZSK_LINUX_IOMMU_H

#include <linux/types.h>
#include <zslab/io-pgtable.h>

/* Is @iova..+@size disjoint from what @gather covers (or of another size)? */
static inline bool iommu_iotlb_gather_is_disjoint(struct iommu_iotlb_gather *gather,
						  unsigned long iova, size_t size)
{
	unsigned long start = iova, end = start + size - 1;

	return gather->end != 0 && (end + 1 < gather->start || start > gather->end + 1);
}

#endif
