// SPDX-License-Identifier: MIT
/*
 * glob.c - glob_match() (see linux/glob.h).  A mismatch after a '*'
 * retries with the '*' covering one more character of the string; only
 * the latest '*' matters, because whatever an earlier one could have
 * absorbed, the latest can absorb instead.
 */
#include <linux/glob.h>

/*
 * Matches @c against the set that follows a '['.  Sets *@end just past
 * the closing ']' and returns 1 (in the set) or 0; returns -1 when the
 * set is not closed (the '[' is then a literal).
 */
static int in_set(const char *set, unsigned char c, const char **end)
{
	bool negate = *set == '!', hit = false;
	const char *p = set + negate;
	bool first = true;

	for (;; first = false) {
		unsigned char lo = (unsigned char)*p, hi;

		if (lo == '\0')
			return -1;
		if (lo == ']' && !first)
			break;
		hi = lo;
		if (p[1] == '-' && p[2] != ']' && p[2] != '\0') {
			hi = (unsigned char)p[2];
			p += 3;
		} else {
			p++;
		}
		if (lo <= c && c <= hi)
			hit = true;
	}
	*end = p + 1;
	return hit != negate;
}

bool glob_match(char const *pat, char const *str)
{
	const char *star_pat = NULL, *star_str = NULL;

	for (;;) {
		unsigned char c = (unsigned char)*str;
		unsigned char d = (unsigned char)*pat;
		const char *next;
		int r;

		if (d == '*') {
			pat++;
			if (*pat == '\0')
				return true;
			star_pat = pat;
			star_str = str;
			continue;
		}
		if (d == '?' && c != '\0') {
			pat++;
			str++;
			continue;
		}
		if (d == '[' && c != '\0') {
			r = in_set(pat + 1, c, &next);
			if (r == 1) {
				pat = next;
				str++;
				continue;
			}
			if (r == 0)
				goto retry;
			/* an unclosed '[' is a literal: fall through */
		}
		if (d == '\\' && pat[1] != '\0') {
			pat++;
			d = (unsigned char)*pat;
		}
		if (d != '?' && c == d) {
			if (c == '\0')
				return true;
			pat++;
			str++;
			continue;
		}
retry:
		if (!star_pat || *star_str == '\0')
			return false;
		pat = star_pat;
		str = ++star_str;
	}
}
