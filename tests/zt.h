/* SPDX-License-Identifier: MIT */
/*
 * zt.h - the tiny test harness: CHECK macros that name the failing
 * expression and keep going, a report hook that counts and keeps the last
 * report, and a summary that sets the exit code.
 */
#ifndef ZSLAB_ZT_H
#define ZSLAB_ZT_H

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zslab/zslab.h>

static int zt_failed, zt_passed;
static unsigned long zt_reports;
static char zt_last_report[16384];
static int zt_echo_reports;

#define CHECK(cond) do { \
	if (cond) { zt_passed++; } else { zt_failed++; \
		fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_EQ(a, b) do { \
	long long zt_a = (long long)(a), zt_b = (long long)(b); \
	if (zt_a == zt_b) { zt_passed++; } else { zt_failed++; \
		fprintf(stderr, "%s:%d: CHECK failed: %s == %s (%lld != %lld)\n", \
			__FILE__, __LINE__, #a, #b, zt_a, zt_b); } \
} while (0)

/* Fatal: stop this test now. */
#define REQUIRE(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond); \
	exit(1); } } while (0)

static inline void zt_hook(const char *text, void *arg)
{
	(void)arg;
	zt_reports++;
	snprintf(zt_last_report, sizeof(zt_last_report), "%s", text);
	if (zt_echo_reports || getenv("ZT_VERBOSE"))
		fputs(text, stderr);
}

/* Count reports from now on; returns the count before the reset. */
static inline unsigned long zt_reports_reset(void)
{
	unsigned long n = zt_reports;
	zt_reports = 0;
	zt_last_report[0] = 0;
	return n;
}

static inline void zt_capture_reports(void)
{
	zslab_set_report_hook(zt_hook, NULL);
}

static inline int zt_summary(const char *name)
{
	printf("%s: %d checks passed, %d failed\n", name, zt_passed, zt_failed);
	return zt_failed ? 1 : 0;
}

#endif
