/* verdict.c - what to do with the answer to a request. */
#include "config.h"

#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backoff.h"
#include "util.h"
#include "verdict.h"

void
zrx_policy_default(struct zrx_policy *p, unsigned retries)
{
	p->retries = retries;
	p->backoff_base_ms = 500;
	p->backoff_cap_ms = 30000;
	p->max_wait_ms = 15u * 60u * 1000u;
	p->max_throttled = 60;
}

static void
set(struct zrx_verdict *v, enum zrx_verdict_kind k, int code, const char *fmt, ...)
    ZRX_PRINTF(4, 5);

static void
set(struct zrx_verdict *v, enum zrx_verdict_kind k, int code, const char *fmt, ...)
{
	va_list ap;

	v->kind = k;
	v->exit_code = code;
	va_start(ap, fmt);
	vsnprintf(v->message, sizeof(v->message), fmt, ap);
	va_end(ap);
}

/* A counted retry with back-off, or FAIL once the retries are used up. */
static void
retry_or_fail(const struct zrx_answer *a, const struct zrx_policy *pol, uint64_t *rng,
              struct zrx_verdict *v)
{
	if (a->attempts > pol->retries) {
		set(v, ZRX_VERDICT_FAIL, 0, "%s", a->message);
		return;
	}
	v->kind = ZRX_VERDICT_RETRY;
	v->wait_ms = zrx_backoff_ms(a->attempts - 1, pol->backoff_base_ms, pol->backoff_cap_ms, rng);
}

/* The wall instant Retry-After names, or 0 if absent or unreadable. */
static int64_t
retry_after_at(const struct zrx_answer *a, int64_t now)
{
	int64_t at;

	if (a->retry_after == NULL || a->retry_after[0] == '\0' ||
	    zrx_retry_after_parse(a->retry_after, strlen(a->retry_after), now, &at) != 0)
		return 0;
	return at;
}

/* A rate the server names: a plain number of requests per second in a
 * plausible range, else 0. */
static double
plausible_limit(const char *s)
{
	char *end;
	double d;

	if (s == NULL || s[0] < '0' || s[0] > '9')
		return 0;
	d = strtod(s, &end);
	if (*end != '\0' || !(d >= 0.1 && d <= 100000))
		return 0;
	return d;
}

static int
is_daily(const struct zrx_answer *a)
{
	return strncasecmp(a->rl_type != NULL ? a->rl_type : "", "daily", 5) == 0 ||
	    (a->message != NULL && strstr(a->message, "daily") != NULL);
}

static void
stop_until(struct zrx_verdict *v, int64_t at, int daily, const char *why)
{
	char when[21];

	zrx_format_iso8601(at, when);
	v->until_wall_ms = at;
	v->daily = daily;
	set(v, ZRX_VERDICT_STOP, 6, "%s; rerun the same command after %s", why, when);
}

static void
decide_oauth(const struct zrx_answer *a, const struct zrx_policy *pol, uint64_t *rng,
             struct zrx_verdict *v)
{
	if (a->cres == CURLE_OK && a->status == 200 && !a->body_bad) {
		v->kind = ZRX_VERDICT_DONE;
		return;
	}
	if (a->cres == CURLE_OK && (a->status == 400 || a->status == 401 || a->status == 403)) {
		set(v, ZRX_VERDICT_FATAL, 4, "Zoom refused the Server-to-Server OAuth credentials "
		    "(HTTP %ld%s%s)", a->status, a->message[0] ? ": " : "", a->message);
		return;
	}
	retry_or_fail(a, pol, rng, v);
	if (v->kind == ZRX_VERDICT_FAIL)
		set(v, ZRX_VERDICT_FATAL, 1, "cannot get an access token from the OAuth URL: %s",
		    a->cres != CURLE_OK || a->body_bad ? a->message : "the server answered an error");
}

static void
decide_429(const struct zrx_answer *a, const struct zrx_policy *pol, int64_t now,
           struct zrx_verdict *v)
{
	int64_t at = retry_after_at(a, now);

	if (is_daily(a)) {
		/* no readable time: tomorrow, 00:00 UTC, when Zoom resets it */
		if (at == 0)
			at = (now / 86400000 + 1) * 86400000;
		stop_until(v, at, 1, "the account's daily API limit is reached");
		return;
	}
	if (at == 0)
		at = now + 1000;
	if ((uint64_t)(at - now) > pol->max_wait_ms) {
		stop_until(v, at, 0, "the API asked to wait more than 15 minutes (HTTP 429)");
		return;
	}
	if (a->throttled + 1 > pol->max_throttled) {
		set(v, ZRX_VERDICT_FAIL, 0, "rate limited %u times in a row", a->throttled + 1);
		return;
	}
	v->kind = ZRX_VERDICT_THROTTLED;
	v->until_wall_ms = at;
	v->wait_ms = (uint64_t)(at - now);
	v->server_limit = plausible_limit(a->rl_limit);
}

void
zrx_verdict_decide(const struct zrx_answer *a, const struct zrx_policy *pol,
                   int64_t now, uint64_t *rng, struct zrx_verdict *v)
{
	memset(v, 0, sizeof(*v));
	if (a->is_oauth) {
		decide_oauth(a, pol, rng, v);
		return;
	}
	if (a->cres != CURLE_OK) {
		switch (a->cres) {
		case CURLE_UNSUPPORTED_PROTOCOL:
		case CURLE_URL_MALFORMAT:
		case CURLE_SSL_CACERT_BADFILE:
		case CURLE_PEER_FAILED_VERIFICATION:
		case CURLE_SSL_CERTPROBLEM:
			set(v, ZRX_VERDICT_FATAL, 1, "cannot talk to the API: %s", a->message);
			return;
		default:
			retry_or_fail(a, pol, rng, v);
			return;
		}
	}
	if (a->status >= 200 && a->status < 300) {
		if (!a->body_bad)
			v->kind = ZRX_VERDICT_DONE;
		else
			retry_or_fail(a, pol, rng, v);
		return;
	}
	if (a->status == 401) {
		if (a->s2s && a->auth_refreshes == 0) {
			v->kind = ZRX_VERDICT_REFRESH;
			return;
		}
		set(v, ZRX_VERDICT_FATAL, 4, "Zoom refused the access token (HTTP 401, code %ld: %s)%s",
		    a->code, a->message, a->s2s ? " even after a fresh one was fetched" :
		    ": check ZOOM_ACCESS_TOKEN or --token-file");
		return;
	}
	if (a->status == 429) {
		decide_429(a, pol, now, v);
		return;
	}
	if (a->status >= 500 || a->status == 408) {
		int64_t at = retry_after_at(a, now);

		retry_or_fail(a, pol, rng, v);
		if (v->kind != ZRX_VERDICT_RETRY || at == 0)
			return;
		/* never sooner than the server's own Retry-After */
		if ((uint64_t)(at - now) > pol->max_wait_ms) {
			stop_until(v, at, 0, "the API asked to wait more than 15 minutes");
			return;
		}
		if ((uint64_t)(at - now) > v->wait_ms)
			v->wait_ms = (uint64_t)(at - now);
		return;
	}
	set(v, ZRX_VERDICT_FAIL, 0, "%s", a->message);
}
