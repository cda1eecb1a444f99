/* userbuf.c - a user's de-duplicated records, spilled to an unlinked
 * temporary file past a memory threshold; and the key set behind it.
 *
 * Records are stored as a 4-byte little-endian length followed by the
 * bytes, in memory and in the spill file alike, so a flush is one write and
 * a drain can hand each whole record to the sink.  Once spilled, memory is
 * only a write-behind buffer: the file holds every record older than those
 * in memory, so replaying file then memory keeps insertion order. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "userbuf.h"

/* ---- key set ---------------------------------------------------------- */

struct keyslot {
	uint64_t hash;
	size_t off1;   /* offset of the key in the arena + 1; 0 = empty */
	size_t len;
};

struct zrx_keyset {
	struct keyslot *slots;
	size_t cap;            /* power of two */
	size_t count;
	struct zrx_buf arena;
};

static uint64_t
key_hash(const void *key, size_t len)
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

/* The slot holding key, or the empty slot where it would go. */
static struct keyslot *
keyset_find(const struct zrx_keyset *ks, uint64_t h, const void *key, size_t len)
{
	size_t mask = ks->cap - 1, i = (size_t)h & mask;
	struct keyslot *s;

	for (;;) {
		s = &ks->slots[i];
		if (s->off1 == 0)
			return s;
		if (s->hash == h && s->len == len &&
		    (len == 0 || memcmp(ks->arena.data + s->off1 - 1, key, len) == 0))
			return s;
		i = (i + 1) & mask;
	}
}

static void
keyset_grow(struct zrx_keyset *ks)
{
	struct keyslot *old = ks->slots, *s;
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
		s = &ks->slots[j];
		*s = old[i];
	}
	free(old);
}

int
zrx_keyset_add(struct zrx_keyset *ks, const void *key, size_t len)
{
	uint64_t h = key_hash(key, len);
	struct keyslot *s;

	/* keep the load at most one half */
	if ((ks->count + 1) * 2 > ks->cap)
		keyset_grow(ks);
	s = keyset_find(ks, h, key, len);
	if (s->off1 != 0)
		return 0;
	s->hash = h;
	s->len = len;
	s->off1 = ks->arena.len + 1;
	zrx_buf_append(&ks->arena, key, len);
	ks->count++;
	return 1;
}

int
zrx_keyset_has(const struct zrx_keyset *ks, const void *key, size_t len)
{
	if (ks->count == 0)
		return 0;
	return keyset_find(ks, key_hash(key, len), key, len)->off1 != 0;
}

uint64_t
zrx_keyset_count(const struct zrx_keyset *ks)
{
	return ks->count;
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

/* ---- user buffer ------------------------------------------------------ */

#define UB_HDR 4                 /* length prefix of a stored record */
#define UB_READSZ (64u * 1024u)  /* drain reads the spill file in these */

struct zrx_userbuf {
	struct zrx_keyset *keys;
	size_t spill_bytes;
	char *tmpdir;          /* NULL: $TMPDIR or /tmp */
	unsigned char *mem;    /* stored records not yet in the file */
	size_t mlen, mcap;     /* mcap never exceeds max(spill_bytes, 0) */
	int fd;                /* spill file, -1 until the first spill */
	uint64_t flen;         /* bytes in the spill file */
	uint64_t count;
	uint64_t bytes;
	int err;               /* sticky -errno */
};

struct zrx_userbuf *
zrx_userbuf_new(size_t spill_bytes, const char *tmpdir)
{
	struct zrx_userbuf *ub = zrx_xcalloc(1, sizeof(*ub));

	ub->keys = zrx_keyset_new();
	ub->spill_bytes = spill_bytes;
	ub->tmpdir = tmpdir != NULL ? zrx_xstrdup(tmpdir) : NULL;
	ub->fd = -1;
	return ub;
}

int
zrx_userbuf_has(const struct zrx_userbuf *ub, const char *key, size_t keylen)
{
	if (key == NULL)
		return 0;
	return zrx_keyset_has(ub->keys, key, keylen);
}

static int
spill_open(struct zrx_userbuf *ub)
{
	const char *dir = ub->tmpdir;
	char *tmpl;
	int fd, err = 0;

	if (dir == NULL || *dir == '\0')
		dir = getenv("TMPDIR");
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	tmpl = zrx_xasprintf("%s/zrx-spill-XXXXXX", dir);
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
	} else if (unlink(tmpl) != 0) {
		err = -errno;
		close(fd);
	}
	free(tmpl);
	if (err != 0)
		return err;
	ub->fd = fd;
	return 0;
}

/* Append bytes to the spill file (creating it first). */
static int
spill_write(struct zrx_userbuf *ub, const void *p, size_t n)
{
	size_t done = 0;
	int err;

	if (ub->fd < 0 && (err = spill_open(ub)) != 0)
		return err;
	err = zrx_write_all(ub->fd, p, n, &done);
	ub->flen += done;
	return err;
}

static void
put_len(unsigned char h[UB_HDR], size_t len)
{
	h[0] = (unsigned char)(len & 0xff);
	h[1] = (unsigned char)((len >> 8) & 0xff);
	h[2] = (unsigned char)((len >> 16) & 0xff);
	h[3] = (unsigned char)((len >> 24) & 0xff);
}

static size_t
get_len(const unsigned char h[UB_HDR])
{
	return (size_t)h[0] | (size_t)h[1] << 8 | (size_t)h[2] << 16 |
	    (size_t)h[3] << 24;
}

/* Store hdr+rec: in memory if it fits under the threshold, else flush memory
 * to the file and append (small records to memory again, big ones straight
 * to the file). */
static int
store(struct zrx_userbuf *ub, const char *rec, size_t len)
{
	unsigned char hdr[UB_HDR];
	size_t need = UB_HDR + len, cap;
	int err;

	put_len(hdr, len);
	if (ub->mlen + need > ub->spill_bytes) {
		if (ub->mlen > 0) {
			err = spill_write(ub, ub->mem, ub->mlen);
			if (err != 0)
				return err;
			ub->mlen = 0;
		}
		if (need > ub->spill_bytes) {
			err = spill_write(ub, hdr, UB_HDR);
			if (err == 0)
				err = spill_write(ub, rec, len);
			return err;
		}
	}
	if (ub->mlen + need > ub->mcap) {
		cap = ub->mcap ? ub->mcap : 4096;
		while (cap < ub->mlen + need)
			cap *= 2;
		if (cap > ub->spill_bytes)
			cap = ub->spill_bytes;
		ub->mem = zrx_xrealloc(ub->mem, cap);
		ub->mcap = cap;
	}
	memcpy(ub->mem + ub->mlen, hdr, UB_HDR);
	memcpy(ub->mem + ub->mlen + UB_HDR, rec, len);
	ub->mlen += need;
	return 0;
}

int
zrx_userbuf_add(struct zrx_userbuf *ub, const char *key, size_t keylen,
                const char *rec, size_t len)
{
	int err;

	if (ub->err != 0)
		return ub->err;
	if (key != NULL && zrx_keyset_has(ub->keys, key, keylen))
		return 0;
	if ((uint64_t)len > UINT32_MAX)
		return -EFBIG;
	err = store(ub, rec, len);
	if (err != 0) {
		ub->err = err;
		return err;
	}
	if (key != NULL)
		zrx_keyset_add(ub->keys, key, keylen);
	ub->count++;
	ub->bytes += len;
	return 1;
}

uint64_t
zrx_userbuf_count(const struct zrx_userbuf *ub)
{
	return ub->count;
}

uint64_t
zrx_userbuf_bytes(const struct zrx_userbuf *ub)
{
	return ub->bytes;
}

int
zrx_userbuf_spilled(const struct zrx_userbuf *ub)
{
	return ub->fd >= 0;
}

/* Read exactly n bytes at off from the spill file. */
static int
spill_read(struct zrx_userbuf *ub, void *p, size_t n, uint64_t off)
{
	char *c = p;
	ssize_t r;

	while (n > 0) {
		r = pread(ub->fd, c, n, (off_t)off);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			return -EIO; /* the file is shorter than we wrote */
		c += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

/* Hand each stored record in p[0..n) to the sink; *used gets the bytes of
 * the whole records consumed (a record cut at the end is left). */
static int
replay(const unsigned char *p, size_t n, size_t *used,
       int (*sink)(void *, const char *, size_t), void *ud)
{
	size_t off = 0, len;
	int rc;

	while (n - off >= UB_HDR) {
		len = get_len(p + off);
		if (n - off - UB_HDR < len)
			break;
		rc = sink(ud, (const char *)p + off + UB_HDR, len);
		if (rc != 0) {
			*used = off;
			return rc;
		}
		off += UB_HDR + len;
	}
	*used = off;
	return 0;
}

static int
drain_file(struct zrx_userbuf *ub, int (*sink)(void *, const char *, size_t),
           void *ud)
{
	unsigned char *buf;
	size_t cap = UB_READSZ, have = 0, used, want, len;
	uint64_t off = 0;
	int rc = 0;

	buf = zrx_xmalloc(cap);
	while (off < ub->flen) {
		want = cap - have;
		if ((uint64_t)want > ub->flen - off)
			want = (size_t)(ub->flen - off);
		rc = spill_read(ub, buf + have, want, off);
		if (rc != 0)
			break;
		off += want;
		have += want;
		rc = replay(buf, have, &used, sink, ud);
		if (rc != 0)
			break;
		memmove(buf, buf + used, have - used);
		have -= used;
		/* a record bigger than the buffer: make room for all of it */
		if (have >= UB_HDR) {
			len = get_len(buf) + UB_HDR;
			if (len > cap) {
				cap = len;
				buf = zrx_xrealloc(buf, cap);
			}
		}
	}
	if (rc == 0 && have != 0)
		rc = -EIO; /* a record cut short: the file does not hold what we wrote */
	free(buf);
	return rc;
}

int
zrx_userbuf_drain(struct zrx_userbuf *ub,
                  int (*sink)(void *ud, const char *p, size_t n), void *ud)
{
	size_t used;
	int rc;

	if (ub->err != 0)
		return ub->err;
	if (ub->fd >= 0) {
		rc = drain_file(ub, sink, ud);
		if (rc != 0)
			return rc;
	}
	rc = replay(ub->mem, ub->mlen, &used, sink, ud);
	if (rc != 0)
		return rc;
	return used == ub->mlen ? 0 : -EIO;
}

void
zrx_userbuf_free(struct zrx_userbuf *ub)
{
	if (ub == NULL)
		return;
	if (ub->fd >= 0)
		close(ub->fd);
	zrx_keyset_free(ub->keys);
	free(ub->mem);
	free(ub->tmpdir);
	free(ub);
}
