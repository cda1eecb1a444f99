/* run.c - the scaffolding of a run that talks to the API. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "run.h"

static void
close_handles(struct zrx_run *run)
{
	struct zrx_hooks *h = run->cfg->hooks;

	if (!run->handles_open)
		return;
	run->handles_open = 0;
	uv_close((uv_handle_t *)&run->commit_timer, NULL);
	uv_close((uv_handle_t *)&run->progress_timer, NULL);
	uv_close((uv_handle_t *)&run->progress_log_timer, NULL);
	uv_close((uv_handle_t *)&run->later, NULL);
	if (h != NULL && h->async_live) {
		h->async_live = 0;
		uv_close((uv_handle_t *)&h->async, NULL);
	}
}

void
zrx_run_maybe_finish(struct zrx_run *run)
{
	if (run->finished || run->pending_stop)
		return;
	if (!run->stopping && run->ops->work_left(run))
		return;
	if (run->stopping && zrx_client_pending(&run->cl) > 0)
		return;
	run->finished = 1;
	close_handles(run);
}

static void
do_stop(struct zrx_run *run)
{
	if (run->stopping)
		return;
	run->stopping = 1;
	zrx_client_stop(&run->cl);
	zrx_run_maybe_finish(run);
}

static void
later_cb(uv_timer_t *t)
{
	struct zrx_run *run = zrx_container_of(t, struct zrx_run, later);

	run->pending_stop = 0;
	do_stop(run);
}

void
zrx_run_stop(struct zrx_run *run, int code)
{
	if (run->exit_code == 0 || run->exit_code == ZRX_EXIT_PARTIAL ||
	    (code == ZRX_EXIT_FATAL && run->exit_code != ZRX_EXIT_FATAL))
		run->exit_code = code;
	if (run->stopping || run->pending_stop)
		return;
	/* the caller may be deep inside a request's callbacks: the requests
	 * are aborted on the next turn of the loop */
	if (!run->handles_open || uv_timer_start(&run->later, later_cb, 0, 0) != 0) {
		do_stop(run);
		return;
	}
	run->pending_stop = 1;
}

static void
on_fatal(struct zrx_client *cl, int code, const char *msg)
{
	struct zrx_run *run = cl->ud;

	if (!run->stopping && !run->pending_stop)
		zrx_logm(run->log, ZRX_ERROR, &(struct zrx_logf){ .event = "fatal" }, "%s", msg);
	zrx_run_stop(run, code);
}

static void
on_idle(struct zrx_client *cl)
{
	struct zrx_run *run = cl->ud;

	if (run->stopping || run->pending_stop)
		return;
	run->ops->idle(run);
	zrx_run_maybe_finish(run);
}

static void
async_cb(uv_async_t *a)
{
	struct zrx_run *run = a->data;
	struct zrx_hooks *h = run->cfg->hooks;

	if (h == NULL || !h->interrupted || run->stopping)
		return;
	zrx_logm(run->log, ZRX_WARN, &(struct zrx_logf){ .event = "interrupted" },
	    "interrupted: stopping; finished users are committed, rerun the same command "
	    "to resume");
	zrx_run_stop(run, ZRX_EXIT_INTERRUPTED);
}

static void
commit_cb(uv_timer_t *t)
{
	struct zrx_run *run = t->data;

	if (run->stopping || run->ops->commit == NULL)
		return;
	if (run->ops->commit(run) != 0)
		zrx_run_stop(run, ZRX_EXIT_FATAL);
}

void
zrx_run_snapshot(struct zrx_run *run, struct zrx_progress *p)
{
	memset(p, 0, sizeof(*p));
	p->size = sizeof(*p);
	p->requests = run->cl.stats.requests;
	p->throttled = run->cl.stats.throttled;
	p->retries = run->cl.stats.retries;
	p->bytes_in = run->cl.stats.bytes_in;
	p->elapsed_ms = zrx_now_ms() - run->started_ms;
	run->ops->progress(run, p);
}

static void
progress_cb(uv_timer_t *t)
{
	struct zrx_run *run = t->data;
	struct zrx_hooks *h = run->cfg->hooks;
	struct zrx_progress p;

	if (h == NULL || h->progress_cb == NULL)
		return;
	zrx_run_snapshot(run, &p);
	h->progress_cb(h->progress_ud, &p);
}

/* A plain progress line in the log. */
static void
progress_log_cb(uv_timer_t *t)
{
	struct zrx_run *run = t->data;
	struct zrx_progress p;
	char users[64], el[32], eta[32];
	uint64_t now = zrx_now_ms();
	double dt;

	zrx_run_snapshot(run, &p);
	dt = (double)(now - run->last_at) / 1000.0;
	run->rps = dt > 0 ? (double)(p.requests - run->last_requests) / dt : 0;
	run->last_at = now;
	run->last_requests = p.requests;
	if (p.total_known)
		snprintf(users, sizeof(users), "%llu/%llu", (unsigned long long)p.users_done,
		    (unsigned long long)p.users_total);
	else
		snprintf(users, sizeof(users), "%llu/?", (unsigned long long)p.users_done);
	zrx_format_duration(el, sizeof(el), p.elapsed_ms);
	eta[0] = '\0';
	if (p.total_known && p.users_done > 0 && p.users_done < p.users_total)
		zrx_format_duration(eta, sizeof(eta), (uint64_t)((double)p.elapsed_ms /
		    (double)p.users_done * (double)(p.users_total - p.users_done)));
	zrx_logm(run->log, ZRX_INFO, &(struct zrx_logf){ .event = "progress" },
	    "progress: users %s, meetings %llu, %.1f req/s, 429s %llu, retries %llu, "
	    "failed %llu, elapsed %s%s%s", users, (unsigned long long)p.meetings, run->rps,
	    (unsigned long long)p.throttled, (unsigned long long)p.retries,
	    (unsigned long long)p.users_failed, el, eta[0] ? ", ETA " : "", eta);
}

static int
start_timers(struct zrx_run *run)
{
	const struct zrx_config *cfg = run->cfg;
	struct zrx_hooks *h = cfg->hooks;
	uv_loop_t *loop = &run->cl.loop.uv;

	if (uv_timer_init(loop, &run->commit_timer) != 0 ||
	    uv_timer_init(loop, &run->progress_timer) != 0 ||
	    uv_timer_init(loop, &run->progress_log_timer) != 0 ||
	    uv_timer_init(loop, &run->later) != 0)
		return -1;
	run->handles_open = 1;
	run->commit_timer.data = run->progress_timer.data = run;
	run->progress_log_timer.data = run->later.data = run;
	if (h != NULL) {
		if (uv_async_init(loop, &h->async, async_cb) != 0)
			return -1;
		h->async.data = run;
		h->async_live = 1;
		if (h->interrupted)
			async_cb(&h->async);
	}
	if (cfg->commit_interval_ms > 0 &&
	    uv_timer_start(&run->commit_timer, commit_cb, cfg->commit_interval_ms,
	    cfg->commit_interval_ms) != 0)
		return -1;
	if (h != NULL && h->progress_cb != NULL &&
	    uv_timer_start(&run->progress_timer, progress_cb, cfg->progress_ms,
	    cfg->progress_ms) != 0)
		return -1;
	if (cfg->progress_log_ms > 0 &&
	    uv_timer_start(&run->progress_log_timer, progress_log_cb, cfg->progress_log_ms,
	    cfg->progress_log_ms) != 0)
		return -1;
	return 0;
}

int
zrx_run_init(struct zrx_run *run, const struct zrx_config *cfg,
             const struct zrx_run_ops *ops, void *owner)
{
	int err;

	memset(run, 0, sizeof(*run));
	run->cfg = cfg;
	run->log = cfg->log;
	run->ops = ops;
	run->owner = owner;
	run->started_ms = run->last_at = zrx_now_ms();
	run->started_wall = zrx_wall_ms();
	err = zrx_client_init(&run->cl, cfg);
	if (err != 0) {
		zrx_logm(run->log, ZRX_ERROR, NULL, "cannot set up the event loop: %s",
		    uv_strerror(err));
		return ZRX_EXIT_FATAL;
	}
	run->cl.ud = run;
	run->cl.on_idle = on_idle;
	run->cl.on_fatal = on_fatal;
	if (start_timers(run) != 0) {
		zrx_logm(run->log, ZRX_ERROR, NULL, "cannot set up the run's timers");
		close_handles(run);
		(void)zrx_client_close(&run->cl);
		return ZRX_EXIT_FATAL;
	}
	return 0;
}

int
zrx_run_loop(struct zrx_run *run)
{
	zrx_client_kick(&run->cl);
	zrx_run_maybe_finish(run);
	zrx_client_run(&run->cl);
	return run->exit_code;
}

int
zrx_run_close(struct zrx_run *run)
{
	struct zrx_hooks *h = run->cfg->hooks;
	struct zrx_progress p;

	close_handles(run);
	if (h != NULL && h->progress_cb != NULL) {
		zrx_run_snapshot(run, &p);
		p.final = 1;
		h->progress_cb(h->progress_ud, &p);
	}
	return zrx_client_close(&run->cl);
}

void
zrx_run_listing_failed(struct zrx_run *run, const char *what, const struct zrx_result *res,
                       const char *why)
{
	zrx_logm(run->log, ZRX_ERROR, &(struct zrx_logf){ .event = "listing_failed",
	    .status = res != NULL ? res->status : 0, .code = res != NULL ? res->code : -1,
	    .tracking_id = res != NULL ? res->tracking_id : NULL },
	    "cannot list the account's %s after %u attempts: %s", what,
	    res != NULL ? res->attempts : 0, why != NULL ? why : "the listing failed");
	zrx_run_stop(run, ZRX_EXIT_FATAL);
}

void
zrx_run_spill_failed(struct zrx_run *run, int err)
{
	zrx_logm(run->log, ZRX_ERROR, NULL, "cannot write a temporary spill file: %s",
	    strerror(-err));
	zrx_run_stop(run, ZRX_EXIT_FATAL);
}

void
zrx_run_bad_user(struct zrx_run *run, const char *id, size_t len, const char *done,
                 const char *why)
{
	struct zrx_buf name;

	zrx_buf_init(&name);
	zrx_log_text_escape(&name, id, len); /* a NUL must not cut the name short */
	zrx_logm(run->log, ZRX_WARN, &(struct zrx_logf){ .event = "user_failed",
	    .user = name.data }, "the API listed a user that cannot be %s: %s", done, why);
	zrx_buf_free(&name);
}
