/* inject_kill.c - an LD_PRELOAD shim that kills the process (SIGKILL) at a
 * chosen instant, to prove that a crash there loses and repeats nothing.
 *
 * Environment:
 *   ZRX_KILL_PATH    substring of a file path: writes to matching files
 *                    count; unset: writes never kill
 *   ZRX_KILL_AFTER   bytes that may be written to matching files (all of
 *                    them together); the write that crosses it is cut
 *                    there, then the process dies; default 0
 *   ZRX_KILL_RENAME  substring: a rename() whose new name holds it kills the
 *                    process before it happens
 * A descriptor matches when readlink("/proc/self/fd/N") holds the substring.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include "inject_fd.h"

static const char *kill_path, *kill_rename;
static long long kill_after, written;
static int ready;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static int (*real_rename)(const char *, const char *);

static void
init(void)
{
	const char *s;

	if (ready)
		return;
	real_write = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	real_writev = (ssize_t (*)(int, const struct iovec *, int))dlsym(RTLD_NEXT, "writev");
	real_pwrite = (ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
	real_pwrite64 = (ssize_t (*)(int, const void *, size_t, off64_t))
	    dlsym(RTLD_NEXT, "pwrite64");
	real_rename = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	s = getenv("ZRX_KILL_PATH");
	kill_path = s != NULL && *s != '\0' ? s : NULL;
	s = getenv("ZRX_KILL_AFTER");
	kill_after = s != NULL ? strtoll(s, NULL, 10) : 0;
	s = getenv("ZRX_KILL_RENAME");
	kill_rename = s != NULL && *s != '\0' ? s : NULL;
	ready = 1;
}

static int
matches(int fd)
{
	return fd_path_has(fd, kill_path);
}

static void
die(void)
{
	(void)kill(getpid(), SIGKILL);
	for (;;)
		pause();
}

/* How many of n bytes may go before the process dies (n: all). */
static size_t
budget(size_t n)
{
	long long left = kill_after - written;

	if (left <= 0)
		return 0;
	return (unsigned long long)left < n ? (size_t)left : n;
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	size_t k;
	ssize_t r;

	init();
	if (n == 0 || !matches(fd))
		return real_write != NULL ? real_write(fd, buf, n) : syscall(SYS_write, fd, buf, n);
	k = budget(n);
	r = k > 0 ? real_write(fd, buf, k) : 0;
	if (r > 0)
		written += r;
	if (k < n)
		die();
	return r;
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	size_t k;
	ssize_t r;

	init();
	if (n == 0 || !matches(fd))
		return real_pwrite(fd, buf, n, off);
	k = budget(n);
	r = k > 0 ? real_pwrite(fd, buf, k, off) : 0;
	if (r > 0)
		written += r;
	if (k < n)
		die();
	return r;
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	size_t k;
	ssize_t r;

	init();
	if (n == 0 || !matches(fd))
		return real_pwrite64(fd, buf, n, off);
	k = budget(n);
	r = k > 0 ? real_pwrite64(fd, buf, k, off) : 0;
	if (r > 0)
		written += r;
	if (k < n)
		die();
	return r;
}

ssize_t
writev(int fd, const struct iovec *iov, int iovcnt)
{
	size_t total = 0;
	int i;

	init();
	if (!matches(fd))
		return real_writev(fd, iov, iovcnt);
	for (i = 0; i < iovcnt; i++)
		total += iov[i].iov_len;
	if (budget(total) < total)
		die(); /* cut at the vector's start: a crash before the write */
	written += (long long)total;
	return real_writev(fd, iov, iovcnt);
}

int
rename(const char *from, const char *to)
{
	init();
	if (kill_rename != NULL && to != NULL && strstr(to, kill_rename) != NULL)
		die();
	return real_rename(from, to);
}
