/* http.c - request lifecycle: queue, token bucket, auth, retries. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "backoff.h"
#include "http.h"
#include "log.h"
#include "oauth.h"
#include "urlenc.h"

#define ERRBODY_MAX 65536
#define BACKOFF_BASE_MS 500
#define BACKOFF_CAP_MS 30000
#define TOKEN_EARLY_MS 60000
#define MAX_THROTTLED 60

static void pump(struct zrx_client *cl);
static void start_oauth(struct zrx_client *cl);

/* ---- queues ---- */

static void
ready_push(struct zrx_client *cl, struct zrx_req *r, int front)
{
	int p = r->prio == ZRX_PRIO_CONTINUE ? 0 : 1;

	r->queued = 1;
	if (front) {
		r->next = cl->ready[p];
		cl->ready[p] = r;
		if (cl->ready_tail[p] == NULL)
			cl->ready_tail[p] = r;
		return;
	}
	r->next = NULL;
	if (cl->ready_tail[p] != NULL)
		cl->ready_tail[p]->next = r;
	else
		cl->ready[p] = r;
	cl->ready_tail[p] = r;
}

static struct zrx_req *
ready_pop(struct zrx_client *cl)
{
	for (int p = 0; p < 2; p++) {
		struct zrx_req *r = cl->ready[p];

		if (r == NULL)
			continue;
		cl->ready[p] = r->next;
		if (cl->ready[p] == NULL)
			cl->ready_tail[p] = NULL;
		r->next = NULL;
		r->queued = 0;
		return r;
	}
	return NULL;
}

static void
delay(struct zrx_client *cl, struct zrx_req *r, uint64_t until)
{
	r->not_before = until;
	r->queued = 2;
	r->next = cl->delayed;
	cl->delayed = r;
	cl->ndelayed++;
}

/* Move due back-off waits to the ready queue; returns the earliest wait
 * still pending (0 if none). */
static uint64_t
promote_delayed(struct zrx_client *cl, uint64_t now)
{
	struct zrx_req **pp = &cl->delayed, *r;
	uint64_t earliest = 0;

	while ((r = *pp) != NULL) {
		if (r->not_before <= now) {
			*pp = r->next;
			cl->ndelayed--;
			/* a retry keeps its place ahead of new work */
			ready_push(cl, r, r->prio == ZRX_PRIO_CONTINUE);
			continue;
		}
		if (earliest == 0 || r->not_before < earliest)
			earliest = r->not_before;
		pp = &r->next;
	}
	return earliest;
}

/* ---- response capture ---- */

static size_t
write_cb(char *p, size_t size, size_t nmemb, void *ud)
{
	struct zrx_req *r = ud;
	size_t n = size * nmemb;

	r->cl->stats.bytes_in += n;
	if (r->status == 0)
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &r->status);
	if (r->status >= 200 && r->status < 300 && r->on_body != NULL) {
		if (r->on_body(r, p, n) < 0) {
			r->body_bad = 1;
			return 0; /* curl aborts the transfer */
		}
		return n;
	}
	if (r->errbody.len < ERRBODY_MAX) {
		size_t room = ERRBODY_MAX - r->errbody.len;

		zrx_buf_append(&r->errbody, p, n < room ? n : room);
	}
	return n;
}

/* Copy a header's value (trimmed) if the line is "name: value". */
static int
header_value(const char *line, size_t n, const char *name, char *out, size_t outsz)
{
	size_t nl = strlen(name), i, j;

	if (n <= nl || line[nl] != ':' || strncasecmp(line, name, nl) != 0)
		return 0;
	i = nl + 1;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	j = n;
	while (j > i && isspace((unsigned char)line[j - 1]))
		j--;
	if (j - i >= outsz)
		j = i + outsz - 1;
	memcpy(out, line + i, j - i);
	out[j - i] = '\0';
	return 1;
}

static size_t
header_cb(char *p, size_t size, size_t nmemb, void *ud)
{
	struct zrx_req *r = ud;
	size_t n = size * nmemb;

	if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		/* a new response (after a 100 Continue, say): forget the last */
		r->retry_after[0] = r->rl_type[0] = r->rl_limit[0] = '\0';
		r->rl_remaining[0] = r->tracking_id[0] = '\0';
		r->status = 0;
		return n;
	}
	/* the first header that matches stops the search */
	(void)(header_value(p, n, "Retry-After", r->retry_after, sizeof(r->retry_after)) ||
	    header_value(p, n, "X-RateLimit-Type", r->rl_type, sizeof(r->rl_type)) ||
	    header_value(p, n, "X-RateLimit-Limit", r->rl_limit, sizeof(r->rl_limit)) ||
	    header_value(p, n, "X-RateLimit-Remaining", r->rl_remaining, sizeof(r->rl_remaining)) ||
	    header_value(p, n, "x-zm-trackingid", r->tracking_id, sizeof(r->tracking_id)));
	return n;
}

/* Zoom's error body {"code":N,"message":"..."}, or the OAuth server's
 * {"reason":"...","error":"..."}. */
static void
parse_error_body(const struct zrx_req *r, struct zrx_result *res)
{
	yajl_val root, v;
	const char *code_path[] = { "code", NULL };
	const char *msg_path[] = { "message", NULL };
	const char *reason_path[] = { "reason", NULL };

	res->code = -1;
	if (r->errbody.len == 0)
		return;
	root = yajl_tree_parse(r->errbody.data, NULL, 0);
	if (root == NULL)
		return;
	v = yajl_tree_get(root, code_path, yajl_t_number);
	if (v != NULL && YAJL_IS_INTEGER(v))
		res->code = (long)YAJL_GET_INTEGER(v);
	v = yajl_tree_get(root, msg_path, yajl_t_string);
	if (v == NULL)
		v = yajl_tree_get(root, reason_path, yajl_t_string);
	if (v != NULL) {
		const char *s = YAJL_GET_STRING(v);
		size_t i, o = 0;

		for (i = 0; s[i] != '\0' && o + 1 < sizeof(res->message); i++)
			res->message[o++] = ((unsigned char)s[i] < 0x20) ? ' ' : s[i];
		res->message[o] = '\0';
	}
	yajl_tree_free(root);
}

/* ---- attempts ---- */

static void
finish_req(struct zrx_client *cl, struct zrx_req *r, struct zrx_result *res)
{
	if (r->easy != NULL) {
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
	}
	curl_slist_free_all(r->hdrs);
	r->hdrs = NULL;
	zrx_buf_free(&r->errbody);
	res->attempts = r->attempts;
	res->page_token_sent = r->page_token_sent;
	if (res->ok == 0)
		cl->stats.failed++;
	r->queued = 0;
	if (r->on_done != NULL)
		r->on_done(r, res);
}

static void
cleanup_attempt(struct zrx_req *r)
{
	if (r->easy != NULL) {
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
	}
	curl_slist_free_all(r->hdrs);
	r->hdrs = NULL;
}

static int
start_attempt(struct zrx_client *cl, struct zrx_req *r)
{
	const struct zrx_config *cfg = cl->cfg;
	CURL *e;
	int bad = 0;

	e = curl_easy_init();
	if (e == NULL)
		return -1;
	r->easy = e;
	r->status = 0;
	r->body_bad = 0;
	r->why[0] = '\0';
	r->curl_err[0] = '\0';
	r->retry_after[0] = r->rl_type[0] = r->rl_limit[0] = r->tracking_id[0] = '\0';
	r->rl_remaining[0] = '\0';
	zrx_buf_free(&r->errbody);
	r->attempts++;

	bad |= curl_easy_setopt(e, CURLOPT_URL, r->url) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PRIVATE, r) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEDATA, r) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HEADERDATA, r) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->curl_err) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_TIMEOUT, cfg->timeout_s) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, cfg->connect_timeout_s) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, cfg->stall_timeout_s) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_USERAGENT, "zrx/" PACKAGE_VERSION) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
	if (cfg->cacert != NULL)
		bad |= curl_easy_setopt(e, CURLOPT_CAINFO, cfg->cacert) != CURLE_OK;

	r->hdrs = curl_slist_append(NULL, "Accept: application/json");
	if (r->is_oauth) {
		bad |= oauth_setup(e, cfg, cl->oauth_body) != 0;
	} else {
		char *auth = zrx_xasprintf("Authorization: Bearer %s", cl->token);
		struct curl_slist *h = curl_slist_append(r->hdrs, auth);

		/* the header copy is freed with the list; wipe ours */
		memset(auth, 0, strlen(auth));
		free(auth);
		if (h == NULL)
			bad = 1;
		else
			r->hdrs = h;
		r->token_gen = cl->token_gen;
	}
	if (r->hdrs == NULL)
		bad = 1;
	else
		bad |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->hdrs) != CURLE_OK;
	if (bad) {
		cleanup_attempt(r);
		return -1;
	}
	if (r->on_begin != NULL)
		r->on_begin(r);
	if (zrx_loop_add(&cl->loop, e) != 0) {
		cleanup_attempt(r);
		return -1;
	}
	r->queued = 3;
	return 0;
}

static void
inflight_add(struct zrx_client *cl, struct zrx_req *r)
{
	r->iprev = NULL;
	r->inext = cl->inflight_head;
	if (cl->inflight_head != NULL)
		cl->inflight_head->iprev = r;
	cl->inflight_head = r;
	cl->inflight++;
	cl->stats.requests++;
}

static void
inflight_del(struct zrx_client *cl, struct zrx_req *r)
{
	if (r->iprev != NULL)
		r->iprev->inext = r->inext;
	else
		cl->inflight_head = r->inext;
	if (r->inext != NULL)
		r->inext->iprev = r->iprev;
	r->iprev = r->inext = NULL;
	cl->inflight--;
}

/* Put a request back after a transient failure; 0 if it will be retried. */
static int
retry_later(struct zrx_client *cl, struct zrx_req *r, int count_attempt)
{
	uint64_t wait;

	if (count_attempt && r->attempts > (unsigned)cl->cfg->retries)
		return -1;
	if (!count_attempt && r->attempts > 0)
		r->attempts--;
	cl->stats.retries += count_attempt ? 1 : 0;
	wait = count_attempt ?
	    zrx_backoff_ms(r->attempts - 1, BACKOFF_BASE_MS, BACKOFF_CAP_MS, &cl->rng) : 0;
	delay(cl, r, zrx_now_ms() + wait);
	return 0;
}

/* A token is not sent in its last moments (the answer would come too late),
 * and is refreshed early, as Zoom's SDK does: 60 s before it expires, or a
 * quarter of its life when that is shorter. */
static uint64_t
token_margin(const struct zrx_client *cl, uint64_t cap)
{
	uint64_t m = cl->token_ttl / 4;

	return m < cap ? m : cap;
}

static int
token_usable(const struct zrx_client *cl, uint64_t now)
{
	if (cl->token == NULL)
		return 0;
	return cl->token_expires == 0 || now + token_margin(cl, 5000) / 2 < cl->token_expires;
}

static void
drop_token(struct zrx_client *cl)
{
	if (cl->token != NULL) {
		memset(cl->token, 0, strlen(cl->token));
		free(cl->token);
		cl->token = NULL;
	}
}

static void
fatal(struct zrx_client *cl, int code, const char *msg)
{
	if (cl->on_fatal != NULL)
		cl->on_fatal(cl, code, msg);
}

/* Wall-clock instant of a Retry-After as a monotonic deadline. */
static uint64_t
retry_after_deadline(const struct zrx_req *r, uint64_t now, int64_t *at_wall)
{
	int64_t wall = zrx_wall_ms(), at;

	if (r->retry_after[0] == '\0' ||
	    zrx_retry_after_parse(r->retry_after, strlen(r->retry_after), wall, &at) != 0)
		at = wall + 1000;
	if (at_wall != NULL)
		*at_wall = at;
	return now + (uint64_t)(at > wall ? at - wall : 0);
}

static void
oauth_done(struct zrx_client *cl, struct zrx_req *r, CURLcode cres)
{
	struct zrx_result res;
	char *token = NULL;
	long expires = 0;

	memset(&res, 0, sizeof(res));
	res.status = r->status;
	if (cres == CURLE_OK && r->status == 200 &&
	    oauth_parse(&r->errbody, &token, &expires) == 0) {
		cleanup_attempt(r);
		zrx_buf_free(&r->errbody);
		drop_token(cl);
		cl->token = token;
		cl->token_gen++;
		cl->token_ttl = (uint64_t)(expires > 0 ? expires : 3600) * 1000u;
		cl->token_expires = zrx_now_ms() + cl->token_ttl;
		cl->oauth_busy = 0;
		r->attempts = 0;
		cl->stats.token_fetches++;
		pump(cl);
		return;
	}
	cleanup_attempt(r);
	if (cres == CURLE_OK && (r->status == 400 || r->status == 401 || r->status == 403)) {
		char msg[512];

		parse_error_body(r, &res);
		zrx_buf_free(&r->errbody);
		snprintf(msg, sizeof(msg),
		    "Zoom refused the Server-to-Server OAuth credentials (HTTP %ld%s%s): check %s",
		    r->status, res.message[0] ? ": " : "", res.message,
		    oauth_blame(r->status, res.message));
		cl->oauth_busy = 0;
		fatal(cl, ZRX_EXIT_AUTH, msg);
		return;
	}
	zrx_buf_free(&r->errbody);
	if (r->attempts <= (unsigned)cl->cfg->retries) {
		uint64_t wait = zrx_backoff_ms(r->attempts - 1, BACKOFF_BASE_MS, BACKOFF_CAP_MS, &cl->rng);

		cl->stats.retries++;
		r->not_before = zrx_now_ms() + wait;
		/* oauth_busy stays set; the wake timer restarts it */
		cl->oauth_busy = 2;
		pump(cl);
		return;
	}
	{
		char msg[512];

		if (cres != CURLE_OK)
			snprintf(msg, sizeof(msg), "cannot get an access token from the OAuth URL: %s",
			    r->curl_err[0] ? r->curl_err : curl_easy_strerror(cres));
		else
			snprintf(msg, sizeof(msg), "cannot get an access token from the OAuth URL: HTTP %ld",
			    r->status);
		cl->oauth_busy = 0;
		fatal(cl, ZRX_EXIT_FATAL, msg);
	}
}

static void
done_cb(struct zrx_loop *l, CURL *easy, CURLcode cres)
{
	struct zrx_client *cl = l->data;
	struct zrx_req *r = NULL;
	struct zrx_result res;
	uint64_t now = zrx_now_ms();

	curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&r);
	if (r == NULL)
		return;
	if (zrx_log_enabled(ZRX_DEBUG)) {
		long st = 0;
		double secs = 0;

		curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &st);
		curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME, &secs);
		/* the URL carries no secret: the token travels in a header */
		zrx_logm(ZRX_DEBUG, &(struct zrx_logf){ .event = "request", .status = st,
		    .tracking_id = r->tracking_id }, "%s %s: %s, %.0f ms, attempt %u%s%s%s%s%s%s",
		    r->is_oauth ? "POST" : "GET", r->url,
		    cres == CURLE_OK ? "done" : curl_easy_strerror(cres), secs * 1000.0, r->attempts,
		    r->rl_type[0] ? ", rate limit " : "", r->rl_type,
		    r->rl_limit[0] ? " limit " : "", r->rl_limit,
		    r->rl_remaining[0] ? " remaining " : "", r->rl_remaining);
	}
	if (r->is_oauth) {
		oauth_done(cl, r, cres);
		return;
	}
	inflight_del(cl, r);
	r->queued = 0;
	if (r->status == 0)
		curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &r->status);
	memset(&res, 0, sizeof(res));
	res.status = r->status;
	res.code = -1;
	snprintf(res.tracking_id, sizeof(res.tracking_id), "%s", r->tracking_id);

	if (cl->stopping) {
		cleanup_attempt(r);
		res.ok = -1;
		finish_req(cl, r, &res);
		return;
	}

	if (cres != CURLE_OK) {
		cleanup_attempt(r);
		if (r->body_bad)
			snprintf(res.message, sizeof(res.message), "invalid response body: %s", r->why);
		else
			snprintf(res.message, sizeof(res.message), "%s",
			    r->curl_err[0] ? r->curl_err : curl_easy_strerror(cres));
		switch (cres) {
		case CURLE_UNSUPPORTED_PROTOCOL:
		case CURLE_URL_MALFORMAT:
		case CURLE_SSL_CACERT_BADFILE:
		case CURLE_PEER_FAILED_VERIFICATION:
		case CURLE_SSL_CERTPROBLEM: {
			char msg[400];

			snprintf(msg, sizeof(msg), "cannot talk to the API: %s", res.message);
			res.ok = 0;
			finish_req(cl, r, &res);
			fatal(cl, ZRX_EXIT_FATAL, msg);
			return;
		}
		default:
			break;
		}
		if (retry_later(cl, r, 1) == 0)
			goto next;
		res.ok = 0;
		finish_req(cl, r, &res);
		goto next;
	}

	if (r->status >= 200 && r->status < 300) {
		int bad = r->on_end != NULL ? r->on_end(r) : 0;

		cleanup_attempt(r);
		if (bad == 0) {
			cl->stats.ok++;
			zrx_rl_succeeded(&cl->rl, now);
			res.ok = 1;
			finish_req(cl, r, &res);
			goto next;
		}
		snprintf(res.message, sizeof(res.message), "invalid response body: %s", r->why);
		if (retry_later(cl, r, 1) == 0)
			goto next;
		res.ok = 0;
		finish_req(cl, r, &res);
		goto next;
	}

	parse_error_body(r, &res);
	cleanup_attempt(r);
	if (res.message[0] == '\0')
		snprintf(res.message, sizeof(res.message), "HTTP %ld", r->status);

	if (r->status == 401) {
		if (cl->s2s && r->auth_refreshes == 0) {
			/* expired or revoked: one fresh token, then try again */
			r->auth_refreshes++;
			if (r->token_gen == cl->token_gen) {
				drop_token(cl);
				cl->token_expires = 0;
			}
			retry_later(cl, r, 0);
			goto next;
		}
		{
			char msg[400];

			snprintf(msg, sizeof(msg), "Zoom refused the access token (HTTP 401, code %ld: %s)%s",
			    res.code, res.message,
			    cl->s2s ? " even after a fresh one was fetched" :
			    ": check ZOOM_ACCESS_TOKEN or --token-file");
			res.ok = 0;
			finish_req(cl, r, &res);
			fatal(cl, ZRX_EXIT_AUTH, msg);
			return;
		}
	}

	if (r->status == 429) {
		int64_t at_wall;
		uint64_t until = retry_after_deadline(r, now, &at_wall);
		int daily = strncasecmp(r->rl_type, "Daily", 5) == 0 ||
		    strstr(res.message, "daily") != NULL;

		cl->stats.throttled++;
		if (daily) {
			char msg[200], when[21];

			zrx_format_iso8601(at_wall, when);
			snprintf(msg, sizeof(msg),
			    "the account's daily API limit is reached; rerun the same command after %s", when);
			res.ok = -1;
			finish_req(cl, r, &res);
			fatal(cl, ZRX_EXIT_DAILY_LIMIT, msg);
			return;
		}
		zrx_rl_throttled(&cl->rl, now, until, strtod(r->rl_limit, NULL));
		if (++r->throttled <= MAX_THROTTLED) {
			retry_later(cl, r, 0);
			r->not_before = until;
			goto next;
		}
		res.ok = 0;
		finish_req(cl, r, &res);
		goto next;
	}

	if ((r->status >= 500 || r->status == 408) && retry_later(cl, r, 1) == 0) {
		/* a 503 may say when to come back: never sooner than that */
		if (r->retry_after[0] != '\0') {
			uint64_t until = retry_after_deadline(r, now, NULL);

			if (until > now + 300000)
				until = now + 300000; /* a proxy's error page can say anything */
			if (until > r->not_before)
				r->not_before = until;
		}
		goto next;
	}
	res.ok = 0;
	finish_req(cl, r, &res);
next:
	pump(cl);
}

/* ---- pump ---- */

static void
wake_cb(uv_timer_t *t)
{
	struct zrx_client *cl = zrx_container_of(t, struct zrx_client, wake);

	pump(cl);
}

static void
arm(struct zrx_client *cl, uint64_t now, uint64_t at)
{
	uint64_t ms = at > now ? at - now : 0;

	if (uv_timer_start(&cl->wake, wake_cb, ms, 0) != 0)
		fatal(cl, ZRX_EXIT_FATAL, "cannot arm a timer");
}

static void
start_oauth(struct zrx_client *cl)
{
	struct zrx_req *r = &cl->oauth;

	cl->oauth_busy = 1;
	if (start_attempt(cl, r) != 0) {
		cl->oauth_busy = 0;
		fatal(cl, ZRX_EXIT_FATAL, "cannot start the token request");
		return;
	}
}

static void
pump(struct zrx_client *cl)
{
	uint64_t now, next_at = 0, wait;
	unsigned conc = (unsigned)cl->cfg->concurrency;

	if (cl->in_pump || cl->stopping)
		return;
	cl->in_pump = 1;
	now = zrx_now_ms();

	if (cl->s2s) {
		if (cl->oauth_busy == 2) {
			if (cl->oauth.not_before <= now)
				start_oauth(cl);
			else
				next_at = cl->oauth.not_before;
		} else if (!cl->oauth_busy &&
		    (cl->token == NULL || now + token_margin(cl, TOKEN_EARLY_MS) >= cl->token_expires))
			start_oauth(cl);
		if (cl->stopping)
			goto out;
	}
	wait = promote_delayed(cl, now);
	if (wait != 0 && (next_at == 0 || wait < next_at))
		next_at = wait;
	if (!token_usable(cl, now))
		goto out; /* the token request wakes us */

	while (!cl->stopping && cl->inflight < conc) {
		struct zrx_req *r;
		uint64_t w;

		if (cl->ready[0] == NULL && cl->ready[1] == NULL) {
			if (cl->inflight + cl->ndelayed >= conc || cl->on_idle == NULL)
				break;
			/* in_pump stays set: what on_idle submits is only queued */
			cl->on_idle(cl);
			if (cl->ready[0] == NULL && cl->ready[1] == NULL)
				break;
		}
		w = zrx_rl_acquire(&cl->rl, now);
		if (w != 0) {
			if (next_at == 0 || now + w < next_at)
				next_at = now + w;
			break;
		}
		r = ready_pop(cl);
		if (start_attempt(cl, r) == 0) {
			inflight_add(cl, r);
		} else {
			struct zrx_result res;

			memset(&res, 0, sizeof(res));
			res.code = -1;
			snprintf(res.message, sizeof(res.message), "cannot start a request");
			finish_req(cl, r, &res);
		}
	}
out:
	if (!cl->stopping && next_at != 0)
		arm(cl, now, next_at);
	cl->in_pump = 0;
}

/* ---- public ---- */

int
zrx_client_init(struct zrx_client *cl, const struct zrx_config *cfg)
{
	int err;

	memset(cl, 0, sizeof(*cl));
	cl->cfg = cfg;
	cl->rng = (uint64_t)zrx_wall_ms() * 0x9E3779B97F4A7C15ull | 1u;
	/* pace 1% under --rate: the server's bucket runs on its own clock, and
	 * the jitter between the two would otherwise cost a 429 now and then */
	zrx_rl_init(&cl->rl, cfg->rate * 0.99, cfg->burst, zrx_now_ms());
	err = zrx_loop_init(&cl->loop, done_cb, cl);
	if (err != 0)
		return err;
	err = uv_timer_init(&cl->loop.uv, &cl->wake);
	if (err != 0) {
		zrx_loop_close(&cl->loop);
		return err;
	}
	if (cfg->access_token != NULL) {
		cl->token = zrx_xstrdup(cfg->access_token);
		cl->token_gen = 1;
	} else {
		cl->s2s = 1;
		cl->oauth.cl = cl;
		cl->oauth.is_oauth = 1;
		cl->oauth.url = (char *)cfg->oauth_url;
		cl->oauth.on_body = NULL;
		cl->oauth_body = oauth_form_body(cfg);
	}
	return 0;
}

void
zrx_client_submit(struct zrx_client *cl, struct zrx_req *r)
{
	r->cl = cl;
	r->attempts = 0;
	r->throttled = 0;
	r->auth_refreshes = 0;
	zrx_buf_init(&r->errbody);
	if (cl->stopping) {
		struct zrx_result res;

		memset(&res, 0, sizeof(res));
		res.ok = -1;
		res.code = -1;
		finish_req(cl, r, &res);
		return;
	}
	ready_push(cl, r, 0);
	pump(cl);
}

void
zrx_client_kick(struct zrx_client *cl)
{
	pump(cl);
}

unsigned
zrx_client_pending(const struct zrx_client *cl)
{
	unsigned n = cl->inflight + cl->ndelayed;

	for (int p = 0; p < 2; p++)
		for (struct zrx_req *r = cl->ready[p]; r != NULL; r = r->next)
			n++;
	return n;
}

static void
abort_req(struct zrx_client *cl, struct zrx_req *r)
{
	struct zrx_result res;

	if (r->easy != NULL)
		zrx_loop_abort(&cl->loop, r->easy);
	memset(&res, 0, sizeof(res));
	res.ok = -1;
	res.code = -1;
	finish_req(cl, r, &res);
}

void
zrx_client_stop(struct zrx_client *cl)
{
	struct zrx_req *r;

	if (cl->stopping)
		return;
	cl->stopping = 1;
	uv_timer_stop(&cl->wake);
	if (cl->oauth.easy != NULL) {
		zrx_loop_abort(&cl->loop, cl->oauth.easy);
		cleanup_attempt(&cl->oauth);
	}
	zrx_buf_free(&cl->oauth.errbody);
	cl->oauth_busy = 0;
	while ((r = ready_pop(cl)) != NULL)
		abort_req(cl, r);
	while ((r = cl->delayed) != NULL) {
		cl->delayed = r->next;
		cl->ndelayed--;
		abort_req(cl, r);
	}
	while ((r = cl->inflight_head) != NULL) {
		inflight_del(cl, r);
		abort_req(cl, r);
	}
}

void
zrx_client_run(struct zrx_client *cl)
{
	uv_run(&cl->loop.uv, UV_RUN_DEFAULT);
}

int
zrx_client_close(struct zrx_client *cl)
{
	zrx_client_stop(cl);
	drop_token(cl);
	if (cl->oauth_body != NULL) {
		memset(cl->oauth_body, 0, strlen(cl->oauth_body));
		free(cl->oauth_body);
		cl->oauth_body = NULL;
	}
	uv_close((uv_handle_t *)&cl->wake, NULL);
	return zrx_loop_close(&cl->loop);
}
