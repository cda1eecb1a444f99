/* test_userbuf.c - a user's records: de-duplication, spill to a temporary
 * file, replay in order; and the key set. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "keyset.h"
#include "userbuf.h"
#include "util.h"

static char tmpdir[256];

static int
setup(void **state)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/zrx-userbuf.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	return rmdir(tmpdir); /* fails if a spill file was left behind */
}

/* Entries in tmpdir besides . and .. */
static int
dir_entries(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

struct collect {
	struct zrx_buf all;
	size_t calls;
	size_t stop_after;  /* 0 = never */
};

static int
collect_cb(void *ud, const char *p, size_t n)
{
	struct collect *c = ud;

	if (c->stop_after != 0 && c->calls == c->stop_after)
		return 7;
	c->calls++;
	zrx_buf_append(&c->all, p, n);
	return 0;
}

/* Record i: a line whose length varies with i (some beyond small spill
 * thresholds). */
static void
make_record(struct zrx_buf *b, size_t i, size_t big_every)
{
	size_t len = 20 + (i * 37) % 300, k;

	if (big_every != 0 && i % big_every == 0)
		len += 5000;
	zrx_buf_reset(b);
	zrx_buf_printf(b, "{\"n\":%zu,\"pad\":\"", i);
	for (k = 0; k < len; k++)
		zrx_buf_putc(b, (char)('a' + (i + k) % 26));
	zrx_buf_puts(b, "\"}\n");
}

static void
test_dedup(void **state)
{
	struct zrx_userbuf *ub = zrx_userbuf_new(1 << 20, tmpdir);
	struct collect c = { .calls = 0 };

	assert_int_equal(zrx_userbuf_has(ub, "uuid-1", 6), 0);
	assert_int_equal(zrx_userbuf_add(ub, "uuid-1", 6, "first\n", 6), 1);
	assert_int_equal(zrx_userbuf_has(ub, "uuid-1", 6), 1);
	assert_int_equal(zrx_userbuf_has(ub, "uuid-", 5), 0);
	assert_int_equal(zrx_userbuf_add(ub, "uuid-1", 6, "again\n", 6), 0);
	assert_int_equal(zrx_userbuf_add(ub, "uuid-2", 6, "second\n", 7), 1);
	/* keys are bytes: an embedded NUL is part of the key */
	assert_int_equal(zrx_userbuf_add(ub, "a\0b", 3, "nul\n", 4), 1);
	assert_int_equal(zrx_userbuf_add(ub, "a\0c", 3, "nul2\n", 5), 1);
	assert_int_equal(zrx_userbuf_add(ub, "a\0b", 3, "dup\n", 4), 0);
	/* no key: never a duplicate */
	assert_int_equal(zrx_userbuf_add(ub, NULL, 0, "x\n", 2), 1);
	assert_int_equal(zrx_userbuf_add(ub, NULL, 0, "x\n", 2), 1);
	assert_int_equal(zrx_userbuf_count(ub), 6);
	assert_int_equal(zrx_userbuf_bytes(ub), 6 + 7 + 4 + 5 + 2 + 2);
	assert_int_equal(zrx_userbuf_spilled(ub), 0);

	zrx_buf_init(&c.all);
	assert_int_equal(zrx_userbuf_drain(ub, collect_cb, &c), 0);
	assert_string_equal(c.all.data, "first\nsecond\nnul\nnul2\nx\nx\n");
	zrx_buf_free(&c.all);
	zrx_userbuf_free(ub);
	assert_int_equal(dir_entries(), 0);
}

/* n records with a spill threshold; the replay must equal the input, and a
 * spill must have happened iff expected. */
static void
spill_case(size_t n, size_t spill, size_t big_every, int expect_spill)
{
	struct zrx_userbuf *ub = zrx_userbuf_new(spill, tmpdir);
	struct zrx_buf want, rec;
	struct collect c = { .calls = 0 };
	char key[48];
	size_t i;

	zrx_buf_init(&want);
	zrx_buf_init(&rec);
	zrx_buf_init(&c.all);
	for (i = 0; i < n; i++) {
		make_record(&rec, i, big_every);
		snprintf(key, sizeof(key), "%08zx-4a1b-9c2d-%012zx", i * 2654435761u, i);
		assert_int_equal(zrx_userbuf_add(ub, key, strlen(key), rec.data, rec.len), 1);
		zrx_buf_append(&want, rec.data, rec.len);
		/* every tenth record comes again (an overlapping window) */
		if (i % 10 == 0)
			assert_int_equal(zrx_userbuf_add(ub, key, strlen(key), "dup\n", 4), 0);
	}
	assert_int_equal(zrx_userbuf_count(ub), n);
	assert_int_equal(zrx_userbuf_bytes(ub), want.len);
	assert_int_equal(zrx_userbuf_spilled(ub), expect_spill);
	/* the spill file is unlinked as soon as it is made */
	assert_int_equal(dir_entries(), 0);

	assert_int_equal(zrx_userbuf_drain(ub, collect_cb, &c), 0);
	assert_int_equal(c.all.len, want.len);
	assert_memory_equal(c.all.data, want.data, want.len);

	/* a drain can be repeated */
	zrx_buf_reset(&c.all);
	c.calls = 0;
	assert_int_equal(zrx_userbuf_drain(ub, collect_cb, &c), 0);
	assert_int_equal(c.all.len, want.len);
	assert_memory_equal(c.all.data, want.data, want.len);

	zrx_userbuf_free(ub);
	zrx_buf_free(&want);
	zrx_buf_free(&rec);
	zrx_buf_free(&c.all);
}

static void
test_no_spill_under_threshold(void **state)
{
	spill_case(50, 1 << 20, 0, 0);
}

static void
test_spill_tiny_threshold(void **state)
{
	/* 256 bytes: most records go past it; every 7th is 5 KB, bigger than
	 * the threshold and bigger than nothing else */
	spill_case(2000, 256, 7, 1);
}

static void
test_spill_zero_threshold(void **state)
{
	spill_case(100, 0, 0, 1);
}

static void
test_spill_record_bigger_than_read_chunk(void **state)
{
	struct zrx_userbuf *ub = zrx_userbuf_new(1000, tmpdir);
	struct collect c = { .calls = 0 };
	size_t big = 200000;
	char *r = zrx_xmalloc(big);

	for (size_t i = 0; i < big; i++)
		r[i] = (char)(i * 7);
	zrx_buf_init(&c.all);
	assert_int_equal(zrx_userbuf_add(ub, "a", 1, "small\n", 6), 1);
	assert_int_equal(zrx_userbuf_add(ub, "b", 1, r, big), 1);
	assert_int_equal(zrx_userbuf_add(ub, "c", 1, "tail\n", 5), 1);
	assert_int_equal(zrx_userbuf_spilled(ub), 1);
	assert_int_equal(zrx_userbuf_drain(ub, collect_cb, &c), 0);
	assert_int_equal(c.all.len, 6 + big + 5);
	assert_memory_equal(c.all.data, "small\n", 6);
	assert_memory_equal(c.all.data + 6, r, big);
	assert_memory_equal(c.all.data + 6 + big, "tail\n", 5);
	zrx_buf_free(&c.all);
	zrx_userbuf_free(ub);
	free(r);
}

static void
test_100k_records(void **state)
{
	spill_case(100000, 64 * 1024, 0, 1);
}

static void
test_sink_stops(void **state)
{
	struct zrx_userbuf *ub = zrx_userbuf_new(64, tmpdir);
	struct collect c = { .calls = 0, .stop_after = 1 };
	char key[16];

	zrx_buf_init(&c.all);
	for (int i = 0; i < 20; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		assert_int_equal(zrx_userbuf_add(ub, key, strlen(key), "0123456789\n", 11), 1);
	}
	assert_int_equal(zrx_userbuf_spilled(ub), 1);
	assert_int_equal(zrx_userbuf_drain(ub, collect_cb, &c), 7);
	assert_int_equal(c.calls, 1);
	zrx_buf_free(&c.all);
	zrx_userbuf_free(ub);
}

static void
test_spill_dir_missing(void **state)
{
	char *missing = zrx_xasprintf("%s/no/such/dir", tmpdir);
	struct zrx_userbuf *ub = zrx_userbuf_new(16, missing);
	struct collect c = { .calls = 0 };

	zrx_buf_init(&c.all);
	assert_int_equal(zrx_userbuf_add(ub, "a", 1, "short\n", 6), 1);
	assert_int_equal(zrx_userbuf_add(ub, "b", 1, "longer than sixteen\n", 20), -ENOENT);
	/* the error sticks: nothing half-stored is replayed */
	assert_int_equal(zrx_userbuf_add(ub, "c", 1, "x\n", 2), -ENOENT);
	assert_int_equal(zrx_userbuf_drain(ub, collect_cb, &c), -ENOENT);
	assert_int_equal(zrx_userbuf_count(ub), 1);
	zrx_buf_free(&c.all);
	zrx_userbuf_free(ub);
	free(missing);
}

static int
count_key(void *ud, const char *key, size_t len)
{
	(void)key;
	(void)len;
	(*(int *)ud)++;
	return 0;
}

static void
test_keyset(void **state)
{
	struct zrx_keyset *ks = zrx_keyset_new();
	char key[32];
	int i;

	assert_int_equal(zrx_keyset_has(ks, "", 0), 0);
	assert_int_equal(zrx_keyset_add(ks, "", 0), 1);
	assert_int_equal(zrx_keyset_has(ks, "", 0), 1);
	for (i = 0; i < 50000; i++) {
		snprintf(key, sizeof(key), "user%d@example.com", i);
		assert_int_equal(zrx_keyset_add(ks, key, strlen(key)), 1);
	}
	for (i = 0; i < 50000; i += 3) {
		snprintf(key, sizeof(key), "user%d@example.com", i);
		assert_int_equal(zrx_keyset_add(ks, key, strlen(key)), 0);
		assert_int_equal(zrx_keyset_has(ks, key, strlen(key)), 1);
	}
	assert_int_equal(zrx_keyset_has(ks, "user50000@example.com", 21), 0);
	assert_int_equal(zrx_keyset_has(ks, "user1@example.co", 16), 0);
	assert_int_equal(zrx_keyset_count(ks), 50001);
	zrx_keyset_clear(ks);
	assert_int_equal(zrx_keyset_count(ks), 0);
	assert_int_equal(zrx_keyset_has(ks, "user1@example.com", 17), 0);
	assert_int_equal(zrx_keyset_add(ks, "user1@example.com", 17), 1);
	zrx_keyset_free(ks);
	zrx_keyset_free(NULL);
	zrx_userbuf_free(NULL);
}

/* Add records i in [from, to) with keys "k<i>", in pieces as the CSV
 * writer does. */
static void
add_range(struct zrx_userbuf *ub, struct zrx_buf *want, int from, int to)
{
	char key[16], rec[64];

	for (int i = from; i < to; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		snprintf(rec, sizeof(rec), "record %d, in two pieces\n", i);
		assert_int_equal(zrx_userbuf_claim(ub, key, strlen(key)), 1);
		assert_int_equal(zrx_userbuf_write(ub, rec, 7), 0);
		assert_int_equal(zrx_userbuf_write(ub, rec + 7, strlen(rec) - 7), 0);
		zrx_userbuf_end_record(ub);
		if (want != NULL)
			zrx_buf_puts(want, rec);
	}
}

/* A page's records are taken back whatever the spill did meanwhile: under
 * the threshold, across the first spill, and after several. */
static void
rollback_case(size_t spill)
{
	struct zrx_userbuf *ub = zrx_userbuf_new(spill, tmpdir);
	struct zrx_userbuf_mark m;
	struct zrx_buf want;
	struct collect c = { .calls = 0 };

	zrx_buf_init(&want);
	zrx_buf_init(&c.all);
	add_range(ub, &want, 0, 40);
	zrx_userbuf_mark(ub, &m);
	add_range(ub, NULL, 40, 400);       /* a page that will fail */
	assert_int_equal(zrx_userbuf_count(ub), 400);
	assert_int_equal(zrx_userbuf_rollback(ub, &m), 0);
	assert_int_equal(zrx_userbuf_count(ub), 40);
	assert_int_equal(zrx_userbuf_bytes(ub), want.len);
	/* its keys are free again: the retried page adds them */
	assert_int_equal(zrx_userbuf_has(ub, "k40", 3), 0);
	assert_int_equal(zrx_userbuf_has(ub, "k39", 3), 1);
	add_range(ub, &want, 40, 400);
	assert_int_equal(zrx_userbuf_drain(ub, collect_cb, &c), 0);
	assert_int_equal(c.all.len, want.len);
	assert_memory_equal(c.all.data, want.data, want.len);
	/* a rollback to where things are is a no-op */
	zrx_userbuf_mark(ub, &m);
	assert_int_equal(zrx_userbuf_rollback(ub, &m), 0);
	assert_int_equal(zrx_userbuf_count(ub), 400);
	zrx_buf_free(&want);
	zrx_buf_free(&c.all);
	zrx_userbuf_free(ub);
}

static void
test_rollback(void **state)
{
	rollback_case(1 << 20);  /* never spills */
	rollback_case(2048);     /* the page crosses the first spill */
	rollback_case(0);        /* everything in the file */
}

/* Keys added since a mark leave the set, whatever their probe runs. */
static void
test_keyset_rollback(void **state)
{
	struct zrx_keyset *ks = zrx_keyset_new();
	char key[32];
	size_t mark;
	int i, seen = 0;

	for (i = 0; i < 3000; i++) {
		snprintf(key, sizeof(key), "keep-%d", i);
		assert_int_equal(zrx_keyset_add(ks, key, strlen(key)), 1);
	}
	mark = zrx_keyset_mark(ks);
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "drop-%d", i);
		assert_int_equal(zrx_keyset_add(ks, key, strlen(key)), 1);
	}
	zrx_keyset_rollback(ks, mark);
	assert_int_equal(zrx_keyset_count(ks), 3000);
	for (i = 0; i < 3000; i++) {
		snprintf(key, sizeof(key), "keep-%d", i);
		assert_int_equal(zrx_keyset_has(ks, key, strlen(key)), 1);
	}
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "drop-%d", i);
		assert_int_equal(zrx_keyset_has(ks, key, strlen(key)), 0);
	}
	assert_int_equal(zrx_keyset_each(ks, count_key, &seen), 0);
	assert_int_equal(seen, 3000);
	zrx_keyset_free(ks);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dedup),
		cmocka_unit_test(test_no_spill_under_threshold),
		cmocka_unit_test(test_spill_tiny_threshold),
		cmocka_unit_test(test_spill_zero_threshold),
		cmocka_unit_test(test_spill_record_bigger_than_read_chunk),
		cmocka_unit_test(test_100k_records),
		cmocka_unit_test(test_sink_stops),
		cmocka_unit_test(test_spill_dir_missing),
		cmocka_unit_test(test_keyset),
		cmocka_unit_test(test_rollback),
		cmocka_unit_test(test_keyset_rollback),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
