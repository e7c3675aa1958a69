// SPDX-License-Identifier: MIT
/*
 * cmdline.c - the kernel's option-string helpers (get_option(),
 * get_options(), memparse(), parse_option_str(), next_arg()) with its
 * rules: integers are simple_strtoull()'s (no white space, no '+'; a '-'
 * negates), "a-b" is the range a..b, and suffixes shift by 10 bits each.
 */
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/string.h>

/*
 * Expands "-b" after a lower bound already in pint[0]: writes pint[0..]
 * = lower .. b-1 (at most @n), leaves *str at the upper bound (which the
 * caller parses next).  Returns b - lower, negative for a reversed range.
 */
static int expand_range(char **str, int *pint, int n)
{
	int lower = *pint, upper, x;

	(*str)++;
	upper = (int)simple_strtol(*str, NULL, 0);
	for (x = lower; n > 0 && x < upper; x++, n--)
		*pint++ = x;
	return upper - lower;
}

int get_option(char **str, int *pint)
{
	char *cur = *str;
	int value;

	if (!cur || !*cur)
		return 0;
	if (*cur == '-')
		value = -(int)simple_strtoull(++cur, str, 0);
	else
		value = (int)simple_strtoull(cur, str, 0);
	if (pint)
		*pint = value;
	if (cur == *str)
		return 0;
	if (**str == ',') {
		(*str)++;
		return 2;
	}
	if (**str == '-')
		return 3;
	return 1;
}

char *get_options(const char *str, int nints, int *ints)
{
	bool count_only = nints == 0;
	char *s = (char *)str;
	int i = 1;

	while (i < nints || count_only) {
		int *pint = count_only ? ints : ints + i;
		int res = get_option(&s, pint);

		if (res == 0)
			break;
		if (res == 3) {
			int span = expand_range(&s, pint, count_only ? 0 : nints - i);

			if (span < 0)
				break;
			/* the upper bound is the next round's integer */
			i += span - 1;
		}
		i++;
		if (res == 1)
			break;
	}
	ints[0] = i - 1;
	return s;
}

unsigned long long memparse(const char *ptr, char **retptr)
{
	char *end;
	unsigned long long v = simple_strtoull(ptr, &end, 0);
	int shift = 0;

	switch (*end) {
	case 'E': case 'e': shift += 10; fallthrough;
	case 'P': case 'p': shift += 10; fallthrough;
	case 'T': case 't': shift += 10; fallthrough;
	case 'G': case 'g': shift += 10; fallthrough;
	case 'M': case 'm': shift += 10; fallthrough;
	case 'K': case 'k':
		shift += 10;
		end++;
		break;
	default:
		break;
	}
	if (retptr)
		*retptr = end;
	return v << shift;
}

bool parse_option_str(const char *str, const char *option)
{
	size_t len = strlen(option);

	while (*str) {
		if (!strncmp(str, option, len)) {
			str += len;
			if (!*str || *str == ',')
				return true;
		}
		while (*str && *str != ',')
			str++;
		if (*str == ',')
			str++;
	}
	return false;
}

char *next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	bool in_quote = false, quoted = false;

	if (*args == '"') {
		args++;
		in_quote = true;
		quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (isspace((unsigned char)args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	return skip_spaces(args);
}
