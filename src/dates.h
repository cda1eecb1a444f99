/* dates.h - calendar dates, month windows, and start_time to UTC date. */
#ifndef ZRX_DATES_H
#define ZRX_DATES_H

#include <stddef.h>
#include <stdint.h>

/* Dates are int32_t days since 1970-01-01 (proleptic Gregorian, UTC). */

/* Parse a strict "YYYY-MM-DD" (exactly 10 chars, a real calendar date,
 * years 1970..9999).  Returns 0 and sets *days, or -1. */
int zrx_date_parse(const char *s, int32_t *days);

/* Format days as "YYYY-MM-DD" into out[11] (NUL-terminated); years outside
 * 0..9999 are clamped to them. */
void zrx_date_format(int32_t days, char out[11]);

/* Days since 1970-01-01 of y-m-d (m 1..12, d 1..31, not validated). */
int32_t zrx_days_from_civil(int y, unsigned m, unsigned d);
/* The civil date of days (inverse of zrx_days_from_civil). */
void zrx_civil_from_days(int32_t days, int *y, unsigned *m, unsigned *d);

/* Today's date in UTC (from the wall clock, independent of TZ). */
int32_t zrx_date_today_utc(void);

/* The same day one calendar month earlier, clamped to that month's length
 * (03-31 -> 02-28/29).  Zoom's clamp of over-long ranges uses this. */
int32_t zrx_date_minus_month(int32_t days);

/*
 * One request window: the dates [from, to] it is responsible for (inclusive),
 * and the `to` actually sent, one day later (req_to = to + 1), because the API
 * does not say whether its `to` is inclusive.  from..req_to never spans more
 * than one calendar month, so the API never clamps it.
 */
struct zrx_window {
	int32_t from;
	int32_t to;
	int32_t req_to;
};

/* Cut [from, to] (inclusive, from <= to) into windows aligned to calendar
 * months: [from, end of from's month], [1st of next month, ...], ...,
 * [1st of to's month, to].  Returns the count; *out is caller-owned (free).
 * from > to gives 0 and *out = NULL. */
size_t zrx_windows_make(int32_t from, int32_t to, struct zrx_window **out);

/* Cut [from, to] into as few windows as the API serves whole, from the
 * end: each is the month before its req_to = to + 1 at most, so a range of
 * a month or less is one request (the sync's daily re-listing); adjacent
 * windows overlap by a day as above.  Oldest first; *out caller-owned. */
size_t zrx_windows_back(int32_t from, int32_t to, struct zrx_window **out);

/*
 * The UTC calendar date of an ISO-8601 timestamp as Zoom sends start_time:
 * "YYYY-MM-DDTHH:MM:SS" followed by optional fractional seconds and then "Z",
 * "+hh:mm", "-hh:mm", "+hhmm" or "+hh" (no zone = UTC).  s is not
 * NUL-terminated.  Returns 0 and sets *days, or -1 if it cannot be read.
 * Fields are range-checked (a real date, hh <= 23, ss <= 60); 't' or ' '
 * may stand for 'T', ',' for '.'; nothing may follow the zone.
 */
int zrx_time_utc_date(const char *s, size_t n, int32_t *days);

/* Parse an ISO-8601 date-time as above into epoch milliseconds (fraction
 * truncated to ms): 0, or -1 on error. */
int zrx_time_parse_epoch_ms(const char *s, size_t n, int64_t *epoch_ms);

#endif
