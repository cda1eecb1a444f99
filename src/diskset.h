/* diskset.h - a set of byte strings kept on disk, not in memory: an
 * unlinked SQLite file in a directory of the caller's, with a small page
 * cache.  The keys also keep their order of insertion, so the set can be
 * read back as a queue.  What must outlive each of a million users (the
 * users already committed, the users found and still to export) lives here,
 * so memory does not grow with the account. */
#ifndef ZRX_DISKSET_H
#define ZRX_DISKSET_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct zrx_diskset;

/* An empty set in dir (NULL: $TMPDIR or /tmp).  0, or -errno / -EIO. */
int zrx_diskset_open(struct zrx_diskset **s, const char *dir) ZRX_WUR;

/* Add k[0..n): 1 if it was not there, 0 if it was, -1 on an error. */
int zrx_diskset_add(struct zrx_diskset *s, const void *k, size_t n);

/* 1 if k[0..n) is in the set, 0 if not, -1 on an error. */
int zrx_diskset_has(struct zrx_diskset *s, const void *k, size_t n);

/* Keys in the set. */
uint64_t zrx_diskset_count(const struct zrx_diskset *s);

/* The next key in the order of insertion after the last one this returned:
 * 1 with *k, *n (valid until the next call on s), 0 when none is left for
 * now, -1 on an error. */
int zrx_diskset_next(struct zrx_diskset *s, const char **k, size_t *n);

/* Keys not yet returned by zrx_diskset_next. */
uint64_t zrx_diskset_unread(const struct zrx_diskset *s);

/* Close and forget; the file is already gone.  NULL ok. */
void zrx_diskset_close(struct zrx_diskset *s);

#endif
