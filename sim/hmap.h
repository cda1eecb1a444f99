/* hmap.h - a chained hash map from byte-string keys to pointers. */
#ifndef SIM_HMAP_H
#define SIM_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct sim_hmap_ent;

struct sim_hmap {
	struct sim_hmap_ent **b;
	size_t nb;
	size_t n;
};

/* An empty map; no allocation. */
void sim_hmap_init(struct sim_hmap *m);

/* The value stored under k[0..n), or NULL when absent. */
void *sim_hmap_get(const struct sim_hmap *m, const char *k, size_t n);

/* Store val under k[0..n) (the key is copied); an existing entry is replaced
 * and its old value returned, else NULL. */
void *sim_hmap_put(struct sim_hmap *m, const char *k, size_t n, void *val);

/* Remove k[0..n); returns its value, or NULL when absent. */
void *sim_hmap_del(struct sim_hmap *m, const char *k, size_t n);

/* Call fn(key, klen, val, ctx) for every entry (no changes meanwhile). */
void sim_hmap_each(const struct sim_hmap *m,
    void (*fn)(const char *key, size_t klen, void *val, void *ctx), void *ctx);

/* Free the map; each value is passed to fr first unless fr is NULL. */
void sim_hmap_free(struct sim_hmap *m, void (*fr)(void *));

#endif
