// SPDX-License-Identifier: MIT
/*
 * uuid.c - parsing, checking and random generation for linux/uuid.h.
 * The text's bytes go to a GUID in little-endian field order: the first
 * four, the next two and the next two bytes of the text are reversed.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/random.h>
#include <linux/uuid.h>

const guid_t guid_null;
const uuid_t uuid_null;

/* Where the i-th byte of the text lands in each kind. */
static const u8 guid_order[UUID_SIZE] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
static const u8 uuid_order[UUID_SIZE] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
/* The text offset of each byte's two digits. */
static const u8 text_at[UUID_SIZE] = { 0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34 };

bool uuid_is_valid(const char *uuid)
{
	for (unsigned int i = 0; i < UUID_STRING_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (uuid[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)uuid[i])) {
			return false;
		}
	}
	return true;
}

static int digit(char c)
{
	return isdigit((unsigned char)c) ? c - '0' : tolower((unsigned char)c) - 'a' + 10;
}

static int parse(const char *uuid, const u8 order[UUID_SIZE], u8 b[UUID_SIZE])
{
	if (!uuid_is_valid(uuid))
		return -EINVAL;
	for (unsigned int i = 0; i < UUID_SIZE; i++)
		b[order[i]] = (u8)(digit(uuid[text_at[i]]) << 4 | digit(uuid[text_at[i] + 1]));
	return 0;
}

int guid_parse(const char *uuid, guid_t *u)
{
	return parse(uuid, guid_order, u->b);
}

int uuid_parse(const char *uuid, uuid_t *u)
{
	return parse(uuid, uuid_order, u->b);
}

void generate_random_uuid(unsigned char uuid[UUID_SIZE])
{
	get_random_bytes(uuid, UUID_SIZE);
	uuid[6] = (uuid[6] & 0x0f) | 0x40;	/* version 4 */
	uuid[8] = (uuid[8] & 0x3f) | 0x80;	/* the RFC 4122 variant */
}

void generate_random_guid(unsigned char guid[UUID_SIZE])
{
	get_random_bytes(guid, UUID_SIZE);
	guid[7] = (guid[7] & 0x0f) | 0x40;
	guid[8] = (guid[8] & 0x3f) | 0x80;
}

void guid_gen(guid_t *u)
{
	generate_random_guid(u->b);
}

void uuid_gen(uuid_t *u)
{
	generate_random_uuid(u->b);
}
