/* userbuf.h - one user's records while it is being exported: de-duplicated
 * by key, held in memory up to a threshold, spilled to an unlinked temporary
 * file past it, replayed in order when the user commits.  Also the set of
 * byte-string keys both this and the journal use. */
#ifndef ZRX_USERBUF_H
#define ZRX_USERBUF_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

struct zrx_userbuf;

/* spill_bytes: memory held before spilling; tmpdir: where the spill file
 * goes (NULL: $TMPDIR or /tmp).  Never NULL. */
struct zrx_userbuf *zrx_userbuf_new(size_t spill_bytes, const char *tmpdir);

/* Seen this key already?  1 yes, 0 no. */
int zrx_userbuf_has(const struct zrx_userbuf *ub, const char *key, size_t keylen);

/*
 * Add a record under key (keylen bytes; key NULL = no key, never a
 * duplicate).  Returns 1 if added, 0 if the key was already present (the
 * record is dropped), or -errno if the spill file could not be created or
 * written (sticky: later adds and drains return it too; -EFBIG for a record
 * of 4 GiB or more).
 */
int zrx_userbuf_add(struct zrx_userbuf *ub, const char *key, size_t keylen,
                    const char *rec, size_t len) ZRX_WUR;

/* Records held. */
uint64_t zrx_userbuf_count(const struct zrx_userbuf *ub);
/* Bytes held (memory + spilled), record bytes only. */
uint64_t zrx_userbuf_bytes(const struct zrx_userbuf *ub);
/* 1 if a spill file is in use. */
int zrx_userbuf_spilled(const struct zrx_userbuf *ub);

/* Replay every record's bytes, in insertion order, through sink: each call
 * carries exactly one whole record (p valid only during the call).  The
 * records stay held (drain may be repeated).  A nonzero sink return stops
 * and is returned; -errno on a read error; 0 when done. */
int zrx_userbuf_drain(struct zrx_userbuf *ub,
                      int (*sink)(void *ud, const char *p, size_t n), void *ud) ZRX_WUR;

/* Forget records and keys; closes any spill file. */
void zrx_userbuf_free(struct zrx_userbuf *ub); /* NULL ok */

/* A set of byte-string keys (open addressing; keys copied into an arena). */
struct zrx_keyset;

/* An empty set; never NULL. */
struct zrx_keyset *zrx_keyset_new(void);
/* Insert a copy of key[0..len).  1 if added, 0 if already present. */
int zrx_keyset_add(struct zrx_keyset *ks, const void *key, size_t len);
/* 1 if key[0..len) is in the set, else 0. */
int zrx_keyset_has(const struct zrx_keyset *ks, const void *key, size_t len);
/* Keys in the set. */
uint64_t zrx_keyset_count(const struct zrx_keyset *ks);
/* Drop every key, keeping the memory for reuse. */
void zrx_keyset_clear(struct zrx_keyset *ks);
void zrx_keyset_free(struct zrx_keyset *ks); /* NULL ok */

#endif
