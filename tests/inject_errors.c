/* inject_errors.c - an LD_PRELOAD shim that makes writes and fsyncs fail.
 *
 * Environment:
 *   ZRX_INJECT_PATH   substring of a file path; unset: the shim does nothing
 *   ZRX_INJECT_AFTER  bytes that may still be written to matching files
 *                     (all of them together) before writes fail; default 0.
 *                     The write that crosses the limit is cut short there.
 *   ZRX_INJECT_ERRNO  errno for failed writes: a number or ENOSPC, EIO,
 *                     EDQUOT, EFBIG, EPIPE, EROFS; default ENOSPC
 *   ZRX_INJECT_FSYNC  1: fsync()/fdatasync() on matching files fail with EIO
 *                     (independent of AFTER; set AFTER high to fail only
 *                     fsync)
 * A descriptor matches when readlink("/proc/self/fd/N") contains the
 * substring.  The link is read at every write: a per-descriptor cache would
 * go stale when libc closes a descriptor internally (fclose) and the number
 * is reused, which the shim cannot see.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include "inject_fd.h"

static const char *inj_path;
static long long inj_after;
static int inj_errno = ENOSPC;
static int inj_fsync;
static long long inj_written;   /* bytes written to matching descriptors */
static int inj_ready;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);

static int
errno_by_name(const char *s)
{
	static const struct {
		const char *name;
		int value;
	} names[] = {
		{ "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EDQUOT", EDQUOT },
		{ "EFBIG", EFBIG }, { "EPIPE", EPIPE }, { "EROFS", EROFS },
	};
	char *end;
	long v;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0)
			return names[i].value;
	v = strtol(s, &end, 10);
	if (*s != '\0' && *end == '\0' && v > 0 && v < 4096)
		return (int)v;
	return ENOSPC;
}

static void
inj_init(void)
{
	const char *s;

	if (__atomic_load_n(&inj_ready, __ATOMIC_ACQUIRE))
		return;
	real_write = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	real_writev = (ssize_t (*)(int, const struct iovec *, int))dlsym(RTLD_NEXT, "writev");
	real_pwrite = (ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
	real_fsync = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	real_fdatasync = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	s = getenv("ZRX_INJECT_PATH");
	inj_path = (s != NULL && *s != '\0') ? s : NULL;
	s = getenv("ZRX_INJECT_AFTER");
	inj_after = s != NULL ? strtoll(s, NULL, 10) : 0;
	s = getenv("ZRX_INJECT_ERRNO");
	if (s != NULL && *s != '\0')
		inj_errno = errno_by_name(s);
	s = getenv("ZRX_INJECT_FSYNC");
	inj_fsync = s != NULL && strcmp(s, "1") == 0;
	__atomic_store_n(&inj_ready, 1, __ATOMIC_RELEASE);
}

static int
fd_matches(int fd)
{
	return fd_path_has(fd, inj_path);
}

/* How many of n bytes may go to a matching fd now; 0 = fail the call. */
static size_t
allowed(size_t n)
{
	long long left = inj_after - __atomic_load_n(&inj_written, __ATOMIC_RELAXED);

	if (left <= 0)
		return 0;
	return (unsigned long long)left < n ? (size_t)left : n;
}

static void
account(ssize_t r)
{
	if (r > 0)
		__atomic_fetch_add(&inj_written, (long long)r, __ATOMIC_RELAXED);
}

static ssize_t
call_write(int fd, const void *buf, size_t n)
{
	if (real_write == NULL)
		return syscall(SYS_write, fd, buf, n);
	return real_write(fd, buf, n);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	size_t k;
	ssize_t r;

	inj_init();
	if (n == 0 || !fd_matches(fd))
		return call_write(fd, buf, n);
	k = allowed(n);
	if (k == 0) {
		errno = inj_errno;
		return -1;
	}
	r = call_write(fd, buf, k);
	account(r);
	return r;
}

ssize_t
writev(int fd, const struct iovec *iov, int iovcnt)
{
	struct iovec cut[64];
	size_t total = 0, k, left;
	ssize_t r;
	int i, m = 0;

	inj_init();
	if (!fd_matches(fd))
		return real_writev(fd, iov, iovcnt);
	for (i = 0; i < iovcnt; i++)
		total += iov[i].iov_len;
	if (total == 0)
		return real_writev(fd, iov, iovcnt);
	k = allowed(total);
	if (k == 0) {
		errno = inj_errno;
		return -1;
	}
	if (k == total) {
		r = real_writev(fd, iov, iovcnt);
	} else {
		/* cut the vector at the limit (a short write, as a full disk does) */
		for (i = 0, left = k; i < iovcnt && left > 0 && m < 64; i++) {
			cut[m] = iov[i];
			if (cut[m].iov_len > left)
				cut[m].iov_len = left;
			left -= cut[m].iov_len;
			m++;
		}
		r = real_writev(fd, cut, m);
	}
	account(r);
	return r;
}

static ssize_t
do_pwrite(int fd, const void *buf, size_t n, off_t off)
{
	size_t k;
	ssize_t r;

	inj_init();
	if (n == 0 || !fd_matches(fd))
		return real_pwrite(fd, buf, n, off);
	k = allowed(n);
	if (k == 0) {
		errno = inj_errno;
		return -1;
	}
	r = real_pwrite(fd, buf, k, off);
	account(r);
	return r;
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return do_pwrite(fd, buf, n, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	return do_pwrite(fd, buf, n, (off_t)off);
}

int
fsync(int fd)
{
	inj_init();
	if (inj_fsync && fd_matches(fd)) {
		errno = EIO;
		return -1;
	}
	return real_fsync(fd);
}

int
fdatasync(int fd)
{
	inj_init();
	if (inj_fsync && fd_matches(fd)) {
		errno = EIO;
		return -1;
	}
	return real_fdatasync(fd);
}
