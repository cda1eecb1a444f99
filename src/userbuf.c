/* userbuf.c - a user's de-duplicated records, spilled to an unlinked
 * temporary file past a memory threshold.
 *
 * The records are one byte stream.  Once spilled, memory is only a
 * write-behind buffer: the file holds every byte older than those in
 * memory, so replaying file then memory keeps the order.  A flush always
 * writes the whole memory at the file's end, which is what makes rollback
 * simple: if the file grew since the mark, the memory held at the mark is
 * now right after the marked file length. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "keyset.h"
#include "userbuf.h"

#define UB_READSZ (64u * 1024u)  /* drain reads the spill file in these */

struct zrx_userbuf {
	struct zrx_keyset *keys;
	size_t spill_bytes;
	char *tmpdir;          /* NULL: $TMPDIR or /tmp */
	unsigned char *mem;    /* bytes not yet in the file */
	size_t mlen, mcap;     /* mcap never exceeds max(spill_bytes, 4096) */
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

int
zrx_userbuf_claim(struct zrx_userbuf *ub, const char *key, size_t keylen)
{
	if (key == NULL)
		return 1;
	return zrx_keyset_add(ub->keys, key, keylen);
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
	fd = mkostemp(tmpl, O_CLOEXEC | O_APPEND);
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

static int
flush_mem(struct zrx_userbuf *ub)
{
	int err;

	if (ub->mlen == 0)
		return 0;
	err = spill_write(ub, ub->mem, ub->mlen);
	if (err == 0)
		ub->mlen = 0;
	return err;
}

static int
store(struct zrx_userbuf *ub, const void *p, size_t n)
{
	size_t cap;
	int err;

	if (ub->mlen + n > ub->spill_bytes) {
		err = flush_mem(ub);
		if (err != 0)
			return err;
		if (n > ub->spill_bytes)
			return spill_write(ub, p, n); /* bigger than memory may hold */
	}
	if (ub->mlen + n > ub->mcap) {
		cap = ub->mcap ? ub->mcap : 4096;
		while (cap < ub->mlen + n)
			cap *= 2;
		if (cap > ub->spill_bytes && ub->spill_bytes >= ub->mlen + n)
			cap = ub->spill_bytes;
		ub->mem = zrx_xrealloc(ub->mem, cap);
		ub->mcap = cap;
	}
	memcpy(ub->mem + ub->mlen, p, n);
	ub->mlen += n;
	return 0;
}

int
zrx_userbuf_write(struct zrx_userbuf *ub, const void *p, size_t n)
{
	int err;

	if (ub->err != 0)
		return ub->err;
	if (n == 0)
		return 0;
	err = store(ub, p, n);
	if (err != 0) {
		ub->err = err;
		return err;
	}
	ub->bytes += n;
	return 0;
}

void
zrx_userbuf_end_record(struct zrx_userbuf *ub)
{
	ub->count++;
}

int
zrx_userbuf_add(struct zrx_userbuf *ub, const char *key, size_t keylen,
                const char *rec, size_t len)
{
	struct zrx_userbuf_mark m;
	int err;

	if (ub->err != 0)
		return ub->err;
	if (key != NULL && zrx_keyset_has(ub->keys, key, keylen))
		return 0;
	zrx_userbuf_mark(ub, &m);
	err = zrx_userbuf_write(ub, rec, len);
	if (err != 0)
		return err;
	(void)zrx_userbuf_claim(ub, key, keylen);
	zrx_userbuf_end_record(ub);
	return 1;
}

void
zrx_userbuf_mark(const struct zrx_userbuf *ub, struct zrx_userbuf_mark *m)
{
	m->flen = ub->flen;
	m->mlen = ub->mlen;
	m->count = ub->count;
	m->bytes = ub->bytes;
	m->keys = zrx_keyset_mark(ub->keys);
}

int
zrx_userbuf_rollback(struct zrx_userbuf *ub, const struct zrx_userbuf_mark *m)
{
	zrx_keyset_rollback(ub->keys, m->keys);
	ub->count = m->count;
	ub->bytes = m->bytes;
	if (ub->err != 0)
		return ub->err;
	if (ub->flen > m->flen) {
		/* the memory held at the mark was flushed right after m->flen */
		uint64_t keep = m->flen + m->mlen;

		if (ftruncate(ub->fd, (off_t)keep) != 0) {
			ub->err = -errno;
			return ub->err;
		}
		ub->flen = keep;
		ub->mlen = 0;
	} else {
		ub->mlen = m->mlen;
	}
	return 0;
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

int
zrx_userbuf_drain(struct zrx_userbuf *ub,
                  int (*sink)(void *ud, const char *p, size_t n), void *ud)
{
	char *buf;
	uint64_t off = 0;
	size_t want;
	int rc = 0;

	if (ub->err != 0)
		return ub->err;
	if (ub->fd >= 0 && ub->flen > 0) {
		buf = zrx_xmalloc(UB_READSZ);
		while (rc == 0 && off < ub->flen) {
			want = UB_READSZ;
			if ((uint64_t)want > ub->flen - off)
				want = (size_t)(ub->flen - off);
			rc = spill_read(ub, buf, want, off);
			if (rc == 0)
				rc = sink(ud, buf, want);
			off += want;
		}
		free(buf);
		if (rc != 0)
			return rc;
	}
	if (ub->mlen > 0)
		return sink(ud, (const char *)ub->mem, ub->mlen);
	return 0;
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
