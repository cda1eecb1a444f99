/* test_dates.c - dates, month windows, start_time to UTC date. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "dates.h"

static int32_t
D(const char *s)
{
	int32_t d = -99999;

	if (zrx_date_parse(s, &d) != 0)
		fail_msg("date %s did not parse", s);
	return d;
}

static void
assert_date(int32_t days, const char *want)
{
	char buf[11];

	zrx_date_format(days, buf);
	assert_string_equal(buf, want);
}

static void
test_parse_valid(void **state)
{
	(void)state;
	assert_int_equal(D("1970-01-01"), 0);
	assert_int_equal(D("1970-01-02"), 1);
	assert_int_equal(D("2000-03-01"), 11017);
	assert_int_equal(D("2024-02-29"), 19782);
	assert_int_equal(D("2000-02-29") + 1, D("2000-03-01"));
	assert_int_equal(D("9999-12-31"), 2932896);
	assert_int_equal(D("2023-12-31") + 1, D("2024-01-01"));
}

static void
test_parse_invalid(void **state)
{
	static const char *const bad[] = {
		"2023-02-29", "2100-02-29", "1900-02-29", "2024-02-30", "2024-04-31",
		"2024-06-31", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32",
		"1969-12-31", "0000-01-01", "", "2024-1-01", "2024-01-1", "2024/01/01",
		"2024-01-01 ", " 2024-01-01", "2024-01-01T00:00:00Z", "20240101",
		"+024-01-01", "2024-0a-01", "not a date", "2024-01-0\x01",
	};
	int32_t d = 12345;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (zrx_date_parse(bad[i], &d) == 0)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_int_equal(d, 12345);
	}
	assert_int_equal(zrx_date_parse(NULL, &d), -1);
}

/* Every day 1970..2200: format, parse back, and the calendar advances by one. */
static void
test_round_trip(void **state)
{
	int32_t day, end = D("2200-12-31"), back;
	int y, py;
	unsigned m, d, pm, pd;
	char buf[11];

	(void)state;
	zrx_civil_from_days(0, &py, &pm, &pd);
	assert_int_equal(py, 1970);
	for (day = 1; day <= end; day++) {
		zrx_date_format(day, buf);
		assert_int_equal(zrx_date_parse(buf, &back), 0);
		assert_int_equal(back, day);
		zrx_civil_from_days(day, &y, &m, &d);
		assert_int_equal(zrx_days_from_civil(y, m, d), day);
		if (d != pd + 1) {
			/* first of a month, right after the previous month's last day */
			assert_int_equal(d, 1);
			assert_true((m == pm + 1 && y == py) || (m == 1 && pm == 12 && y == py + 1));
			assert_true(pd >= 28);
		}
		py = y;
		pm = m;
		pd = d;
	}
	/* days before 1970 still convert (windows near the epoch, offsets) */
	assert_int_equal(zrx_days_from_civil(1969, 12, 31), -1);
	zrx_civil_from_days(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
	assert_date(-1, "1969-12-31");
}

static void
test_today(void **state)
{
	int64_t before, after;
	int32_t today;

	(void)state;
	before = (int64_t)time(NULL) / 86400;
	today = zrx_date_today_utc();
	after = (int64_t)time(NULL) / 86400;
	assert_true(today >= before && today <= after);
	/* independent of the local zone */
	setenv("TZ", "Pacific/Kiritimati", 1);
	tzset();
	assert_true(zrx_date_today_utc() >= today && zrx_date_today_utc() <= today + 1);
	unsetenv("TZ");
	tzset();
}

static void
test_minus_month(void **state)
{
	static const char *const v[][2] = {
		{ "2024-03-31", "2024-02-29" },
		{ "2023-03-31", "2023-02-28" },
		{ "2100-03-30", "2100-02-28" },
		{ "2000-03-29", "2000-02-29" },
		{ "2024-03-01", "2024-02-01" },
		{ "2024-01-15", "2023-12-15" },
		{ "2024-01-31", "2023-12-31" },
		{ "2024-05-31", "2024-04-30" },
		{ "2024-12-31", "2024-11-30" },
		{ "2024-07-31", "2024-06-30" },
		{ "2024-08-31", "2024-07-31" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_date(zrx_date_minus_month(D(v[i][0])), v[i][1]);
}

/*
 * The properties a window list must have: it covers [from, to] exactly, in
 * order, without gaps or overlaps; every window lies in one calendar month;
 * req_to is the day after to; and from..req_to is never longer than a
 * calendar month, so Zoom never clamps it.
 */
static size_t
check_windows(int32_t from, int32_t to)
{
	struct zrx_window *w = NULL;
	size_t n, i;

	n = zrx_windows_make(from, to, &w);
	assert_true(n >= 1);
	assert_non_null(w);
	assert_int_equal(w[0].from, from);
	assert_int_equal(w[n - 1].to, to);
	for (i = 0; i < n; i++) {
		int y1, y2;
		unsigned m1, m2, d1, d2;

		assert_true(w[i].from <= w[i].to);
		assert_int_equal(w[i].req_to, w[i].to + 1);
		assert_true(zrx_date_minus_month(w[i].req_to) <= w[i].from);
		zrx_civil_from_days(w[i].from, &y1, &m1, &d1);
		zrx_civil_from_days(w[i].to, &y2, &m2, &d2);
		assert_int_equal(y1, y2);
		assert_int_equal(m1, m2);
		if (i > 0) {
			assert_int_equal(w[i].from, w[i - 1].to + 1);
			assert_int_equal(d1, 1);
		}
		if (i + 1 < n) {
			/* a window that is not the last ends on its month's last day */
			zrx_civil_from_days(w[i].to + 1, &y2, &m2, &d2);
			assert_int_equal(d2, 1);
		}
	}
	free(w);
	return n;
}

static void
test_windows_cases(void **state)
{
	struct zrx_window *w = NULL;
	size_t n;

	(void)state;
	/* one day */
	n = zrx_windows_make(D("2024-05-07"), D("2024-05-07"), &w);
	assert_int_equal(n, 1);
	assert_int_equal(w[0].from, D("2024-05-07"));
	assert_int_equal(w[0].to, D("2024-05-07"));
	assert_int_equal(w[0].req_to, D("2024-05-08"));
	free(w);
	/* ending on a month's last day: one window, asking up to the 1st */
	n = zrx_windows_make(D("2024-01-10"), D("2024-01-31"), &w);
	assert_int_equal(n, 1);
	assert_int_equal(w[0].req_to, D("2024-02-01"));
	free(w);
	/* starting on a month's last day: that day alone, then the rest */
	n = zrx_windows_make(D("2024-01-31"), D("2024-02-10"), &w);
	assert_int_equal(n, 2);
	assert_int_equal(w[0].from, D("2024-01-31"));
	assert_int_equal(w[0].to, D("2024-01-31"));
	assert_int_equal(w[0].req_to, D("2024-02-01"));
	assert_int_equal(w[1].from, D("2024-02-01"));
	assert_int_equal(w[1].to, D("2024-02-10"));
	assert_int_equal(w[1].req_to, D("2024-02-11"));
	free(w);
	/* leap February, whole */
	n = zrx_windows_make(D("2024-02-01"), D("2024-02-29"), &w);
	assert_int_equal(n, 1);
	assert_int_equal(w[0].req_to, D("2024-03-01"));
	free(w);
	/* across a year end */
	n = zrx_windows_make(D("2023-12-15"), D("2024-01-15"), &w);
	assert_int_equal(n, 2);
	assert_int_equal(w[0].to, D("2023-12-31"));
	assert_int_equal(w[0].req_to, D("2024-01-01"));
	assert_int_equal(w[1].from, D("2024-01-01"));
	free(w);
	/* 13 months */
	n = zrx_windows_make(D("2023-01-01"), D("2024-01-31"), &w);
	assert_int_equal(n, 13);
	assert_int_equal(w[12].from, D("2024-01-01"));
	assert_int_equal(w[12].to, D("2024-01-31"));
	free(w);
	assert_int_equal(check_windows(D("2023-01-01"), D("2024-01-31")), 13);
	assert_int_equal(check_windows(D("2023-01-20"), D("2024-01-05")), 13);
	assert_int_equal(check_windows(D("1970-01-01"), D("1970-01-01")), 1);
	assert_int_equal(check_windows(D("2020-01-01"), D("2024-12-31")), 60);
	/* from > to: nothing */
	w = (struct zrx_window *)&n;
	assert_int_equal(zrx_windows_make(D("2024-01-02"), D("2024-01-01"), &w), 0);
	assert_null(w);
}

/* Every start day over two years (leap year included) with many lengths. */
static void
test_windows_exhaustive(void **state)
{
	static const int32_t len[] = { 0, 1, 2, 27, 28, 29, 30, 31, 32, 58, 59, 60, 61, 364, 365, 366, 400 };
	int32_t from, end = D("2025-01-01");
	size_t i;

	(void)state;
	for (from = D("2023-01-01"); from <= end; from++)
		for (i = 0; i < sizeof(len) / sizeof(len[0]); i++) {
			int y1, y2;
			unsigned m1, m2, d;
			size_t n = check_windows(from, from + len[i]);

			zrx_civil_from_days(from, &y1, &m1, &d);
			zrx_civil_from_days(from + len[i], &y2, &m2, &d);
			/* one window per calendar month touched */
			assert_int_equal(n, (size_t)((y2 - y1) * 12 + (int)m2 - (int)m1 + 1));
		}
}

static int32_t
T(const char *s)
{
	int32_t d = -99999;

	if (zrx_time_utc_date(s, strlen(s), &d) != 0)
		fail_msg("start_time %s did not parse", s);
	return d;
}

static void
test_start_time(void **state)
{
	(void)state;
	assert_int_equal(T("2024-03-10T12:34:56Z"), D("2024-03-10"));
	assert_int_equal(T("2024-03-10T00:00:00Z"), D("2024-03-10"));
	assert_int_equal(T("2024-03-10T23:59:59Z"), D("2024-03-10"));
	assert_int_equal(T("2024-03-10T23:59:59.999Z"), D("2024-03-10"));
	assert_int_equal(T("2024-03-10T23:59:59.999999999Z"), D("2024-03-10"));
	assert_int_equal(T("2024-03-10T12:00:00.5Z"), D("2024-03-10"));
	/* no zone: UTC */
	assert_int_equal(T("2024-03-10T23:30:00"), D("2024-03-10"));
	/* +05:30 crossing midnight backwards: 01:00+05:30 is 19:30 UTC the day before */
	assert_int_equal(T("2024-03-10T01:00:00+05:30"), D("2024-03-09"));
	assert_int_equal(T("2024-03-10T05:29:59+05:30"), D("2024-03-09"));
	assert_int_equal(T("2024-03-10T05:30:00+05:30"), D("2024-03-10"));
	assert_int_equal(T("2024-01-01T02:00:00+05:30"), D("2023-12-31"));
	assert_int_equal(T("2024-03-01T00:10:00+0530"), D("2024-02-29"));
	assert_int_equal(T("2024-03-01T00:10:00+05"), D("2024-02-29"));
	/* -08:00 crossing midnight forwards: 20:00-08:00 is 04:00 UTC the day after */
	assert_int_equal(T("2024-03-10T20:00:00-08:00"), D("2024-03-11"));
	assert_int_equal(T("2024-03-10T15:59:59-08:00"), D("2024-03-10"));
	assert_int_equal(T("2024-03-10T16:00:00-08:00"), D("2024-03-11"));
	assert_int_equal(T("2023-12-31T20:00:00-05:00"), D("2024-01-01"));
	assert_int_equal(T("2024-02-28T23:00:00-02:00"), D("2024-02-29"));
	/* the forward crossing with a fraction and a compact offset */
	assert_int_equal(T("2024-12-31T23:30:00.250-0100"), D("2025-01-01"));
	assert_int_equal(T("2024-03-10T12:00:00+00:00"), D("2024-03-10"));
	assert_int_equal(T("2024-03-10T12:00:00-00:00"), D("2024-03-10"));
	/* before the epoch the day still rounds down, not toward zero */
	{
		int32_t d;

		assert_int_equal(zrx_time_utc_date("1970-01-01T01:00:00+05:00", 25, &d), 0);
		assert_int_equal(d, -1);
	}
}

static void
test_start_time_not_terminated(void **state)
{
	static const char buf[] = "2024-03-10T20:00:00-08:00\"junk";
	int32_t d;

	(void)state;
	assert_int_equal(zrx_time_utc_date(buf, 25, &d), 0);
	assert_int_equal(d, D("2024-03-11"));
	/* cut short inside the offset */
	assert_int_equal(zrx_time_utc_date(buf, 23, &d), -1);
	/* cut right after the seconds: no zone, UTC */
	assert_int_equal(zrx_time_utc_date(buf, 19, &d), 0);
	assert_int_equal(d, D("2024-03-10"));
}

static void
test_start_time_garbage(void **state)
{
	static const char *const bad[] = {
		"", "2024-13-01T00:00:00Z", "2024-01-01", "not a date",
		"2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-01-01T24:00:00Z",
		"2024-01-01T23:60:00Z", "2024-01-01T23:00:61Z", "2024-01-01T00:00:00Zjunk",
		"2024-01-01T00:00:00+5:30", "2024-01-01T00:00:00+05:3", "2024-01-01T00:00:00+",
		"2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.", "2024-01-01T00:00:00 Z",
		"2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+05:60", "2024-01-01X00:00:00Z",
		"2024-01-01T0:00:00Z", "2024-01-01T00:00Z", " 2024-01-01T00:00:00Z",
		"2024-01-01T00:00:00Z ", "2024-01-01T00:00:00+05:30:00", "2024-01-01T00:00:00GMT",
	};
	int32_t d = 777;
	int64_t ms = 777;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (zrx_time_utc_date(bad[i], strlen(bad[i]), &d) == 0)
			fail_msg("\"%s\" was accepted", bad[i]);
		if (zrx_time_parse_epoch_ms(bad[i], strlen(bad[i]), &ms) == 0)
			fail_msg("\"%s\" was accepted as epoch", bad[i]);
	}
	assert_int_equal(d, 777);
	assert_int_equal(ms, 777);
}

static int64_t
E(const char *s)
{
	int64_t ms = -12345;

	if (zrx_time_parse_epoch_ms(s, strlen(s), &ms) != 0)
		fail_msg("%s did not parse", s);
	return ms;
}

static void
test_epoch_ms(void **state)
{
	(void)state;
	assert_int_equal(E("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(E("1970-01-01T00:00:01.5Z"), 1500);
	assert_int_equal(E("2020-05-31T00:00:00Z"), INT64_C(1590883200000));
	assert_int_equal(E("2020-05-31T00:00:00.123Z"), INT64_C(1590883200123));
	assert_int_equal(E("2020-05-31T00:00:00.123999Z"), INT64_C(1590883200123));
	assert_int_equal(E("2020-05-31T00:00:00,7Z"), INT64_C(1590883200700));
	assert_int_equal(E("2020-05-31T02:00:00+02:00"), INT64_C(1590883200000));
	assert_int_equal(E("2020-05-30T19:00:00-0500"), INT64_C(1590883200000));
	assert_int_equal(E("2020-05-31T00:00:00"), INT64_C(1590883200000));
	assert_int_equal(E("1994-11-06T08:49:37Z"), INT64_C(784111777000));
	assert_int_equal(E("1970-01-01T00:00:00+01:00"), -3600000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_minus_month),
		cmocka_unit_test(test_windows_cases),
		cmocka_unit_test(test_windows_exhaustive),
		cmocka_unit_test(test_start_time),
		cmocka_unit_test(test_start_time_not_terminated),
		cmocka_unit_test(test_start_time_garbage),
		cmocka_unit_test(test_epoch_ms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
