/* backoff.c - retry delays and Retry-After. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "backoff.h"
#include "windows.h"

/* xorshift64* step; a zero state (which xorshift never leaves) is reseeded. */
static uint64_t
rng_next(uint64_t *state)
{
	uint64_t x = *state;

	if (x == 0)
		x = 0x9E3779B97F4A7C15ULL;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

uint64_t
zrx_backoff_ms(unsigned attempt, uint64_t base_ms, uint64_t cap_ms, uint64_t *rng)
{
	uint64_t ceil, span, r, reject;

	/* min(cap, base * 2^attempt) without overflowing the shift */
	if (attempt >= 64 || base_ms > (cap_ms >> attempt))
		ceil = cap_ms;
	else
		ceil = base_ms << attempt;
	if (ceil == UINT64_MAX)
		return rng_next(rng);
	span = ceil + 1;
	/* Reject the top sliver of the 64-bit range so every value is equally likely. */
	reject = (0 - span) % span;
	do
		r = rng_next(rng);
	while (r < reject);
	return r % span;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A small cursor over a non-terminated string. */
struct cur {
	const char *p;
	const char *end;
};

static int
eat_char(struct cur *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return 0;
	}
	return -1;
}

/* Exactly min..max digits. */
static int
eat_num(struct cur *c, int min, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && c->p < c->end && is_digit(*c->p)) {
		v = v * 10 + (*c->p - '0');
		c->p++;
		n++;
	}
	if (n < min || (c->p < c->end && is_digit(*c->p)))
		return -1;
	*out = v;
	return 0;
}

/* One of names (case-insensitive), as a whole word; returns its index or -1. */
static int
eat_name(struct cur *c, const char *const *names, size_t count)
{
	size_t i, len, avail = (size_t)(c->end - c->p);

	for (i = 0; i < count; i++) {
		len = strlen(names[i]);
		if (len <= avail && strncasecmp(c->p, names[i], len) == 0 &&
		    (len == avail || !((c->p[len] | 0x20) >= 'a' && (c->p[len] | 0x20) <= 'z'))) {
			c->p += len;
			return (int)i;
		}
	}
	return -1;
}

static const char *const wkday[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const weekday[] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
};
static const char *const month[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* "HH:MM:SS" */
static int
eat_time(struct cur *c, int *secs)
{
	int h, m, s;

	if (eat_num(c, 2, 2, &h) != 0 || eat_char(c, ':') != 0 || eat_num(c, 2, 2, &m) != 0 ||
	    eat_char(c, ':') != 0 || eat_num(c, 2, 2, &s) != 0 || h > 23 || m > 59 || s > 60)
		return -1;
	*secs = h * 3600 + m * 60 + s;
	return 0;
}

static int
eat_gmt(struct cur *c)
{
	static const char *const zone[] = { "GMT", "UTC" };

	return eat_name(c, zone, 2) < 0 ? -1 : 0;
}

static int
valid_date(int y, int mon, int d)
{
	unsigned m2, d2;
	int y2;

	if (y < 0 || y > 9999 || mon < 1 || mon > 12 || d < 1 || d > 31)
		return 0;
	/* A date is real when it survives the days round trip unchanged. */
	zrx_civil_from_days(zrx_days_from_civil(y, (unsigned)mon, (unsigned)d), &y2, &m2, &d2);
	return y2 == y && m2 == (unsigned)mon && d2 == (unsigned)d;
}

/*
 * The three HTTP-date forms of RFC 9110 5.6.7:
 *   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
 *   RFC 850      "Sunday, 06-Nov-94 08:49:37 GMT"
 *   asctime      "Sun Nov  6 08:49:37 1994"
 */
static int
parse_http_date(const char *s, size_t n, int64_t now_ms, int64_t *out_ms)
{
	struct cur c = { s, s + n };
	int y, mon, d, secs;

	if (eat_name(&c, weekday, 7) >= 0) {
		/* RFC 850: two-digit year, read as the most recent matching year
		 * that is not more than 50 years in the future. */
		int now_y;
		unsigned now_m, now_d;

		if (eat_char(&c, ',') != 0 || eat_char(&c, ' ') != 0 ||
		    eat_num(&c, 2, 2, &d) != 0 || eat_char(&c, '-') != 0 ||
		    (mon = eat_name(&c, month, 12)) < 0 || eat_char(&c, '-') != 0 ||
		    eat_num(&c, 2, 2, &y) != 0 || eat_char(&c, ' ') != 0 ||
		    eat_time(&c, &secs) != 0 || eat_char(&c, ' ') != 0 || eat_gmt(&c) != 0)
			return -1;
		zrx_civil_from_days((int32_t)(now_ms / 86400000), &now_y, &now_m, &now_d);
		y += now_y - now_y % 100;
		if (y > now_y + 50)
			y -= 100;
	} else if (eat_name(&c, wkday, 7) >= 0) {
		if (eat_char(&c, ',') == 0) {
			if (eat_char(&c, ' ') != 0 || eat_num(&c, 1, 2, &d) != 0 ||
			    eat_char(&c, ' ') != 0 || (mon = eat_name(&c, month, 12)) < 0 ||
			    eat_char(&c, ' ') != 0 || eat_num(&c, 4, 4, &y) != 0 ||
			    eat_char(&c, ' ') != 0 || eat_time(&c, &secs) != 0 ||
			    eat_char(&c, ' ') != 0 || eat_gmt(&c) != 0)
				return -1;
		} else {
			/* asctime: the day is two digits or a space and one digit */
			if (eat_char(&c, ' ') != 0 || (mon = eat_name(&c, month, 12)) < 0 ||
			    eat_char(&c, ' ') != 0)
				return -1;
			(void)eat_char(&c, ' ');
			if (eat_num(&c, 1, 2, &d) != 0 || eat_char(&c, ' ') != 0 ||
			    eat_time(&c, &secs) != 0 || eat_char(&c, ' ') != 0 ||
			    eat_num(&c, 4, 4, &y) != 0)
				return -1;
		}
	} else
		return -1;
	if (c.p != c.end || !valid_date(y, mon + 1, d))
		return -1;
	*out_ms = ((int64_t)zrx_days_from_civil(y, (unsigned)mon + 1, (unsigned)d) * 86400 + secs) *
	    1000;
	return 0;
}

int
zrx_retry_after_parse(const char *v, size_t n, int64_t now_epoch_ms, int64_t *at_epoch_ms)
{
	int64_t at;
	size_t i;

	if (v == NULL)
		return -1;
	while (n > 0 && is_space(v[0])) {
		v++;
		n--;
	}
	while (n > 0 && is_space(v[n - 1]))
		n--;
	if (n == 0)
		return -1;
	if (is_digit(v[0])) {
		int64_t secs = 0;

		for (i = 0; i < n && is_digit(v[i]); i++) {
			/* An absurd delay saturates at about 31 years. */
			if (secs < 1000000000)
				secs = secs * 10 + (v[i] - '0');
		}
		if (i == n) {
			*at_epoch_ms = now_epoch_ms + secs * 1000;
			return 0;
		}
	}
	if (zrx_time_parse_epoch_ms(v, n, &at) != 0 &&
	    parse_http_date(v, n, now_epoch_ms, &at) != 0)
		return -1;
	*at_epoch_ms = at > now_epoch_ms ? at : now_epoch_ms;
	return 0;
}
