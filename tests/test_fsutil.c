/* test_fsutil.c - atomic replace, durable rename, dirname, write_all. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fsutil.h"
#include "util.h"

static char tmpdir[256];

static int
setup(void **state)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/zrx-fsutil.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static void
rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char *p;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = zrx_xasprintf("%s/%s", dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(p);
		else
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

static int
teardown(void **state)
{
	rm_tree(tmpdir);
	return 0;
}

/* Names in dir, sorted, joined with ' '. */
static char *
listing(const char *dir)
{
	struct dirent **names;
	struct zrx_buf b;
	int n, i;

	n = scandir(dir, &names, NULL, alphasort);
	assert_true(n >= 0);
	zrx_buf_init(&b);
	zrx_buf_puts(&b, "");
	for (i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0) {
			if (b.len > 0)
				zrx_buf_putc(&b, ' ');
			zrx_buf_puts(&b, names[i]->d_name);
		}
		free(names[i]);
	}
	free(names);
	return b.data;
}

static char *
slurp(const char *path)
{
	struct zrx_buf b;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	zrx_buf_init(&b);
	zrx_buf_puts(&b, "");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		zrx_buf_append(&b, chunk, n);
	fclose(f);
	return b.data;
}

static void
test_atomic_create_and_replace(void **state)
{
	char *dir = zrx_xasprintf("%s/a", tmpdir);
	char *p = zrx_xasprintf("%s/manifest.json", dir), *s;
	struct stat st;
	mode_t old;

	assert_int_equal(mkdir(dir, 0700), 0);
	old = umask(0);
	assert_int_equal(zrx_write_atomic(p, "{\"v\":1}\n", 8), 0);
	umask(old);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	s = slurp(p);
	assert_string_equal(s, "{\"v\":1}\n");
	free(s);

	/* replaced whole, also by something shorter */
	assert_int_equal(zrx_write_atomic(p, "{}\n", 3), 0);
	s = slurp(p);
	assert_string_equal(s, "{}\n");
	free(s);
	assert_int_equal(zrx_write_atomic(p, "", 0), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, 0);
	/* no temp file left behind */
	s = listing(dir);
	assert_string_equal(s, "manifest.json");
	free(s);
	free(p);
	free(dir);
}

/* rename() fails (the target is a directory): error, temp removed. */
static void
test_atomic_failure_removes_temp(void **state)
{
	char *dir = zrx_xasprintf("%s/b", tmpdir);
	char *target = zrx_xasprintf("%s/taken", dir), *s;

	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(mkdir(target, 0700), 0);
	assert_int_equal(zrx_write_atomic(target, "data", 4), -EISDIR);
	s = listing(dir);
	assert_string_equal(s, "taken");
	free(s);
	free(target);

	target = zrx_xasprintf("%s/no/such/dir/file", tmpdir);
	assert_int_equal(zrx_write_atomic(target, "data", 4), -ENOENT);
	free(target);
	free(dir);
}

static void
test_rename_durable(void **state)
{
	char *a = zrx_xasprintf("%s/part.tmp", tmpdir);
	char *b = zrx_xasprintf("%s/part.gz", tmpdir), *s;

	assert_int_equal(zrx_write_atomic(a, "abc", 3), 0);
	assert_int_equal(zrx_path_exists(a), 1);
	assert_int_equal(zrx_rename_durable(a, b), 0);
	assert_int_equal(zrx_path_exists(a), 0);
	assert_int_equal(zrx_path_exists(b), 1);
	s = slurp(b);
	assert_string_equal(s, "abc");
	free(s);
	assert_int_equal(zrx_rename_durable(a, b), -ENOENT);
	assert_int_equal(zrx_fsync_dir_of(b), 0);
	assert_int_equal(zrx_fsync_dir_of("relative-name-in-cwd"), 0);
	free(a);
	a = zrx_xasprintf("%s/missing/x", tmpdir);
	assert_int_equal(zrx_fsync_dir_of(a), -ENOENT);
	free(a);
	free(b);
}

static void
test_path_exists(void **state)
{
	char *l = zrx_xasprintf("%s/dangling", tmpdir);

	assert_int_equal(zrx_path_exists(tmpdir), 1);
	assert_int_equal(zrx_path_exists("/definitely/not/here"), 0);
	assert_int_equal(symlink("/definitely/not/here", l), 0);
	assert_int_equal(zrx_path_exists(l), 1);
	free(l);
}

static void
check_dirname(const char *in, const char *want)
{
	char *d = zrx_dirname(in);

	assert_string_equal(d, want);
	free(d);
}

static void
test_dirname(void **state)
{
	check_dirname("out.ndjson.gz", ".");
	check_dirname("exports/out.ndjson.gz", "exports");
	check_dirname("a/b/c", "a/b");
	check_dirname("a//b", "a");
	check_dirname("/x", "/");
	check_dirname("//x", "/");
	check_dirname("/var/lib/zrx.state", "/var/lib");
	check_dirname("", ".");
}

static void
test_write_all(void **state)
{
	char *p = zrx_xasprintf("%s/wa", tmpdir), *s;
	size_t done = 99;
	int fd;

	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(zrx_write_all(fd, "hello", 5, &done), 0);
	assert_int_equal(done, 5);
	assert_int_equal(close(fd), 0);
	s = slurp(p);
	assert_string_equal(s, "hello");
	free(s);
	free(p);

	fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		skip();
	assert_int_equal(zrx_write_all(fd, "hello", 5, &done), -ENOSPC);
	assert_int_equal(done, 0);
	close(fd);
	assert_int_equal(zrx_write_all(-1, "x", 1, NULL), -EBADF);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_atomic_create_and_replace),
		cmocka_unit_test(test_atomic_failure_removes_temp),
		cmocka_unit_test(test_rename_durable),
		cmocka_unit_test(test_path_exists),
		cmocka_unit_test(test_dirname),
		cmocka_unit_test(test_write_all),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
