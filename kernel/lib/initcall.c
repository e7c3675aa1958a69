// SPDX-License-Identifier: MIT
/*
 * initcall.c - the registries that constructors fill before main
 * (initcalls, exitcalls, module parameters), and running them.
 *
 * Constructors run in link order and, within a file, in the order of
 * definition, so appending keeps the kernel's link order within each
 * level.  The registries are written only before main (single-threaded)
 * and read after.
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <zslab-kernel.h>

static struct zsk_initcall *initcalls, **initcalls_tail = &initcalls;
static struct zsk_initcall *exitcalls;   /* newest first */
static struct zsk_param *params;

void zsk_register_initcall(struct zsk_initcall *call)
{
	call->next = NULL;
	*initcalls_tail = call;
	initcalls_tail = &call->next;
}

void zsk_register_exitcall(struct zsk_initcall *call)
{
	call->next = exitcalls;
	exitcalls = call;
}

void zsk_register_param(struct zsk_param *p)
{
	p->next = params;
	params = p;
}

int zsk_run_initcalls(void)
{
	int failed = 0;

	for (int level = 0; level < ZSK_INITCALL_NR_LEVELS; level++) {
		for (struct zsk_initcall *c = initcalls; c; c = c->next) {
			int ret;

			if (c->level != level)
				continue;
			ret = c->init();
			if (ret < 0) {
				pr_err("initcall %s returned %d\n", c->name, ret);
				c->mod->failed = true;
				failed++;
			} else if (ret > 0) {
				pr_warn("do_init_module: '%s'->init suspiciously returned %d, it should follow 0/-E convention\n",
					c->mod->name, ret);
			}
		}
	}
	system_state = SYSTEM_RUNNING;
	return failed;
}

void zsk_run_exitcalls(void)
{
	for (struct zsk_initcall *c = exitcalls; c; c = c->next)
		if (!c->mod->failed)
			c->exit();
}

/* Parse @val into the parameter's variable, as its kernel type says. */
static int set_value(struct zsk_param *p, const char *val)
{
	const char *t = p->type;
	unsigned long long u;
	long long s;
	bool b;

	/* module_param(x, bool, ...) passes its type on to a macro that
	 * spells it: by then <stdbool.h>'s bool is _Bool */
	if (!strcmp(t, "bool") || !strcmp(t, "_Bool") || !strcmp(t, "invbool")) {
		if (kstrtobool(val, &b))
			return -EINVAL;
		if (!strcmp(t, "invbool"))
			b = !b;
		if (p->size == sizeof(bool))
			*(bool *)p->arg = b;
		else
			*(int *)p->arg = b;
		return 0;
	}
	if (!strcmp(t, "charp")) {
		*(const char **)p->arg = val;
		return 0;
	}
	if (!strcmp(t, "string"))
		return sized_strscpy(p->arg, val, p->size) < 0 ? -ENOSPC : 0;
	if (!strcmp(t, "byte") || !strcmp(t, "ushort") || !strcmp(t, "uint") ||
	    !strcmp(t, "ulong") || !strcmp(t, "ullong") || !strcmp(t, "hexint")) {
		if (kstrtoull(val, 0, &u))
			return -EINVAL;
		if (p->size < sizeof(u) && u >> (8 * p->size))
			return -EINVAL;
		memcpy(p->arg, &u, p->size);   /* little-endian: the low bytes */
		return 0;
	}
	if (!strcmp(t, "short") || !strcmp(t, "int") || !strcmp(t, "long")) {
		if (kstrtoll(val, 0, &s))
			return -EINVAL;
		if (p->size < sizeof(s) && (s >> (8 * p->size - 1)) != 0 &&
		    (s >> (8 * p->size - 1)) != -1)
			return -EINVAL;
		memcpy(p->arg, &s, p->size);
		return 0;
	}
	return -EINVAL;
}

/* Compare @n bytes as the kernel's parameqn() does: '-' and '_' alike. */
static bool param_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];
		if (x != y)
			return false;
	}
	return true;
}

/*
 * Is @arg (@len bytes, "module.param") the name of @p?  A file built
 * without the kernel's -DKBUILD_MODNAME gets its file name as module name
 * (linux/kconfig.h), "test_vmalloc.c." where the kernel's build says
 * "test_vmalloc.", so the name also matches without its ".c".
 */
static bool param_named(const struct zsk_param *p, const char *arg, size_t len)
{
	const char *dot = strrchr(p->name, '.');
	size_t mod = dot ? (size_t)(dot - p->name) : 0, n = strlen(p->name);

	if (n == len && param_eq(p->name, arg, len))
		return true;
	if (mod < 2 || strncmp(p->name + mod - 2, ".c", 2))
		return false;
	return len == n - 2 && param_eq(p->name, arg, mod - 2) &&
	       param_eq(arg + mod - 2, dot, len - (mod - 2));
}

int zsk_set_param(const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);

	for (struct zsk_param *p = params; p; p = p->next)
		if (param_named(p, arg, len))
			return set_value(p, eq ? eq + 1 : "1");
	return -ENOENT;
}
