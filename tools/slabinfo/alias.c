/* SPDX-License-Identifier: MIT */
/*
 * alias.c - aliases.  Every symlink of the tree names a cache directory.
 * An id directory (":D-0001024") with one selected alias is listed under
 * that alias's name (a "kmall..." name first, else the longest, ties by
 * name); with several it keeps its id unless -f asks for an alias's name;
 * with none selected it is hidden.  -a prints the aliases of each cache.
 */
#include "slabinfo.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Point every alias at its cache and count references; warn on dangling. */
void si_link_aliases(struct si_tree *t)
{
	int i, j;

	for (j = 0; j < t->nr_caches; j++)
		t->caches[j].refs = 0;
	for (i = 0; i < t->nr_aliases; i++) {
		struct si_alias *a = &t->aliases[i];

		a->cache = NULL;
		for (j = 0; j < t->nr_caches && !a->cache; j++) {
			if (!strcmp(a->ref, t->caches[j].dir)) {
				a->cache = &t->caches[j];
				a->cache->refs++;
			}
		}
		if (!a->cache)
			fprintf(stderr, "slabinfo: unresolved alias %s -> %s\n",
				a->name, a->ref);
	}
}

/* Is @a a better display name than @best? */
static bool better_name(const struct si_alias *a, const struct si_alias *best)
{
	bool ka = !strncmp(a->name, "kmall", 5);
	bool kb = !strncmp(best->name, "kmall", 5);
	size_t la = strlen(a->name), lb = strlen(best->name);

	if (ka != kb)
		return ka;
	if (la != lb)
		return la > lb;
	return strcasecmp(a->name, best->name) < 0;
}

static const struct si_alias *one_alias(const struct si_tree *t,
					const struct si_cache *s)
{
	const struct si_alias *best = NULL;
	int i;

	for (i = 0; i < t->nr_aliases; i++) {
		const struct si_alias *a = &t->aliases[i];

		if (a->cache == s && (!best || better_name(a, best)))
			best = a;
	}
	return best;
}

/* Give id directories a readable name; needs si_link_aliases() first. */
void si_rename_caches(struct si_tree *t)
{
	int i;

	for (i = 0; i < t->nr_caches; i++) {
		struct si_cache *s = &t->caches[i];
		const struct si_alias *a;

		if (s->dir[0] != ':' || s->hidden)
			continue;
		if (s->refs > 1 && !si_opt.show_first_alias)
			continue;
		a = one_alias(t, s);
		if (a) {
			s->name = a->name;
		} else {
			s->hidden = true;
			t->actual--;
		}
	}
}

/*
 * -a: "<cache padded to 12> <- alias alias ..." per cache, after a blank
 * line; with -i one "alias -> cache" line per alias.  Caches with a single
 * reference are left out unless -1 is given.
 */
void si_show_aliases(struct si_tree *t)
{
	const struct si_cache *active = NULL;
	int i;

	si_sort_aliases(t);
	si_link_aliases(t);
	for (i = 0; i < t->nr_aliases; i++) {
		const struct si_alias *a = &t->aliases[i];

		if (!a->cache || (!si_opt.show_single_ref && a->cache->refs == 1))
			continue;
		if (si_opt.show_inverted) {
			printf("%-15s -> %s\n", a->name, a->cache->name);
		} else if (active == a->cache) {
			printf(" %s", a->name);
		} else {
			printf("\n%-12s <- %s", a->cache->name, a->name);
			active = a->cache;
		}
	}
	if (active)
		printf("\n");
}
