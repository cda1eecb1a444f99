/* test_journal.c - the state file: create, commit, resume, query mismatch,
 * restart, torn last line, foreign files, odd user names. */
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

#include "journal.h"
#include "util.h"

#define Q1 "{\"from\":\"2024-01-01\",\"to\":\"2024-03-31\",\"users\":\"all\"}"
#define Q2 "{\"from\":\"2024-01-01\",\"to\":\"2024-04-30\",\"users\":\"all\"}"
#define LINE1 "{\"zrx_state\":1,\"query\":" Q1 "}\n"

static char tmpdir[256];
static char *spath;

static int
setup(void **state)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/zrx-journal.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	spath = zrx_xasprintf("%s/rec.state", tmpdir);
	return 0;
}

static int
teardown(void **state)
{
	unlink(spath);
	free(spath);
	return rmdir(tmpdir);
}

static int
each_setup(void **state)
{
	unlink(spath);
	return 0;
}

static void
read_file(const char *path, struct zrx_buf *b)
{
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	zrx_buf_init(b);
	zrx_buf_puts(b, "");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		zrx_buf_append(b, chunk, n);
	fclose(f);
}

static void
write_file(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void
append_bytes(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "ab");

	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void
append_file(const char *path, const char *s)
{
	append_bytes(path, s, strlen(s));
}

static off_t
file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

static int
commit_users(struct zrx_journal *j, unsigned part, int64_t off, uint64_t recs,
             const char **users, size_t n)
{
	char **u = zrx_xcalloc(n ? n : 1, sizeof(*u));
	size_t *lens = zrx_xcalloc(n ? n : 1, sizeof(*lens));
	int err;

	for (size_t i = 0; i < n; i++) {
		u[i] = (char *)users[i];
		lens[i] = strlen(users[i]);
	}
	err = zrx_journal_commit(j, part, off, recs, recs * 2, u, lens, n);
	free(u);
	free(lens);
	return err;
}

static int
done(const struct zrx_journal *j, const char *user)
{
	return zrx_journal_user_done(j, user, strlen(user));
}

static void
test_create(void **state)
{
	struct zrx_journal *j;
	struct zrx_buf b;
	struct stat st;
	size_t n = 99;
	mode_t old = umask(0);

	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	umask(old);
	assert_int_equal(zrx_journal_resumed(j), 0);
	assert_int_equal(zrx_journal_users_done(j), 0);
	assert_int_equal(zrx_journal_is_complete(j), 0);
	assert_null(zrx_journal_parts(j, &n));
	assert_int_equal(n, 0);
	assert_int_equal(done(j, "a"), 0);
	zrx_journal_close(j);
	assert_int_equal(stat(spath, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	read_file(spath, &b);
	assert_string_equal(b.data, LINE1);
	zrx_buf_free(&b);
}

static void
test_commit_and_resume(void **state)
{
	const char *g1[] = { "alice@example.com", "bob@example.com" };
	const char *g2[] = { "carol@example.com" };
	const struct zrx_part_state *ps;
	struct zrx_journal *j;
	struct zrx_buf b;
	size_t n;

	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(commit_users(j, 0, 123, 45, g1, 2), 0);
	assert_int_equal(done(j, "alice@example.com"), 1);
	assert_int_equal(commit_users(j, 0, 456, 50, NULL, 0), 0);
	assert_int_equal(zrx_journal_part_finished(j, 0), 0);
	assert_int_equal(commit_users(j, 1, 10, 1, g2, 1), 0);
	zrx_journal_close(j);

	read_file(spath, &b);
	assert_non_null(strstr(b.data, "{\"commit\":{\"part\":0,\"offset\":123,\"records\":45,"
	    "\"files\":90,\"users\":[\"alice@example.com\",\"bob@example.com\"]}}\n"));
	assert_non_null(strstr(b.data, "{\"part_finished\":0}\n"));
	zrx_buf_free(&b);

	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(zrx_journal_resumed(j), 1);
	assert_int_equal(zrx_journal_users_done(j), 3);
	assert_int_equal(done(j, "alice@example.com"), 1);
	assert_int_equal(done(j, "bob@example.com"), 1);
	assert_int_equal(done(j, "carol@example.com"), 1);
	assert_int_equal(done(j, "dave@example.com"), 0);
	assert_int_equal(done(j, "alice@example.co"), 0);
	ps = zrx_journal_parts(j, &n);
	assert_int_equal(n, 2);
	assert_int_equal(ps[0].index, 0);
	assert_int_equal(ps[0].offset, 456);
	assert_int_equal(ps[0].records, 50);
	assert_int_equal(ps[0].files, 100);
	assert_int_equal(ps[0].finished, 1);
	assert_int_equal(ps[1].index, 1);
	assert_int_equal(ps[1].offset, 10);
	assert_int_equal(ps[1].records, 1);
	assert_int_equal(ps[1].finished, 0);
	assert_int_equal(zrx_journal_is_complete(j), 0);
	/* a resumed state keeps taking commits */
	assert_int_equal(zrx_journal_complete(j), 0);
	assert_int_equal(zrx_journal_is_complete(j), 1);
	zrx_journal_close(j);

	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(zrx_journal_is_complete(j), 1);
	assert_int_equal(zrx_journal_users_done(j), 3);
	zrx_journal_close(j);
}

static void
test_query_mismatch_and_restart(void **state)
{
	const char *g[] = { "alice" };
	struct zrx_journal *j;
	struct zrx_buf before, after;
	size_t n;

	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(commit_users(j, 0, 100, 1, g, 1), 0);
	zrx_journal_close(j);
	read_file(spath, &before);

	assert_int_equal(zrx_journal_open(&j, spath, Q2, 0), ZRX_JOURNAL_EQUERY);
	assert_null(j);
	read_file(spath, &after);
	assert_string_equal(before.data, after.data); /* refused, untouched */
	zrx_buf_free(&after);

	assert_int_equal(zrx_journal_open(&j, spath, Q2, 1), 0);
	assert_int_equal(zrx_journal_resumed(j), 0);
	assert_int_equal(zrx_journal_users_done(j), 0);
	assert_int_equal(done(j, "alice"), 0);
	assert_null(zrx_journal_parts(j, &n));
	zrx_journal_close(j);
	read_file(spath, &after);
	assert_string_equal(after.data, "{\"zrx_state\":1,\"query\":" Q2 "}\n");
	zrx_buf_free(&after);
	zrx_buf_free(&before);

	/* restart with the same query also starts over */
	assert_int_equal(zrx_journal_open(&j, spath, Q2, 0), 0);
	assert_int_equal(commit_users(j, 0, 100, 1, g, 1), 0);
	zrx_journal_close(j);
	assert_int_equal(zrx_journal_open(&j, spath, Q2, 1), 0);
	assert_int_equal(zrx_journal_users_done(j), 0);
	zrx_journal_close(j);

	assert_int_equal(zrx_journal_open(&j, spath, "{\"a\":\n1}", 0), -EINVAL);
}

/* Append tail to a state holding one commit of "alice"; reopen: alice is
 * done, the state is cut back to the good lines, and appends continue. */
static void
torn_case(const char *tail, size_t tail_len)
{
	const char *g[] = { "alice" }, *g2[] = { "bob" };
	struct zrx_journal *j;
	off_t good;

	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(commit_users(j, 0, 100, 1, g, 1), 0);
	zrx_journal_close(j);
	good = file_size(spath);
	append_bytes(spath, tail, tail_len);
	assert_int_equal(file_size(spath), good + (off_t)tail_len);

	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(zrx_journal_resumed(j), 1);
	assert_int_equal(file_size(spath), good);
	assert_int_equal(zrx_journal_users_done(j), 1);
	assert_int_equal(done(j, "alice"), 1);
	assert_int_equal(done(j, "carol"), 0);
	assert_int_equal(commit_users(j, 0, 200, 2, g2, 1), 0);
	zrx_journal_close(j);

	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(zrx_journal_users_done(j), 2);
	assert_int_equal(done(j, "bob"), 1);
	zrx_journal_close(j);
	unlink(spath);
}

#define TORN(lit) torn_case(lit, sizeof(lit) - 1)

static void
test_torn_last_line(void **state)
{
	/* no '\n': the append was cut */
	TORN("{\"commit\":{\"part\":0,\"offset\":300,\"records\":3,\"users\":[\"carol\"");
	TORN("{\"commit\":{\"part\":0,\"offset\":300,\"records\":3,\"users\":[\"carol\"]}}");
	/* a '\n' but not valid: blocks of zeros a crash can leave */
	TORN("\0\0\0\0\n");
	TORN("\0\0\0");
	TORN("\n");
	TORN("{\"commit\":{\"part\":0,\"offset\":300,\"records\":3,\"users\":[\"car\n");
	/* valid JSON, but a commit without its fields */
	TORN("{\"commit\":{\"part\":0,\"users\":[\"carol\"]}}\n");
}

static void
test_bad_middle_line(void **state)
{
	const char *g[] = { "alice" };
	struct zrx_journal *j;

	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(commit_users(j, 0, 100, 1, g, 1), 0);
	zrx_journal_close(j);
	append_file(spath, "{\"commit\":garbage}\n{\"complete\":true}\n");
	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), ZRX_JOURNAL_ECORRUPT);
	assert_null(j);
}

static void
test_not_a_state(void **state)
{
	static const char *foreign[] = {
		"hello world\n",
		"{\"a\":1}\n",
		"{\"zrx_state\":2,\"query\":{}}\n",
		"[1,2,3]\n",
		"just some text without a newline",
		"\x1f\x8b\x08\x00\x00\x00",
	};
	struct zrx_journal *j;
	struct zrx_buf b;
	size_t i;

	for (i = 0; i < ZRX_ARRAY_LEN(foreign); i++) {
		write_file(spath, foreign[i], strlen(foreign[i]));
		assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), ZRX_JOURNAL_ECORRUPT);
		assert_null(j);
		/* --restart never overwrites a file that is not ours */
		assert_int_equal(zrx_journal_open(&j, spath, Q1, 1), ZRX_JOURNAL_ECORRUPT);
		read_file(spath, &b);
		assert_string_equal(b.data, foreign[i]);
		zrx_buf_free(&b);
	}
}

static void
test_empty_or_torn_first_line(void **state)
{
	struct zrx_journal *j;
	struct zrx_buf b;

	write_file(spath, "", 0);
	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(zrx_journal_resumed(j), 0);
	zrx_journal_close(j);
	read_file(spath, &b);
	assert_string_equal(b.data, LINE1);
	zrx_buf_free(&b);

	/* the creating run died while writing the query line */
	write_file(spath, "{\"zrx_state\":1,\"query\":{\"fr", 27);
	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(zrx_journal_resumed(j), 0);
	zrx_journal_close(j);
	read_file(spath, &b);
	assert_string_equal(b.data, LINE1);
	zrx_buf_free(&b);
}

static void
test_odd_user_names(void **state)
{
	static const char *users[] = {
		"quote\"in@example.com",
		"back\\slash",
		"new\nline",
		"tab\tand\rcr",
		"ctl\x01\x1f\x7f",
		"caf\xc3\xa9@exampl\xc3\xa9.fr",
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
		"emoji \xf0\x9f\x8e\xa5",
		"slash/and,comma",
		"\xe2\x80\xa8 line separator",
		"",
	};
	struct zrx_journal *j;
	size_t i;

	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(commit_users(j, 0, 1, 1, users, ZRX_ARRAY_LEN(users)), 0);
	zrx_journal_close(j);
	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(zrx_journal_users_done(j), ZRX_ARRAY_LEN(users));
	for (i = 0; i < ZRX_ARRAY_LEN(users); i++)
		assert_int_equal(done(j, users[i]), 1);
	assert_int_equal(done(j, "quote"), 0);
	assert_int_equal(done(j, "new"), 0);
	assert_int_equal(done(j, "newline"), 0);
	assert_int_equal(zrx_journal_user_done(j, "a\0b", 3), 0);
	zrx_journal_close(j);
}

/* Many users in one line (past the 64 KiB read chunk) and many lines. */
static void
test_many_users(void **state)
{
	struct zrx_journal *j;
	char **u = zrx_xcalloc(20000, sizeof(*u));
	size_t *lens = zrx_xcalloc(20000, sizeof(*lens));
	const struct zrx_part_state *ps;
	char name[64];
	size_t i, n;

	for (i = 0; i < 20000; i++) {
		u[i] = zrx_xasprintf("user-%05zu@example.com", i);
		lens[i] = strlen(u[i]);
	}
	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(zrx_journal_commit(j, 0, 1000, 20000, 0, u, lens, 20000), 0);
	free(u[0]);
	for (i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "small-%zu", i);
		u[0] = name;
		lens[0] = strlen(name);
		assert_int_equal(zrx_journal_commit(j, (unsigned)(i / 100), (int64_t)i, i, 0,
		    u, lens, 1), 0);
	}
	zrx_journal_close(j);
	for (i = 1; i < 20000; i++)
		free(u[i]);
	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(zrx_journal_users_done(j), 20500);
	assert_int_equal(done(j, "user-00000@example.com"), 1);
	assert_int_equal(done(j, "user-19999@example.com"), 1);
	assert_int_equal(done(j, "small-499"), 1);
	ps = zrx_journal_parts(j, &n);
	assert_int_equal(n, 5);
	assert_int_equal(ps[4].index, 4);
	assert_int_equal(ps[4].offset, 499);
	zrx_journal_close(j);
	free(u);
	free(lens);
}

static void
test_locked(void **state)
{
	struct zrx_journal *j, *j2;

	assert_int_equal(zrx_journal_open(&j, spath, Q1, 0), 0);
	assert_int_equal(zrx_journal_open(&j2, spath, Q1, 0), -EBUSY);
	assert_null(j2);
	zrx_journal_close(j);
	assert_int_equal(zrx_journal_open(&j2, spath, Q1, 0), 0);
	zrx_journal_close(j2);
	zrx_journal_close(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_create, each_setup),
		cmocka_unit_test_setup(test_commit_and_resume, each_setup),
		cmocka_unit_test_setup(test_query_mismatch_and_restart, each_setup),
		cmocka_unit_test_setup(test_torn_last_line, each_setup),
		cmocka_unit_test_setup(test_bad_middle_line, each_setup),
		cmocka_unit_test_setup(test_not_a_state, each_setup),
		cmocka_unit_test_setup(test_empty_or_torn_first_line, each_setup),
		cmocka_unit_test_setup(test_odd_user_names, each_setup),
		cmocka_unit_test_setup(test_many_users, each_setup),
		cmocka_unit_test_setup(test_locked, each_setup),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
