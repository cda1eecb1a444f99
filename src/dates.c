/* dates.c - calendar dates, month windows, and start_time to UTC date. */
#include "config.h"

#include <stdlib.h>

#include "util.h"
#include "dates.h"

#define MS_PER_DAY 86400000LL

/* Floor division for a positive divisor. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b) != 0 && a < 0)
		q--;
	return q;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned
days_in_month(int y, unsigned m)
{
	static const unsigned char len[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && is_leap(y))
		return 29;
	return len[m - 1];
}

/*
 * Days since 1970-01-01.  Counts in 400-year eras starting on March 1st so
 * that the leap day is the last day of a "year" and month lengths before it
 * follow a fixed pattern (153 days per 5 months).
 */
int32_t
zrx_days_from_civil(int y, unsigned m, unsigned d)
{
	int64_t yy = (int64_t)y - (m <= 2 ? 1 : 0);
	int64_t era = floor_div(yy, 400);
	int64_t yoe = yy - era * 400;                           /* [0, 399] */
	int64_t mp = m > 2 ? (int64_t)m - 3 : (int64_t)m + 9;   /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + (int64_t)d - 1;      /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;    /* [0, 146096] */

	return (int32_t)(era * 146097 + doe - 719468);
}

void
zrx_civil_from_days(int32_t days, int *y, unsigned *m, unsigned *d)
{
	int64_t z = (int64_t)days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;                                 /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);          /* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;                               /* [0, 11] */
	unsigned mm = (unsigned)(mp < 10 ? mp + 3 : mp - 9);

	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = mm;
	*y = (int)(yoe + era * 400 + (mm <= 2 ? 1 : 0));
}

static int
digits(const char *s, size_t n, int *out)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* "YYYY-MM-DD" at s (10 bytes available); any 4-digit year. */
static int
parse_ymd(const char *s, int *y, unsigned *m, unsigned *d)
{
	int yy, mm, dd;

	if (s[4] != '-' || s[7] != '-' || digits(s, 4, &yy) != 0 ||
	    digits(s + 5, 2, &mm) != 0 || digits(s + 8, 2, &dd) != 0)
		return -1;
	if (mm < 1 || mm > 12 || dd < 1 || (unsigned)dd > days_in_month(yy, (unsigned)mm))
		return -1;
	*y = yy;
	*m = (unsigned)mm;
	*d = (unsigned)dd;
	return 0;
}

int
zrx_date_parse(const char *s, int32_t *days)
{
	unsigned m, d;
	size_t n;
	int y;

	if (s == NULL)
		return -1;
	for (n = 0; n < 11 && s[n] != '\0'; n++)
		;
	if (n != 10 || parse_ymd(s, &y, &m, &d) != 0 || y < 1970)
		return -1;
	*days = zrx_days_from_civil(y, m, d);
	return 0;
}

static void
put_digits(char *out, unsigned v, int width)
{
	while (width-- > 0) {
		out[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

void
zrx_date_format(int32_t days, char out[11])
{
	unsigned m, d;
	int y;

	zrx_civil_from_days(days, &y, &m, &d);
	/* Four digits only: years outside 0..9999 are not dates zrx handles. */
	if (y < 0)
		y = 0;
	else if (y > 9999)
		y = 9999;
	put_digits(out, (unsigned)y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
}

int32_t
zrx_date_today_utc(void)
{
	return (int32_t)floor_div(zrx_wall_ms(), MS_PER_DAY);
}

int32_t
zrx_date_minus_month(int32_t days)
{
	unsigned m, d, len;
	int y;

	zrx_civil_from_days(days, &y, &m, &d);
	if (m == 1) {
		y--;
		m = 12;
	} else
		m--;
	len = days_in_month(y, m);
	if (d > len)
		d = len;
	return zrx_days_from_civil(y, m, d);
}

/* Last day of the month that contains days. */
static int32_t
month_end(int32_t days)
{
	unsigned m, d;
	int y;

	zrx_civil_from_days(days, &y, &m, &d);
	return days + (int32_t)(days_in_month(y, m) - d);
}

size_t
zrx_windows_make(int32_t from, int32_t to, struct zrx_window **out)
{
	struct zrx_window *w;
	size_t n = 0, i;
	int32_t cur;

	*out = NULL;
	if (from > to)
		return 0;
	for (cur = from; cur <= to; cur = month_end(cur) + 1)
		n++;
	w = zrx_xcalloc(n, sizeof(*w));
	cur = from;
	for (i = 0; i < n; i++) {
		int32_t end = month_end(cur);

		w[i].from = cur;
		w[i].to = end < to ? end : to;
		w[i].req_to = w[i].to + 1;
		cur = w[i].to + 1;
	}
	*out = w;
	return n;
}

size_t
zrx_windows_back(int32_t from, int32_t to, struct zrx_window **out)
{
	struct zrx_window *w = NULL;
	size_t n = 0, cap = 0, i;
	int32_t end = to, lo;

	*out = NULL;
	if (from > to)
		return 0;
	while (end >= from) {
		/* [lo, end + 1] is the longest range the API serves whole */
		lo = zrx_date_minus_month(end + 1);
		if (lo < from)
			lo = from;
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			w = zrx_xrealloc(w, cap * sizeof(*w));
		}
		w[n].from = lo;
		w[n].to = end;
		w[n].req_to = end + 1;
		n++;
		end = lo - 1;
	}
	/* oldest first */
	for (i = 0; i < n / 2; i++) {
		struct zrx_window t = w[i];

		w[i] = w[n - 1 - i];
		w[n - 1 - i] = t;
	}
	*out = w;
	return n;
}

/*
 * "YYYY-MM-DDTHH:MM:SS[.fff][Z|+hh:mm|-hh:mm|+hhmm|+hh]" to epoch
 * milliseconds (fraction truncated to milliseconds).
 */
static int
parse_timestamp(const char *s, size_t n, int64_t *ms_out)
{
	int hh, mi, ss, oh = 0, om = 0, sign = 0, ms = 0, scale = 100;
	unsigned m, d;
	size_t i;
	int64_t secs;
	int y;

	if (s == NULL || n < 19 || parse_ymd(s, &y, &m, &d) != 0)
		return -1;
	if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':' ||
	    digits(s + 11, 2, &hh) != 0 || digits(s + 14, 2, &mi) != 0 ||
	    digits(s + 17, 2, &ss) != 0 || hh > 23 || mi > 59 || ss > 60)
		return -1;
	i = 19;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		size_t start = ++i;

		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			ms += (s[i] - '0') * scale;
			scale /= 10;
		}
		if (i == start)
			return -1;
	}
	if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '+' ? 1 : -1;
		i++;
		if (n - i < 2 || digits(s + i, 2, &oh) != 0)
			return -1;
		i += 2;
		if (i < n && s[i] == ':') {
			if (n - i < 3 || digits(s + i + 1, 2, &om) != 0)
				return -1;
			i += 3;
		} else if (n - i >= 2) {
			if (digits(s + i, 2, &om) != 0)
				return -1;
			i += 2;
		}
		if (oh > 23 || om > 59)
			return -1;
	}
	if (i != n)
		return -1;
	secs = (int64_t)zrx_days_from_civil(y, m, d) * 86400 + hh * 3600 + mi * 60 + ss;
	secs -= (int64_t)sign * (oh * 3600 + om * 60);
	*ms_out = secs * 1000 + ms;
	return 0;
}

int
zrx_time_parse_epoch_ms(const char *s, size_t n, int64_t *epoch_ms)
{
	return parse_timestamp(s, n, epoch_ms);
}

int
zrx_time_utc_date(const char *s, size_t n, int32_t *days)
{
	int64_t ms;

	if (parse_timestamp(s, n, &ms) != 0)
		return -1;
	*days = (int32_t)floor_div(ms, MS_PER_DAY);
	return 0;
}
