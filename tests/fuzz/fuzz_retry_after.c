/* fuzz_retry_after.c - Retry-After, X-RateLimit-Limit and the verdict.
 *
 * Input: four bytes of clock (seconds after 2020-01-01), a status byte,
 * then "RETRY-AFTER\nX-RATELIMIT-LIMIT\nX-RATELIMIT-TYPE".  Properties: a
 * Retry-After that reads is never before now; whatever the headers, a
 * request never waits past 15 minutes: a longer wait is a STOP (exit 6)
 * that names a later time; a server limit is 0 (ignored) or a plausible
 * rate; no arithmetic overflows (UBSan). */
#include "config.h"

#include <curl/curl.h>
#include <string.h>

#include "backoff.h"
#include "fuzzcheck.h"
#include "util.h"
#include "verdict.h"

#define MIN15 (15u * 60u * 1000u)

/* The next '\n'-separated field of [*s, end) as a NUL-terminated copy. */
static void
field(const char **s, const char *end, char *out, size_t outsz)
{
	const char *nl = memchr(*s, '\n', (size_t)(end - *s));
	size_t n = (size_t)((nl != NULL ? nl : end) - *s);

	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, *s, n);
	out[n] = '\0';
	*s = nl != NULL ? nl + 1 : end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = { 429, 503, 500, 408, 200, 404, 401 };
	char ra[256], limit[64], type[64];
	const char *s, *end;
	int64_t now, at;
	struct zrx_answer a;
	struct zrx_policy pol;
	struct zrx_verdict v;
	uint64_t rng = 1;
	char when[21];

	if (size < 5)
		return 0;
	now = INT64_C(1577836800000) + (int64_t)((uint32_t)data[0] | (uint32_t)data[1] << 8 |
	    (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24) * 1000;
	s = (const char *)data + 5;
	end = (const char *)data + size;
	field(&s, end, ra, sizeof(ra));
	field(&s, end, limit, sizeof(limit));
	field(&s, end, type, sizeof(type));

	if (zrx_retry_after_parse(ra, strlen(ra), now, &at) == 0)
		FZ_ASSERT(at >= now);

	memset(&a, 0, sizeof(a));
	a.status = statuses[data[4] % (sizeof(statuses) / sizeof(statuses[0]))];
	a.code = -1;
	a.message = (data[4] & 0x80) ? "the maximum daily rate limit" : "";
	a.retry_after = ra;
	a.rl_type = type;
	a.rl_limit = limit;
	a.attempts = 1 + (data[4] >> 4 & 7);
	a.s2s = data[4] & 8 ? 1 : 0;
	zrx_policy_default(&pol, 6);
	zrx_verdict_decide(&a, &pol, now, &rng, &v);
	FZ_ASSERT(memchr(v.message, '\0', sizeof(v.message)) != NULL);
	switch (v.kind) {
	case ZRX_VERDICT_RETRY:
		FZ_ASSERT(v.wait_ms <= MIN15);
		break;
	case ZRX_VERDICT_THROTTLED:
		FZ_ASSERT(v.wait_ms <= MIN15);
		FZ_ASSERT(v.until_wall_ms == now + (int64_t)v.wait_ms);
		FZ_ASSERT(v.server_limit == 0 ||
		    (v.server_limit >= 0.1 && v.server_limit <= 100000));
		break;
	case ZRX_VERDICT_STOP:
		FZ_ASSERT(v.exit_code == 6);
		FZ_ASSERT(v.daily || v.until_wall_ms > now + (int64_t)MIN15);
		FZ_ASSERT(v.until_wall_ms >= now);
		zrx_format_iso8601(v.until_wall_ms, when);
		FZ_ASSERT(strstr(v.message, "rerun the same command after ") != NULL);
		FZ_ASSERT(strstr(v.message, when) != NULL);
		break;
	default:
		break;
	}
	return 0;
}
