/* fsutil.c - durable file operations: atomic replace, directory fsync. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

int
zrx_write_all(int fd, const void *p, size_t n, size_t *done)
{
	const char *c = p;
	size_t off = 0;
	ssize_t r;
	int err = 0;

	while (off < n) {
		r = write(fd, c + off, n - off);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (r == 0) {
			err = -EIO;
			break;
		}
		off += (size_t)r;
	}
	if (done != NULL)
		*done = off;
	return err;
}

char *
zrx_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL)
		return zrx_xstrdup(".");
	/* Drop the run of slashes that separates the directory from the name. */
	n = (size_t)(slash - path);
	while (n > 0 && path[n - 1] == '/')
		n--;
	if (n == 0)
		return zrx_xstrdup("/");
	return zrx_xstrndup(path, n);
}

int
zrx_path_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static const char *
nonregular_words(mode_t m)
{
	if (S_ISREG(m))
		return NULL;
	if (S_ISLNK(m))
		return "a symbolic link";
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/* The error for something that is not a regular file. */
static int
nonregular_err(mode_t m)
{
	if (S_ISLNK(m))
		return -ELOOP;
	if (S_ISDIR(m))
		return -EISDIR;
	return -EEXIST;
}

const char *
zrx_path_nonregular(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return NULL;
	return nonregular_words(st.st_mode);
}

const char *
zrx_path_unwritable(const char *path, char *buf, size_t n)
{
	char *dir = zrx_dirname(path);
	const char *kind;
	struct stat st;
	int e;

	if (stat(dir, &st) != 0) {
		e = errno;
		if (e == ENOENT || e == ENOTDIR)
			snprintf(buf, n, "the directory %s does not exist", dir);
		else
			snprintf(buf, n, "the directory %s: %s", dir, strerror(e));
	} else if (!S_ISDIR(st.st_mode)) {
		snprintf(buf, n, "%s is not a directory", dir);
	} else if (access(dir, W_OK | X_OK) != 0 && (errno == EACCES || errno == EROFS)) {
		snprintf(buf, n, "the directory %s: %s", dir, strerror(errno));
	} else if ((kind = zrx_path_nonregular(path)) != NULL) {
		snprintf(buf, n, "it is %s; zrx writes only regular files, never through a "
		    "link or onto a device, even with --force: remove it or choose another "
		    "path", kind);
	} else {
		buf = NULL;
	}
	free(dir);
	return buf;
}

/* 0 if nothing or a regular file is at path, else the error to refuse
 * replacing it with. */
static int
replaceable(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -errno;
	return S_ISREG(st.st_mode) ? 0 : nonregular_err(st.st_mode);
}

int
zrx_create_fresh(const char *path, int flags)
{
	int fd, tries, err;

	for (tries = 0; tries < 2; tries++) {
		fd = open(path, flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			return -errno;
		/* a regular file is unlinked, never truncated; anything else
		 * (a link, a device) is left alone */
		err = replaceable(path);
		if (err != 0)
			return err;
		if (unlink(path) != 0 && errno != ENOENT)
			return -errno;
	}
	return -EEXIST; /* something keeps appearing there */
}

int
zrx_open_own(const char *path, int flags)
{
	struct stat st;
	int fd, err = 0;

	fd = open(path, flags | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0)
		err = -errno;
	else if (S_ISDIR(st.st_mode))
		err = -EISDIR;
	else if (!S_ISREG(st.st_mode) || st.st_nlink != 1 || st.st_uid != geteuid())
		err = -EPERM;
	if (err != 0) {
		(void)close(fd);
		return err;
	}
	return fd;
}

int
zrx_fsync_dir_of(const char *path)
{
	char *dir = zrx_dirname(path);
	int fd, err = 0;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -errno;
	if (fsync(fd) != 0 && errno != EINVAL)
		err = -errno;
	if (close(fd) != 0 && err == 0 && errno != EINTR)
		err = -errno;
	return err;
}

int
zrx_rename_durable(const char *from, const char *to)
{
	char *dfrom, *dto;
	int err, same;

	err = replaceable(to);
	if (err != 0)
		return err;
	if (rename(from, to) != 0)
		return -errno;
	err = zrx_fsync_dir_of(to);
	if (err != 0)
		return err;
	dfrom = zrx_dirname(from);
	dto = zrx_dirname(to);
	same = strcmp(dfrom, dto) == 0;
	free(dfrom);
	free(dto);
	if (!same)
		err = zrx_fsync_dir_of(from);
	return err;
}

/* Create a fresh temp file beside path; *tmp gets its name.  fd or -errno. */
static int
open_temp_beside(const char *path, char **tmp)
{
	static unsigned counter;
	unsigned n;
	int fd, tries;

	for (tries = 0; tries < 1000; tries++) {
		n = __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
		*tmp = zrx_xasprintf("%s.tmp-%ld-%u", path, (long)getpid(), n);
		fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0)
			return fd;
		fd = -errno;
		free(*tmp);
		*tmp = NULL;
		if (fd != -EEXIST)
			return fd;
	}
	return -EEXIST;
}

int
zrx_write_atomic(const char *path, const void *data, size_t len)
{
	char *tmp = NULL;
	int fd, err;

	err = replaceable(path);
	if (err != 0)
		return err;
	fd = open_temp_beside(path, &tmp);
	if (fd < 0)
		return fd;
	err = zrx_write_all(fd, data, len, NULL);
	if (err == 0 && fsync(fd) != 0 && errno != EINVAL)
		err = -errno;
	if (close(fd) != 0 && err == 0 && errno != EINTR)
		err = -errno;
	if (err == 0)
		err = replaceable(path);
	if (err == 0 && rename(tmp, path) != 0)
		err = -errno;
	if (err != 0) {
		unlink(tmp);
		free(tmp);
		return err;
	}
	free(tmp);
	return zrx_fsync_dir_of(path);
}
