/* fuzz_dates.c - calendar dates and month windows.
 *
 * Input: text, two lines "FROM\nTO".  Properties: a date that parses
 * formats back to the same ten characters; the month before is 28 to 31
 * days earlier, never past the month's last day; the windows of [FROM, TO]
 * cover exactly those days, in order, each inside one calendar month and
 * asking for one day more; days and civil dates convert both ways. */
#include "config.h"

#include <string.h>

#include "dates.h"
#include "fuzzcheck.h"
#include "util.h"

static int
parse_line(const char *s, size_t n, int32_t *days)
{
	char buf[32];
	char out[11];

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (zrx_date_parse(buf, days) != 0)
		return -1;
	FZ_ASSERT(strlen(buf) == 10);
	zrx_date_format(*days, out);
	FZ_ASSERT(memcmp(out, buf, 10) == 0);
	return 0;
}

static void
check_month_before(int32_t days)
{
	int32_t prev = zrx_date_minus_month(days);
	int y, py;
	unsigned m, d, pm, pd;

	FZ_ASSERT(days - prev >= 28 && days - prev <= 31);
	zrx_civil_from_days(days, &y, &m, &d);
	zrx_civil_from_days(prev, &py, &pm, &pd);
	FZ_ASSERT(pm == (m == 1 ? 12u : m - 1) && py == (m == 1 ? y - 1 : y));
	FZ_ASSERT(pd <= d);
	FZ_ASSERT(zrx_days_from_civil(y, m, d) == days);
}

static void
check_windows(int32_t from, int32_t to)
{
	struct zrx_window *w = NULL;
	size_t n = zrx_windows_make(from, to, &w), i;

	if (from > to) {
		FZ_ASSERT(n == 0 && w == NULL);
		return;
	}
	FZ_ASSERT(n >= 1 && w[0].from == from && w[n - 1].to == to);
	for (i = 0; i < n; i++) {
		int y1, y2;
		unsigned m1, m2, d1, d2;

		FZ_ASSERT(w[i].from <= w[i].to && w[i].req_to == w[i].to + 1);
		FZ_ASSERT(i == 0 || w[i].from == w[i - 1].to + 1);
		zrx_civil_from_days(w[i].from, &y1, &m1, &d1);
		zrx_civil_from_days(w[i].to, &y2, &m2, &d2);
		FZ_ASSERT(y1 == y2 && m1 == m2);
		FZ_ASSERT(i == 0 || d1 == 1);
	}
	free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nl = memchr(s, '\n', size);
	size_t n1 = nl != NULL ? (size_t)(nl - s) : size;
	int32_t a, b;
	int y;
	unsigned m, d;

	if (parse_line(s, n1, &a) != 0)
		return 0;
	check_month_before(a);
	if (nl != NULL && parse_line(nl + 1, size - n1 - 1, &b) == 0) {
		check_month_before(b);
		/* at most ten years of windows */
		if (b - a <= 3660)
			check_windows(a, b);
	}
	/* civil dates round trip around the parsed day */
	for (int32_t k = a - 400; k <= a + 400; k += 37) {
		zrx_civil_from_days(k, &y, &m, &d);
		FZ_ASSERT(m >= 1 && m <= 12 && d >= 1 && d <= 31);
		FZ_ASSERT(zrx_days_from_civil(y, m, d) == k);
	}
	return 0;
}
