/* syncuser.h - what the sync keeps of one user while its listings run:
 * the meetings listed (spilled past a threshold, taken back when a page
 * fails) and the user's trash; handed to the catalog's diff when done. */
#ifndef ZRX_SYNCUSER_H
#define ZRX_SYNCUSER_H

#include <stdint.h>

#include "catalog.h"
#include "recparse.h"

struct zrx_syncuser;

/* Empty, for user (copied); spill_bytes and tmpdir as userbuf's. */
struct zrx_syncuser *zrx_syncuser_new(const char *user, size_t spill_bytes, const char *tmpdir);

/* A page begins / will not count (every record it added is taken back). */
void zrx_syncuser_mark(struct zrx_syncuser *su);
int zrx_syncuser_rollback(struct zrx_syncuser *su) ZRX_WUR;

/* The key a meeting is known by: its uuid, or for one without a string
 * uuid "#" and the SHA-256 (hex) of the object as sent.  Into *key. */
void zrx_syncuser_key(const struct zrx_item *it, struct zrx_buf *key);

/* Keep a listed meeting dated day (its UTC start date, or the first day of
 * the listing for an unreadable start_time).  0 (kept or a duplicate) or
 * -errno (a spill file failed). */
int zrx_syncuser_seen(struct zrx_syncuser *su, const struct zrx_item *it, int32_t day);

/* Keep a meeting of the trash listing, dated day (ZRX_NO_DAY: unreadable). */
void zrx_syncuser_trash(struct zrx_syncuser *su, const struct zrx_item *it, int32_t day);

/* 1 if the trash listing held key. */
int zrx_syncuser_in_trash(const struct zrx_syncuser *su, const char *key, size_t n);

/* The listing for the catalog's diff, over [from, to]; valid while su is. */
void zrx_syncuser_listing(struct zrx_syncuser *su, int32_t from, int32_t to,
                          struct zrx_user_listing *l);

/* Meetings kept, and whether a spill file is in use. */
uint64_t zrx_syncuser_count(const struct zrx_syncuser *su);

void zrx_syncuser_free(struct zrx_syncuser *su); /* NULL ok */

#endif
