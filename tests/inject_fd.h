/* inject_fd.h - what the LD_PRELOAD shims (inject_errors.c, inject_kill.c)
 * share: whether a descriptor names a file whose path holds a substring. */
#ifndef ZRX_INJECT_FD_H
#define ZRX_INJECT_FD_H

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* 1 if fd's path (from /proc/self/fd) holds sub; errno is kept. */
static int
fd_path_has(int fd, const char *sub)
{
	char link[64], target[PATH_MAX + 1];
	ssize_t n;
	int saved = errno;

	if (sub == NULL || fd < 0)
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	errno = saved;
	if (n <= 0)
		return 0;
	target[n] = '\0';
	return strstr(target, sub) != NULL;
}

#endif
