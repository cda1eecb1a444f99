/* fsutil.h - durable file operations. */
#ifndef ZRX_FSUTIL_H
#define ZRX_FSUTIL_H

#include <stddef.h>
#include "util.h"

/* Write data to path atomically: a temp file in the same directory opened
 * O_EXCL with mode 0600, every write checked, fsync, rename over path, fsync
 * of the directory.  0 or -errno (the temp file is removed on failure). */
int zrx_write_atomic(const char *path, const void *data, size_t len) ZRX_WUR;

/* fsync the directory holding path.  0 or -errno (EINVAL, a directory that
 * cannot be synced on this file system, counts as success). */
int zrx_fsync_dir_of(const char *path) ZRX_WUR;

/* rename(from, to) then fsync the directory (both, when they differ).
 * 0 or -errno. */
int zrx_rename_durable(const char *from, const char *to) ZRX_WUR;

/* 1 if path exists (any type, a dangling symlink included), 0 if not. */
int zrx_path_exists(const char *path);

/* The directory part of path ("." when none); caller owns the result. */
char *zrx_dirname(const char *path);

/* Write all n bytes to fd, retrying EINTR and short writes.  0 or -errno
 * (-EIO if write() returns 0).  *done (if not NULL) gets the bytes that did
 * reach fd, also on failure. */
int zrx_write_all(int fd, const void *p, size_t n, size_t *done) ZRX_WUR;

#endif
