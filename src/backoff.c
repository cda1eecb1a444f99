/* backoff.c - retry delays and Retry-After. */
#include "config.h"

#include <curl/curl.h>
#include <string.h>
#include <time.h>

#include "backoff.h"
#include "dates.h"

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

/* An HTTP date (any form RFC 9110 allows, and what libcurl's date parser
 * reads besides): 0 with *out_ms, or -1. */
static int
parse_http_date(const char *s, size_t n, int64_t *out_ms)
{
	char buf[128];
	time_t t;

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	t = curl_getdate(buf, NULL);
	if (t == (time_t)-1)
		return -1;
	/* curl reads any year: past 9999-12-31T23:59:59Z, saturate */
	if (t > (time_t)INT64_C(253402300799))
		t = (time_t)INT64_C(253402300799);
	*out_ms = (int64_t)t * 1000;
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
	    parse_http_date(v, n, &at) != 0)
		return -1;
	*at_epoch_ms = at > now_epoch_ms ? at : now_epoch_ms;
	return 0;
}
