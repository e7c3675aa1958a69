/* SPDX-License-Identifier: MIT */
/*
 * slub_debug_opt.c - the slub_debug= (slab_debug=) syntax, 5.9+ form:
 *
 *   slub_debug                      F,Z,P,U on every cache
 *   slub_debug=<letters>            those letters on every cache
 *   slub_debug=<letters>,<n>,<n*>   only on the named caches (* = prefix)
 *   slub_debug=,<names>             F,Z,P,U on the named caches
 *   slub_debug=FZ;-,zs_handle;P,a*  ';' separates blocks; a block without
 *                                   a list sets the global flags; a cache
 *                                   takes the first listed block naming it
 *
 * Letters (either case): F consistency checks, Z red zones, P poison,
 * U alloc/free tracking, T trace, A failslab, O skip caches whose minimum
 * order debugging would raise; '-' clears what came before it in the
 * block.  An unknown letter is reported and skipped, as the kernel does.
 *
 * The option string is kept verbatim in zs_config.slub_debug; the slab
 * layer asks zs_slub_debug_flags() for each cache it creates.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include <zslab/slab.h>

#define DEBUG_DEFAULT_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | \
			     SLAB_POISON | SLAB_STORE_USER)
#define FAILSLAB_FLAG SLAB_FAILSLAB

/* One ';' block: its flags, its list (or NULL) and what follows it. */
struct debug_block {
	unsigned int flags;
	bool order_off;          /* the letter O */
	const char *list;        /* first name, NULL for a global block */
	const char *next;        /* the next block, NULL at the end */
};

static unsigned int letter_flag(char ch)
{
	switch (tolower((unsigned char)ch)) {
	case 'f': return SLAB_CONSISTENCY_CHECKS;
	case 'z': return SLAB_RED_ZONE;
	case 'p': return SLAB_POISON;
	case 'u': return SLAB_STORE_USER;
	case 't': return SLAB_TRACE;
	case 'a': return FAILSLAB_FLAG;
	default:  return 0;
	}
}

/* Parse the block at @str; @say (or NULL): told which letters are unknown. */
static void parse_block(const char *str, struct debug_block *b, zs_config_say_fn *say)
{
	char note[48];

	while (*str == ';')
		str++;
	b->flags = 0;
	b->order_off = false;
	if (*str == ',') {
		b->flags = DEBUG_DEFAULT_FLAGS;
	} else {
		for (; *str && *str != ',' && *str != ';'; str++) {
			if (*str == '-')
				b->flags = 0;
			else if (tolower((unsigned char)*str) == 'o')
				b->order_off = true;
			else if (letter_flag(*str))
				b->flags |= letter_flag(*str);
			else if (say) {
				snprintf(note, sizeof(note), "slub_debug option '%c' unknown. skipped", *str);
				say(ZS_CONFIG_NOTE, note);
			}
		}
	}
	b->list = *str == ',' ? ++str : NULL;
	while (*str && *str != ';')
		str++;
	while (*str == ';')
		str++;
	b->next = *str ? str : NULL;
}

/*
 * zs_slub_debug_setup() - check @val (NULL: the bare option) and record
 * it in @c: the global flags, whether any block has a list, and 'O'.
 */
void zs_slub_debug_setup(struct zs_config *c, const char *val, zs_config_say_fn *say)
{
	struct debug_block b;
	bool listed = false, global_set = false;
	unsigned int global = 0;

	c->slub_debug_str[0] = 0;
	c->slub_debug_order_off = false;
	if (!val || !*val) {
		c->slub_debug_global = DEBUG_DEFAULT_FLAGS;
		return;
	}
	for (const char *p = val; p; p = b.next) {
		parse_block(p, &b, say);
		c->slub_debug_order_off |= b.order_off;
		if (!b.list) {
			global = b.flags;
			global_set = true;
		} else {
			listed = true;
		}
	}
	if (listed) {
		snprintf(c->slub_debug_str, sizeof(c->slub_debug_str), "%s", val);
		if (!global_set)
			global = 0;
	}
	c->slub_debug_global = global;
}

/* Does the list of the block starting at @list name @name? */
static bool list_names(const char *list, const char *next, const char *name)
{
	size_t len = strlen(name);

	while (*list) {
		const char *end = strchr(list, ',');
		const char *glob;
		size_t cmplen;

		if (!end)
			end = list + strlen(list);
		if (next && next <= end)
			end = next - 1;
		while (end > list && end[-1] == ';')
			end--;
		glob = memchr(list, '*', (size_t)(end - list));
		cmplen = glob ? (size_t)(glob - list) :
			 (len > (size_t)(end - list) ? len : (size_t)(end - list));
		if (!strncmp(name, list, cmplen))
			return true;
		if (!*end || *end == ';' || (next && end + 1 >= next))
			return false;
		list = end + 1;
	}
	return false;
}

/* The block whose list names @name, or false (the global block applies). */
static bool listed_block(const char *name, struct debug_block *b)
{
	for (const char *p = zs_config.slub_debug_str; p && *p; p = b->next) {
		parse_block(p, b, NULL);
		if (b->list && list_names(b->list, b->next, name))
			return true;
	}
	return false;
}

unsigned int zs_slub_debug_flags(const char *name)
{
	struct debug_block b;

	return listed_block(name, &b) ? b.flags : zs_config.slub_debug_global;
}

bool zs_slub_debug_listed(const char *name)
{
	struct debug_block b;

	return listed_block(name, &b);
}
