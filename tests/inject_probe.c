/* inject_probe.c - run one durable operation and print its outcome, for
 * tests/it_inject.sh to run under the failure-injection shim.
 *
 *   inject_probe gzout PATH LEVEL   write 256 KiB through zrx_out, commit
 *   inject_probe atomic PATH        zrx_write_atomic 100 KiB
 *   inject_probe journal PATH USER  open a state, commit USER
 *   inject_probe userbuf DIR        100 records through a 1 KiB userbuf
 *
 * Prints "ok ..." and exits 0, or "error NAME" (NAME: ENOSPC, EIO... or the
 * number) and exits 1; usage errors exit 2.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "fileout.h"
#include "journal.h"
#include "userbuf.h"

static int
report(int err)
{
	static const struct {
		int value;
		const char *name;
	} names[] = {
		{ ENOSPC, "ENOSPC" }, { EIO, "EIO" }, { EDQUOT, "EDQUOT" },
		{ EFBIG, "EFBIG" }, { EPIPE, "EPIPE" }, { EROFS, "EROFS" },
	};
	size_t i;

	if (err == 0)
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (-err == names[i].value) {
			printf("error %s\n", names[i].name);
			return 1;
		}
	}
	printf("error %d\n", -err);
	return 1;
}

/* Data that compresses a little: a line counter plus varying text. */
static char *
make_data(size_t n)
{
	char *d = zrx_xmalloc(n);
	uint32_t x = 12345;
	size_t i;

	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		d[i] = (i % 80 == 79) ? '\n' : (char)('a' + (x >> 16) % 26);
	}
	return d;
}

static int
probe_gzout(const char *path, int level)
{
	struct zrx_out *o;
	size_t n = 256 * 1024;
	char *d = make_data(n);
	int err, cerr;

	err = zrx_out_open(&o, path, level, 0);
	if (err == 0) {
		err = zrx_out_write(o, d, n);
		if (err == 0)
			err = zrx_out_commit(o);
		if (err == 0)
			printf("ok %lld\n", (long long)zrx_out_offset(o));
		cerr = zrx_out_close(o);
		if (err == 0)
			err = cerr;
	}
	free(d);
	return report(err);
}

static int
probe_atomic(const char *path)
{
	size_t n = 100 * 1024;
	char *d = make_data(n);
	int err;

	err = zrx_write_atomic(path, d, n);
	free(d);
	if (err == 0)
		printf("ok\n");
	return report(err);
}

static int
probe_journal(const char *path, const char *user)
{
	struct zrx_journal *j;
	char *users[1];
	size_t lens[1];
	int err;

	err = zrx_journal_open(&j, path, "{\"probe\":1}", 0);
	if (err != 0)
		return report(err);
	users[0] = (char *)user;
	lens[0] = strlen(user);
	if (*user != '\0')
		err = zrx_journal_commit(j, 0, 0, 0, 0, users, lens, 1);
	if (err == 0)
		printf("ok users=%llu\n", (unsigned long long)zrx_journal_users_done(j));
	zrx_journal_close(j);
	return report(err);
}

static int
probe_userbuf(const char *dir)
{
	struct zrx_userbuf *ub = zrx_userbuf_new(1024, dir);
	char key[32], rec[100];
	int i, rc = 0;

	memset(rec, 'r', sizeof(rec));
	for (i = 0; i < 100 && rc >= 0; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		rc = zrx_userbuf_add(ub, key, strlen(key), rec, sizeof(rec));
	}
	if (rc >= 0)
		printf("ok spilled=%d\n", zrx_userbuf_spilled(ub));
	zrx_userbuf_free(ub);
	return report(rc < 0 ? rc : 0);
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "gzout") == 0)
		return probe_gzout(argv[2], atoi(argv[3]));
	if (argc == 3 && strcmp(argv[1], "atomic") == 0)
		return probe_atomic(argv[2]);
	if (argc == 4 && strcmp(argv[1], "journal") == 0)
		return probe_journal(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "userbuf") == 0)
		return probe_userbuf(argv[2]);
	fprintf(stderr, "usage: inject_probe gzout PATH LEVEL | atomic PATH | "
	    "journal PATH USER | userbuf DIR\n");
	return 2;
}
