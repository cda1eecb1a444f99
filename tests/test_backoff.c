/* test_backoff.c - full-jitter back-off and Retry-After. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "backoff.h"

#define NOW_2020 INT64_C(1590883200000)         /* 2020-05-31T00:00:00Z */
#define NOW_1994 (INT64_C(784111777000) - 60000) /* a minute before 1994-11-06 08:49:37 */
#define AT_1994 INT64_C(784111777000)

static void
test_bounds(void **state)
{
	uint64_t rng = 12345, base = 100, cap = 30000;
	unsigned attempt;
	int i;

	(void)state;
	for (attempt = 0; attempt < 80; attempt++) {
		uint64_t ceil = attempt < 20 && (base << attempt) < cap ? base << attempt : cap;
		uint64_t lo = UINT64_MAX, hi = 0, v;
		double sum = 0;

		for (i = 0; i < 4000; i++) {
			v = zrx_backoff_ms(attempt, base, cap, &rng);
			if (v > ceil)
				fail_msg("attempt %u gave %llu > %llu", attempt,
				    (unsigned long long)v, (unsigned long long)ceil);
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
			sum += (double)v;
		}
		/* spread over the whole range, uniformly (mean near the middle) */
		assert_true(hi >= ceil - ceil / 20);
		assert_true(lo <= ceil / 20);
		assert_true(sum / 4000 > ceil * 0.45 && sum / 4000 < ceil * 0.55);
	}
}

static void
test_no_overflow(void **state)
{
	uint64_t rng = 99, v;
	unsigned attempt;
	int i;

	(void)state;
	/* base * 2^attempt would overflow: the cap holds */
	for (attempt = 60; attempt < 70; attempt++)
		for (i = 0; i < 100; i++)
			assert_true(zrx_backoff_ms(attempt, 1000, 60000, &rng) <= 60000);
	assert_true(zrx_backoff_ms(1000, 1000, 60000, &rng) <= 60000);
	assert_true(zrx_backoff_ms(~0u, 1000, 60000, &rng) <= 60000);
	/* the largest cap: any value is in range, and it is not stuck */
	v = zrx_backoff_ms(63, 1, UINT64_MAX, &rng);
	assert_true(v != zrx_backoff_ms(63, 1, UINT64_MAX, &rng) ||
	    v != zrx_backoff_ms(63, 1, UINT64_MAX, &rng));
	assert_true(zrx_backoff_ms(1, UINT64_MAX / 2, UINT64_MAX, &rng) <= UINT64_MAX - 1);
	assert_true(zrx_backoff_ms(70, UINT64_MAX, UINT64_MAX, &rng) <= UINT64_MAX);
	/* degenerate inputs */
	assert_int_equal(zrx_backoff_ms(5, 0, 60000, &rng), 0);
	assert_int_equal(zrx_backoff_ms(5, 100, 0, &rng), 0);
}

static void
test_rng_state(void **state)
{
	uint64_t a = 7, b = 7, zero = 0, first;
	int i, differ = 0;

	(void)state;
	/* the same seed gives the same delays; the state advances */
	for (i = 0; i < 50; i++)
		assert_int_equal(zrx_backoff_ms(10, 100, 100000, &a), zrx_backoff_ms(10, 100, 100000, &b));
	assert_true(a != 7);
	/* a zero state does not get stuck at zero */
	first = zrx_backoff_ms(10, 100, 100000, &zero);
	assert_true(zero != 0);
	for (i = 0; i < 20; i++)
		differ |= zrx_backoff_ms(10, 100, 100000, &zero) != first;
	assert_true(differ);
}

static int64_t
RA(const char *s, int64_t now)
{
	int64_t at = -777;

	if (zrx_retry_after_parse(s, strlen(s), now, &at) != 0)
		fail_msg("Retry-After \"%s\" was rejected", s);
	return at;
}

static void
test_retry_after_seconds(void **state)
{
	int64_t at;

	(void)state;
	assert_int_equal(RA("2", NOW_2020), NOW_2020 + 2000);
	assert_int_equal(RA("0", NOW_2020), NOW_2020);
	assert_int_equal(RA(" 120 ", NOW_2020), NOW_2020 + 120000);
	assert_int_equal(RA("\t3600", NOW_2020), NOW_2020 + 3600000);
	/* not NUL-terminated */
	assert_int_equal(zrx_retry_after_parse("7xyz", 1, NOW_2020, &at), 0);
	assert_int_equal(at, NOW_2020 + 7000);
	/* an absurd value neither overflows nor goes backwards */
	at = RA("99999999999999999999999999", NOW_2020);
	assert_true(at > NOW_2020 + INT64_C(86400000) * 365);
}

static void
test_retry_after_http_date(void **state)
{
	(void)state;
	/* IMF-fixdate */
	assert_int_equal(RA("Sun, 06 Nov 1994 08:49:37 GMT", NOW_1994), AT_1994);
	assert_int_equal(RA("  Sun, 06 Nov 1994 08:49:37 GMT  ", NOW_1994), AT_1994);
	assert_int_equal(RA("Sun, 06 Nov 1994 08:50:37 GMT", NOW_1994), AT_1994 + 60000);
	assert_int_equal(RA("Wed, 21 Oct 2015 07:28:00 GMT", INT64_C(1445412000000)),
	    INT64_C(1445412480000));
	assert_int_equal(RA("Thu, 29 Feb 2024 23:59:59 GMT", INT64_C(1709251199000) - 5000),
	    INT64_C(1709251199000));
	/* RFC 850 */
	assert_int_equal(RA("Sunday, 06-Nov-94 08:49:37 GMT", NOW_1994), AT_1994);
	/* two-digit years are the nearest not more than 50 years ahead */
	assert_int_equal(RA("Friday, 31-May-30 00:00:00 GMT", NOW_2020), INT64_C(1906416000000));
	/* asctime */
	assert_int_equal(RA("Sun Nov  6 08:49:37 1994", NOW_1994), AT_1994);
	assert_int_equal(RA("Sun Nov 06 08:49:37 1994", NOW_1994), AT_1994);
	assert_int_equal(RA("Thu Oct 21 07:28:00 2015", INT64_C(1445412000000)),
	    INT64_C(1445412480000));
}

static void
test_retry_after_iso(void **state)
{
	(void)state;
	assert_int_equal(RA("2020-05-31T00:00:00Z", NOW_2020 - 60000), NOW_2020);
	assert_int_equal(RA("2020-05-31T00:00:00.500Z", NOW_2020 - 60000), NOW_2020 + 500);
	assert_int_equal(RA("2020-05-31T02:00:00+02:00", NOW_2020 - 60000), NOW_2020);
	assert_int_equal(RA("2020-05-30T19:00:00-05:00", NOW_2020 - 60000), NOW_2020);
	assert_int_equal(RA("2020-05-31T05:30:00+0530", NOW_2020 - 60000), NOW_2020);
	assert_int_equal(RA(" 2020-06-01T00:00:00Z\t", NOW_2020), NOW_2020 + 86400000);
}

static void
test_retry_after_past_clamps(void **state)
{
	(void)state;
	assert_int_equal(RA("Sun, 06 Nov 1994 08:49:37 GMT", NOW_2020), NOW_2020);
	assert_int_equal(RA("Sunday, 06-Nov-94 08:49:37 GMT", NOW_2020), NOW_2020);
	assert_int_equal(RA("Sun Nov  6 08:49:37 1994", NOW_2020), NOW_2020);
	assert_int_equal(RA("2020-05-30T23:59:59Z", NOW_2020), NOW_2020);
	assert_int_equal(RA("1970-01-01T00:00:00Z", NOW_2020), NOW_2020);
}

static void
test_retry_after_garbage(void **state)
{
	/* HTTP dates are read by curl_getdate(), which is lenient about the
	 * weekday, the zone and trailing words; what it cannot read at all is
	 * refused, and any time it reads is bounded by the verdict's cap */
	static const char *const bad[] = {
		"", "   ", "abc", "-1", "+5", "1.5", "2 s", "0x10", "2,3",
		"Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
		"Sun, 06 Nov 1994 25:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
		"Sun Nov  6 08:49:37", "Sun Nov 32 08:49:37 1994", "2020-05-31",
		"2020-05-31T00:00:00Zjunk", "2020-13-31T00:00:00Z", "tomorrow",
		"2020-05-31T00:00:00Z\n", "\x1b[31m",
	};
	int64_t at = -777;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (zrx_retry_after_parse(bad[i], strlen(bad[i]), NOW_2020, &at) == 0)
			fail_msg("\"%s\" was accepted", bad[i]);
	assert_int_equal(at, -777);
	assert_int_equal(zrx_retry_after_parse(NULL, 0, NOW_2020, &at), -1);
}

/* The local time zone plays no part. */
static void
test_retry_after_tz(void **state)
{
	(void)state;
	setenv("TZ", "UTC+11", 1);
	tzset();
	assert_int_equal(RA("Sun, 06 Nov 1994 08:49:37 GMT", NOW_1994), AT_1994);
	assert_int_equal(RA("2020-05-31T00:00:00Z", NOW_2020 - 60000), NOW_2020);
	setenv("TZ", "UTC-13", 1);
	tzset();
	assert_int_equal(RA("Sun Nov  6 08:49:37 1994", NOW_1994), AT_1994);
	unsetenv("TZ");
	tzset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_no_overflow),
		cmocka_unit_test(test_rng_state),
		cmocka_unit_test(test_retry_after_seconds),
		cmocka_unit_test(test_retry_after_http_date),
		cmocka_unit_test(test_retry_after_iso),
		cmocka_unit_test(test_retry_after_past_clamps),
		cmocka_unit_test(test_retry_after_garbage),
		cmocka_unit_test(test_retry_after_tz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
