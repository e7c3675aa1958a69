/* SPDX-License-Identifier: MIT */
/*
 * zt_json.h - a strict JSON reader for tests (RFC 8259): parses a whole
 * document into a tree or says where it is malformed.  Strings keep their
 * escapes undecoded except \" and \\ (tests compare plain names).
 *
 * Invariant: a node's children are a singly linked list through next, in
 * document order; an object's children carry their member name in key.
 */
#ifndef ZSLAB_ZT_JSON_H
#define ZSLAB_ZT_JSON_H

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum zj_type { ZJ_NULL, ZJ_BOOL, ZJ_NUM, ZJ_STR, ZJ_ARR, ZJ_OBJ };

struct zj {
	enum zj_type type;
	double num;
	bool boolean;
	char *str;		/* ZJ_STR */
	char *key;		/* member name when the parent is an object */
	struct zj *child, *next;
};

struct zj_in {
	const char *p;
	char err[160];
	int depth;
};

static struct zj *zj_value(struct zj_in *in);

static void zj_free(struct zj *v)
{
	while (v) {
		struct zj *next = v->next;

		zj_free(v->child);
		free(v->str);
		free(v->key);
		free(v);
		v = next;
	}
}

static void zj_ws(struct zj_in *in)
{
	while (*in->p == ' ' || *in->p == '\t' || *in->p == '\n' ||
	       *in->p == '\r')
		in->p++;
}

static struct zj *zj_fail(struct zj_in *in, const char *what)
{
	if (!in->err[0])
		snprintf(in->err, sizeof(in->err), "%s at '%.20s'", what,
			 in->p);
	return NULL;
}

static struct zj *zj_node(enum zj_type t)
{
	struct zj *v = calloc(1, sizeof(*v));

	if (v)
		v->type = t;
	return v;
}

/* A string at in->p (which is at the opening quote), as a new C string. */
static char *zj_string(struct zj_in *in)
{
	const char *s = ++in->p;
	size_t len = 0;
	char *out;

	for (; *in->p != '"'; in->p++) {
		if ((unsigned char)*in->p < 0x20)
			return zj_fail(in, "control character or end in "
				       "string"), NULL;
		if (*in->p != '\\')
			continue;
		in->p++;
		if (*in->p == 'u') {
			for (int i = 1; i <= 4; i++)
				if (!isxdigit((unsigned char)in->p[i]))
					return zj_fail(in, "bad \\u escape"),
					       NULL;
			in->p += 4;
		} else if (!strchr("\"\\/bfnrt", *in->p) || !*in->p) {
			return zj_fail(in, "bad escape"), NULL;
		}
	}
	out = malloc((size_t)(in->p - s) + 1);
	if (!out)
		return NULL;
	for (const char *q = s; q < in->p; q++) {
		if (*q == '\\' && (q[1] == '"' || q[1] == '\\'))
			q++;
		out[len++] = *q;
	}
	out[len] = '\0';
	in->p++;
	return out;
}

/* A number per the JSON grammar (no leading zeros, no bare dot). */
static struct zj *zj_number(struct zj_in *in)
{
	const char *s = in->p;
	struct zj *v;

	if (*in->p == '-')
		in->p++;
	if (*in->p == '0')
		in->p++;
	else if (isdigit((unsigned char)*in->p))
		while (isdigit((unsigned char)*in->p))
			in->p++;
	else
		return zj_fail(in, "bad number");
	if (*in->p == '.') {
		if (!isdigit((unsigned char)*++in->p))
			return zj_fail(in, "bad fraction");
		while (isdigit((unsigned char)*in->p))
			in->p++;
	}
	if (*in->p == 'e' || *in->p == 'E') {
		in->p++;
		if (*in->p == '+' || *in->p == '-')
			in->p++;
		if (!isdigit((unsigned char)*in->p))
			return zj_fail(in, "bad exponent");
		while (isdigit((unsigned char)*in->p))
			in->p++;
	}
	v = zj_node(ZJ_NUM);
	if (v)
		v->num = strtod(s, NULL);
	return v;
}

/* Members of an array or object up to @close; in->p is past the opener. */
static struct zj *zj_container(struct zj_in *in, enum zj_type t, char close)
{
	struct zj *v = zj_node(t), **tail;

	if (!v || ++in->depth > 64)
		return zj_free(v), zj_fail(in, "too deep");
	tail = &v->child;
	zj_ws(in);
	if (*in->p == close) {
		in->p++;
		in->depth--;
		return v;
	}
	for (;;) {
		char *key = NULL;

		zj_ws(in);
		if (t == ZJ_OBJ) {
			if (*in->p != '"' || !(key = zj_string(in)))
				return zj_free(v), zj_fail(in, "expected key");
			zj_ws(in);
			if (*in->p++ != ':')
				return free(key), zj_free(v),
				       zj_fail(in, "expected ':'");
		}
		*tail = zj_value(in);
		if (!*tail)
			return free(key), zj_free(v), NULL;
		(*tail)->key = key;
		tail = &(*tail)->next;
		zj_ws(in);
		if (*in->p == ',') {
			in->p++;
			continue;
		}
		if (*in->p++ != close)
			return zj_free(v), zj_fail(in, "expected ',' or end");
		in->depth--;
		return v;
	}
}

static struct zj *zj_word(struct zj_in *in, const char *w, enum zj_type t,
			  bool b)
{
	struct zj *v;

	if (strncmp(in->p, w, strlen(w)))
		return zj_fail(in, "unexpected character");
	in->p += strlen(w);
	v = zj_node(t);
	if (v)
		v->boolean = b;
	return v;
}

static struct zj *zj_value(struct zj_in *in)
{
	struct zj *v;

	zj_ws(in);
	switch (*in->p) {
	case '{': in->p++; return zj_container(in, ZJ_OBJ, '}');
	case '[': in->p++; return zj_container(in, ZJ_ARR, ']');
	case '"':
		v = zj_node(ZJ_STR);
		if (v && !(v->str = zj_string(in)))
			return zj_free(v), NULL;
		return v;
	case 't': return zj_word(in, "true", ZJ_BOOL, true);
	case 'f': return zj_word(in, "false", ZJ_BOOL, false);
	case 'n': return zj_word(in, "null", ZJ_NULL, false);
	default: return zj_number(in);
	}
}

/* Parse all of @text; NULL with the reason in @err when malformed. */
static struct zj *zj_parse(const char *text, char *err, size_t n)
{
	struct zj_in in = { .p = text };
	struct zj *v = zj_value(&in);

	if (v) {
		zj_ws(&in);
		if (*in.p) {
			zj_free(v);
			v = zj_fail(&in, "trailing text");
		}
	}
	snprintf(err, n, "%s", v ? "" : in.err[0] ? in.err : "out of memory");
	return v;
}

/* The member @key of object @o, or NULL. */
static const struct zj *zj_get(const struct zj *o, const char *key)
{
	if (!o || o->type != ZJ_OBJ)
		return NULL;
	for (const struct zj *c = o->child; c; c = c->next)
		if (strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

/* The string member @key of @o, or NULL. */
static const char *zj_str(const struct zj *o, const char *key)
{
	const struct zj *v = zj_get(o, key);

	return v && v->type == ZJ_STR ? v->str : NULL;
}

#endif /* ZSLAB_ZT_JSON_H */
