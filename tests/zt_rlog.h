/* SPDX-License-Identifier: MIT */
/*
 * zt_rlog.h - a report hook that keeps every report, in order, for tests
 * that check what was reported (rlog_count) and how often (rlog_n).
 */
#ifndef ZSLAB_ZT_RLOG_H
#define ZSLAB_ZT_RLOG_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char rlog[1 << 17];
static size_t rlog_len;
static unsigned long rlog_n;

static inline void rlog_hook(const char *text, void *arg)
{
	size_t n = strlen(text);

	(void)arg;
	rlog_n++;
	if (rlog_len + n + 1 < sizeof(rlog)) {
		memcpy(rlog + rlog_len, text, n + 1);
		rlog_len += n;
	}
	if (getenv("ZT_VERBOSE"))
		fputs(text, stderr);
}

static inline unsigned long rlog_reset(void)
{
	unsigned long n = rlog_n;

	rlog_n = 0;
	rlog_len = 0;
	rlog[0] = 0;
	return n;
}

static inline unsigned long rlog_count(const char *needle)
{
	unsigned long n = 0;

	for (const char *p = rlog; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static inline void rlog_dump(const char *why)
{
	fprintf(stderr, "--- reports (%s): %lu ---\n%s--- end ---\n", why, rlog_n, rlog);
}

#endif
