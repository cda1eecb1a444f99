/* fileout.c - the output file: plain bytes or gzip members, committed with
 * fsync.  Every commit ends a gzip member, so the committed prefix of the
 * file is always a complete gzip stream (members concatenated). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "fsutil.h"
#include "fileout.h"

#define OUT_BUFSZ (64u * 1024u)
/* deflate takes a uInt length: feed it at most this much at once. */
#define OUT_CHUNK (1u << 30)

struct zrx_out {
	int fd;
	int is_stdout;
	int gzip;              /* gzip members, else plain */
	int zinit;             /* zs initialised */
	int member_open;       /* bytes went into deflate since the last Z_FINISH */
	int err;               /* sticky error (-errno) */
	z_stream zs;
	unsigned char *buf;    /* pending bytes not yet written to fd */
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

/* Run deflate over the input already set in o->zs with `flush`, writing out
 * the buffer whenever deflate fills it (zpipe: loop while avail_out == 0).
 * For Z_FINISH, loops until Z_STREAM_END. */
static int
out_deflate(struct zrx_out *o, int flush)
{
	int ret;

	for (;;) {
		if (o->blen == OUT_BUFSZ && out_flush(o) != 0)
			return o->err;
		o->zs.next_out = o->buf + o->blen;
		o->zs.avail_out = (uInt)(OUT_BUFSZ - o->blen);
		ret = deflate(&o->zs, flush);
		o->blen = OUT_BUFSZ - o->zs.avail_out;
		if (flush == Z_FINISH && ret == Z_STREAM_END)
			return 0;
		if (ret != Z_OK && ret != Z_BUF_ERROR) {
			o->err = -EIO;
			return o->err;
		}
		if (o->zs.avail_out != 0) {
			if (flush == Z_FINISH) {
				/* room left, yet the member did not end */
				o->err = -EIO;
				return o->err;
			}
			break;
		}
	}
	if (o->zs.avail_in != 0) {
		o->err = -EIO;
		return o->err;
	}
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
		if (deflateInit2(&o->zs, gzip_level, Z_DEFLATED, 15 + 16, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK) {
			err = -ENOMEM;
			goto fail;
		}
		o->zinit = 1;
	}
	o->buf = zrx_xmalloc(OUT_BUFSZ);
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
	o->member_open = 1;
	while (n > 0) {
		k = n > OUT_CHUNK ? OUT_CHUNK : n;
		o->zs.next_in = (unsigned char *)(uintptr_t)c;
		o->zs.avail_in = (uInt)k;
		if (out_deflate(o, Z_NO_FLUSH) != 0)
			return o->err;
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
	if (o->gzip && zrx_out_size(o) == 0)
		o->member_open = 1;
	if (o->gzip && o->member_open) {
		o->zs.next_in = NULL;
		o->zs.avail_in = 0;
		if (out_deflate(o, Z_FINISH) != 0)
			return o->err;
		if (deflateReset(&o->zs) != Z_OK) {
			o->err = -EIO;
			return o->err;
		}
		o->member_open = 0;
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
	/* Z_DATA_ERROR here only says uncommitted input was dropped. */
	if (o->zinit)
		(void)deflateEnd(&o->zs);
	if (!o->is_stdout && o->fd >= 0 && close(o->fd) != 0 && errno != EINTR)
		err = -errno;
	free(o->buf);
	free(o);
	return err;
}
