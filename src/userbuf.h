/* userbuf.h - one user's formatted records while the user is being listed:
 * de-duplicated by key, held in memory up to a threshold, spilled to an
 * unlinked temporary file past it, replayed in order when the user
 * commits.  A mark and a rollback take back what a page added when the
 * page fails half-way, so records stream in as they parse and a page still
 * counts all or nothing. */
#ifndef ZRX_USERBUF_H
#define ZRX_USERBUF_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

struct zrx_userbuf;

/* spill_bytes: memory held before spilling; tmpdir: where the spill file
 * goes (NULL: $TMPDIR or /tmp).  Never NULL. */
struct zrx_userbuf *zrx_userbuf_new(size_t spill_bytes, const char *tmpdir);

/* Seen this key already?  1 yes, 0 no (key NULL: 0). */
int zrx_userbuf_has(const struct zrx_userbuf *ub, const char *key, size_t keylen);

/* Claim key for a record about to be written: 1 if it is new (now taken),
 * 0 if a record with this key is already held.  key NULL: always 1. */
int zrx_userbuf_claim(struct zrx_userbuf *ub, const char *key, size_t keylen);

/* Append bytes of the current record (any number of calls per record).
 * 0 or -errno if the spill file could not be created or written; errors
 * are sticky: later calls, rollbacks and drains return it too. */
int zrx_userbuf_write(struct zrx_userbuf *ub, const void *p, size_t n) ZRX_WUR;

/* The current record is complete: it counts. */
void zrx_userbuf_end_record(struct zrx_userbuf *ub);

/* claim + write + end in one call: 1 added, 0 a duplicate (dropped), or
 * -errno. */
int zrx_userbuf_add(struct zrx_userbuf *ub, const char *key, size_t keylen,
                    const char *rec, size_t len) ZRX_WUR;

/* Where a page began. */
struct zrx_userbuf_mark {
	uint64_t flen;
	size_t mlen;
	uint64_t count;
	uint64_t bytes;
	size_t keys;
};

/* Remember the current end. */
void zrx_userbuf_mark(const struct zrx_userbuf *ub, struct zrx_userbuf_mark *m);

/* Forget every record and key added since m.  0 or -errno (sticky). */
int zrx_userbuf_rollback(struct zrx_userbuf *ub, const struct zrx_userbuf_mark *m) ZRX_WUR;

/* Records held (ended), and their bytes (memory + spilled). */
uint64_t zrx_userbuf_count(const struct zrx_userbuf *ub);
uint64_t zrx_userbuf_bytes(const struct zrx_userbuf *ub);
/* 1 if a spill file is in use. */
int zrx_userbuf_spilled(const struct zrx_userbuf *ub);

/* Replay every byte, in order, through sink in chunks of any size (p valid
 * only during the call).  The records stay held (drain may be repeated).
 * A nonzero sink return stops and is returned; -errno on a read error; 0
 * when done. */
int zrx_userbuf_drain(struct zrx_userbuf *ub,
                      int (*sink)(void *ud, const char *p, size_t n), void *ud) ZRX_WUR;

/* Forget records and keys; closes any spill file. */
void zrx_userbuf_free(struct zrx_userbuf *ub); /* NULL ok */

#endif
