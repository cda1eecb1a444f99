/* export.c - `zrx export` and `zrx users`.
 *
 * Users come from the user source; each is listed window after window (a
 * split-off rest of a clamped window first), one listing at a time, its
 * records streaming into its own buffer as they parse: a page attempt that
 * fails is taken back with the buffer's mark and rollback.  Many users are
 * listed at once.  A user whose listings all ended is appended to the
 * output and committed with the next group commit. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "export.h"
#include "fsutil.h"
#include "hash.h"
#include "jsonw.h"
#include "listing.h"
#include "log.h"
#include "output.h"
#include "query.h"
#include "recfmt.h"
#include "run.h"
#include "summary.h"
#include "userbuf.h"
#include "usersrc.h"

struct user_job {
	struct exporter *ex;
	char *user;
	struct zrx_userbuf *ub;
	struct zrx_recfmt *fmt;
	struct zrx_userbuf_mark mark;   /* where the page being read began */
	uint64_t files, mark_files;
	uint64_t unreadable, mark_unreadable;
	size_t next_win;                /* next of the run's windows */
	struct zrx_window *rests;       /* split-off days, listed first (a stack) */
	size_t nrests;
	struct zrx_listing *cur;        /* the listing running, or NULL */
	int failed;
	struct user_job *prev, *next;
};

struct exporter {
	const struct zrx_config *cfg;
	struct zrx_log *log;
	enum zrx_kind kind;
	struct zrx_run run;
	struct zrx_output *out;
	struct zrx_usersrc *src;
	struct zrx_window *windows;
	size_t nwin;
	struct user_job *active;
	unsigned nactive;
	char *spill_dir;
	int io_err;                     /* a spill file failed (-errno) */
	struct zrx_summary sum;
	struct zrx_buf errors;          /* NDJSON lines of failed users */
};

/* ---- users ---- */

static struct user_job *
user_new(struct exporter *ex, const char *name)
{
	struct user_job *u = zrx_xcalloc(1, sizeof(*u));

	u->ex = ex;
	u->user = zrx_xstrdup(name);
	u->ub = zrx_userbuf_new(ex->cfg->spill_bytes, ex->spill_dir);
	u->fmt = zrx_recfmt_new(ZRX_KIND_MEETINGS, ex->cfg->format, name, strlen(name));
	u->next = ex->active;
	if (ex->active != NULL)
		ex->active->prev = u;
	ex->active = u;
	ex->nactive++;
	return u;
}

static void
user_free(struct exporter *ex, struct user_job *u)
{
	if (u->prev != NULL)
		u->prev->next = u->next;
	else
		ex->active = u->next;
	if (u->next != NULL)
		u->next->prev = u->prev;
	ex->nactive--;
	zrx_listing_free(u->cur);
	zrx_userbuf_free(u->ub);
	zrx_recfmt_free(u->fmt);
	free(u->rests);
	free(u->user);
	free(u);
}

static size_t
windows_of_user(const struct exporter *ex)
{
	return ex->cfg->trash ? 1 : ex->nwin;
}

static int
user_has_more(const struct exporter *ex, const struct user_job *u)
{
	return u->nrests > 0 || u->next_win < windows_of_user(ex);
}

/* Every listing of the user ended: to the output. */
static void
user_complete(struct exporter *ex, struct user_job *u)
{
	int err;

	if (u->failed || ex->run.stopping || ex->run.pending_stop) {
		user_free(ex, u);
		return;
	}
	err = zrx_output_add_user(ex->out, u->user, u->ub, u->files);
	if (err == 0 && ex->cfg->commit_interval_ms == 0)
		err = zrx_output_commit(ex->out);
	if (err != 0) {
		user_free(ex, u);
		zrx_run_stop(&ex->run, ZRX_EXIT_FATAL);
		return;
	}
	ex->sum.users_ok++;
	ex->sum.meetings += zrx_userbuf_count(u->ub);
	ex->sum.files += u->files;
	ex->sum.unreadable += u->unreadable;
	zrx_logm(ex->log, ZRX_DEBUG, &(struct zrx_logf){ .event = "user_done", .user = u->user },
	    "%llu meetings", (unsigned long long)zrx_userbuf_count(u->ub));
	user_free(ex, u);
}

static void
user_fail(struct exporter *ex, struct user_job *u, const struct zrx_listing *l,
          const struct zrx_result *res, const char *message)
{
	const struct zrx_listing_query *q = l != NULL ? zrx_listing_query(l) : NULL;

	if (u->failed)
		return;
	u->failed = 1;
	ex->sum.users_failed++;
	zrx_summary_error(&ex->errors, u->user, q != NULL && q->kind == ZRX_LIST_RECORDINGS ?
	    &q->win : NULL, res, message);
	zrx_logm(ex->log, ZRX_WARN, &(struct zrx_logf){ .event = "user_failed", .user = u->user,
	    .window = l != NULL ? zrx_listing_what(l) : NULL,
	    .status = res != NULL ? res->status : 0, .code = res != NULL ? res->code : -1,
	    .tracking_id = res != NULL ? res->tracking_id : NULL },
	    "failed after %u attempt%s: %s", res != NULL ? res->attempts : 0,
	    res != NULL && res->attempts == 1 ? "" : "s", message);
}

/* ---- the listings of a user ---- */

static void
page_begin(struct zrx_listing *l, void *ud)
{
	struct user_job *u = ud;

	(void)l;
	zrx_userbuf_mark(u->ub, &u->mark);
	u->mark_files = u->files;
	u->mark_unreadable = u->unreadable;
}

static void
page_abandon(struct zrx_listing *l, void *ud)
{
	struct user_job *u = ud;
	int err;

	(void)l;
	err = zrx_userbuf_rollback(u->ub, &u->mark);
	u->files = u->mark_files;
	u->unreadable = u->mark_unreadable;
	if (err != 0 && u->ex->io_err == 0) {
		u->ex->io_err = err;
		zrx_run_spill_failed(&u->ex->run, err);
	}
}

static int
write_ub(void *ud, const void *p, size_t n)
{
	return zrx_userbuf_write(ud, p, n);
}

/* A meeting without a string uuid is keyed by a digest of the object as
 * sent (compact JSON), behind a byte no uuid has: the one-day overlap of
 * windows and a restarted page then cannot write it twice. */
static int
claim(struct user_job *u, const struct zrx_item *it)
{
	unsigned char key[33];

	if (it->key != NULL)
		return zrx_userbuf_claim(u->ub, it->key, it->key_len);
	key[0] = 0x01;
	zrx_sha256(it->json, it->json_len, key + 1);
	return zrx_userbuf_claim(u->ub, (const char *)key, sizeof(key));
}

static int
item(struct zrx_listing *l, const struct zrx_item *it, const char **why, void *ud)
{
	struct user_job *u = ud;
	const struct zrx_config *cfg = u->ex->cfg;
	int32_t day;
	int err;

	if (zrx_listing_query(l)->kind == ZRX_LIST_RECORDINGS) {
		if (it->start_time != NULL &&
		    zrx_time_utc_date(it->start_time, it->start_time_len, &day) == 0) {
			if (day < cfg->from_days || day > cfg->to_days)
				return 0; /* the overlap day, or the API strayed */
		} else {
			u->unreadable++;
		}
	}
	if (!claim(u, it))
		return 0;
	err = zrx_recfmt_write(u->fmt, it, write_ub, u->ub);
	if (err != 0) {
		*why = "cannot write a temporary spill file";
		return err;
	}
	zrx_userbuf_end_record(u->ub);
	u->files += it->nfiles;
	return 0;
}

static void start_next(struct exporter *ex, struct user_job *u);

static void
split(struct zrx_listing *l, const struct zrx_window *rest, void *ud)
{
	struct user_job *u = ud;
	char a[11], b[11];

	zrx_date_format(rest->from, a);
	zrx_date_format(rest->to, b);
	zrx_logm(u->ex->log, ZRX_WARN, &(struct zrx_logf){ .event = "range_clamped",
	    .user = u->user }, "the API served less than %s asked; listing %s..%s on its own",
	    zrx_listing_what(l), a, b);
	u->rests = zrx_xrealloc(u->rests, (u->nrests + 1) * sizeof(*u->rests));
	u->rests[u->nrests++] = *rest;
}

static void
done(struct zrx_listing *l, int ok, const struct zrx_result *res, const char *why, void *ud)
{
	struct user_job *u = ud;
	struct exporter *ex = u->ex;

	u->cur = NULL;
	ex->sum.surrogates += zrx_listing_surrogates(l);
	if (ok == 0) {
		const char *msg = why;

		if (res != NULL && res->status == 404 && res->code == 1001)
			msg = "user not found";
		user_fail(ex, u, l, res, msg != NULL ? msg : "the listing failed");
	}
	zrx_listing_free(l);
	if (ok < 0) {
		/* aborted: the run stops, and the user is listed again next run */
		user_free(ex, u);
		zrx_run_maybe_finish(&ex->run);
		return;
	}
	if (ok > 0 && !ex->run.stopping && !ex->run.pending_stop && user_has_more(ex, u)) {
		start_next(ex, u);
		return;
	}
	user_complete(ex, u);
	zrx_run_maybe_finish(&ex->run);
}

static const struct zrx_listing_ops user_ops = {
	.page_begin = page_begin,
	.item = item,
	.page_abandon = page_abandon,
	.split = split,
	.done = done,
};

/* The user's next listing: a split-off rest first, then its next window. */
static void
start_next(struct exporter *ex, struct user_job *u)
{
	struct zrx_listing_query q;

	memset(&q, 0, sizeof(q));
	q.user = u->user;
	if (ex->cfg->trash) {
		q.kind = ZRX_LIST_TRASH;
		u->next_win++;
	} else if (u->nrests > 0) {
		q.kind = ZRX_LIST_RECORDINGS;
		q.win = u->rests[--u->nrests];
		q.splits = 1;
	} else {
		q.kind = ZRX_LIST_RECORDINGS;
		q.win = ex->windows[u->next_win++];
	}
	u->cur = zrx_listing_new(&ex->run.cl, &q, &user_ops, u);
	zrx_listing_start(u->cur);
}

/* ---- the run's callbacks ---- */

static void
idle(struct zrx_run *run)
{
	struct exporter *ex = run->owner;
	const char *name;

	zrx_usersrc_start(ex->src);
	if (ex->kind == ZRX_KIND_USERS)
		return;
	while (ex->nactive < zrx_client_target(&run->cl)) {
		name = zrx_usersrc_next(ex->src);
		if (name == NULL)
			return;
		if (zrx_output_user_done(ex->out, name)) {
			ex->sum.users_skipped++;
			continue;
		}
		start_next(ex, user_new(ex, name));
		return; /* one request at a time: the client asks again */
	}
}

static int
work_left(struct zrx_run *run)
{
	struct exporter *ex = run->owner;

	return ex->nactive > 0 || !zrx_usersrc_exhausted(ex->src);
}

static int
commit(struct zrx_run *run)
{
	struct exporter *ex = run->owner;

	if (zrx_output_uncommitted(ex->out) == 0)
		return 0;
	return zrx_output_commit(ex->out);
}

static void
progress(struct zrx_run *run, struct zrx_progress *p)
{
	struct exporter *ex = run->owner;

	p->users_failed = ex->sum.users_failed;
	p->total_known = zrx_usersrc_total_known(ex->src);
	p->users_total = zrx_usersrc_total(ex->src);
	if (ex->cfg->all_users || ex->kind == ZRX_KIND_USERS)
		/* users committed earlier are met again, and skipped, as listed */
		p->users_done = ex->sum.users_ok + ex->sum.users_failed + ex->sum.users_skipped;
	else
		p->users_done = zrx_output_users_before(ex->out) + ex->sum.users_ok +
		    ex->sum.users_failed;
	p->meetings = ex->kind == ZRX_KIND_USERS ? zrx_usersrc_total(ex->src) :
	    zrx_output_records(ex->out);
}

static const struct zrx_run_ops run_ops = {
	.idle = idle,
	.work_left = work_left,
	.commit = commit,
	.progress = progress,
};

/* ---- the user source's callbacks ---- */

static void
src_failed(void *ud, const char *what, const struct zrx_result *res, const char *why)
{
	struct exporter *ex = ud;

	zrx_run_listing_failed(&ex->run, what, res, why);
}

static void
src_io_error(void *ud, int err)
{
	struct exporter *ex = ud;

	zrx_run_spill_failed(&ex->run, err);
}

static void
src_bad_user(void *ud, const char *id, size_t len, const char *why)
{
	struct exporter *ex = ud;

	ex->sum.users_failed++;
	zrx_summary_error_n(&ex->errors, id, len, NULL, NULL, why);
	zrx_run_bad_user(&ex->run, id, len, "exported", why);
}

static const struct zrx_usersrc_ops src_ops = {
	.failed = src_failed,
	.io_error = src_io_error,
	.bad_user = src_bad_user,
};

/* ---- the run ---- */

static int
finish(struct exporter *ex, int code)
{
	const struct zrx_config *cfg = ex->cfg;
	struct zrx_run_info info;

	if (code == ZRX_EXIT_OK && ex->sum.users_failed > 0)
		code = ZRX_EXIT_PARTIAL;
	if (code == ZRX_EXIT_OK || code == ZRX_EXIT_PARTIAL) {
		if (ex->kind == ZRX_KIND_USERS &&
		    zrx_output_add_user(ex->out, "users", zrx_usersrc_records(ex->src), 0) != 0)
			return ZRX_EXIT_FATAL;
		memset(&info, 0, sizeof(info));
		info.started_ms = ex->run.started_wall;
		info.users_ok = ex->sum.users_ok;
		info.users_failed = ex->sum.users_failed;
		info.errors = &ex->errors;
		info.requests = ex->run.cl.stats.requests;
		if (zrx_output_finish(ex->out, &info) != 0)
			return ZRX_EXIT_FATAL;
		return code;
	}
	if (code != ZRX_EXIT_FATAL) {
		/* interrupted, daily limit, auth: keep what is finished */
		if (zrx_output_commit(ex->out) != 0 ||
		    zrx_output_write_errors(ex->out, &ex->errors) != 0)
			return ZRX_EXIT_FATAL;
		if ((code == ZRX_EXIT_INTERRUPTED || code == ZRX_EXIT_DAILY_LIMIT) &&
		    cfg->state != NULL)
			zrx_logm(ex->log, ZRX_INFO, NULL,
			    "state saved in %s; rerun the same command to resume", cfg->state);
	}
	return code;
}

static int
open_output(struct exporter *ex)
{
	char *query = zrx_query_line(ex->cfg, ex->kind);
	int complete = 0, code;

	code = zrx_output_open(&ex->out, ex->cfg, ex->kind, query, &complete);
	free(query);
	if (code != 0)
		return code;
	if (complete) {
		zrx_logm(ex->log, ZRX_INFO, &(struct zrx_logf){ .event = "already_complete" },
		    "this export already completed (%llu users, %llu meetings in %s); "
		    "nothing to do", (unsigned long long)zrx_output_users_before(ex->out),
		    (unsigned long long)zrx_output_records(ex->out), zrx_output_path(ex->out));
		return -1;
	}
	return 0;
}

int
zrx_export(const struct zrx_config *cfg, enum zrx_kind kind)
{
	struct exporter *ex = zrx_xcalloc(1, sizeof(*ex));
	enum zrx_usersrc_mode mode;
	int code;

	ex->cfg = cfg;
	ex->log = cfg->log;
	ex->kind = kind;
	zrx_buf_init(&ex->errors);
	/* spill files go beside the output: /tmp is often a small tmpfs */
	if (cfg->tmpdir != NULL)
		ex->spill_dir = zrx_xstrdup(cfg->tmpdir);
	else if (strcmp(cfg->output, "-") != 0)
		ex->spill_dir = zrx_dirname(cfg->output);
	if (kind == ZRX_KIND_MEETINGS && !cfg->trash)
		ex->nwin = zrx_windows_make(cfg->from_days, cfg->to_days, &ex->windows);
	code = open_output(ex);
	if (code != 0) {
		code = code < 0 ? ZRX_EXIT_OK : code;
		goto out;
	}
	code = zrx_run_init(&ex->run, cfg, &run_ops, ex);
	if (code != 0)
		goto out;
	mode = kind == ZRX_KIND_USERS ? ZRX_USERS_COLLECT :
	    cfg->all_users ? ZRX_USERS_ENUMERATE : ZRX_USERS_LIST;
	ex->src = zrx_usersrc_new(mode, &ex->run.cl, cfg, ex->spill_dir, &src_ops, ex);
	code = zrx_run_loop(&ex->run);
	code = finish(ex, code);
	ex->sum.elapsed_ms = zrx_now_ms() - ex->run.started_ms;
	zrx_summary_print(ex->log, &ex->sum, &ex->run.cl.stats, ex->out, cfg, kind,
	    code, zrx_usersrc_total(ex->src));
	if (zrx_run_close(&ex->run) != 0)
		zrx_logm(ex->log, ZRX_WARN, NULL, "the event loop did not close cleanly");
	zrx_usersrc_free(ex->src);
out:
	while (ex->active != NULL)
		user_free(ex, ex->active);
	zrx_output_close(ex->out);
	zrx_buf_free(&ex->errors);
	free(ex->windows);
	free(ex->spill_dir);
	free(ex);
	return code;
}
