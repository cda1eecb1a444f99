/* hmap.c - a chained hash map from byte-string keys to pointers. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "hmap.h"

struct sim_hmap_ent {
	struct sim_hmap_ent *next;
	uint64_t hash;
	void *val;
	size_t klen;
	char key[];
};

static uint64_t
hash_bytes(const char *k, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)k[i];
		h *= 0x100000001b3ULL;
	}
	return h ^ (h >> 29);
}

void
sim_hmap_init(struct sim_hmap *m)
{
	m->b = NULL;
	m->nb = 0;
	m->n = 0;
}

static struct sim_hmap_ent **
find_slot(const struct sim_hmap *m, const char *k, size_t n, uint64_t h)
{
	struct sim_hmap_ent **pp;

	if (m->nb == 0)
		return NULL;
	for (pp = &m->b[h & (m->nb - 1)]; *pp != NULL; pp = &(*pp)->next) {
		if ((*pp)->hash == h && (*pp)->klen == n &&
		    memcmp((*pp)->key, k, n) == 0)
			return pp;
	}
	return pp;
}

void *
sim_hmap_get(const struct sim_hmap *m, const char *k, size_t n)
{
	struct sim_hmap_ent **pp = find_slot(m, k, n, hash_bytes(k, n));

	return pp != NULL && *pp != NULL ? (*pp)->val : NULL;
}

static void
grow(struct sim_hmap *m)
{
	size_t nb = m->nb ? m->nb * 2 : 64, i;
	struct sim_hmap_ent **b = zrx_xcalloc(nb, sizeof(*b)), *e, *next;

	for (i = 0; i < m->nb; i++) {
		for (e = m->b[i]; e != NULL; e = next) {
			next = e->next;
			e->next = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
		}
	}
	free(m->b);
	m->b = b;
	m->nb = nb;
}

void *
sim_hmap_put(struct sim_hmap *m, const char *k, size_t n, void *val)
{
	uint64_t h = hash_bytes(k, n);
	struct sim_hmap_ent **pp, *e;
	void *old;

	if (m->n + 1 > m->nb)
		grow(m);
	pp = find_slot(m, k, n, h);
	if (*pp != NULL) {
		old = (*pp)->val;
		(*pp)->val = val;
		return old;
	}
	e = zrx_xmalloc(sizeof(*e) + n + 1);
	e->next = NULL;
	e->hash = h;
	e->val = val;
	e->klen = n;
	memcpy(e->key, k, n);
	e->key[n] = '\0';
	*pp = e;
	m->n++;
	return NULL;
}

void *
sim_hmap_del(struct sim_hmap *m, const char *k, size_t n)
{
	struct sim_hmap_ent **pp = find_slot(m, k, n, hash_bytes(k, n)), *e;
	void *val;

	if (pp == NULL || *pp == NULL)
		return NULL;
	e = *pp;
	*pp = e->next;
	val = e->val;
	free(e);
	m->n--;
	return val;
}

void
sim_hmap_each(const struct sim_hmap *m,
    void (*fn)(const char *key, size_t klen, void *val, void *ctx), void *ctx)
{
	struct sim_hmap_ent *e;
	size_t i;

	for (i = 0; i < m->nb; i++)
		for (e = m->b[i]; e != NULL; e = e->next)
			fn(e->key, e->klen, e->val, ctx);
}

void
sim_hmap_free(struct sim_hmap *m, void (*fr)(void *))
{
	struct sim_hmap_ent *e, *next;
	size_t i;

	for (i = 0; i < m->nb; i++) {
		for (e = m->b[i]; e != NULL; e = next) {
			next = e->next;
			if (fr != NULL)
				fr(e->val);
			free(e);
		}
	}
	free(m->b);
	sim_hmap_init(m);
}
