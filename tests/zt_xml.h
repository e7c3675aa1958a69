/* SPDX-License-Identifier: MIT */
/*
 * zt_xml.h - an XML well-formedness check for tests: one root element,
 * properly nested and closed tags, quoted attributes, valid entity and
 * character references, no stray '<' or '&'.  It does not validate
 * against a schema; it checks what any XML (and SVG) reader requires.
 */
#ifndef ZSLAB_ZT_XML_H
#define ZSLAB_ZT_XML_H

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define ZX_DEPTH 64

struct zx {
	const char *p;
	char stack[ZX_DEPTH][32];
	int depth;
	int roots;
	char root[32];
	char err[160];
};

static bool zx_fail(struct zx *x, const char *what)
{
	if (!x->err[0])
		snprintf(x->err, sizeof(x->err), "%s at '%.24s'", what, x->p);
	return false;
}

/* A reference after '&': a named entity of XML or &#N; / &#xH;. */
static bool zx_ref(struct zx *x)
{
	static const char *const named[] = { "amp;", "lt;", "gt;", "quot;",
					     "apos;" };
	const char *q = ++x->p;

	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strncmp(q, named[i], strlen(named[i])) == 0) {
			x->p += strlen(named[i]);
			return true;
		}
	if (*q++ != '#')
		return zx_fail(x, "bad entity");
	if (*q == 'x')
		for (q++; isxdigit((unsigned char)*q); q++)
			;
	else
		while (isdigit((unsigned char)*q))
			q++;
	if (*q != ';' || q == x->p + 1)
		return zx_fail(x, "bad character reference");
	x->p = q + 1;
	return true;
}

/* A name (element or attribute) into @out. */
static bool zx_name(struct zx *x, char *out, size_t n)
{
	size_t len = 0;

	if (!isalpha((unsigned char)*x->p) && *x->p != '_' && *x->p != ':')
		return zx_fail(x, "expected a name");
	while (isalnum((unsigned char)*x->p) || strchr("_:-.", *x->p)) {
		if (len + 1 < n)
			out[len++] = *x->p;
		x->p++;
	}
	out[len] = '\0';
	return true;
}

static void zx_ws(struct zx *x)
{
	while (isspace((unsigned char)*x->p))
		x->p++;
}

/* Attributes up to '>' or '/>'; sets *@empty for '/>'. */
static bool zx_attrs(struct zx *x, bool *empty)
{
	char name[64];

	for (;;) {
		bool space = isspace((unsigned char)*x->p);
		char q;

		zx_ws(x);
		if (*x->p == '>' || (x->p[0] == '/' && x->p[1] == '>')) {
			*empty = *x->p == '/';
			x->p += *empty ? 2 : 1;
			return true;
		}
		if (!space || !zx_name(x, name, sizeof(name)))
			return zx_fail(x, "bad attribute");
		zx_ws(x);
		if (*x->p++ != '=')
			return zx_fail(x, "expected '='");
		zx_ws(x);
		q = *x->p++;
		if (q != '"' && q != '\'')
			return zx_fail(x, "unquoted attribute");
		while (*x->p != q) {
			if (!*x->p || *x->p == '<')
				return zx_fail(x, "bad attribute value");
			if (*x->p == '&' ? !zx_ref(x) : (x->p++, false))
				return false;
		}
		x->p++;
	}
}

/* A start tag (x->p past '<'): push it unless it is empty. */
static bool zx_open(struct zx *x)
{
	char name[32];
	bool empty;

	if (!zx_name(x, name, sizeof(name)) || !zx_attrs(x, &empty))
		return false;
	if (x->depth == 0 && x->roots++ == 0)
		snprintf(x->root, sizeof(x->root), "%s", name);
	if (x->roots > 1)
		return zx_fail(x, "second root element");
	if (empty)
		return true;
	if (x->depth == ZX_DEPTH)
		return zx_fail(x, "too deep");
	snprintf(x->stack[x->depth++], sizeof(x->stack[0]), "%s", name);
	return true;
}

/* An end tag (x->p past '</'): must close the innermost open element. */
static bool zx_close(struct zx *x)
{
	char name[32];

	if (!zx_name(x, name, sizeof(name)))
		return false;
	zx_ws(x);
	if (*x->p++ != '>')
		return zx_fail(x, "bad end tag");
	if (x->depth == 0 || strcmp(x->stack[x->depth - 1], name))
		return zx_fail(x, "end tag does not match");
	x->depth--;
	return true;
}

/* Skip "<?...?>" or "<!--...-->" (x->p at '<'). */
static bool zx_skip(struct zx *x, const char *open, const char *close)
{
	const char *end = strstr(x->p + strlen(open), close);

	if (!end)
		return zx_fail(x, "unterminated");
	x->p = end + strlen(close);
	return true;
}

static bool zx_step(struct zx *x)
{
	if (*x->p == '&')
		return zx_ref(x);
	if (*x->p != '<') {
		if (x->depth == 0 && !isspace((unsigned char)*x->p))
			return zx_fail(x, "text outside the root");
		x->p++;
		return true;
	}
	if (strncmp(x->p, "<?", 2) == 0)
		return zx_skip(x, "<?", "?>");
	if (strncmp(x->p, "<!--", 4) == 0)
		return zx_skip(x, "<!--", "-->");
	if (x->p[1] == '/') {
		x->p += 2;
		return zx_close(x);
	}
	x->p++;
	return zx_open(x);
}

/*
 * Whether @text is well-formed XML whose root element is @root; the reason
 * goes to @err when it is not.
 */
static bool zx_check(const char *text, const char *root, char *err,
		     size_t n)
{
	struct zx x = { .p = text };
	bool ok = true;

	while (ok && *x.p)
		ok = zx_step(&x);
	if (ok && x.depth)
		ok = zx_fail(&x, "unclosed element");
	if (ok && (x.roots != 1 || strcmp(x.root, root)))
		ok = zx_fail(&x, "wrong or missing root element");
	snprintf(err, n, "%s", ok ? "" : x.err);
	return ok;
}

#endif /* ZSLAB_ZT_XML_H */
