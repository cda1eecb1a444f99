/* report_map.h - byte-string keys to dense indexes 0, 1, 2, ... in the
 * order keys were first seen: the report's users, departments, months,
 * file types and statuses.  Open addressing over zrx_hash64. */
#ifndef ZRX_REPORT_MAP_H
#define ZRX_REPORT_MAP_H

#include <stddef.h>

struct zrx_rmap;

/* An empty map; never NULL. */
struct zrx_rmap *zrx_rmap_new(void);

/* The index of key[0..len), added (with the next index) if new; *added
 * (may be NULL) says which. */
size_t zrx_rmap_put(struct zrx_rmap *m, const void *key, size_t len, int *added);

/* The index of key[0..len), or (size_t)-1 when absent. */
size_t zrx_rmap_get(const struct zrx_rmap *m, const void *key, size_t len);

/* Keys held. */
size_t zrx_rmap_count(const struct zrx_rmap *m);

/* Key number i (i < count), NUL-terminated (it may hold NULs before its
 * length); map-owned, valid until the map is freed. */
const char *zrx_rmap_key(const struct zrx_rmap *m, size_t i, size_t *len);

void zrx_rmap_free(struct zrx_rmap *m); /* NULL ok */

#endif
