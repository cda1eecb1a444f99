/* keyset.c - a set of byte-string keys with mark and rollback.
 *
 * Keys live in an arena, each as a 4-byte length and its bytes, in
 * insertion order; the slots (open addressing, linear probing, load at
 * most one half) hold the hash and the arena offset.  Rollback walks the
 * arena from the mark and deletes each key with backward-shift deletion, so
 * no tombstones are left behind. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "keyset.h"
#include "util.h"

#define KS_HDR 4

struct keyslot {
	uint64_t hash;
	size_t off1;   /* offset of the key's header in the arena + 1; 0 = empty */
};

struct zrx_keyset {
	struct keyslot *slots;
	size_t cap;            /* power of two, or 0 */
	size_t count;
	struct zrx_buf arena;
};

uint64_t
zrx_hash64(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	/* murmur3's finaliser spreads FNV's weak low bits */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

struct zrx_keyset *
zrx_keyset_new(void)
{
	struct zrx_keyset *ks = zrx_xcalloc(1, sizeof(*ks));

	zrx_buf_init(&ks->arena);
	return ks;
}

static size_t
key_len_at(const struct zrx_keyset *ks, size_t off)
{
	const unsigned char *h = (const unsigned char *)ks->arena.data + off;

	return (size_t)h[0] | (size_t)h[1] << 8 | (size_t)h[2] << 16 | (size_t)h[3] << 24;
}

/* The index of the slot holding key, or of the empty slot where it would go. */
static size_t
find(const struct zrx_keyset *ks, uint64_t h, const void *key, size_t len)
{
	size_t mask = ks->cap - 1, i = (size_t)h & mask;
	const struct keyslot *s;

	for (;;) {
		s = &ks->slots[i];
		if (s->off1 == 0)
			return i;
		if (s->hash == h && key_len_at(ks, s->off1 - 1) == len &&
		    (len == 0 || memcmp(ks->arena.data + s->off1 - 1 + KS_HDR, key, len) == 0))
			return i;
		i = (i + 1) & mask;
	}
}

static void
grow(struct zrx_keyset *ks)
{
	struct keyslot *old = ks->slots;
	size_t oldcap = ks->cap, i, j, mask;

	ks->cap = oldcap ? oldcap * 2 : 64;
	ks->slots = zrx_xcalloc(ks->cap, sizeof(*ks->slots));
	mask = ks->cap - 1;
	for (i = 0; i < oldcap; i++) {
		if (old[i].off1 == 0)
			continue;
		j = (size_t)old[i].hash & mask;
		while (ks->slots[j].off1 != 0)
			j = (j + 1) & mask;
		ks->slots[j] = old[i];
	}
	free(old);
}

int
zrx_keyset_add(struct zrx_keyset *ks, const void *key, size_t len)
{
	uint64_t h = zrx_hash64(key, len);
	unsigned char hdr[KS_HDR];
	struct keyslot *s;

	if (len > UINT32_MAX)
		len = UINT32_MAX; /* no key is ever near this; keep the header honest */
	if ((ks->count + 1) * 2 > ks->cap)
		grow(ks);
	s = &ks->slots[find(ks, h, key, len)];
	if (s->off1 != 0)
		return 0;
	s->hash = h;
	s->off1 = ks->arena.len + 1;
	hdr[0] = (unsigned char)(len & 0xff);
	hdr[1] = (unsigned char)((len >> 8) & 0xff);
	hdr[2] = (unsigned char)((len >> 16) & 0xff);
	hdr[3] = (unsigned char)((len >> 24) & 0xff);
	zrx_buf_append(&ks->arena, hdr, KS_HDR);
	zrx_buf_append(&ks->arena, key, len);
	ks->count++;
	return 1;
}

int
zrx_keyset_has(const struct zrx_keyset *ks, const void *key, size_t len)
{
	if (ks->count == 0)
		return 0;
	return ks->slots[find(ks, zrx_hash64(key, len), key, len)].off1 != 0;
}

uint64_t
zrx_keyset_count(const struct zrx_keyset *ks)
{
	return ks->count;
}

size_t
zrx_keyset_memory(const struct zrx_keyset *ks)
{
	return ks->cap * sizeof(struct keyslot) + ks->arena.cap;
}

size_t
zrx_keyset_mark(const struct zrx_keyset *ks)
{
	return ks->arena.len;
}

/* Empty slot i, moving later members of its probe run back into the gap. */
static void
delete_slot(struct zrx_keyset *ks, size_t i)
{
	size_t mask = ks->cap - 1, j = i, k;

	for (;;) {
		j = (j + 1) & mask;
		if (ks->slots[j].off1 == 0)
			break;
		k = (size_t)ks->slots[j].hash & mask;
		/* k in (i, j] cyclically: the member is where it may stay */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		ks->slots[i] = ks->slots[j];
		i = j;
	}
	ks->slots[i].off1 = 0;
	ks->slots[i].hash = 0;
}

void
zrx_keyset_rollback(struct zrx_keyset *ks, size_t mark)
{
	size_t off = mark, len, i;
	const char *key;

	while (off < ks->arena.len) {
		len = key_len_at(ks, off);
		key = ks->arena.data + off + KS_HDR;
		i = find(ks, zrx_hash64(key, len), key, len);
		if (ks->slots[i].off1 != 0) {
			delete_slot(ks, i);
			ks->count--;
		}
		off += KS_HDR + len;
	}
	if (mark < ks->arena.len) {
		ks->arena.len = mark;
		if (ks->arena.data != NULL)
			ks->arena.data[mark] = '\0';
	}
}

int
zrx_keyset_each(const struct zrx_keyset *ks,
                int (*fn)(void *ud, const char *key, size_t len), void *ud)
{
	size_t off = 0, len;
	int rc;

	while (off < ks->arena.len) {
		len = key_len_at(ks, off);
		rc = fn(ud, ks->arena.data + off + KS_HDR, len);
		if (rc != 0)
			return rc;
		off += KS_HDR + len;
	}
	return 0;
}

void
zrx_keyset_clear(struct zrx_keyset *ks)
{
	if (ks->slots != NULL)
		memset(ks->slots, 0, ks->cap * sizeof(*ks->slots));
	ks->count = 0;
	zrx_buf_reset(&ks->arena);
}

void
zrx_keyset_free(struct zrx_keyset *ks)
{
	if (ks == NULL)
		return;
	free(ks->slots);
	zrx_buf_free(&ks->arena);
	free(ks);
}
