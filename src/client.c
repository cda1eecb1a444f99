/* client.c - the request client: queues, token bucket, auth, retries.
 * What to do with each answer is verdict.c's decision; this file acts. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yajl/yajl_tree.h>

#include "client.h"
#include "log.h"

#define ERRBODY_KEEP 65536

static void pump(struct zrx_client *cl);

/* ---- queues ---- */

static void
ready_push(struct zrx_client *cl, struct zrx_req *r, int front)
{
	int p = r->prio == ZRX_PRIO_CONTINUE ? 0 : 1;

	r->queued = 1;
	cl->nready++;
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
		cl->nready--;
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
	r->body_bytes += n;
	if (r->status == 0 &&
	    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &r->status) != CURLE_OK)
		r->status = 0;
	if (r->status >= 200 && r->status < 300 && !r->is_oauth) {
		if (r->body_bytes > ZRX_MAX_BODY) {
			snprintf(r->why, sizeof(r->why), "a response body larger than %u MiB",
			    ZRX_MAX_BODY >> 20);
			r->body_bad = 1;
			return 0; /* curl aborts the transfer */
		}
		if (r->on_body != NULL && r->on_body(r, p, n) < 0) {
			r->body_bad = 1;
			return 0;
		}
		return n;
	}
	/* error bodies (and the token answer): the first 64 KiB are kept */
	if (r->body_bytes > ZRX_MAX_ERRBODY) {
		snprintf(r->why, sizeof(r->why), "an error body larger than %u KiB",
		    ZRX_MAX_ERRBODY >> 10);
		r->body_bad = 1;
		return 0;
	}
	if (r->errbody.len < ERRBODY_KEEP) {
		size_t room = ERRBODY_KEEP - r->errbody.len;

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

static void
forget_headers(struct zrx_req *r)
{
	r->retry_after[0] = r->rl_type[0] = r->rl_limit[0] = '\0';
	r->rl_remaining[0] = r->tracking_id[0] = '\0';
}

static size_t
header_cb(char *p, size_t size, size_t nmemb, void *ud)
{
	struct zrx_req *r = ud;
	size_t n = size * nmemb;

	if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		/* a new response (after a 100 Continue, say): forget the last */
		forget_headers(r);
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
	const char *code_path[] = { "code", NULL };
	const char *msg_path[] = { "message", NULL };
	const char *reason_path[] = { "reason", NULL };
	yajl_val root, v;
	char *copy;

	res->code = -1;
	if (r->errbody.len == 0)
		return;
	copy = zrx_xstrndup(r->errbody.data, r->errbody.len);
	root = yajl_tree_parse(copy, NULL, 0);
	free(copy);
	if (root == NULL)
		return;
	v = yajl_tree_get(root, code_path, yajl_t_number);
	if (v != NULL && YAJL_IS_INTEGER(v) && YAJL_GET_INTEGER(v) >= 0 &&
	    YAJL_GET_INTEGER(v) <= 99999999)
		res->code = (long)YAJL_GET_INTEGER(v);
	v = yajl_tree_get(root, msg_path, yajl_t_string);
	if (v == NULL)
		v = yajl_tree_get(root, reason_path, yajl_t_string);
	if (v != NULL)
		snprintf(res->message, sizeof(res->message), "%s", YAJL_GET_STRING(v));
	yajl_tree_free(root);
}

/* ---- attempts ---- */

static void
cleanup_attempt(struct zrx_client *cl, struct zrx_req *r)
{
	if (r->easy != NULL) {
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
	}
	curl_slist_free_all(r->hdrs);
	r->hdrs = NULL;
	zrx_buf_free(&r->errbody);
	(void)cl;
}

/* The attempt will not count: let the owner undo what its body did.  Called
 * once the request is where it belongs (queued again, or about to finish),
 * since the owner may stop the run from here. */
static void
abandon(struct zrx_req *r)
{
	if (!r->begun)
		return;
	r->begun = 0;
	if (r->on_abandon != NULL)
		r->on_abandon(r);
}

static void
finish_req(struct zrx_client *cl, struct zrx_req *r, struct zrx_result *res)
{
	cleanup_attempt(cl, r);
	abandon(r);
	res->attempts = r->attempts;
	r->queued = 0;
	if (r->on_done != NULL)
		r->on_done(r, res);
}

static int
set_common(struct zrx_client *cl, struct zrx_req *r, CURL *e)
{
	const struct zrx_config *cfg = cl->cfg;
	int bad = 0;

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
	bad |= curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "https") != CURLE_OK;
	/* zrx builds every path itself, with '.' and '..' segments encoded:
	 * nothing may be resolved away */
	bad |= curl_easy_setopt(e, CURLOPT_PATH_AS_IS, 1L) != CURLE_OK;
	if (cfg->cacert != NULL)
		bad |= curl_easy_setopt(e, CURLOPT_CAINFO, cfg->cacert) != CURLE_OK;
	return bad;
}

static int
start_attempt(struct zrx_client *cl, struct zrx_req *r, uint64_t now)
{
	CURL *e;
	int bad;

	e = curl_easy_init();
	if (e == NULL)
		return -1;
	r->easy = e;
	r->status = 0;
	r->body_bad = 0;
	r->body_bytes = 0;
	r->why[0] = '\0';
	r->curl_err[0] = '\0';
	forget_headers(r);
	zrx_buf_free(&r->errbody);
	r->attempts++;
	r->started = now;

	bad = set_common(cl, r, e);
	r->hdrs = curl_slist_append(NULL, "Accept: application/json");
	if (r->is_oauth) {
		bad |= zrx_oauth_setup(e, cl->cfg, cl->token.form) != 0;
	} else {
		char *auth = zrx_xasprintf("Authorization: Bearer %s",
		    cl->token.value != NULL ? cl->token.value : "");
		struct curl_slist *h = r->hdrs != NULL ? curl_slist_append(r->hdrs, auth) : NULL;

		/* the header copy is freed with the list; wipe ours */
		explicit_bzero(auth, strlen(auth));
		free(auth);
		if (h == NULL)
			bad = 1;
		else
			r->hdrs = h;
		r->token_gen = cl->token.gen;
	}
	if (r->hdrs == NULL)
		bad = 1;
	else
		bad |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->hdrs) != CURLE_OK;
	if (bad) {
		cleanup_attempt(cl, r);
		return -1;
	}
	if (r->on_begin != NULL && !r->is_oauth) {
		r->on_begin(r);
		r->begun = 1;
	}
	if (zrx_loop_add(&cl->loop, e) != 0) {
		cleanup_attempt(cl, r);
		abandon(r);
		return -1;
	}
	r->queued = 3;
	cl->stats.requests++;
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

static void
fatal(struct zrx_client *cl, int code, const char *msg)
{
	if (cl->on_fatal != NULL)
		cl->on_fatal(cl, code, msg);
}

/* The request line for -v (the URL carries no secret: the token travels
 * in a header). */
static void
log_request(struct zrx_client *cl, struct zrx_req *r, CURL *easy, CURLcode cres)
{
	long st = 0;
	double secs = 0;

	if (!zrx_log_enabled(cl->log, ZRX_DEBUG))
		return;
	if (curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &st) != CURLE_OK)
		st = 0;
	if (curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME, &secs) != CURLE_OK)
		secs = 0;
	zrx_logm(cl->log, ZRX_DEBUG, &(struct zrx_logf){ .event = "request", .status = st,
	    .tracking_id = r->tracking_id }, "%s %s: %s, %.0f ms, attempt %u%s%s%s%s%s%s",
	    r->is_oauth ? "POST" : "GET", r->url,
	    cres == CURLE_OK ? "done" : curl_easy_strerror(cres), secs * 1000.0, r->attempts,
	    r->rl_type[0] ? ", rate limit " : "", r->rl_type,
	    r->rl_limit[0] ? " limit " : "", r->rl_limit,
	    r->rl_remaining[0] ? " remaining " : "", r->rl_remaining);
}

/* What came back, as verdict.c reads it. */
static void
make_answer(struct zrx_client *cl, struct zrx_req *r, CURLcode cres, struct zrx_result *res,
            struct zrx_answer *a)
{
	memset(res, 0, sizeof(*res));
	res->status = r->status;
	res->code = -1;
	snprintf(res->tracking_id, sizeof(res->tracking_id), "%s", r->tracking_id);
	if (r->body_bad)
		snprintf(res->message, sizeof(res->message), "invalid response body: %s", r->why);
	else if (cres != CURLE_OK)
		snprintf(res->message, sizeof(res->message), "%s",
		    r->curl_err[0] ? r->curl_err : curl_easy_strerror(cres));
	else if (r->status < 200 || r->status >= 300)
		parse_error_body(r, res);
	if (res->message[0] == '\0' && (r->status < 200 || r->status >= 300))
		snprintf(res->message, sizeof(res->message), "HTTP %ld", r->status);
	memset(a, 0, sizeof(*a));
	a->is_oauth = r->is_oauth;
	a->cres = cres;
	a->body_bad = r->body_bad;
	a->status = r->status;
	a->code = res->code;
	a->message = res->message;
	a->retry_after = r->retry_after;
	a->rl_type = r->rl_type;
	a->rl_limit = r->rl_limit;
	a->attempts = r->attempts;
	a->throttled = r->throttled;
	a->auth_refreshes = r->auth_refreshes;
	a->s2s = cl->token.s2s;
}

static void
oauth_done(struct zrx_client *cl, struct zrx_req *r, CURLcode cres)
{
	struct zrx_result res;
	struct zrx_answer a;
	struct zrx_verdict v;
	uint64_t now = zrx_now_ms();
	char msg[512];

	make_answer(cl, r, cres, &res, &a);
	if (cres == CURLE_OK && r->status == 200) {
		const char *why, *warn;

		if (zrx_token_accept(&cl->token, &r->errbody, now, &why, &warn) == 0) {
			if (warn != NULL)
				zrx_logm(cl->log, ZRX_WARN, &(struct zrx_logf){ .event = "token" },
				    "%s", warn);
			cleanup_attempt(cl, r);
			cl->oauth_state = 0;
			r->attempts = 0;
			return;
		}
		a.body_bad = 1;
		snprintf(res.message, sizeof(res.message), "the OAuth server sent %s", why);
	}
	cleanup_attempt(cl, r);
	zrx_verdict_decide(&a, &cl->policy, zrx_wall_ms(), &cl->rng, &v);
	if (v.kind == ZRX_VERDICT_RETRY) {
		cl->stats.retries++;
		r->not_before = now + v.wait_ms;
		cl->oauth_state = 2; /* the pump starts it again when due */
		return;
	}
	cl->oauth_state = 0;
	if (v.exit_code == ZRX_EXIT_AUTH)
		snprintf(msg, sizeof(msg), "%s: check %s", v.message,
		    zrx_oauth_blame(r->status, res.message));
	else
		snprintf(msg, sizeof(msg), "%s", v.message);
	fatal(cl, v.exit_code ? v.exit_code : ZRX_EXIT_FATAL, msg);
}

static void
throttled(struct zrx_client *cl, struct zrx_req *r, const struct zrx_verdict *v, uint64_t now)
{
	uint64_t until = now + v->wait_ms;

	cl->stats.throttled++;
	zrx_rl_throttled(&cl->rl, now, until, v->server_limit);
	r->throttled++;
	r->attempts--; /* a 429 is not a failed attempt */
	delay(cl, r, until);
	if (v->wait_ms >= 10000 && until > cl->pause_logged + 1000) {
		char when[21];

		cl->pause_logged = until;
		zrx_format_iso8601(v->until_wall_ms, when);
		zrx_logm(cl->log, ZRX_WARN, &(struct zrx_logf){ .event = "rate_limited",
		    .status = 429, .tracking_id = r->tracking_id },
		    "the API asked to wait %llu s; every request pauses until %s",
		    (unsigned long long)((v->wait_ms + 999) / 1000), when);
	}
}

static void
done_cb(struct zrx_loop *l, CURL *easy, CURLcode cres)
{
	struct zrx_client *cl = l->data;
	struct zrx_req *r = NULL;
	struct zrx_result res;
	struct zrx_answer a;
	struct zrx_verdict v;
	uint64_t now = zrx_now_ms();

	if (curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&r) != CURLE_OK || r == NULL)
		return;
	log_request(cl, r, easy, cres);
	if (r->status == 0 &&
	    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &r->status) != CURLE_OK)
		r->status = 0;
	if (cres == CURLE_OK || r->status > 0) {
		cl->stats.answered++;
		cl->stats.latency_ms += now - r->started;
	}
	if (r->is_oauth) {
		oauth_done(cl, r, cres);
		pump(cl);
		return;
	}
	inflight_del(cl, r);
	r->queued = 0;
	if (cl->stopping) {
		memset(&res, 0, sizeof(res));
		res.ok = -1;
		res.code = -1;
		finish_req(cl, r, &res);
		return;
	}
	if (cres == CURLE_OK && r->status >= 200 && r->status < 300 && !r->body_bad &&
	    r->on_end != NULL && r->on_end(r) != 0)
		r->body_bad = 1;
	make_answer(cl, r, cres, &res, &a);
	zrx_verdict_decide(&a, &cl->policy, zrx_wall_ms(), &cl->rng, &v);
	switch (v.kind) {
	case ZRX_VERDICT_DONE:
		r->begun = 0; /* the body counts: nothing to abandon */
		cleanup_attempt(cl, r);
		zrx_rl_succeeded(&cl->rl, now);
		res.ok = 1;
		finish_req(cl, r, &res);
		break;
	case ZRX_VERDICT_RETRY:
		cleanup_attempt(cl, r);
		cl->stats.retries++;
		/* a long wait the server asked for is never silent */
		if (v.wait_ms >= 10000 && r->retry_after[0] != '\0')
			zrx_logm(cl->log, ZRX_WARN, &(struct zrx_logf){ .event = "retry_wait",
			    .status = r->status, .tracking_id = r->tracking_id },
			    "retrying in %llu s (Retry-After: %s)",
			    (unsigned long long)((v.wait_ms + 999) / 1000), r->retry_after);
		delay(cl, r, now + v.wait_ms);
		abandon(r);
		break;
	case ZRX_VERDICT_REFRESH:
		/* expired or revoked: one fresh token, then try again */
		cleanup_attempt(cl, r);
		r->auth_refreshes++;
		r->attempts--;
		zrx_token_drop(&cl->token, r->token_gen);
		delay(cl, r, now);
		abandon(r);
		break;
	case ZRX_VERDICT_THROTTLED:
		cleanup_attempt(cl, r);
		throttled(cl, r, &v, now);
		abandon(r);
		break;
	case ZRX_VERDICT_FAIL:
		snprintf(res.message, sizeof(res.message), "%s", v.message);
		res.ok = 0;
		finish_req(cl, r, &res);
		break;
	case ZRX_VERDICT_FATAL:
	case ZRX_VERDICT_STOP:
		if (v.kind == ZRX_VERDICT_STOP && r->status == 429)
			cl->stats.throttled++;
		/* the run learns it stops before the owner hears of the request */
		fatal(cl, v.exit_code, v.message);
		res.ok = v.kind == ZRX_VERDICT_STOP ? -1 : 0;
		finish_req(cl, r, &res);
		return;
	}
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

/* Start the token request when one is due; it passes the bucket like every
 * request.  Returns the time to wake for it (0: nothing to wait for). */
static uint64_t
pump_oauth(struct zrx_client *cl, uint64_t now)
{
	uint64_t w;

	if (cl->oauth_state == 1)
		return 0;
	if (cl->oauth_state == 2 && cl->oauth.not_before > now)
		return cl->oauth.not_before;
	if (cl->oauth_state == 0 && !zrx_token_due(&cl->token, now))
		return 0;
	w = zrx_rl_acquire(&cl->rl, now);
	if (w != 0)
		return now + w;
	cl->oauth_state = 1;
	if (start_attempt(cl, &cl->oauth, now) != 0) {
		cl->oauth_state = 0;
		fatal(cl, ZRX_EXIT_FATAL, "cannot start the token request");
	}
	return 0;
}

static void
start_one(struct zrx_client *cl, struct zrx_req *r, uint64_t now)
{
	struct zrx_result res;

	if (start_attempt(cl, r, now) == 0) {
		inflight_add(cl, r);
		return;
	}
	memset(&res, 0, sizeof(res));
	res.code = -1;
	snprintf(res.message, sizeof(res.message), "cannot start a request");
	finish_req(cl, r, &res);
}

static void
pump(struct zrx_client *cl)
{
	uint64_t now, next_at = 0, w;
	unsigned conc = (unsigned)cl->cfg->concurrency;

	if (cl->in_pump || cl->stopping)
		return;
	cl->in_pump = 1;
	now = zrx_now_ms();
	if (cl->loop.failed != 0) {
		char msg[160];

		snprintf(msg, sizeof(msg), "the transfer engine failed: %s",
		    curl_multi_strerror(cl->loop.failed));
		fatal(cl, ZRX_EXIT_FATAL, msg);
		goto out;
	}
	if (cl->token.s2s) {
		next_at = pump_oauth(cl, now);
		if (cl->stopping)
			goto out;
	}
	w = promote_delayed(cl, now);
	if (w != 0 && (next_at == 0 || w < next_at))
		next_at = w;
	if (!zrx_token_usable(&cl->token, now))
		goto out; /* the token request wakes us */

	while (!cl->stopping && cl->inflight < conc) {
		if (cl->nready == 0) {
			if (cl->inflight + cl->ndelayed >= conc || cl->on_idle == NULL)
				break;
			/* in_pump stays set: what on_idle submits is only queued */
			cl->on_idle(cl);
			if (cl->nready == 0)
				break;
		}
		w = zrx_rl_acquire(&cl->rl, now);
		if (w != 0) {
			if (next_at == 0 || now + w < next_at)
				next_at = now + w;
			break;
		}
		start_one(cl, ready_pop(cl), now);
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
	cl->log = cfg->log;
	cl->rng = (uint64_t)zrx_wall_ms() * 0x9E3779B97F4A7C15ull | 1u;
	zrx_policy_default(&cl->policy, (unsigned)cfg->retries);
	/* pace 1% under --rate: the server's bucket runs on its own clock, and
	 * the jitter between the two would otherwise cost a 429 now and then */
	zrx_rl_init(&cl->rl, cfg->rate * 0.99, zrx_config_burst(cfg), zrx_now_ms());
	err = zrx_loop_init(&cl->loop, done_cb, cl);
	if (err != 0)
		return err;
	err = uv_timer_init(&cl->loop.uv, &cl->wake);
	if (err != 0) {
		(void)zrx_loop_close(&cl->loop);
		return err;
	}
	zrx_token_init(&cl->token, cfg);
	if (cl->token.s2s) {
		cl->oauth.cl = cl;
		cl->oauth.is_oauth = 1;
		cl->oauth.url = cfg->oauth_url;
		zrx_buf_init(&cl->oauth.errbody);
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
	r->begun = 0;
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
	return cl->inflight + cl->ndelayed + cl->nready;
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
	(void)uv_timer_stop(&cl->wake);
	if (cl->oauth.easy != NULL) {
		zrx_loop_abort(&cl->loop, cl->oauth.easy);
		cleanup_attempt(cl, &cl->oauth);
	}
	zrx_buf_free(&cl->oauth.errbody);
	cl->oauth_state = 0;
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
	(void)uv_run(&cl->loop.uv, UV_RUN_DEFAULT);
}

int
zrx_client_close(struct zrx_client *cl)
{
	zrx_client_stop(cl);
	zrx_token_free(&cl->token);
	uv_close((uv_handle_t *)&cl->wake, NULL);
	return zrx_loop_close(&cl->loop);
}
