/* fsutil.h - durable file operations. */
#ifndef ZRX_FSUTIL_H
#define ZRX_FSUTIL_H

#include <stddef.h>
#include "util.h"

/* Write data to path atomically: a temp file in the same directory opened
 * O_EXCL with mode 0600, every write checked, fsync, rename over path, fsync
 * of the directory.  Something at path other than a regular file is never
 * replaced: -ELOOP (a symlink), -EISDIR, -EEXIST (a device...).  0 or -errno
 * (the temp file is removed on failure). */
int zrx_write_atomic(const char *path, const void *data, size_t len) ZRX_WUR;

/* fsync the directory holding path.  0 or -errno (EINVAL, a directory that
 * cannot be synced on this file system, counts as success). */
int zrx_fsync_dir_of(const char *path) ZRX_WUR;

/* rename(from, to) then fsync the directory (both, when they differ).
 * Something at `to` other than a regular file is never replaced (-ELOOP,
 * -EISDIR, -EEXIST as zrx_create_fresh).  0 or -errno. */
int zrx_rename_durable(const char *from, const char *to) ZRX_WUR;

/* 1 if path exists (any type, a dangling symlink included), 0 if not. */
int zrx_path_exists(const char *path);

/* What is at path when it is not a regular file, as words for a message
 * ("a symbolic link", "a directory", "a device", "a FIFO", "a socket"); NULL
 * when nothing is there or a regular file.  A link is not followed.  Static
 * text. */
const char *zrx_path_nonregular(const char *path);

/* Why zrx cannot create or replace path (NULL when it can): its directory
 * does not exist or cannot be written, or something other than a regular
 * file is there.  The words go into buf[0..n), which is returned. */
const char *zrx_path_unwritable(const char *path, char *buf, size_t n);

/*
 * Create path as a new file for writing (flags: O_WRONLY or O_RDWR, plus
 * O_APPEND, O_CLOEXEC...), mode 0600, with O_CREAT | O_EXCL | O_NOFOLLOW:
 * never through a symlink, never onto a device.  A regular file already
 * there is unlinked first, never truncated (another name of it keeps its
 * bytes); anything else there is refused: -ELOOP for a symlink, -EISDIR for
 * a directory, -EEXIST otherwise.  Returns the descriptor or -errno.
 */
int zrx_create_fresh(const char *path, int flags) ZRX_WUR;

/*
 * Open an existing file that zrx made, to append to it or cut it back:
 * O_NOFOLLOW, then it must be a regular file with a single name, owned by
 * the effective user.  -ELOOP (a symlink), -EISDIR, -EPERM (a device, a FIFO,
 * another owner, hard links) or the open's -errno.  Returns the descriptor.
 */
int zrx_open_own(const char *path, int flags) ZRX_WUR;

/* The directory part of path ("." when none); caller owns the result. */
char *zrx_dirname(const char *path);

/* Write all n bytes to fd, retrying EINTR and short writes.  0 or -errno
 * (-EIO if write() returns 0).  *done (if not NULL) gets the bytes that did
 * reach fd, also on failure. */
int zrx_write_all(int fd, const void *p, size_t n, size_t *done) ZRX_WUR;

#endif
