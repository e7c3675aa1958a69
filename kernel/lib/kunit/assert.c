// SPDX-License-Identifier: MIT
/*
 * assert.c - the texts of failed expectations, in the kernel's words:
 * "EXPECTATION FAILED at <file>:<line>" (ASSERTION for asserts), then
 * "Expected <left> <op> <right>, but" and each side's value, leaving out
 * a side whose source text is the literal of its value.
 */
#include <kunit/assert.h>
#include <kunit/test.h>
#include <linux/ctype.h>
#include <linux/err.h>

#include "string-stream.h"

void kunit_assert_prologue(const struct kunit_loc *loc, enum kunit_assert_type type,
			   struct string_stream *stream)
{
	const char *expect_or_assert = type == KUNIT_ASSERTION ? "ASSERTION" : "EXPECTATION";

	string_stream_add(stream, "%s FAILED at %s:%d\n", expect_or_assert, loc->file, loc->line);
}

static void print_msg(const struct va_format *message, struct string_stream *stream)
{
	if (message->fmt)
		string_stream_add(stream, "\n%pV", message);
}

void kunit_fail_assert_format(const struct kunit_assert *assert,
			      const struct va_format *message, struct string_stream *stream)
{
	(void)assert;
	string_stream_add(stream, "%pV", message);
}

void kunit_unary_assert_format(const struct kunit_assert *assert,
			       const struct va_format *message, struct string_stream *stream)
{
	const struct kunit_unary_assert *ua = container_of(assert, struct kunit_unary_assert, assert);

	if (ua->expected_true)
		string_stream_add(stream, KUNIT_SUBTEST_INDENT "Expected %s to be true, but is false\n",
				  ua->condition);
	else
		string_stream_add(stream, KUNIT_SUBTEST_INDENT "Expected %s to be false, but is true\n",
				  ua->condition);
	print_msg(message, stream);
}

void kunit_ptr_not_err_assert_format(const struct kunit_assert *assert,
				     const struct va_format *message,
				     struct string_stream *stream)
{
	const struct kunit_ptr_not_err_assert *pa =
		container_of(assert, struct kunit_ptr_not_err_assert, assert);

	if (!pa->value)
		string_stream_add(stream, KUNIT_SUBTEST_INDENT "Expected %s is not null, but is\n",
				  pa->text);
	else if (IS_ERR(pa->value))
		string_stream_add(stream, KUNIT_SUBTEST_INDENT "Expected %s is not error, but is: %ld\n",
				  pa->text, PTR_ERR(pa->value));
	print_msg(message, stream);
}

/* Is @text exactly the decimal literal of @value? */
static bool is_literal(const char *text, long long value)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", value);
	return !strcmp(buf, text);
}

void kunit_binary_assert_format(const struct kunit_assert *assert,
				const struct va_format *message, struct string_stream *stream)
{
	const struct kunit_binary_assert *ba = container_of(assert, struct kunit_binary_assert, assert);

	string_stream_add(stream, KUNIT_SUBTEST_INDENT "Expected %s %s %s, but\n",
			  ba->text->left_text, ba->text->operation, ba->text->right_text);
	if (!is_literal(ba->text->left_text, ba->left_value))
		string_stream_add(stream, KUNIT_SUBSUBTEST_INDENT "%s == %lld (0x%llx)\n",
				  ba->text->left_text, ba->left_value,
				  (unsigned long long)ba->left_value);
	if (!is_literal(ba->text->right_text, ba->right_value))
		string_stream_add(stream, KUNIT_SUBSUBTEST_INDENT "%s == %lld (0x%llx)",
				  ba->text->right_text, ba->right_value,
				  (unsigned long long)ba->right_value);
	print_msg(message, stream);
}

void kunit_binary_ptr_assert_format(const struct kunit_assert *assert,
				    const struct va_format *message,
				    struct string_stream *stream)
{
	const struct kunit_binary_ptr_assert *ba =
		container_of(assert, struct kunit_binary_ptr_assert, assert);

	string_stream_add(stream, KUNIT_SUBTEST_INDENT "Expected %s %s %s, but\n",
			  ba->text->left_text, ba->text->operation, ba->text->right_text);
	string_stream_add(stream, KUNIT_SUBSUBTEST_INDENT "%s == %px\n",
			  ba->text->left_text, ba->left_value);
	string_stream_add(stream, KUNIT_SUBSUBTEST_INDENT "%s == %px",
			  ba->text->right_text, ba->right_value);
	print_msg(message, stream);
}

/* Is @text the quoted literal of @value? */
static bool is_str_literal(const char *text, const char *value)
{
	size_t len;

	if (!value)
		return false;
	len = strlen(text);
	if (len < 2 || text[0] != '"' || text[len - 1] != '"')
		return false;
	return strlen(value) == len - 2 && !strncmp(text + 1, value, len - 2);
}

void kunit_binary_str_assert_format(const struct kunit_assert *assert,
				    const struct va_format *message,
				    struct string_stream *stream)
{
	const struct kunit_binary_str_assert *ba =
		container_of(assert, struct kunit_binary_str_assert, assert);

	string_stream_add(stream, KUNIT_SUBTEST_INDENT "Expected %s %s %s, but\n",
			  ba->text->left_text, ba->text->operation, ba->text->right_text);
	if (!is_str_literal(ba->text->left_text, ba->left_value))
		string_stream_add(stream, KUNIT_SUBSUBTEST_INDENT "%s == \"%s\"\n",
				  ba->text->left_text, ba->left_value);
	if (!is_str_literal(ba->text->right_text, ba->right_value))
		string_stream_add(stream, KUNIT_SUBSUBTEST_INDENT "%s == \"%s\"",
				  ba->text->right_text, ba->right_value);
	print_msg(message, stream);
}

/* 16 bytes a line; bytes that differ from @other are shown as <xx>. */
static void hexdump(struct string_stream *stream, const u8 *buf, const u8 *other, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (!(i % 16) && i)
			string_stream_add(stream, "\n");
		if (!(i % 16))
			string_stream_add(stream, KUNIT_SUBSUBTEST_INDENT);
		if (buf[i] != other[i])
			string_stream_add(stream, "<%02x>", buf[i]);
		else
			string_stream_add(stream, " %02x ", buf[i]);
	}
}

void kunit_mem_assert_format(const struct kunit_assert *assert,
			     const struct va_format *message, struct string_stream *stream)
{
	const struct kunit_mem_assert *ma = container_of(assert, struct kunit_mem_assert, assert);

	string_stream_add(stream, KUNIT_SUBTEST_INDENT "Expected %s %s %s, but\n",
			  ma->text->left_text, ma->text->operation, ma->text->right_text);
	if (!ma->left_value) {
		string_stream_add(stream, KUNIT_SUBSUBTEST_INDENT "%s is not null\n",
				  ma->text->left_text);
	} else if (!ma->right_value) {
		string_stream_add(stream, KUNIT_SUBSUBTEST_INDENT "%s is not null\n",
				  ma->text->right_text);
	} else {
		string_stream_add(stream, KUNIT_SUBSUBTEST_INDENT "%s ==\n", ma->text->left_text);
		hexdump(stream, ma->left_value, ma->right_value, ma->size);
		string_stream_add(stream, "\n");
		string_stream_add(stream, KUNIT_SUBSUBTEST_INDENT "%s ==\n", ma->text->right_text);
		hexdump(stream, ma->right_value, ma->left_value, ma->size);
	}
	print_msg(message, stream);
}
