/* sync.c - `zrx sync`, the incremental feed.
 *
 * A run is a batch.  Its number, its start (every line's _synced_at) and
 * its day are fixed when it begins and kept in the catalog, so a run that
 * was killed or interrupted is completed by the same command: users the
 * batch already committed are skipped, the others are listed again.
 *
 * Each user: its trash first (one listing), then the days to re-list, from
 * the day its listing was last good (less the lookback; the feed's first
 * day for a new user) to today, cut into as few windows as the API serves
 * whole; then, one day each, the days of meetings that left the trash since
 * the last run and lie outside those days.  When every listing of a user
 * ended, the catalog compares and applies, and stores the changes for the
 * batch, in one transaction.  The batch file is rendered from the stored
 * changes once every user is done (batch.c). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "catalog.h"
#include "dates.h"
#include "keyset.h"
#include "listing.h"
#include "log.h"
#include "run.h"
#include "summary.h"
#include "sync.h"
#include "syncuser.h"
#include "usersrc.h"

struct suser {
	struct syncer *sy;
	char *user;
	struct zrx_syncuser *su;
	int32_t from, to;            /* the days re-listed */
	struct zrx_window *wins;     /* the days, then single days out of the trash */
	size_t nwins, nrange, next_win; /* nrange: windows of [from, to] */
	struct zrx_window *rests;    /* days a clamped window left out */
	size_t nrests;
	struct zrx_keyset *cands;    /* out of the trash, outside [from, to] */
	int trash_done;
	int failed;
	struct zrx_listing *cur;
	struct suser *prev, *next;
};

struct syncer {
	const struct zrx_config *cfg;
	struct zrx_log *log;
	struct zrx_run run;
	struct zrx_catalog *cat;
	struct zrx_usersrc *src;
	struct zrx_batch batch;
	int32_t since;
	struct suser *active;
	unsigned nactive;
	char *spill_dir;
	struct zrx_batch_counts counts;
	struct zrx_summary sum;
	struct zrx_buf errors;
};

/* ---- users ---- */

static void
suser_free(struct syncer *sy, struct suser *u)
{
	if (u->prev != NULL)
		u->prev->next = u->next;
	else
		sy->active = u->next;
	if (u->next != NULL)
		u->next->prev = u->prev;
	sy->nactive--;
	zrx_listing_free(u->cur);
	zrx_syncuser_free(u->su);
	zrx_keyset_free(u->cands);
	free(u->wins);
	free(u->rests);
	free(u->user);
	free(u);
}

static void
suser_fail(struct syncer *sy, struct suser *u, const struct zrx_listing *l,
           const struct zrx_result *res, const char *message)
{
	const struct zrx_listing_query *q = l != NULL ? zrx_listing_query(l) : NULL;

	if (u->failed)
		return;
	u->failed = 1;
	sy->sum.users_failed++;
	zrx_summary_error(&sy->errors, u->user, q != NULL && q->kind == ZRX_LIST_RECORDINGS ?
	    &q->win : NULL, res, message);
	zrx_logm(sy->log, ZRX_WARN, &(struct zrx_logf){ .event = "user_failed", .user = u->user,
	    .window = l != NULL ? zrx_listing_what(l) : NULL,
	    .status = res != NULL ? res->status : 0, .code = res != NULL ? res->code : -1,
	    .tracking_id = res != NULL ? res->tracking_id : NULL },
	    "failed after %u attempt%s: %s; its catalog rows are kept, and it is listed "
	    "from its last good day next run", res != NULL ? res->attempts : 0,
	    res != NULL && res->attempts == 1 ? "" : "s", message);
}

/* Every listing ended: the catalog compares and applies. */
static void
suser_complete(struct syncer *sy, struct suser *u)
{
	struct zrx_user_listing l;

	if (u->failed || sy->run.stopping || sy->run.pending_stop) {
		suser_free(sy, u);
		return;
	}
	zrx_syncuser_listing(u->su, u->from, u->to, &l);
	if (zrx_catalog_commit_user(sy->cat, sy->batch.batch, sy->since, &l, &sy->counts) != 0) {
		suser_free(sy, u);
		zrx_run_stop(&sy->run, ZRX_EXIT_FATAL);
		return;
	}
	sy->sum.users_ok++;
	sy->sum.meetings += zrx_syncuser_count(u->su);
	zrx_logm(sy->log, ZRX_DEBUG, &(struct zrx_logf){ .event = "user_done", .user = u->user },
	    "%llu meetings listed", (unsigned long long)zrx_syncuser_count(u->su));
	suser_free(sy, u);
}

/* ---- listings ---- */

static void
page_begin(struct zrx_listing *l, void *ud)
{
	struct suser *u = ud;

	(void)l;
	zrx_syncuser_mark(u->su);
}

static void
page_abandon(struct zrx_listing *l, void *ud)
{
	struct suser *u = ud;
	int err;

	(void)l;
	err = zrx_syncuser_rollback(u->su);
	if (err != 0)
		zrx_run_spill_failed(&u->sy->run, err);
}

static int
item(struct zrx_listing *l, const struct zrx_item *it, const char **why, void *ud)
{
	struct suser *u = ud;
	const struct zrx_listing_query *q = zrx_listing_query(l);
	struct zrx_buf key;
	int32_t day;
	int err, keep;

	if (q->kind == ZRX_LIST_TRASH) {
		if (it->start_time == NULL ||
		    zrx_time_utc_date(it->start_time, it->start_time_len, &day) != 0)
			day = ZRX_NO_DAY;
		zrx_syncuser_trash(u->su, it, day);
		return 0;
	}
	if (it->start_time == NULL ||
	    zrx_time_utc_date(it->start_time, it->start_time_len, &day) != 0) {
		day = q->win.from; /* placed by the listing that found it */
		u->sy->sum.unreadable++;
	} else if (day < q->win.from || day > q->win.to) {
		return 0; /* the overlap day, or the API strayed */
	}
	if (q->splits == 0 && q->win.from == q->win.to && u->cands != NULL &&
	    (q->win.from < u->from || q->win.from > u->to)) {
		/* a day listed for meetings out of the trash: only those */
		zrx_buf_init(&key);
		zrx_syncuser_key(it, &key);
		keep = zrx_keyset_has(u->cands, key.data, key.len);
		zrx_buf_free(&key);
		if (!keep)
			return 0;
	}
	err = zrx_syncuser_seen(u->su, it, day);
	if (err != 0) {
		*why = "cannot write a temporary spill file";
		return err;
	}
	return 0;
}

static void start_next(struct syncer *sy, struct suser *u);

static void
split(struct zrx_listing *l, const struct zrx_window *rest, void *ud)
{
	struct suser *u = ud;

	zrx_logm(u->sy->log, ZRX_WARN, &(struct zrx_logf){ .event = "range_clamped",
	    .user = u->user }, "the API served less than %s asked; listing the rest on its own",
	    zrx_listing_what(l));
	u->rests = zrx_xrealloc(u->rests, (u->nrests + 1) * sizeof(*u->rests));
	u->rests[u->nrests++] = *rest;
}

/* Meetings remembered in the trash that left it, dated outside [from, to]:
 * their days get a listing of their own. */
static int
cand_cb(void *ud, const char *uuid, size_t n, int32_t day)
{
	struct suser *u = ud;
	size_t i;

	if (zrx_syncuser_in_trash(u->su, uuid, n) || (day >= u->from && day <= u->to) ||
	    day < u->sy->since)
		return 0;
	if (u->cands == NULL)
		u->cands = zrx_keyset_new();
	zrx_keyset_add(u->cands, uuid, n);
	for (i = u->nrange; i < u->nwins; i++)
		if (u->wins[i].from == day)
			return 0;
	u->wins = zrx_xrealloc(u->wins, (u->nwins + 1) * sizeof(*u->wins));
	u->wins[u->nwins].from = u->wins[u->nwins].to = day;
	u->wins[u->nwins].req_to = day + 1;
	u->nwins++;
	return 0;
}

static void
done(struct zrx_listing *l, int ok, const struct zrx_result *res, const char *why, void *ud)
{
	struct suser *u = ud;
	struct syncer *sy = u->sy;
	int trash = zrx_listing_query(l)->kind == ZRX_LIST_TRASH;

	u->cur = NULL;
	sy->sum.surrogates += zrx_listing_surrogates(l);
	if (ok == 0) {
		const char *msg = why;

		if (res != NULL && res->status == 404 && res->code == 1001)
			msg = "user not found";
		suser_fail(sy, u, l, res, msg != NULL ? msg : "the listing failed");
	}
	zrx_listing_free(l);
	if (ok < 0) {
		suser_free(sy, u);
		zrx_run_maybe_finish(&sy->run);
		return;
	}
	if (ok > 0 && trash) {
		u->trash_done = 1;
		if (zrx_catalog_trashed(sy->cat, u->user, cand_cb, u) != 0) {
			suser_free(sy, u);
			zrx_run_stop(&sy->run, ZRX_EXIT_FATAL);
			return;
		}
	}
	if (ok > 0 && !sy->run.stopping && !sy->run.pending_stop &&
	    (u->nrests > 0 || u->next_win < u->nwins)) {
		start_next(sy, u);
		return;
	}
	suser_complete(sy, u);
	zrx_run_maybe_finish(&sy->run);
}

static const struct zrx_listing_ops listing_ops = {
	.page_begin = page_begin,
	.item = item,
	.page_abandon = page_abandon,
	.split = split,
	.done = done,
};

static void
start_next(struct syncer *sy, struct suser *u)
{
	struct zrx_listing_query q;

	memset(&q, 0, sizeof(q));
	q.user = u->user;
	if (!u->trash_done) {
		q.kind = ZRX_LIST_TRASH;
	} else if (u->nrests > 0) {
		q.kind = ZRX_LIST_RECORDINGS;
		q.win = u->rests[--u->nrests];
		q.splits = 1;
	} else {
		q.kind = ZRX_LIST_RECORDINGS;
		q.win = u->wins[u->next_win++];
	}
	u->cur = zrx_listing_new(&sy->run.cl, &q, &listing_ops, u);
	zrx_listing_start(u->cur);
}

/* A user to sync now, or NULL if the batch committed it already (or on an
 * error, which stops the run). */
static struct suser *
suser_new(struct syncer *sy, const char *name)
{
	struct suser *u;
	int32_t good = 0;
	int64_t last = 0;
	int has;

	has = zrx_catalog_user(sy->cat, name, &good, &last);
	if (has < 0) {
		zrx_run_stop(&sy->run, ZRX_EXIT_FATAL);
		return NULL;
	}
	if (last == sy->batch.batch) {
		sy->sum.users_skipped++;
		return NULL;
	}
	u = zrx_xcalloc(1, sizeof(*u));
	u->sy = sy;
	u->user = zrx_xstrdup(name);
	u->su = zrx_syncuser_new(name, sy->cfg->spill_bytes, sy->spill_dir);
	u->to = sy->batch.to_date;
	u->from = has ? good - sy->batch.lookback : sy->since;
	if (u->from < sy->since)
		u->from = sy->since;
	if (u->from > u->to)
		u->from = u->to;
	u->nwins = u->nrange = zrx_windows_back(u->from, u->to, &u->wins);
	u->next = sy->active;
	if (sy->active != NULL)
		sy->active->prev = u;
	sy->active = u;
	sy->nactive++;
	return u;
}

/* ---- the run's callbacks ---- */

static void
idle(struct zrx_run *run)
{
	struct syncer *sy = run->owner;
	const char *name;
	struct suser *u;

	zrx_usersrc_start(sy->src);
	while (sy->nactive < zrx_client_target(&run->cl) && !run->stopping &&
	    !run->pending_stop) {
		name = zrx_usersrc_next(sy->src);
		if (name == NULL)
			return;
		u = suser_new(sy, name);
		if (u == NULL)
			continue;
		start_next(sy, u);
		return; /* one request at a time: the client asks again */
	}
}

static int
work_left(struct zrx_run *run)
{
	struct syncer *sy = run->owner;

	return sy->nactive > 0 || !zrx_usersrc_exhausted(sy->src);
}

static void
progress(struct zrx_run *run, struct zrx_progress *p)
{
	struct syncer *sy = run->owner;

	p->users_failed = sy->sum.users_failed;
	p->total_known = zrx_usersrc_total_known(sy->src);
	p->users_total = zrx_usersrc_total(sy->src);
	p->users_done = sy->sum.users_ok + sy->sum.users_failed + sy->sum.users_skipped;
	p->meetings = sy->sum.meetings;
}

static const struct zrx_run_ops run_ops = {
	.idle = idle,
	.work_left = work_left,
	.progress = progress,
};

static void
src_failed(void *ud, const char *what, const struct zrx_result *res, const char *why)
{
	struct syncer *sy = ud;

	zrx_run_listing_failed(&sy->run, what, res, why);
}

static void
src_io_error(void *ud, int err)
{
	struct syncer *sy = ud;

	zrx_run_spill_failed(&sy->run, err);
}

static void
src_bad_user(void *ud, const char *id, size_t len, const char *why)
{
	struct syncer *sy = ud;

	sy->sum.users_failed++;
	zrx_summary_error_n(&sy->errors, id, len, NULL, NULL, why);
	zrx_run_bad_user(&sy->run, id, len, "synced", why);
}

static const struct zrx_usersrc_ops src_ops = {
	.failed = src_failed,
	.io_error = src_io_error,
	.bad_user = src_bad_user,
};

/* ---- the batch ---- */

/* The open batch, or a new one.  0 or an exit code (logged). */
static int
pick_batch(struct syncer *sy)
{
	const struct zrx_config *cfg = sy->cfg;
	int32_t today = zrx_config_today(cfg), last;
	char d[11];
	int rc;

	rc = zrx_catalog_since(sy->cat, &sy->since);
	if (rc < 0)
		return ZRX_EXIT_FATAL;
	if (rc == 1)
		sy->since = cfg->has_since ? cfg->since_days : today - 365;
	rc = zrx_catalog_open_batch(sy->cat, &sy->batch);
	if (rc < 0)
		return ZRX_EXIT_FATAL;
	if (rc == 1) {
		zrx_date_format(sy->batch.to_date, d);
		zrx_logm(sy->log, ZRX_INFO, &(struct zrx_logf){ .event = "resume" },
		    "batch %06lld was not finished: completing it (its day is %s)",
		    (long long)sy->batch.batch, d);
		return 0;
	}
	memset(&sy->batch, 0, sizeof(sy->batch));
	sy->batch.batch = zrx_catalog_next_batch(sy->cat);
	if (sy->batch.batch < 0)
		return ZRX_EXIT_FATAL;
	rc = zrx_catalog_last_date(sy->cat, &last);
	if (rc < 0)
		return ZRX_EXIT_FATAL;
	if (rc == 1 && last > today) {
		zrx_date_format(last, d);
		zrx_logm(sy->log, ZRX_ERROR, NULL, "the last run of this feed was on %s, after "
		    "today: is the clock right?", d);
		return ZRX_EXIT_USAGE;
	}
	sy->batch.started_ms = zrx_config_wall_ms(cfg);
	sy->batch.to_date = today;
	sy->batch.lookback = cfg->lookback_days;
	if (zrx_catalog_begin_batch(sy->cat, &sy->batch, sy->since) != 0)
		return ZRX_EXIT_FATAL;
	return 0;
}

static int
finish(struct syncer *sy, int code)
{
	struct zrx_batch_info bi;

	if (code == ZRX_EXIT_OK && sy->sum.users_failed > 0)
		code = ZRX_EXIT_PARTIAL;
	if (code != ZRX_EXIT_OK && code != ZRX_EXIT_PARTIAL) {
		if (code != ZRX_EXIT_FATAL &&
		    zrx_batch_write_errors(sy->cfg, &sy->batch, &sy->errors) != 0)
			return ZRX_EXIT_FATAL;
		if (code == ZRX_EXIT_INTERRUPTED || code == ZRX_EXIT_DAILY_LIMIT)
			zrx_logm(sy->log, ZRX_INFO, NULL, "batch %06lld is saved as far as it "
			    "went; rerun the same command to complete it",
			    (long long)sy->batch.batch);
		return code;
	}
	memset(&bi, 0, sizeof(bi));
	bi.since = sy->since;
	bi.users_ok = sy->sum.users_ok + sy->sum.users_skipped;
	bi.users_failed = sy->sum.users_failed;
	bi.requests = sy->run.cl.stats.requests;
	bi.errors = &sy->errors;
	if (zrx_batch_finish(sy->cfg, sy->cat, &sy->batch, &bi) != 0)
		return ZRX_EXIT_FATAL;
	sy->counts = bi.counts;
	return code;
}

static void
print_summary(struct syncer *sy, int code)
{
	const struct zrx_net_stats *st = &sy->run.cl.stats;
	double secs = (double)(zrx_now_ms() - sy->run.started_ms) / 1000.0;
	char in[32];

	if (!zrx_log_enabled(sy->log, ZRX_INFO))
		return;
	zrx_human_bytes(in, sizeof(in), st->bytes_in);
	zrx_logm(sy->log, ZRX_INFO, &(struct zrx_logf){ .event = "summary" },
	    "batch %06lld: users ok %llu (%llu already done), failed %llu; inserted %llu, "
	    "updated %llu, deleted %llu, unchanged %llu; requests %llu (%.1f/s), 429s %llu, "
	    "retries %llu; received %s; %.1f s", (long long)sy->batch.batch,
	    (unsigned long long)(sy->sum.users_ok + sy->sum.users_skipped),
	    (unsigned long long)sy->sum.users_skipped, (unsigned long long)sy->sum.users_failed,
	    (unsigned long long)sy->counts.inserted, (unsigned long long)sy->counts.updated,
	    (unsigned long long)sy->counts.deleted, (unsigned long long)sy->counts.unchanged,
	    (unsigned long long)st->requests, secs > 0 ? (double)st->requests / secs : 0.0,
	    (unsigned long long)st->throttled, (unsigned long long)st->retries, in, secs);
	if (sy->sum.unreadable > 0)
		zrx_logm(sy->log, ZRX_WARN, &(struct zrx_logf){ .event = "unreadable_start_time" },
		    "%llu meetings had a start_time that could not be read; each was placed on "
		    "the first day of the listing that found it", (unsigned long long)sy->sum.unreadable);
	if (sy->sum.surrogates > 0)
		zrx_logm(sy->log, ZRX_WARN, &(struct zrx_logf){ .event = "lone_surrogates" },
		    "%llu lone UTF-16 surrogates in strings; each was written as U+FFFD",
		    (unsigned long long)sy->sum.surrogates);
	(void)code;
}

int
zrx_sync(const struct zrx_config *cfg)
{
	struct syncer *sy = zrx_xcalloc(1, sizeof(*sy));
	int code;

	sy->cfg = cfg;
	sy->log = cfg->log;
	zrx_buf_init(&sy->errors);
	sy->spill_dir = zrx_xstrdup(cfg->tmpdir != NULL ? cfg->tmpdir : cfg->dir);
	code = zrx_catalog_open(&sy->cat, cfg->dir, sy->log);
	if (code == 0)
		code = pick_batch(sy);
	if (code == 0)
		code = zrx_batch_prepare_dir(cfg);
	if (code != 0)
		goto out;
	code = zrx_run_init(&sy->run, cfg, &run_ops, sy);
	if (code != 0)
		goto out;
	sy->src = zrx_usersrc_new(cfg->all_users ? ZRX_USERS_ENUMERATE : ZRX_USERS_LIST,
	    &sy->run.cl, cfg, sy->spill_dir, &src_ops, sy);
	code = zrx_run_loop(&sy->run);
	code = finish(sy, code);
	print_summary(sy, code);
	if (zrx_run_close(&sy->run) != 0)
		zrx_logm(sy->log, ZRX_WARN, NULL, "the event loop did not close cleanly");
	zrx_usersrc_free(sy->src);
out:
	while (sy->active != NULL)
		suser_free(sy, sy->active);
	zrx_catalog_close(sy->cat);
	zrx_buf_free(&sy->errors);
	free(sy->spill_dir);
	free(sy);
	return code;
}
