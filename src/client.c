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
#include "attempt.h"


static void pump(struct zrx_client *cl);

#define LATENCY_WEIGHT 0.2   /* of each new answer in the smoothed latency */
#define HEADROOM 1.5         /* in flight beyond rate x latency */
#define MIN_TARGET 2u
#define START_TARGET 4u       /* before the first answer */

/* Little's law: to start `rate` requests a second when each takes
 * `latency` to answer, rate x latency must be in flight.  Until the first
 * answer says what the latency is, a few: the server meets no burst the
 * client did not measure. */
static void
retarget(struct zrx_client *cl)
{
	unsigned ceil = (unsigned)cl->cfg->concurrency;
	double want = cl->latency_ms > 0 ?
	    cl->rl.rate * cl->latency_ms / 1000.0 * HEADROOM + 1.0 : (double)START_TARGET;
	unsigned t = want >= (double)ceil ? ceil : (unsigned)want;

	cl->target = t < MIN_TARGET ? (ceil < MIN_TARGET ? ceil : MIN_TARGET) : t;
}

/* An answer came after ms. */
static void
observe_latency(struct zrx_client *cl, uint64_t ms)
{
	if (cl->latency_ms <= 0)
		cl->latency_ms = (double)ms;
	else
		cl->latency_ms += LATENCY_WEIGHT * ((double)ms - cl->latency_ms);
	retarget(cl);
}

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

static void
oauth_done(struct zrx_client *cl, struct zrx_req *r, CURLcode cres)
{
	struct zrx_result res;
	struct zrx_answer a;
	struct zrx_verdict v;
	uint64_t now = zrx_now_ms();
	char msg[512];

	zrx_attempt_answer(cl, r, cres, &res, &a);
	if (cres == CURLE_OK && r->status == 200) {
		const char *why, *warn;

		if (zrx_token_accept(&cl->token, &r->errbody, now, &why, &warn) == 0) {
			if (warn != NULL)
				zrx_logm(cl->log, ZRX_WARN, &(struct zrx_logf){ .event = "token" },
				    "%s", warn);
			zrx_attempt_cleanup(cl, r);
			cl->oauth_state = 0;
			r->attempts = 0;
			return;
		}
		a.body_bad = 1;
		snprintf(res.message, sizeof(res.message), "the OAuth server sent %s", why);
	}
	zrx_attempt_cleanup(cl, r);
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
	zrx_attempt_log(cl, r, easy, cres);
	if (r->status == 0 &&
	    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &r->status) != CURLE_OK)
		r->status = 0;
	if (cres == CURLE_OK || r->status > 0) {
		cl->stats.answered++;
		cl->stats.latency_ms += now - r->started;
		observe_latency(cl, now - r->started);
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
		zrx_attempt_finish(cl, r, &res);
		return;
	}
	if (cres == CURLE_OK && r->status >= 200 && r->status < 300 && !r->body_bad &&
	    r->on_end != NULL && r->on_end(r) != 0)
		r->body_bad = 1;
	zrx_attempt_answer(cl, r, cres, &res, &a);
	zrx_verdict_decide(&a, &cl->policy, zrx_wall_ms(), &cl->rng, &v);
	switch (v.kind) {
	case ZRX_VERDICT_DONE:
		r->begun = 0; /* the body counts: nothing to abandon */
		zrx_attempt_cleanup(cl, r);
		zrx_rl_succeeded(&cl->rl, now);
		res.ok = 1;
		zrx_attempt_finish(cl, r, &res);
		break;
	case ZRX_VERDICT_RETRY:
		zrx_attempt_cleanup(cl, r);
		cl->stats.retries++;
		/* a long wait the server asked for is never silent */
		if (v.wait_ms >= 10000 && r->retry_after[0] != '\0')
			zrx_logm(cl->log, ZRX_WARN, &(struct zrx_logf){ .event = "retry_wait",
			    .status = r->status, .tracking_id = r->tracking_id },
			    "retrying in %llu s (Retry-After: %s)",
			    (unsigned long long)((v.wait_ms + 999) / 1000), r->retry_after);
		delay(cl, r, now + v.wait_ms);
		zrx_attempt_abandon(r);
		break;
	case ZRX_VERDICT_REFRESH:
		/* expired or revoked: one fresh token, then try again */
		zrx_attempt_cleanup(cl, r);
		r->auth_refreshes++;
		r->attempts--;
		zrx_token_drop(&cl->token, r->token_gen);
		delay(cl, r, now);
		zrx_attempt_abandon(r);
		break;
	case ZRX_VERDICT_THROTTLED:
		zrx_attempt_cleanup(cl, r);
		throttled(cl, r, &v, now);
		zrx_attempt_abandon(r);
		break;
	case ZRX_VERDICT_FAIL:
		snprintf(res.message, sizeof(res.message), "%s", v.message);
		res.ok = 0;
		zrx_attempt_finish(cl, r, &res);
		break;
	case ZRX_VERDICT_FATAL:
	case ZRX_VERDICT_STOP:
		if (v.kind == ZRX_VERDICT_STOP && r->status == 429)
			cl->stats.throttled++;
		/* the run learns it stops before the owner hears of the request */
		fatal(cl, v.exit_code, v.message);
		res.ok = v.kind == ZRX_VERDICT_STOP ? -1 : 0;
		zrx_attempt_finish(cl, r, &res);
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
	if (zrx_attempt_start(cl, &cl->oauth, now) != 0) {
		cl->oauth_state = 0;
		fatal(cl, ZRX_EXIT_FATAL, "cannot start the token request");
	}
	return 0;
}

static void
start_one(struct zrx_client *cl, struct zrx_req *r, uint64_t now)
{
	struct zrx_result res;

	if (zrx_attempt_start(cl, r, now) == 0) {
		inflight_add(cl, r);
		return;
	}
	memset(&res, 0, sizeof(res));
	res.code = -1;
	snprintf(res.message, sizeof(res.message), "cannot start a request");
	zrx_attempt_finish(cl, r, &res);
}

static void
pump(struct zrx_client *cl)
{
	uint64_t now, next_at = 0, w;
	unsigned conc;

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
	retarget(cl); /* the rate may have moved since the last answer */
	conc = cl->target;

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
	/* the first second is paced, not a burst: the account's own bucket
	 * may be partly spent by other apps, and the answers' spread in
	 * latency bunches what arrives there */
	cl->rl.tokens = 1;
	err = zrx_loop_init(&cl->loop, done_cb, cl);
	if (err != 0)
		return err;
	err = uv_timer_init(&cl->loop.uv, &cl->wake);
	if (err != 0) {
		(void)zrx_loop_close(&cl->loop);
		return err;
	}
	zrx_token_init(&cl->token, cfg);
	retarget(cl);
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
		zrx_attempt_finish(cl, r, &res);
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
zrx_client_target(const struct zrx_client *cl)
{
	return cl->target;
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
	zrx_attempt_finish(cl, r, &res);
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
		zrx_attempt_cleanup(cl, &cl->oauth);
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
