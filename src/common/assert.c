/* SPDX-License-Identifier: MIT */
/* assert.c - the report of a broken invariant (see assert.h). */
#include "common/assert.h"

#include "common/report.h"

void zs_assert_failed(const char *cond, const char *file, int line, const char *func)
{
	struct zs_rbuf rb;

	zs_rbuf_init(&rb);
	zs_rbuf_add(&rb, "zslab: invariant broken: %s\n  at %s:%d in %s()\n",
		    cond, file, line, func);
	zs_rbuf_stack(&rb, 1);
	zs_report_fatal(&rb);
}
