/* fileout.c - the output file: plain bytes or gzip members, committed with
 * fsync.  Every commit ends a gzip member, so the committed prefix of the
 * file is always a complete gzip stream (members concatenated).
 *
 * gzip members are made by libdeflate from whole buffers: bytes gather
 * uncompressed up to MEMBER_BYTES, then become one member.  libdeflate
 * compresses a buffer in about half the CPU of zlib's streaming deflate at
 * the same level, into slightly smaller output (README, "Performance");
 * 1 MiB members cost nothing measurable in ratio against one stream. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libdeflate.h>

#include "fsutil.h"
#include "fileout.h"

#define OUT_BUFSZ (64u * 1024u)
#define MEMBER_BYTES (1u << 20) /* uncompressed bytes per gzip member, at most */

struct zrx_out {
	int fd;
	int is_stdout;
	int gzip;              /* gzip members, else plain */
	int err;               /* sticky error (-errno) */
	struct libdeflate_compressor *cz;
	unsigned char *raw_buf;  /* gzip: bytes of the member being gathered */
	size_t rlen;
	unsigned char *zbuf;     /* gzip: one compressed member */
	size_t zcap;
	unsigned char *buf;    /* plain: pending bytes not yet written to fd */
	size_t blen;
	int64_t written;       /* bytes that reached fd (file position) */
	int64_t committed;     /* file size at the last successful commit */
	uint64_t raw;
};

/* Write the pending buffer to the file. */
static int
out_flush(struct zrx_out *o)
{
	size_t done = 0;
	int err;

	if (o->blen == 0)
		return 0;
	err = zrx_write_all(o->fd, o->buf, o->blen, &done);
	o->written += (int64_t)done;
	if (err != 0) {
		o->err = err;
		return err;
	}
	o->blen = 0;
	return 0;
}

/* The gathered bytes as one gzip member, written to the file. */
static int
out_member(struct zrx_out *o)
{
	size_t n, done = 0;
	int err;

	n = libdeflate_gzip_compress(o->cz, o->raw_buf, o->rlen, o->zbuf, o->zcap);
	if (n == 0) { /* cannot happen: zcap is the bound */
		o->err = -EIO;
		return o->err;
	}
	err = zrx_write_all(o->fd, o->zbuf, n, &done);
	o->written += (int64_t)done;
	if (err != 0) {
		o->err = err;
		return err;
	}
	o->rlen = 0;
	return 0;
}

int
zrx_out_open(struct zrx_out **out, const char *path, int gzip_level,
             int64_t resume_at)
{
	struct zrx_out *o;
	struct stat st;
	int err;

	*out = NULL;
	if (gzip_level < -1 || gzip_level > 9 || resume_at < 0)
		return -EINVAL;
	o = zrx_xcalloc(1, sizeof(*o));
	o->fd = -1;
	if (strcmp(path, "-") == 0) {
		if (resume_at > 0) {
			free(o);
			return -ESPIPE;
		}
		o->fd = STDOUT_FILENO;
		o->is_stdout = 1;
	} else if (resume_at == 0) {
		o->fd = zrx_create_fresh(path, O_WRONLY);
		if (o->fd < 0) {
			err = o->fd;
			goto fail;
		}
	} else {
		o->fd = zrx_open_own(path, O_WRONLY);
		if (o->fd < 0) {
			err = o->fd;
			goto fail;
		}
		if (fstat(o->fd, &st) != 0) {
			err = -errno;
			goto fail;
		}
		if (st.st_size < resume_at) {
			err = -EINVAL;
			goto fail;
		}
		if (st.st_size > resume_at) {
			if (ftruncate(o->fd, resume_at) != 0 ||
			    (fsync(o->fd) != 0 && errno != EINVAL)) {
				err = -errno;
				goto fail;
			}
		}
		if (lseek(o->fd, resume_at, SEEK_SET) < 0) {
			err = -errno;
			goto fail;
		}
		o->written = o->committed = resume_at;
	}
	if (gzip_level >= 0) {
		o->gzip = 1;
		o->cz = libdeflate_alloc_compressor(gzip_level);
		if (o->cz == NULL)
			zrx_oom(MEMBER_BYTES);
		o->zcap = libdeflate_gzip_compress_bound(o->cz, MEMBER_BYTES);
		o->raw_buf = zrx_xmalloc(MEMBER_BYTES);
		o->zbuf = zrx_xmalloc(o->zcap);
	} else {
		o->buf = zrx_xmalloc(OUT_BUFSZ);
	}
	*out = o;
	return 0;

fail:
	if (o->fd >= 0 && !o->is_stdout)
		close(o->fd);
	free(o);
	return err;
}

int
zrx_out_write(struct zrx_out *o, const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t k;

	if (o->err != 0)
		return o->err;
	if (n == 0)
		return 0;
	o->raw += n;
	if (!o->gzip) {
		while (n > 0) {
			if (o->blen == OUT_BUFSZ && out_flush(o) != 0)
				return o->err;
			k = OUT_BUFSZ - o->blen;
			if (k > n)
				k = n;
			memcpy(o->buf + o->blen, c, k);
			o->blen += k;
			c += k;
			n -= k;
		}
		return 0;
	}
	while (n > 0) {
		if (o->rlen == MEMBER_BYTES && out_member(o) != 0)
			return o->err;
		k = MEMBER_BYTES - o->rlen;
		if (k > n)
			k = n;
		memcpy(o->raw_buf + o->rlen, c, k);
		o->rlen += k;
		c += k;
		n -= k;
	}
	return 0;
}

int
zrx_out_commit(struct zrx_out *o)
{
	if (o->err != 0)
		return o->err;
	/* a gzip file of zero bytes is no gzip file: the first commit of a
	 * file still empty writes one empty member */
	if (o->gzip && (o->rlen > 0 || o->written == 0)) {
		if (out_member(o) != 0)
			return o->err;
	}
	if (o->blen == 0 && o->written == o->committed)
		return 0;
	if (out_flush(o) != 0)
		return o->err;
	if (!o->is_stdout && fsync(o->fd) != 0 && errno != EINVAL) {
		o->err = -errno;
		return o->err;
	}
	o->committed = o->written;
	return 0;
}

int
zrx_out_seal(struct zrx_out *o)
{
	if (o->err != 0)
		return o->err;
	if (o->gzip && o->rlen > 0)
		return out_member(o);
	return 0;
}

int64_t
zrx_out_offset(const struct zrx_out *o)
{
	return o->committed;
}

int64_t
zrx_out_size(const struct zrx_out *o)
{
	return o->written + (int64_t)o->blen;
}

uint64_t
zrx_out_raw_bytes(const struct zrx_out *o)
{
	return o->raw;
}

int
zrx_out_close(struct zrx_out *o)
{
	int err = 0;

	if (o == NULL)
		return 0;
	libdeflate_free_compressor(o->cz);
	if (!o->is_stdout && o->fd >= 0 && close(o->fd) != 0 && errno != EINTR)
		err = -errno;
	free(o->buf);
	free(o->raw_buf);
	free(o->zbuf);
	free(o);
	return err;
}
