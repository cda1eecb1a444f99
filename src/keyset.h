/* keyset.h - the one set of byte-string keys zrx uses (uuids of a user,
 * users of a run, users committed in a journal): open addressing with
 * linear probing, keys copied into an arena.  Keys added since a mark can
 * be taken back, for a page that fails half-way. */
#ifndef ZRX_KEYSET_H
#define ZRX_KEYSET_H

#include <stddef.h>
#include <stdint.h>

struct zrx_keyset;

/* An empty set; never NULL. */
struct zrx_keyset *zrx_keyset_new(void);

/* Insert a copy of key[0..len).  1 if added, 0 if already present. */
int zrx_keyset_add(struct zrx_keyset *ks, const void *key, size_t len);

/* 1 if key[0..len) is in the set, else 0. */
int zrx_keyset_has(const struct zrx_keyset *ks, const void *key, size_t len);

/* Keys in the set. */
uint64_t zrx_keyset_count(const struct zrx_keyset *ks);

/* Bytes of memory the set holds (slots and arena). */
size_t zrx_keyset_memory(const struct zrx_keyset *ks);

/* A position to come back to: every key added after it is removed by
 * zrx_keyset_rollback(ks, mark). */
size_t zrx_keyset_mark(const struct zrx_keyset *ks);
void zrx_keyset_rollback(struct zrx_keyset *ks, size_t mark);

/* Call fn for every key, in insertion order; a nonzero return stops and is
 * returned. */
int zrx_keyset_each(const struct zrx_keyset *ks,
                    int (*fn)(void *ud, const char *key, size_t len), void *ud);

/* Drop every key, keeping the memory for reuse. */
void zrx_keyset_clear(struct zrx_keyset *ks);

void zrx_keyset_free(struct zrx_keyset *ks); /* NULL ok */

/* The 64-bit hash the set uses (FNV-1a with murmur3's finaliser). */
uint64_t zrx_hash64(const void *key, size_t len);

#endif
