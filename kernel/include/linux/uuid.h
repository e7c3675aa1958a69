/* SPDX-License-Identifier: MIT */
/*
 * linux/uuid.h - 16-byte identifiers (kernel/lib/uuid.c): uuid_t keeps the
 * RFC 4122 byte order (big-endian fields), guid_t the little-endian one of
 * EFI/ACPI GUIDs; both print and parse as xxxxxxxx-xxxx-xxxx-xxxx-
 * xxxxxxxxxxxx.  The system's UAPI <linux/uuid.h> is not included.
 */
#ifndef _ZSK_LINUX_UUID_H
#define _ZSK_LINUX_UUID_H

#include <linux/string.h>
#include <linux/types.h>

#define UUID_SIZE 16
#define UUID_STRING_LEN 36

typedef struct {
	__u8 b[UUID_SIZE];
} guid_t;

typedef struct {
	__u8 b[UUID_SIZE];
} uuid_t;

/** GUID_INIT - a guid_t: @a, @b and @c stored little-endian, then @d0..@d7 */
#define GUID_INIT(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7) ((guid_t) {{ \
	(a) & 0xff, ((a) >> 8) & 0xff, ((a) >> 16) & 0xff, ((a) >> 24) & 0xff, \
	(b) & 0xff, ((b) >> 8) & 0xff, (c) & 0xff, ((c) >> 8) & 0xff, \
	(d0), (d1), (d2), (d3), (d4), (d5), (d6), (d7) }})
/** UUID_INIT - a uuid_t: @a, @b and @c stored big-endian, then @d0..@d7 */
#define UUID_INIT(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7) ((uuid_t) {{ \
	((a) >> 24) & 0xff, ((a) >> 16) & 0xff, ((a) >> 8) & 0xff, (a) & 0xff, \
	((b) >> 8) & 0xff, (b) & 0xff, ((c) >> 8) & 0xff, (c) & 0xff, \
	(d0), (d1), (d2), (d3), (d4), (d5), (d6), (d7) }})

extern const guid_t guid_null;
extern const uuid_t uuid_null;

static inline bool guid_equal(const guid_t *u1, const guid_t *u2)
{
	return memcmp(u1, u2, sizeof(guid_t)) == 0;
}
static inline void guid_copy(guid_t *dst, const guid_t *src)
{
	memcpy(dst, src, sizeof(guid_t));
}
static inline void import_guid(guid_t *dst, const __u8 *src)
{
	memcpy(dst, src, sizeof(guid_t));
}
static inline void export_guid(__u8 *dst, const guid_t *src)
{
	memcpy(dst, src, sizeof(guid_t));
}
static inline bool guid_is_null(const guid_t *guid)
{
	return guid_equal(guid, &guid_null);
}
static inline bool uuid_equal(const uuid_t *u1, const uuid_t *u2)
{
	return memcmp(u1, u2, sizeof(uuid_t)) == 0;
}
static inline void uuid_copy(uuid_t *dst, const uuid_t *src)
{
	memcpy(dst, src, sizeof(uuid_t));
}
static inline void import_uuid(uuid_t *dst, const __u8 *src)
{
	memcpy(dst, src, sizeof(uuid_t));
}
static inline void export_uuid(__u8 *dst, const uuid_t *src)
{
	memcpy(dst, src, sizeof(uuid_t));
}
static inline bool uuid_is_null(const uuid_t *uuid)
{
	return uuid_equal(uuid, &uuid_null);
}

/** generate_random_uuid - 16 random bytes made an RFC 4122 version 4 UUID */
void generate_random_uuid(unsigned char uuid[UUID_SIZE]);
/** generate_random_guid - the same in GUID byte order */
void generate_random_guid(unsigned char guid[UUID_SIZE]);
/** guid_gen - a random version 4 GUID */
void guid_gen(guid_t *u);
/** uuid_gen - a random version 4 UUID */
void uuid_gen(uuid_t *u);
/** uuid_is_valid - whether @uuid is 36 characters of hex with hyphens at 8, 13, 18, 23 */
bool __must_check uuid_is_valid(const char *uuid);
/** guid_parse - the GUID spelt by @uuid; 0, or -EINVAL when it is not valid */
int guid_parse(const char *uuid, guid_t *u);
/** uuid_parse - the UUID spelt by @uuid; 0, or -EINVAL when it is not valid */
int uuid_parse(const char *uuid, uuid_t *u);

#endif
