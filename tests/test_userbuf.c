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
	assert_int_equal(c.calls, 6);
	assert_string_equal(c.all.data, "first\nsecond\nnul\nnul2\nx\nx\n");
	zrx_buf_free(&c.all);
	zrx_userbuf_free(ub);
	assert_int_equal(dir_entries(), 0);
}

/* n records with a spill threshold; the replay must equal the input, one
 * record per sink call, and a spill must have happened iff expected. */
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
	assert_int_equal(c.calls, n);
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
	assert_int_equal(c.calls, 3);
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
	struct collect c = { .calls = 0, .stop_after = 3 };
	char key[16];

	zrx_buf_init(&c.all);
	for (int i = 0; i < 20; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		assert_int_equal(zrx_userbuf_add(ub, key, strlen(key), "0123456789\n", 11), 1);
	}
	assert_int_equal(zrx_userbuf_drain(ub, collect_cb, &c), 7);
	assert_int_equal(c.calls, 3);
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
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
