/* SPDX-License-Identifier: MIT */
/*
 * runutil.h - what the benchmark drivers share: the environment of a
 * child run under an LD_PRELOAD, medians, and JSON scalars.
 */
#ifndef ZSLAB_RUNUTIL_H
#define ZSLAB_RUNUTIL_H

#include <stdio.h>

/**
 * run_child_env() - this process's environment without LD_PRELOAD, plus
 * LD_PRELOAD=@preload when @preload is not NULL.
 *
 * Return: a NULL-terminated array (free with free(); the strings are
 * shared with environ except the LD_PRELOAD one), or NULL when out of
 * memory.
 */
char **run_child_env(const char *preload);

/**
 * run_median() - the median of @n values (@n <= 128), NAN when @n <= 0.
 */
double run_median(const double *v, int n);

/* json_string() - @s as a JSON string (NULL as ""), escaped. */
void json_string(FILE *f, const char *s);

/* json_number() - @v as a JSON number, or null when not finite. */
void json_number(FILE *f, double v);

#endif
