/* test_files_hostile.c - what zrx writes to, when the paths it was given
 * are not what they seem: a symlink at the output or at its temporary
 * name, a device, a FIFO, a file with other names, a missing directory.
 * zrx never writes through a link or onto a device, never truncates or
 * chmods a file it did not make, and every gzip file it commits is a
 * valid gzip stream, also an empty one. */
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
#include <sys/sysmacros.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "fileout.h"
#include "fsutil.h"
#include "journal.h"
#include "util.h"

static char tmpdir[256];

static int
setup(void **state)
{
	const char *t = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/zrx-hostile.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char p[512];

	(void)state;
	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof(p), "%s/%s", tmpdir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	return rmdir(tmpdir);
}

static char *
path_of(const char *name)
{
	return zrx_xasprintf("%s/%s", tmpdir, name);
}

/* A file holding text, with mode. */
static void
put(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(close(fd), 0);
	assert_int_equal(chmod(path, mode), 0);
}

/* path holds exactly text, with mode. */
static void
holds(const char *path, const char *text, mode_t mode)
{
	char buf[256];
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	assert_int_equal(n, (ssize_t)strlen(text));
	assert_memory_equal(buf, text, strlen(text));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, mode);
}

static int
is_link(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

/* A new output (offset 0) at a symlink: refused, the target untouched
 * (content and mode), the link left as it was. */
static void
test_create_through_symlink(void **state)
{
	char *target = path_of("victim.txt"), *lnk = path_of("out.ndjson.gz.incomplete");
	char *dangling = path_of("dangling.incomplete"), *nowhere = path_of("nowhere");
	struct zrx_out *o = NULL;

	(void)state;
	put(target, "precious\n", 0644);
	assert_int_equal(symlink(target, lnk), 0);
	assert_int_equal(zrx_out_open(&o, lnk, 6, 0), -ELOOP);
	assert_null(o);
	holds(target, "precious\n", 0644);
	assert_true(is_link(lnk));

	/* a dangling link would have created its target */
	assert_int_equal(symlink(nowhere, dangling), 0);
	assert_int_equal(zrx_out_open(&o, dangling, -1, 0), -ELOOP);
	assert_int_equal(access(nowhere, F_OK), -1);
	unlink(lnk);
	unlink(dangling);
	free(target);
	free(lnk);
	free(dangling);
	free(nowhere);
}

/* A new output where a regular file with another name is: the name is
 * replaced, the file itself (the other name) keeps its bytes and mode. */
static void
test_create_never_truncates(void **state)
{
	char *other = path_of("other-name.txt"), *p = path_of("part.ndjson");
	struct zrx_out *o = NULL;
	struct stat st;

	(void)state;
	put(other, "someone else's\n", 0644);
	assert_int_equal(link(other, p), 0);
	assert_int_equal(zrx_out_open(&o, p, -1, 0), 0);
	assert_int_equal(zrx_out_write(o, "{}\n", 3), 0);
	assert_int_equal(zrx_out_commit(o), 0);
	assert_int_equal(zrx_out_close(o), 0);
	holds(other, "someone else's\n", 0644);
	holds(p, "{}\n", 0600);
	assert_int_equal(stat(other, &st), 0);
	assert_int_equal(st.st_nlink, 1);
	free(other);
	free(p);
}

/* A FIFO or a device at the path: refused, left in place. */
static void
test_create_onto_special(void **state)
{
	char *fifo = path_of("fifo.ndjson"), *dev = path_of("null.ndjson");
	struct zrx_out *o = NULL;
	struct stat st;

	(void)state;
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(zrx_out_open(&o, fifo, -1, 0), -EEXIST);
	assert_int_equal(lstat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_string_equal(zrx_path_nonregular(fifo), "a FIFO");

	/* as root, a device node of our own (never the system's /dev/null) */
	if (mknod(dev, S_IFCHR | 0600, makedev(1, 3)) == 0) {
		assert_int_equal(zrx_out_open(&o, dev, 6, 0), -EEXIST);
		assert_int_equal(lstat(dev, &st), 0);
		assert_true(S_ISCHR(st.st_mode));
		assert_string_equal(zrx_path_nonregular(dev), "a device");
		unlink(dev);
	}
	/* /dev/full itself: refused (not even opened for writing) */
	assert_int_equal(zrx_out_open(&o, "/dev/full", 6, 0), -EEXIST);
	assert_int_equal(lstat("/dev/full", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	unlink(fifo);
	free(fifo);
	free(dev);
}

/* Resuming (offset > 0) cuts a file back: only a file zrx made, not a
 * link to one, not one with other names. */
static void
test_resume_only_own(void **state)
{
	char *target = path_of("victim2.txt"), *lnk = path_of("resume.ndjson");
	char *other = path_of("other2.txt"), *hard = path_of("hard.ndjson");
	struct zrx_out *o = NULL;

	(void)state;
	put(target, "precious and long\n", 0644);
	assert_int_equal(symlink(target, lnk), 0);
	assert_int_equal(zrx_out_open(&o, lnk, -1, 5), -ELOOP);
	holds(target, "precious and long\n", 0644);

	put(other, "precious and long\n", 0644);
	assert_int_equal(link(other, hard), 0);
	assert_int_equal(zrx_out_open(&o, hard, -1, 5), -EPERM);
	holds(other, "precious and long\n", 0644);
	assert_null(o);
	unlink(lnk);
	unlink(hard);
	free(target);
	free(lnk);
	free(other);
	free(hard);
}

/* The manifest and errors files are replaced by rename: never a link or a
 * device, never a directory. */
static void
test_atomic_refuses_special(void **state)
{
	char *target = path_of("victim3.txt"), *lnk = path_of("m.manifest.json");
	char *fifo = path_of("e.errors.ndjson"), *a = path_of("a.tmp");

	(void)state;
	put(target, "precious\n", 0644);
	assert_int_equal(symlink(target, lnk), 0);
	assert_int_equal(zrx_write_atomic(lnk, "{}\n", 3), -ELOOP);
	assert_true(is_link(lnk));
	holds(target, "precious\n", 0644);

	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(zrx_write_atomic(fifo, "{}\n", 3), -EEXIST);
	assert_string_equal(zrx_path_nonregular(fifo), "a FIFO");

	/* rename into place: the same rule */
	put(a, "new\n", 0600);
	assert_int_equal(zrx_rename_durable(a, lnk), -ELOOP);
	assert_true(is_link(lnk));
	assert_int_equal(zrx_rename_durable(a, fifo), -EEXIST);
	holds(a, "new\n", 0600);
	unlink(lnk);
	unlink(fifo);
	unlink(a);
	free(target);
	free(lnk);
	free(fifo);
	free(a);
}

/* The state file: never opened through a link (its target would be cut
 * back or appended to), also with restart. */
static void
test_journal_refuses_link(void **state)
{
	char *target = path_of("victim4.txt"), *lnk = path_of("x.state");
	char *nowhere = path_of("nowhere-state");
	struct zrx_journal *j = NULL;
	const char *query = "{\"q\":1}";

	(void)state;
	put(target, "precious\n", 0644);
	assert_int_equal(symlink(target, lnk), 0);
	assert_int_equal(zrx_journal_open(&j, lnk, query, 0), -ELOOP);
	assert_null(j);
	assert_int_equal(zrx_journal_open(&j, lnk, query, 1), -ELOOP);
	holds(target, "precious\n", 0644);
	unlink(lnk);

	/* a dangling link is not followed to create its target either */
	assert_int_equal(symlink(nowhere, lnk), 0);
	assert_int_equal(zrx_journal_open(&j, lnk, query, 0), -ELOOP);
	assert_null(j);
	assert_int_equal(access(nowhere, F_OK), -1);
	unlink(lnk);
	free(nowhere);
	free(target);
	free(lnk);
}

/* Why a path cannot be written, in words for the user. */
static void
test_unwritable(void **state)
{
	char buf[512], *p = path_of("fine.ndjson"), *missing = path_of("no/such/dir/x.ndjson");
	char *fifo = path_of("fifo2"), *under = path_of("fine.ndjson/x");
	const char *why;

	(void)state;
	assert_null(zrx_path_unwritable(p, buf, sizeof(buf)));
	put(p, "x", 0600);
	assert_null(zrx_path_unwritable(p, buf, sizeof(buf)));
	why = zrx_path_unwritable(missing, buf, sizeof(buf));
	assert_non_null(why);
	assert_non_null(strstr(why, "no/such/dir does not exist"));
	why = zrx_path_unwritable(under, buf, sizeof(buf));
	assert_non_null(why);
	assert_non_null(strstr(why, "is not a directory"));
	assert_int_equal(mkfifo(fifo, 0600), 0);
	why = zrx_path_unwritable(fifo, buf, sizeof(buf));
	assert_non_null(why);
	assert_non_null(strstr(why, "a FIFO"));
	assert_non_null(zrx_path_unwritable(tmpdir, buf, sizeof(buf)));
	unlink(p);
	unlink(fifo);
	free(p);
	free(missing);
	free(fifo);
	free(under);
}

/* Inflate a whole file of gzip members: the member count, -1 if invalid
 * (a 0-byte file is invalid: gzip -t and zcat refuse it). */
static int
gzip_members(const char *path, size_t *plain)
{
	unsigned char in[4096], out[4096];
	z_stream zs;
	ssize_t n;
	int fd = open(path, O_RDONLY), ret = Z_OK, members = 0;

	*plain = 0;
	if (fd < 0)
		return -1;
	n = read(fd, in, sizeof(in));
	close(fd);
	if (n <= 0)
		return -1;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 15 + 16) != Z_OK)
		return -1;
	zs.next_in = in;
	zs.avail_in = (uInt)n;
	while (zs.avail_in > 0) {
		zs.next_out = out;
		zs.avail_out = sizeof(out);
		ret = inflate(&zs, Z_NO_FLUSH);
		*plain += sizeof(out) - zs.avail_out;
		if (ret == Z_STREAM_END) {
			members++;
			if (inflateReset(&zs) != Z_OK)
				break;
			continue;
		}
		if (ret != Z_OK)
			break;
	}
	inflateEnd(&zs);
	return ret == Z_STREAM_END ? members : -1;
}

/* A gzip output with no record is a valid empty gzip stream. */
static void
test_empty_gzip(void **state)
{
	char *p = path_of("empty.ndjson.gz"), *cmd;
	struct zrx_out *o = NULL;
	size_t plain = 1;
	int64_t off;

	(void)state;
	assert_int_equal(zrx_out_open(&o, p, 6, 0), 0);
	assert_int_equal(zrx_out_commit(o), 0);
	assert_int_equal(zrx_out_commit(o), 0);
	off = zrx_out_offset(o);
	assert_true(off > 0);
	assert_int_equal(zrx_out_close(o), 0);
	assert_int_equal(gzip_members(p, &plain), 1);
	assert_int_equal(plain, 0);
	if (access("/bin/gzip", X_OK) == 0) {
		cmd = zrx_xasprintf("/bin/gzip -t '%s' && test -z \"$(/bin/gzip -dc '%s')\"", p, p);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	/* resumed at its committed offset, it stays one member */
	assert_int_equal(zrx_out_open(&o, p, 6, off), 0);
	assert_int_equal(zrx_out_commit(o), 0);
	assert_int_equal(zrx_out_close(o), 0);
	assert_int_equal(gzip_members(p, &plain), 1);

	/* plain files stay empty */
	assert_int_equal(zrx_out_open(&o, p, -1, 0), 0);
	assert_int_equal(zrx_out_commit(o), 0);
	assert_int_equal(zrx_out_close(o), 0);
	assert_int_equal(gzip_members(p, &plain), -1);
	unlink(p);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_through_symlink),
		cmocka_unit_test(test_create_never_truncates),
		cmocka_unit_test(test_create_onto_special),
		cmocka_unit_test(test_resume_only_own),
		cmocka_unit_test(test_atomic_refuses_special),
		cmocka_unit_test(test_journal_refuses_link),
		cmocka_unit_test(test_unwritable),
		cmocka_unit_test(test_empty_gzip),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
