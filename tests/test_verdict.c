/* test_verdict.c - what the request client does with an answer, as a
 * table: (status, CURLcode, headers, history) -> verdict.  Every number a
 * server sends is hostile: no Retry-After, whatever its size or form, may
 * make zrx wait more than 15 minutes without stopping the run resumably
 * (exit 6, the time to rerun after in the message), and no
 * X-RateLimit-Limit outside a plausible rate may steer the rate limiter. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "verdict.h"

#define NOW INT64_C(1717200000000) /* 2024-06-01T00:00:00Z */
#define MIN15 (15u * 60u * 1000u)

/* Expectations beyond the kind; 0 / NULL: not checked. */
struct row {
	const char *name;
	int oauth;
	int cres;
	long status;
	const char *retry_after;
	const char *rl_type;
	const char *rl_limit;
	const char *message;
	unsigned attempts;       /* 0 means 1 */
	unsigned throttled;
	unsigned refreshes;
	int s2s;
	int body_bad;
	/* what must come out */
	enum zrx_verdict_kind kind;
	int exit_code;
	uint64_t wait_min, wait_max; /* RETRY, THROTTLED: bounds (max 0: unchecked) */
	const char *msg_has;         /* a substring of the verdict's message */
	double limit;                /* THROTTLED: server_limit, -1 unchecked */
	int daily;
};

static const struct row rows[] = {
	/* success and plain failures */
	{ .name = "200", .status = 200, .kind = ZRX_VERDICT_DONE },
	{ .name = "204", .status = 204, .kind = ZRX_VERDICT_DONE },
	{ .name = "200 with a bad body, first attempt", .status = 200, .body_bad = 1,
	  .message = "invalid response body", .kind = ZRX_VERDICT_RETRY, .wait_max = 500 },
	{ .name = "200 with a bad body, retries used up", .status = 200, .body_bad = 1,
	  .attempts = 7, .message = "invalid response body: a response body larger than 256 MiB",
	  .kind = ZRX_VERDICT_FAIL, .msg_has = "larger than 256 MiB" },
	{ .name = "404 fails the request", .status = 404, .message = "User does not exist",
	  .kind = ZRX_VERDICT_FAIL, .msg_has = "User does not exist" },
	{ .name = "400 fails the request", .status = 400, .message = "Invalid field.",
	  .kind = ZRX_VERDICT_FAIL },
	{ .name = "connection refused is retried", .cres = CURLE_COULDNT_CONNECT,
	  .message = "refused", .kind = ZRX_VERDICT_RETRY, .wait_max = 500 },
	{ .name = "aborted body (write callback refused) is retried", .cres = CURLE_WRITE_ERROR,
	  .message = "an error body larger than 1024 KiB", .kind = ZRX_VERDICT_RETRY },
	{ .name = "connection refused, retries used up", .cres = CURLE_COULDNT_CONNECT,
	  .attempts = 7, .message = "refused", .kind = ZRX_VERDICT_FAIL },
	{ .name = "malformed URL is fatal", .cres = CURLE_URL_MALFORMAT, .message = "bad",
	  .kind = ZRX_VERDICT_FATAL, .exit_code = 1 },
	{ .name = "certificate problem is fatal", .cres = CURLE_PEER_FAILED_VERIFICATION,
	  .message = "cert", .kind = ZRX_VERDICT_FATAL, .exit_code = 1 },

	/* the token */
	{ .name = "401 with OAuth: one fresh token", .status = 401, .s2s = 1,
	  .message = "Access token is expired.", .kind = ZRX_VERDICT_REFRESH },
	{ .name = "401 again after a fresh token is fatal", .status = 401, .s2s = 1,
	  .refreshes = 1, .message = "Invalid access token.", .kind = ZRX_VERDICT_FATAL,
	  .exit_code = 4 },
	{ .name = "401 with a fixed token is fatal", .status = 401,
	  .message = "Invalid access token.", .kind = ZRX_VERDICT_FATAL, .exit_code = 4,
	  .msg_has = "ZOOM_ACCESS_TOKEN" },
	{ .name = "token answer 200", .oauth = 1, .status = 200, .kind = ZRX_VERDICT_DONE },
	{ .name = "token answer 200 unusable (CR/LF in the token) is retried", .oauth = 1,
	  .status = 200, .body_bad = 1, .message = "no usable access_token",
	  .kind = ZRX_VERDICT_RETRY, .wait_max = 500 },
	{ .name = "token answer unusable, retries used up: fatal, not a loop", .oauth = 1,
	  .status = 200, .body_bad = 1, .attempts = 7, .message = "no usable access_token",
	  .kind = ZRX_VERDICT_FATAL, .exit_code = 1, .msg_has = "no usable access_token" },
	{ .name = "token refused", .oauth = 1, .status = 401, .message = "Invalid client_id",
	  .kind = ZRX_VERDICT_FATAL, .exit_code = 4 },
	{ .name = "token endpoint 5xx, retries used up", .oauth = 1, .status = 503,
	  .attempts = 7, .message = "HTTP 503", .kind = ZRX_VERDICT_FATAL, .exit_code = 1 },
	{ .name = "token endpoint 429 is retried with back-off", .oauth = 1, .status = 429,
	  .retry_after = "999999999", .attempts = 3, .message = "HTTP 429",
	  .kind = ZRX_VERDICT_RETRY, .wait_max = 2000 },

	/* 429: short waits pause every request */
	{ .name = "429 without Retry-After waits a second", .status = 429,
	  .kind = ZRX_VERDICT_THROTTLED, .wait_min = 1000, .wait_max = 1000, .limit = -1 },
	{ .name = "429 Retry-After: 2", .status = 429, .retry_after = "2",
	  .kind = ZRX_VERDICT_THROTTLED, .wait_min = 2000, .wait_max = 2000, .limit = -1 },
	{ .name = "429 Retry-After: 900 (exactly 15 min) still waits", .status = 429,
	  .retry_after = "900", .kind = ZRX_VERDICT_THROTTLED, .wait_min = MIN15,
	  .wait_max = MIN15, .limit = -1 },
	{ .name = "429 Retry-After: -5 is unreadable, a second", .status = 429,
	  .retry_after = "-5", .kind = ZRX_VERDICT_THROTTLED, .wait_min = 1000,
	  .wait_max = 1000, .limit = -1 },
	{ .name = "429 Retry-After: garbage is unreadable", .status = 429,
	  .retry_after = "soon\x1b[2J", .kind = ZRX_VERDICT_THROTTLED, .wait_min = 1000,
	  .wait_max = 1000, .limit = -1 },
	{ .name = "429 Retry-After: 1.5 is unreadable", .status = 429,
	  .retry_after = "1.5", .kind = ZRX_VERDICT_THROTTLED, .wait_min = 1000,
	  .wait_max = 1000, .limit = -1 },
	{ .name = "429 Retry-After in the past: no wait", .status = 429,
	  .retry_after = "2001-01-01T00:00:00Z", .kind = ZRX_VERDICT_THROTTLED,
	  .wait_min = 0, .wait_max = 1000, .limit = -1 },
	{ .name = "429 Retry-After as a near HTTP date", .status = 429,
	  .retry_after = "Sat, 01 Jun 2024 00:00:30 GMT", .kind = ZRX_VERDICT_THROTTLED,
	  .wait_min = 30000, .wait_max = 30000, .limit = -1 },
	{ .name = "429 rate limit taken from X-RateLimit-Limit", .status = 429,
	  .retry_after = "1", .rl_limit = "20", .kind = ZRX_VERDICT_THROTTLED, .limit = 20 },
	{ .name = "429 X-RateLimit-Limit 0.0000001 ignored", .status = 429,
	  .retry_after = "1", .rl_limit = "0.0000001", .kind = ZRX_VERDICT_THROTTLED, .limit = 0 },
	{ .name = "429 X-RateLimit-Limit 0 ignored", .status = 429, .retry_after = "1",
	  .rl_limit = "0", .kind = ZRX_VERDICT_THROTTLED, .limit = 0 },
	{ .name = "429 X-RateLimit-Limit 1e308 ignored", .status = 429, .retry_after = "1",
	  .rl_limit = "1e308", .kind = ZRX_VERDICT_THROTTLED, .limit = 0 },
	{ .name = "429 X-RateLimit-Limit 2^64 ignored", .status = 429, .retry_after = "1",
	  .rl_limit = "18446744073709551616", .kind = ZRX_VERDICT_THROTTLED, .limit = 0 },
	{ .name = "429 X-RateLimit-Limit nan ignored", .status = 429, .retry_after = "1",
	  .rl_limit = "nan", .kind = ZRX_VERDICT_THROTTLED, .limit = 0 },
	{ .name = "429 X-RateLimit-Limit -20 ignored", .status = 429, .retry_after = "1",
	  .rl_limit = "-20", .kind = ZRX_VERDICT_THROTTLED, .limit = 0 },
	{ .name = "429 X-RateLimit-Limit 20/s ignored", .status = 429, .retry_after = "1",
	  .rl_limit = "20/s", .kind = ZRX_VERDICT_THROTTLED, .limit = 0 },
	{ .name = "429 sixty times in a row fails the request", .status = 429,
	  .retry_after = "1", .throttled = 60, .kind = ZRX_VERDICT_FAIL,
	  .msg_has = "rate limited 61 times" },

	/* 429: long waits stop the run resumably, whatever the form */
	{ .name = "429 Retry-After: 901 stops", .status = 429, .retry_after = "901",
	  .kind = ZRX_VERDICT_STOP, .exit_code = 6,
	  .msg_has = "rerun the same command after 2024-06-01T00:15:01Z" },
	{ .name = "429 Retry-After: 999999999 stops", .status = 429,
	  .retry_after = "999999999", .kind = ZRX_VERDICT_STOP, .exit_code = 6,
	  .msg_has = "rerun the same command after 20" },
	{ .name = "429 Retry-After: 2^64 digits saturate and stop", .status = 429,
	  .retry_after = "18446744073709551616184467440737095516161844674407370955161",
	  .kind = ZRX_VERDICT_STOP, .exit_code = 6, .msg_has = "rerun the same command after 20" },
	{ .name = "429 Retry-After as an HTTP date in 2099 stops", .status = 429,
	  .retry_after = "Thu, 01 Jan 2099 00:00:00 GMT", .kind = ZRX_VERDICT_STOP,
	  .exit_code = 6, .msg_has = "rerun the same command after 2099-01-01T00:00:00Z" },
	{ .name = "429 Retry-After as an obsolete RFC 850 date (2069) stops", .status = 429,
	  .retry_after = "Tuesday, 01-Jan-69 00:00:00 GMT", .kind = ZRX_VERDICT_STOP,
	  .exit_code = 6 },
	{ .name = "429 Retry-After as an ISO time in 2099 stops", .status = 429,
	  .retry_after = "2099-01-01T00:00:00Z", .kind = ZRX_VERDICT_STOP, .exit_code = 6,
	  .msg_has = "rerun the same command after 2099-01-01T00:00:00Z" },
	{ .name = "429 Retry-After as an ISO time with an offset stops", .status = 429,
	  .retry_after = "2099-01-01T02:00:00.999+02:00", .kind = ZRX_VERDICT_STOP,
	  .exit_code = 6, .msg_has = "after 2099-01-01T00:00:00Z" },
	{ .name = "429 Retry-After in the year 9999 stops", .status = 429,
	  .retry_after = "Fri, 31 Dec 9999 23:59:59 GMT", .kind = ZRX_VERDICT_STOP,
	  .exit_code = 6, .msg_has = "after 9999-12-31T23:59:59Z" },
	{ .name = "429 Retry-After in a year past any calendar stops, no overflow",
	  .status = 429, .retry_after = "Fri, 01 Jan 2147483647 00:00:00 GMT",
	  .kind = ZRX_VERDICT_STOP, .exit_code = 6 },
	{ .name = "429 daily limit by X-RateLimit-Type", .status = 429,
	  .rl_type = "Daily-limit", .retry_after = "2024-06-02T00:00:00Z",
	  .kind = ZRX_VERDICT_STOP, .exit_code = 6, .daily = 1,
	  .msg_has = "daily API limit is reached; rerun the same command after 2024-06-02T00:00:00Z" },
	{ .name = "429 daily limit without a time: tomorrow 00:00 UTC", .status = 429,
	  .message = "You have reached the maximum daily rate limit for this API.",
	  .kind = ZRX_VERDICT_STOP, .exit_code = 6, .daily = 1,
	  .msg_has = "after 2024-06-02T00:00:00Z" },
	{ .name = "429 daily limit with a short Retry-After still stops", .status = 429,
	  .rl_type = "Daily-limit", .retry_after = "5", .kind = ZRX_VERDICT_STOP,
	  .exit_code = 6, .daily = 1 },

	/* 5xx and 408: retried, never sooner than Retry-After, never past 15 min */
	{ .name = "503 first attempt is retried", .status = 503, .message = "HTTP 503",
	  .kind = ZRX_VERDICT_RETRY, .wait_max = 500 },
	{ .name = "503 Retry-After: 30 waits at least 30 s", .status = 503,
	  .retry_after = "30", .kind = ZRX_VERDICT_RETRY, .wait_min = 30000, .wait_max = 30000 },
	{ .name = "503 Retry-After: 999999999 stops", .status = 503,
	  .retry_after = "999999999", .kind = ZRX_VERDICT_STOP, .exit_code = 6,
	  .msg_has = "rerun the same command after" },
	{ .name = "503 Retry-After as an HTTP date in 2099 stops", .status = 503,
	  .retry_after = "Thu, 01 Jan 2099 00:00:00 GMT", .kind = ZRX_VERDICT_STOP,
	  .exit_code = 6, .msg_has = "after 2099-01-01T00:00:00Z" },
	{ .name = "503 Retry-After as an ISO time in 2099 stops", .status = 503,
	  .retry_after = "2099-01-01T00:00:00Z", .kind = ZRX_VERDICT_STOP, .exit_code = 6 },
	{ .name = "500 Retry-After: 901 stops", .status = 500, .retry_after = "901",
	  .kind = ZRX_VERDICT_STOP, .exit_code = 6 },
	{ .name = "408 Retry-After: 999999999 stops", .status = 408,
	  .retry_after = "999999999", .kind = ZRX_VERDICT_STOP, .exit_code = 6 },
	{ .name = "503 with retries used up fails whatever Retry-After says", .status = 503,
	  .retry_after = "999999999", .attempts = 7, .message = "HTTP 503",
	  .kind = ZRX_VERDICT_FAIL },
};

static void
check_row(const struct row *r)
{
	struct zrx_answer a;
	struct zrx_policy pol;
	struct zrx_verdict v;
	uint64_t rng = 42;

	memset(&a, 0, sizeof(a));
	a.is_oauth = r->oauth;
	a.cres = r->cres;
	a.body_bad = r->body_bad;
	a.status = r->status;
	a.code = -1;
	a.message = r->message != NULL ? r->message : "";
	a.retry_after = r->retry_after != NULL ? r->retry_after : "";
	a.rl_type = r->rl_type != NULL ? r->rl_type : "";
	a.rl_limit = r->rl_limit != NULL ? r->rl_limit : "";
	a.attempts = r->attempts ? r->attempts : 1;
	a.throttled = r->throttled;
	a.auth_refreshes = r->refreshes;
	a.s2s = r->s2s;
	zrx_policy_default(&pol, 6);
	zrx_verdict_decide(&a, &pol, NOW, &rng, &v);

	if (v.kind != r->kind)
		fail_msg("%s: verdict %d, wanted %d (%s)", r->name, (int)v.kind, (int)r->kind,
		    v.message);
	if ((r->kind == ZRX_VERDICT_FATAL || r->kind == ZRX_VERDICT_STOP) &&
	    v.exit_code != r->exit_code)
		fail_msg("%s: exit %d, wanted %d", r->name, v.exit_code, r->exit_code);
	if (r->kind == ZRX_VERDICT_RETRY || r->kind == ZRX_VERDICT_THROTTLED) {
		if (v.wait_ms < r->wait_min || (r->wait_max != 0 && v.wait_ms > r->wait_max))
			fail_msg("%s: wait %llu ms, wanted %llu..%llu", r->name,
			    (unsigned long long)v.wait_ms, (unsigned long long)r->wait_min,
			    (unsigned long long)r->wait_max);
		/* whatever the server said, no single wait passes 15 minutes */
		if (v.wait_ms > MIN15)
			fail_msg("%s: wait %llu ms is past 15 minutes", r->name,
			    (unsigned long long)v.wait_ms);
	}
	if (r->kind == ZRX_VERDICT_THROTTLED) {
		if (v.until_wall_ms != NOW + (int64_t)v.wait_ms)
			fail_msg("%s: until %lld, wait %llu", r->name, (long long)v.until_wall_ms,
			    (unsigned long long)v.wait_ms);
		if (r->limit >= 0 && v.server_limit != r->limit)
			fail_msg("%s: server limit %g, wanted %g", r->name, v.server_limit,
			    r->limit);
	}
	if (r->kind == ZRX_VERDICT_STOP) {
		if (v.daily != r->daily)
			fail_msg("%s: daily %d", r->name, v.daily);
		if (v.until_wall_ms <= NOW + (r->daily ? 0 : (int64_t)MIN15))
			fail_msg("%s: stops until %lld, not past 15 minutes", r->name,
			    (long long)v.until_wall_ms);
		if (strstr(v.message, "rerun the same command after ") == NULL)
			fail_msg("%s: message '%s' names no time", r->name, v.message);
	}
	if (r->msg_has != NULL && strstr(v.message, r->msg_has) == NULL)
		fail_msg("%s: message '%s' lacks '%s'", r->name, v.message, r->msg_has);
	if (memchr(v.message, '\0', sizeof(v.message)) == NULL)
		fail_msg("%s: message not terminated", r->name);
}

static void
test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_row(&rows[i]);
}

/* Every Retry-After a server could send, in every form and size, for 429
 * and 503: a wait of at most 15 minutes, or a STOP naming a later time. */
static void
test_no_long_wait(void **state)
{
	static const char *const values[] = {
		"0", "1", "899", "900", "901", "86400", "4294967296", "9223372036854775807",
		"9223372036854775808", "99999999999999999999999999999999999999999",
		"00000000000000000000000000000000000000000000000000000000000000000001",
		"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994", "Mon, 01 Jun 2099 00:00:00 GMT",
		"Mon, 01 Jun 292277026596 00:00:00 GMT", "2099-12-31T23:59:59Z",
		"9999-12-31T23:59:59Z", "2024-06-01T00:14:59Z", "2024-06-01T00:15:01Z",
		"2024-06-01T00:15:00.5Z", "2024-06-01T00:00:00-23:59",
		"1970-01-01T00:00:00Z", "  42  ", "\t7", "1e9", "0x10", "+5", "",
	};
	static const long statuses[] = { 429, 500, 502, 503, 504, 408 };
	struct zrx_policy pol;

	(void)state;
	zrx_policy_default(&pol, 6);
	for (size_t s = 0; s < sizeof(statuses) / sizeof(statuses[0]); s++) {
		for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
			struct zrx_answer a;
			struct zrx_verdict v;
			uint64_t rng = 7;

			memset(&a, 0, sizeof(a));
			a.status = statuses[s];
			a.code = -1;
			a.message = "";
			a.retry_after = values[i];
			a.rl_type = "";
			a.rl_limit = "";
			a.attempts = 1;
			zrx_verdict_decide(&a, &pol, NOW, &rng, &v);
			switch (v.kind) {
			case ZRX_VERDICT_RETRY:
			case ZRX_VERDICT_THROTTLED:
				if (v.wait_ms > MIN15)
					fail_msg("%ld '%s': waits %llu ms", statuses[s], values[i],
					    (unsigned long long)v.wait_ms);
				break;
			case ZRX_VERDICT_STOP:
				if (v.exit_code != 6 || v.until_wall_ms <= NOW + (int64_t)MIN15)
					fail_msg("%ld '%s': stop %d until %lld", statuses[s], values[i],
					    v.exit_code, (long long)v.until_wall_ms);
				break;
			default:
				fail_msg("%ld '%s': verdict %d", statuses[s], values[i], (int)v.kind);
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_no_long_wait),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
