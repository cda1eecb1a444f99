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
		fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
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

	fd = open_temp_beside(path, &tmp);
	if (fd < 0)
		return fd;
	err = zrx_write_all(fd, data, len, NULL);
	if (err == 0 && fsync(fd) != 0 && errno != EINVAL)
		err = -errno;
	if (close(fd) != 0 && err == 0 && errno != EINTR)
		err = -errno;
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
