// SPDX-License-Identifier: MIT
/* errname.c - errno names for %pe: the C library's, plus the kernel's own. */
#include <linux/errno.h>
#include <string.h>

#include "zsk_internal.h"

static const char *const kernel_names[] = {
	[ERESTARTSYS - 512] = "ERESTARTSYS",
	[ERESTARTNOINTR - 512] = "ERESTARTNOINTR",
	[ERESTARTNOHAND - 512] = "ERESTARTNOHAND",
	[ENOIOCTLCMD - 512] = "ENOIOCTLCMD",
	[ERESTART_RESTARTBLOCK - 512] = "ERESTART_RESTARTBLOCK",
	[EPROBE_DEFER - 512] = "EPROBE_DEFER",
	[EOPENSTALE - 512] = "EOPENSTALE",
	[ENOPARAM - 512] = "ENOPARAM",
	[EBADHANDLE - 512] = "EBADHANDLE",
	[ENOTSYNC - 512] = "ENOTSYNC",
	[EBADCOOKIE - 512] = "EBADCOOKIE",
	[ENOTSUPP - 512] = "ENOTSUPP",
	[ETOOSMALL - 512] = "ETOOSMALL",
	[ESERVERFAULT - 512] = "ESERVERFAULT",
	[EBADTYPE - 512] = "EBADTYPE",
	[EJUKEBOX - 512] = "EJUKEBOX",
	[EIOCBQUEUED - 512] = "EIOCBQUEUED",
	[ERECALLCONFLICT - 512] = "ERECALLCONFLICT",
	[ENOGRACE - 512] = "ENOGRACE",
};

const char *zsk_errname(int err)
{
	if (err >= 512 && err < 512 + (int)(sizeof(kernel_names) / sizeof(kernel_names[0])))
		return kernel_names[err - 512];
	if (err > 0 && err < 512)
		return strerrorname_np(err);
	return NULL;
}
