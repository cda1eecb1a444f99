/* fileout.h - one output file: plain or a sequence of gzip members, written
 * with every call checked and committed with fsync. */
#ifndef ZRX_FILEOUT_H
#define ZRX_FILEOUT_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

struct zrx_out;

/*
 * Open path for writing at offset `resume_at`: 0 creates the file anew
 * (mode 0600, zrx_create_fresh: a regular file there is unlinked, never
 * truncated; a symlink, a device or anything else is refused); > 0 opens an
 * existing file of zrx's own (zrx_open_own: a regular file with one name,
 * not through a symlink) and truncates it to exactly that many bytes (the
 * last committed offset): -ENOENT if it is missing, -EINVAL if it is
 * shorter than resume_at (bytes we committed are gone).
 * path "-" means stdout (never truncated, never fsynced; resume_at > 0 is
 * -ESPIPE).  gzip_level -1 writes plain bytes; 0..9 writes gzip members at
 * that level.  Returns 0 or -errno; on error *out is NULL.
 */
int zrx_out_open(struct zrx_out **out, const char *path, int gzip_level,
                 int64_t resume_at) ZRX_WUR;

/* Append n bytes (compressing if gzip).  0 or -errno (ENOSPC, EIO...).
 * Errors are sticky: after one, every write and commit returns it. */
int zrx_out_write(struct zrx_out *o, const void *p, size_t n) ZRX_WUR;

/* Finish the current gzip member (if any bytes went into it), write all
 * pending bytes, fsync.  After it returns 0, zrx_out_offset() bytes are on
 * disk and form a complete file: a gzip file that is still empty gets one
 * empty member (zcat and gzip -t refuse a 0-byte file).  Otherwise nothing
 * written since the last commit is a no-op returning 0.  0 or -errno. */
int zrx_out_commit(struct zrx_out *o) ZRX_WUR;

/* Bytes committed so far (the file size after the last commit). */
int64_t zrx_out_offset(const struct zrx_out *o);

/* End the gzip member being gathered now, without a commit (no fsync), so
 * that zrx_out_size() is exact.  0 or -errno. */
int zrx_out_seal(struct zrx_out *o) ZRX_WUR;

/* Bytes written (compressed) including uncommitted ones still buffered here
 * (not the up to 1 MiB gathered for the next gzip member: see
 * zrx_out_seal). */
int64_t zrx_out_size(const struct zrx_out *o);

/* Uncompressed bytes accepted by zrx_out_write since open. */
uint64_t zrx_out_raw_bytes(const struct zrx_out *o);

/* Close the file (does not commit: call zrx_out_commit first; uncommitted
 * bytes still buffered are dropped).  stdout is not closed.  0 or -errno.
 * Frees o; NULL ok. */
int zrx_out_close(struct zrx_out *o);

#endif
