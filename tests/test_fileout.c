/* test_fileout.c - the output file: plain bytes and gzip members, commits,
 * resume truncation, stdout, write errors. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "fileout.h"
#include "util.h"

static char tmpdir[256];

static int
setup(void **state)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/zrx-gzout.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char p[512];

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

/* The whole file. */
static void
slurp(const char *path, struct zrx_buf *b)
{
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	zrx_buf_init(b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		zrx_buf_append(b, chunk, n);
	assert_int_equal(ferror(f), 0);
	fclose(f);
}

/* Inflate a sequence of gzip members; returns the member count (-1 on a
 * corrupt or truncated stream). */
static int
gunzip_members(const unsigned char *in, size_t n, struct zrx_buf *out)
{
	unsigned char obuf[16384];
	z_stream zs;
	int ret, members = 0;

	zrx_buf_init(out);
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 15 + 16) != Z_OK)
		return -1;
	zs.next_in = (unsigned char *)(uintptr_t)in;
	zs.avail_in = (uInt)n;
	while (zs.avail_in > 0) {
		do {
			zs.next_out = obuf;
			zs.avail_out = sizeof(obuf);
			ret = inflate(&zs, Z_NO_FLUSH);
			if (ret != Z_OK && ret != Z_STREAM_END) {
				inflateEnd(&zs);
				return -1;
			}
			zrx_buf_append(out, obuf, sizeof(obuf) - zs.avail_out);
		} while (ret != Z_STREAM_END && zs.avail_in > 0);
		if (ret != Z_STREAM_END) {
			inflateEnd(&zs);
			return -1; /* truncated member */
		}
		members++;
		if (inflateReset(&zs) != Z_OK) {
			inflateEnd(&zs);
			return -1;
		}
	}
	inflateEnd(&zs);
	return members;
}

/* Deterministic text that compresses, but not to nothing. */
static char *
make_data(size_t n, uint32_t seed)
{
	char *d = zrx_xmalloc(n);
	uint32_t x = seed;
	size_t i;

	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		d[i] = (i % 100 == 99) ? '\n' : (char)('a' + (x >> 16) % 20);
	}
	return d;
}

static off_t
file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

static void
test_plain(void **state)
{
	char *p = path_of("plain.ndjson");
	char *d = make_data(300000, 1);
	struct zrx_out *o;
	struct zrx_buf b;

	assert_int_equal(zrx_out_open(&o, p, -1, 0), 0);
	assert_int_equal(zrx_out_write(o, "hello\n", 6), 0);
	assert_int_equal(zrx_out_write(o, d, 300000), 0);
	assert_int_equal(zrx_out_commit(o), 0);
	assert_int_equal(zrx_out_offset(o), 300006);
	assert_int_equal(zrx_out_size(o), 300006);
	assert_int_equal(zrx_out_raw_bytes(o), 300006);
	assert_int_equal(zrx_out_close(o), 0);
	slurp(p, &b);
	assert_int_equal(b.len, 300006);
	assert_memory_equal(b.data, "hello\n", 6);
	assert_memory_equal(b.data + 6, d, 300000);
	zrx_buf_free(&b);
	free(d);
	free(p);
}

static void
test_gzip_members(void **state)
{
	char *p = path_of("members.ndjson.gz");
	char *d = make_data(500000, 2), *cmd, *exp;
	struct zrx_out *o;
	FILE *f;
	struct zrx_buf b, plain;
	int64_t off1;

	assert_int_equal(zrx_out_open(&o, p, 6, 0), 0);
	/* nothing written yet: the commit writes one empty member (a 0-byte
	 * file is no gzip file), and a second one adds nothing */
	assert_int_equal(zrx_out_commit(o), 0);
	off1 = zrx_out_offset(o);
	assert_true(off1 > 0 && off1 < 64);
	assert_int_equal(file_size(p), off1);
	assert_int_equal(zrx_out_commit(o), 0);
	assert_int_equal(zrx_out_offset(o), off1);

	assert_int_equal(zrx_out_write(o, d, 1000), 0);
	assert_int_equal(zrx_out_commit(o), 0);
	off1 = zrx_out_offset(o);
	assert_true(off1 > 40);
	assert_int_equal(file_size(p), off1);
	/* a second commit with nothing new: same offset, same file */
	assert_int_equal(zrx_out_commit(o), 0);
	assert_int_equal(zrx_out_offset(o), off1);
	assert_int_equal(file_size(p), off1);

	/* a big member, written in pieces of odd sizes */
	for (size_t at = 1000; at < 400000; at += 7919) {
		size_t n = at + 7919 > 400000 ? 400000 - at : 7919;

		assert_int_equal(zrx_out_write(o, d + at, n), 0);
	}
	assert_int_equal(zrx_out_commit(o), 0);
	/* and one more in a single write */
	assert_int_equal(zrx_out_write(o, d + 400000, 100000), 0);
	assert_int_equal(zrx_out_commit(o), 0);
	assert_int_equal(zrx_out_raw_bytes(o), 500000);
	assert_int_equal(zrx_out_offset(o), file_size(p));
	assert_int_equal(zrx_out_close(o), 0);

	slurp(p, &b);
	assert_int_equal(gunzip_members((unsigned char *)b.data, b.len, &plain), 4);
	assert_int_equal(plain.len, 500000);
	assert_memory_equal(plain.data, d, 500000);
	/* compressed: the data has about 4.3 bits of entropy per byte */
	assert_true(b.len < 400000);
	zrx_buf_free(&b);
	zrx_buf_free(&plain);

	if (access("/bin/gzip", X_OK) == 0) {
		cmd = zrx_xasprintf("/bin/gzip -t '%s'", p);
		assert_int_equal(system(cmd), 0);
		free(cmd);
		/* gzip itself decompresses every member, to exactly the input */
		exp = path_of("members.expected");
		f = fopen(exp, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(d, 1, 500000, f), 500000);
		assert_int_equal(fclose(f), 0);
		cmd = zrx_xasprintf("/bin/gzip -dc '%s' | cmp -s - '%s'", p, exp);
		assert_int_equal(system(cmd), 0);
		free(cmd);
		free(exp);
	}
	free(d);
	free(p);
}

static void
test_levels(void **state)
{
	char *p = path_of("levels.gz");
	char *d = make_data(50000, 3);
	struct zrx_buf b, plain;
	struct zrx_out *o;
	int level;

	for (level = 0; level <= 9; level += 3) {
		assert_int_equal(zrx_out_open(&o, p, level, 0), 0);
		assert_int_equal(zrx_out_write(o, d, 50000), 0);
		assert_int_equal(zrx_out_commit(o), 0);
		assert_int_equal(zrx_out_close(o), 0);
		slurp(p, &b);
		assert_int_equal(gunzip_members((unsigned char *)b.data, b.len, &plain), 1);
		assert_int_equal(plain.len, 50000);
		assert_memory_equal(plain.data, d, 50000);
		zrx_buf_free(&b);
		zrx_buf_free(&plain);
	}
	assert_int_equal(zrx_out_open(&o, p, 10, 0), -EINVAL);
	assert_null(o);
	free(d);
	free(p);
}

/* Commit A, write B past the buffers (the plain write buffer; a gzip
 * member of 1 MiB) so that it reaches the file, without a commit, drop it;
 * reopen at the committed offset, write C: A then C. */
#define B_BYTES 1300000u
static void
resume_case(int level)
{
	char *p = path_of(level >= 0 ? "resume.gz" : "resume.ndjson");
	char *d = make_data(200000 + B_BYTES, 4);
	struct zrx_buf b, plain;
	struct zrx_out *o;
	int64_t off;

	assert_int_equal(zrx_out_open(&o, p, level, 0), 0);
	assert_int_equal(zrx_out_write(o, d, 100000), 0);
	assert_int_equal(zrx_out_commit(o), 0);
	off = zrx_out_offset(o);
	assert_int_equal(zrx_out_write(o, d + 100000, B_BYTES), 0);
	assert_true(zrx_out_size(o) > off);
	assert_int_equal(zrx_out_close(o), 0);
	assert_true(file_size(p) > off); /* uncommitted bytes did reach it */

	assert_int_equal(zrx_out_open(&o, p, level, off), 0);
	assert_int_equal(file_size(p), off);
	assert_int_equal(zrx_out_offset(o), off);
	assert_int_equal(zrx_out_write(o, d + 100000 + B_BYTES, 100000), 0);
	assert_int_equal(zrx_out_commit(o), 0);
	assert_int_equal(zrx_out_offset(o), file_size(p));
	assert_int_equal(zrx_out_close(o), 0);

	slurp(p, &b);
	if (level >= 0) {
		assert_int_equal(gunzip_members((unsigned char *)b.data, b.len, &plain), 2);
	} else {
		zrx_buf_init(&plain);
		zrx_buf_append(&plain, b.data, b.len);
	}
	assert_int_equal(plain.len, 200000);
	assert_memory_equal(plain.data, d, 100000);
	assert_memory_equal(plain.data + 100000, d + 100000 + B_BYTES, 100000);
	zrx_buf_free(&b);
	zrx_buf_free(&plain);
	free(d);
	free(p);
}

static void
test_resume_gzip(void **state)
{
	resume_case(6);
}

static void
test_resume_plain(void **state)
{
	resume_case(-1);
}

static void
test_resume_errors(void **state)
{
	char *p = path_of("short.gz"), *missing = path_of("missing.gz");
	struct zrx_out *o;

	assert_int_equal(zrx_out_open(&o, p, 6, 0), 0);
	assert_int_equal(zrx_out_write(o, "abc\n", 4), 0);
	assert_int_equal(zrx_out_commit(o), 0);
	assert_int_equal(zrx_out_close(o), 0);
	/* the state says more bytes were committed than the file holds */
	assert_int_equal(zrx_out_open(&o, p, 6, file_size(p) + 1), -EINVAL);
	assert_null(o);
	assert_int_equal(zrx_out_open(&o, missing, 6, 10), -ENOENT);
	assert_null(o);
	assert_false(access(missing, F_OK) == 0);
	assert_int_equal(zrx_out_open(&o, p, 6, -1), -EINVAL);
	assert_int_equal(zrx_out_open(&o, "-", 6, 10), -ESPIPE);
	free(p);
	free(missing);
}

static void
test_mode_0600(void **state)
{
	char *p = path_of("secret.ndjson");
	struct zrx_out *o;
	struct stat st;
	mode_t old = umask(0);

	assert_int_equal(zrx_out_open(&o, p, -1, 0), 0);
	umask(old);
	assert_int_equal(zrx_out_close(o), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	free(p);
}

/* stdout as a pipe: commit works (no fsync), bytes arrive. */
static void
test_stdout_pipe(void **state)
{
	struct zrx_out *o;
	char got[64];
	int fds[2], saved;
	ssize_t n;

	fflush(stdout);
	assert_int_equal(pipe(fds), 0);
	saved = dup(STDOUT_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fds[1], STDOUT_FILENO) >= 0);
	close(fds[1]);
	assert_int_equal(zrx_out_open(&o, "-", -1, 0), 0);
	assert_int_equal(zrx_out_write(o, "line one\n", 9), 0);
	assert_int_equal(zrx_out_commit(o), 0);
	assert_int_equal(zrx_out_offset(o), 9);
	assert_int_equal(zrx_out_close(o), 0);
	/* close() must not have closed fd 1 */
	assert_true(fcntl(STDOUT_FILENO, F_GETFD) >= 0);
	assert_true(dup2(saved, STDOUT_FILENO) >= 0);
	close(saved);
	n = read(fds[0], got, sizeof(got));
	close(fds[0]);
	assert_int_equal(n, 9);
	assert_memory_equal(got, "line one\n", 9);
}

/* A broken pipe: every write fails with EPIPE, and the error sticks.  (A
 * device such as /dev/full is refused at open: see test_files_hostile.) */
static void
test_write_error_sticky(void **state)
{
	char *d = make_data(200000, 5);
	struct zrx_out *o;
	void (*old)(int);
	int fds[2], saved;

	fflush(stdout);
	old = signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(fds), 0);
	close(fds[0]);
	saved = dup(STDOUT_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fds[1], STDOUT_FILENO) >= 0);
	close(fds[1]);

	assert_int_equal(zrx_out_open(&o, "-", 6, 0), 0);
	assert_int_equal(zrx_out_write(o, "x", 1), 0); /* still in deflate */
	assert_int_equal(zrx_out_commit(o), -EPIPE);
	assert_int_equal(zrx_out_write(o, "y", 1), -EPIPE);
	assert_int_equal(zrx_out_commit(o), -EPIPE);
	assert_int_equal(zrx_out_offset(o), 0);
	assert_int_equal(zrx_out_close(o), 0);

	/* plain: fails as soon as the buffer fills */
	assert_int_equal(zrx_out_open(&o, "-", -1, 0), 0);
	assert_int_equal(zrx_out_write(o, d, 200000), -EPIPE);
	assert_int_equal(zrx_out_close(o), 0);

	assert_true(dup2(saved, STDOUT_FILENO) >= 0);
	close(saved);
	signal(SIGPIPE, old);
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_gzip_members),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_resume_gzip),
		cmocka_unit_test(test_resume_plain),
		cmocka_unit_test(test_resume_errors),
		cmocka_unit_test(test_mode_0600),
		cmocka_unit_test(test_stdout_pipe),
		cmocka_unit_test(test_write_error_sticky),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
