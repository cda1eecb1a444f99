/* report_map.c - keys to dense indexes: each key is its own allocation
 * (so a key's pointer stays put), the slots hold index + 1 and the hash,
 * linear probing, load at most one half. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyset.h"
#include "report_map.h"
#include "util.h"

struct mslot {
	uint64_t hash;
	size_t idx1; /* index + 1; 0 = empty */
};

struct mkey {
	char *s;
	size_t len;
};

struct zrx_rmap {
	struct mslot *slots;
	size_t cap; /* power of two, or 0 */
	struct mkey *keys;
	size_t count, capkeys;
};

struct zrx_rmap *
zrx_rmap_new(void)
{
	return zrx_xcalloc(1, sizeof(struct zrx_rmap));
}

static size_t
find(const struct zrx_rmap *m, uint64_t h, const void *key, size_t len)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;

	for (;;) {
		const struct mslot *s = &m->slots[i];

		if (s->idx1 == 0)
			return i;
		if (s->hash == h) {
			const struct mkey *k = &m->keys[s->idx1 - 1];

			if (k->len == len && (len == 0 || memcmp(k->s, key, len) == 0))
				return i;
		}
		i = (i + 1) & mask;
	}
}

static void
grow(struct zrx_rmap *m)
{
	struct mslot *old = m->slots;
	size_t oldcap = m->cap, i, j;

	m->cap = m->cap ? m->cap * 2 : 64;
	m->slots = zrx_xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].idx1 == 0)
			continue;
		for (j = (size_t)old[i].hash & (m->cap - 1); m->slots[j].idx1 != 0;
		    j = (j + 1) & (m->cap - 1))
			;
		m->slots[j] = old[i];
	}
	free(old);
}

size_t
zrx_rmap_put(struct zrx_rmap *m, const void *key, size_t len, int *added)
{
	uint64_t h = zrx_hash64(key, len);
	size_t i;

	if (added != NULL)
		*added = 0;
	if (m->cap > 0) {
		i = find(m, h, key, len);
		if (m->slots[i].idx1 != 0)
			return m->slots[i].idx1 - 1;
	}
	if ((m->count + 1) * 2 > m->cap)
		grow(m);
	i = find(m, h, key, len);
	if (m->count == m->capkeys) {
		m->capkeys = m->capkeys ? m->capkeys * 2 : 16;
		m->keys = zrx_xrealloc(m->keys, m->capkeys * sizeof(*m->keys));
	}
	m->keys[m->count].s = zrx_xstrndup(key, len);
	m->keys[m->count].len = len;
	m->slots[i].hash = h;
	m->slots[i].idx1 = ++m->count;
	if (added != NULL)
		*added = 1;
	return m->count - 1;
}

size_t
zrx_rmap_get(const struct zrx_rmap *m, const void *key, size_t len)
{
	size_t i;

	if (m->cap == 0)
		return (size_t)-1;
	i = find(m, zrx_hash64(key, len), key, len);
	return m->slots[i].idx1 != 0 ? m->slots[i].idx1 - 1 : (size_t)-1;
}

size_t
zrx_rmap_count(const struct zrx_rmap *m)
{
	return m->count;
}

const char *
zrx_rmap_key(const struct zrx_rmap *m, size_t i, size_t *len)
{
	if (len != NULL)
		*len = m->keys[i].len;
	return m->keys[i].s;
}

void
zrx_rmap_free(struct zrx_rmap *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->count; i++)
		free(m->keys[i].s);
	free(m->keys);
	free(m->slots);
	free(m);
}
