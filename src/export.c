/* export.c - the scheduler: users, month windows, pagination chains,
 * per-user buffers and commits.  `zrx export` and `zrx users`. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "fsutil.h"
#include "http.h"
#include "jsonw.h"
#include "log.h"
#include "output.h"
#include "progress.h"
#include "recparse.h"
#include "sha256.h"
#include "urlenc.h"
#include "userbuf.h"
#include "windows.h"

#define MAX_WINDOW_RESTARTS 10
#define MAX_PAGES 100000

struct user_job {
	char *user;
	struct zrx_userbuf *ub;
	size_t next_win;       /* next window to start */
	unsigned active;       /* chains running */
	int failed;
	uint64_t files;
	struct user_job *prev, *next;
};

/* One staged item of a page: offsets into the chain's stage buffer. */
struct staged {
	size_t key_off, key_len;  /* key_len == SIZE_MAX: no key */
	size_t rec_off, rec_len;
	size_t nfiles;
};

/* One listing: a window of a user's recordings, or one status of GET /users. */
struct chain {
	struct zrx_req req;
	struct exporter *ex;
	struct user_job *u;        /* NULL: a users listing */
	struct zrx_window win;     /* the dates this listing covers */
	int has_win;               /* 0: trash or a users listing */
	int split_done;            /* a clamped range was handed on already */
	const char *status;        /* users listing: the status */
	char *page_token;          /* NULL: first page */
	unsigned restarts;
	unsigned pages;
	struct zrx_recparse *parser;
	struct zrx_buf stage;
	struct staged *items;
	size_t nitems, capitems;
	uint64_t unreadable;
	char *url;
};

struct exporter {
	const struct zrx_config *cfg;
	enum zrx_kind kind;        /* what the run writes */
	struct zrx_client cl;
	struct zrx_output *out;
	struct zrx_progress prog;
	uv_timer_t commit_timer;
	uv_timer_t progress_timer;
	uv_signal_t sigint, sigterm;
	int handles_open;

	struct zrx_window *windows;
	size_t nwin;
	struct zrx_window trash_win;

	/* user source */
	size_t next_listed;        /* index into cfg->users */
	char **found;              /* users found by enumeration, FIFO */
	size_t nfound, capfound, next_found;
	struct zrx_userbuf *seen;  /* ids already queued (a user in two statuses) */
	unsigned listings_running;
	int listings_started;
	unsigned max_active;

	struct user_job *active;   /* users being exported */
	unsigned nactive;

	char *spill_dir;           /* --tmpdir, else beside a file output */

	/* users command: every user goes here */
	struct zrx_userbuf *all;

	/* outcome */
	int exit_code;
	int stopping;
	int finished;              /* no more work: handles closed */
	uint64_t users_ok, users_failed, users_skipped;
	uint64_t meetings, files, unreadable;
	struct zrx_buf errors;
	uint64_t started_ms;
	int64_t started_wall;
};

static void maybe_finish(struct exporter *ex);
static void stop_run(struct exporter *ex, int code);
static void submit_chain(struct chain *c, enum zrx_prio prio);
static struct chain *chain_new(struct exporter *ex, struct user_job *u,
                               const struct zrx_window *w, const char *status);

/* ---- helpers ---- */

static void
window_text(const struct chain *c, char out[32])
{
	char a[11], b[11];

	if (!c->has_win) {
		snprintf(out, 32, "%s", c->u != NULL ? "trash" : "users");
		return;
	}
	zrx_date_format(c->win.from, a);
	zrx_date_format(c->win.to, b);
	snprintf(out, 32, "%s..%s", a, b);
}

static void
add_error(struct exporter *ex, const char *user, const struct chain *c,
          const struct zrx_result *res, const char *message)
{
	struct zrx_buf *b = &ex->errors;
	char d[11];

	zrx_buf_puts(b, "{\"user\":");
	zrx_json_cstr(b, user);
	zrx_buf_puts(b, ",\"from\":");
	if (c == NULL || !c->has_win) {
		zrx_buf_puts(b, "null,\"to\":null");
	} else {
		zrx_date_format(c->win.from, d);
		zrx_json_cstr(b, d);
		zrx_buf_puts(b, ",\"to\":");
		zrx_date_format(c->win.to, d);
		zrx_json_cstr(b, d);
	}
	zrx_buf_puts(b, ",\"http_status\":");
	if (res != NULL && res->status > 0)
		zrx_buf_printf(b, "%ld", res->status);
	else
		zrx_buf_puts(b, "null");
	zrx_buf_puts(b, ",\"code\":");
	if (res != NULL && res->code >= 0)
		zrx_buf_printf(b, "%ld", res->code);
	else
		zrx_buf_puts(b, "null");
	zrx_buf_puts(b, ",\"message\":");
	zrx_json_cstr(b, message);
	zrx_buf_printf(b, ",\"attempts\":%u,\"tracking_id\":", res != NULL ? res->attempts : 0);
	zrx_json_cstr(b, res != NULL && res->tracking_id[0] ? res->tracking_id : NULL);
	zrx_buf_puts(b, "}\n");
}

/* ---- user jobs ---- */

static struct user_job *
user_new(struct exporter *ex, const char *user)
{
	struct user_job *u = zrx_xcalloc(1, sizeof(*u));

	u->user = zrx_xstrdup(user);
	u->ub = zrx_userbuf_new(ex->cfg->spill_bytes, ex->spill_dir);
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
	zrx_userbuf_free(u->ub);
	free(u->user);
	free(u);
}

static size_t
user_windows(const struct exporter *ex)
{
	return ex->cfg->trash ? 1 : ex->nwin;
}

/* A user's last chain ended. */
static void
user_complete(struct exporter *ex, struct user_job *u)
{
	int err;

	if (u->failed || ex->stopping) {
		user_free(ex, u);
		return;
	}
	err = zrx_output_add_user(ex->out, u->user, u->ub, u->files);
	if (err != 0) {
		user_free(ex, u);
		stop_run(ex, ZRX_EXIT_FATAL);
		return;
	}
	if (ex->cfg->commit_interval_ms == 0 && zrx_output_commit(ex->out) != 0) {
		user_free(ex, u);
		stop_run(ex, ZRX_EXIT_FATAL);
		return;
	}
	ex->users_ok++;
	ex->meetings += zrx_userbuf_count(u->ub);
	ex->files += u->files;
	zrx_logm(ZRX_DEBUG, &(struct zrx_logf){ .event = "user_done", .user = u->user },
	    "%llu meetings", (unsigned long long)zrx_userbuf_count(u->ub));
	user_free(ex, u);
}

static void
user_fail(struct exporter *ex, struct user_job *u, struct chain *c,
          const struct zrx_result *res, const char *message)
{
	char win[32];

	if (u->failed)
		return;
	u->failed = 1;
	ex->users_failed++;
	window_text(c, win);
	add_error(ex, u->user, c, res, message);
	zrx_logm(ZRX_WARN, &(struct zrx_logf){ .event = "user_failed", .user = u->user,
	    .window = win, .status = res != NULL ? res->status : 0,
	    .code = res != NULL ? res->code : -1,
	    .tracking_id = res != NULL ? res->tracking_id : NULL },
	    "failed after %u attempt%s: %s", res != NULL ? res->attempts : 0,
	    res != NULL && res->attempts == 1 ? "" : "s", message);
}

/* ---- chains ---- */

static int
item_cb(void *ud, const struct zrx_item *it)
{
	struct chain *c = ud;
	struct exporter *ex = c->ex;
	struct staged *s;

	if (c->u != NULL && !ex->cfg->trash) {
		int32_t day;

		if (it->start_time != NULL &&
		    zrx_time_utc_date(it->start_time, it->start_time_len, &day) == 0) {
			if (day < ex->cfg->from_days || day > ex->cfg->to_days)
				return 0; /* the overlap day, or the API strayed */
		} else {
			c->unreadable++;
		}
	}
	if (c->nitems == c->capitems) {
		c->capitems = c->capitems ? c->capitems * 2 : 64;
		c->items = zrx_xrealloc(c->items, c->capitems * sizeof(*c->items));
	}
	s = &c->items[c->nitems++];
	s->key_off = c->stage.len;
	s->key_len = SIZE_MAX;
	if (it->key != NULL) {
		s->key_len = it->key_len;
		zrx_buf_append(&c->stage, it->key, it->key_len);
	} else if (c->u == NULL && ex->kind == ZRX_KIND_USERS && it->email != NULL) {
		/* a pending user has no id: its email keeps a restarted listing
		 * from writing it twice (a prefix no id has keeps them apart) */
		s->key_len = it->email_len + 1;
		zrx_buf_putc(&c->stage, '@');
		zrx_buf_append(&c->stage, it->email, it->email_len);
	}
	s->rec_off = c->stage.len;
	s->rec_len = it->rec_len;
	zrx_buf_append(&c->stage, it->rec, it->rec_len);
	s->nfiles = it->nfiles;
	return 0;
}

static void
chain_begin(struct zrx_req *r)
{
	struct chain *c = r->ud;
	struct exporter *ex = c->ex;
	const char *user = c->u != NULL ? c->u->user : "";
	enum zrx_kind kind = c->u != NULL ? ZRX_KIND_MEETINGS : ZRX_KIND_USERS;

	zrx_recparse_free(c->parser);
	c->parser = zrx_recparse_new(kind, ex->cfg->format, user, strlen(user), item_cb, c);
	zrx_buf_reset(&c->stage);
	c->nitems = 0;
	c->unreadable = 0;
}

static int
chain_body(struct zrx_req *r, const char *p, size_t n)
{
	struct chain *c = r->ud;

	if (zrx_recparse_feed(c->parser, p, n) != 0) {
		snprintf(r->why, sizeof(r->why), "%s", zrx_recparse_error(c->parser));
		return -1;
	}
	return 0;
}

static int
chain_end(struct zrx_req *r)
{
	struct chain *c = r->ud;

	if (zrx_recparse_finish(c->parser) != 0) {
		snprintf(r->why, sizeof(r->why), "%s", zrx_recparse_error(c->parser));
		return -1;
	}
	return 0;
}

static void
chain_free(struct chain *c)
{
	zrx_recparse_free(c->parser);
	zrx_buf_free(&c->stage);
	free(c->items);
	free(c->page_token);
	free(c->url);
	free(c);
}

static void
build_url(struct chain *c)
{
	const struct zrx_config *cfg = c->ex->cfg;
	struct zrx_buf b;
	char d[11];

	zrx_buf_init(&b);
	zrx_buf_puts(&b, cfg->base_url);
	if (c->u == NULL) {
		zrx_buf_printf(&b, "/users?status=%s&page_size=%d", c->status,
		    cfg->page_size);
	} else {
		zrx_buf_puts(&b, "/users/");
		zrx_url_encode(&b, c->u->user, strlen(c->u->user));
		zrx_buf_printf(&b, "/recordings?page_size=%d", cfg->page_size);
		if (cfg->trash) {
			zrx_buf_puts(&b, "&trash=true");
			if (cfg->trash_type != NULL) {
				zrx_buf_puts(&b, "&trash_type=");
				zrx_url_encode(&b, cfg->trash_type, strlen(cfg->trash_type));
			}
		} else {
			zrx_date_format(c->win.from, d);
			zrx_buf_printf(&b, "&from=%s", d);
			zrx_date_format(c->win.req_to, d);
			zrx_buf_printf(&b, "&to=%s", d);
		}
		if (cfg->mc != NULL) {
			zrx_buf_puts(&b, "&mc=");
			zrx_url_encode(&b, cfg->mc, strlen(cfg->mc));
		}
		if (cfg->meeting_id != NULL) {
			zrx_buf_puts(&b, "&meeting_id=");
			zrx_url_encode(&b, cfg->meeting_id, strlen(cfg->meeting_id));
		}
	}
	if (c->page_token != NULL) {
		zrx_buf_puts(&b, "&next_page_token=");
		zrx_url_encode(&b, c->page_token, strlen(c->page_token));
	}
	free(c->url);
	c->url = b.data;
}

static void enqueue_found(struct exporter *ex, const char *id, size_t len);

/* A page arrived whole: its items count now. */
static int
apply_page(struct chain *c)
{
	struct exporter *ex = c->ex;

	for (size_t i = 0; i < c->nitems; i++) {
		struct staged *s = &c->items[i];
		const char *key = s->key_len == SIZE_MAX ? NULL : c->stage.data + s->key_off;
		size_t klen = s->key_len == SIZE_MAX ? 0 : s->key_len;
		int added;

		if (c->u == NULL) {
			if (ex->kind == ZRX_KIND_USERS) {
				added = zrx_userbuf_add(ex->all, key, klen, c->stage.data + s->rec_off,
				    s->rec_len);
				if (added < 0)
					return added;
			} else if (key != NULL) {
				enqueue_found(ex, key, klen);
			}
			continue;
		}
		added = zrx_userbuf_add(c->u->ub, key, klen, c->stage.data + s->rec_off, s->rec_len);
		if (added < 0)
			return added;
		if (added == 1)
			c->u->files += s->nfiles;
	}
	ex->unreadable += c->unreadable;
	return 0;
}

/*
 * The API answers a range longer than it allows by silently serving less,
 * and says so in the response's "from".  zrx's windows never exceed a
 * calendar month, but should the API's notion of a month be shorter, the
 * days it left out get a listing of their own (overlapping by a day, as
 * windows do).  Returns nonzero if the run must stop.
 */
static int
split_if_clamped(struct chain *c)
{
	const char *from = zrx_recparse_from(c->parser);
	struct chain *rest;
	struct zrx_window w;
	int32_t served;
	char a[11], b[11];

	if (c->split_done || from[0] == '\0' || zrx_date_parse(from, &served) != 0 ||
	    served <= c->win.from)
		return 0;
	c->split_done = 1;
	w.from = c->win.from;
	w.to = served;
	w.req_to = served;
	if (w.req_to <= w.from)
		w.req_to = w.from + 1;
	zrx_date_format(c->win.from, a);
	zrx_date_format(served, b);
	zrx_logm(ZRX_WARN, &(struct zrx_logf){ .event = "range_clamped", .user = c->u->user },
	    "the API served from %s though %s was asked; listing %s..%s on its own", b, a, a, b);
	rest = chain_new(c->ex, c->u, &w, NULL);
	c->u->active++;
	submit_chain(rest, ZRX_PRIO_CONTINUE);
	return c->ex->stopping;
}

static void
chain_done(struct zrx_req *r, const struct zrx_result *res)
{
	struct chain *c = r->ud;
	struct exporter *ex = c->ex;
	struct user_job *u = c->u;
	char win[32];

	if (res->ok < 0 || ex->stopping)
		goto end;
	if (u != NULL && u->failed)
		goto end;
	window_text(c, win);

	if (res->ok > 0) {
		const char *tok = zrx_recparse_next_page_token(c->parser);
		int err = apply_page(c);

		if (err != 0) {
			zrx_logm(ZRX_ERROR, NULL, "cannot write a temporary spill file: %s",
			    strerror(-err));
			stop_run(ex, ZRX_EXIT_FATAL);
			goto end;
		}
		if (c->pages == 0 && c->has_win && split_if_clamped(c) != 0)
			goto end;
		c->pages++;
		zrx_logm(ZRX_DEBUG, &(struct zrx_logf){ .event = "page", .user = u ? u->user : NULL,
		    .window = win, .status = res->status }, "page %u: %zu items", c->pages, c->nitems);
		if (tok != NULL && tok[0] != '\0') {
			/* a server that pages forever must not hold the run */
			if ((c->page_token != NULL && strcmp(tok, c->page_token) == 0) ||
			    c->pages >= MAX_PAGES) {
				const char *why = c->pages >= MAX_PAGES ?
				    "the listing did not end after 100000 pages" :
				    "the API answered the same next_page_token again";

				if (u == NULL) {
					zrx_logm(ZRX_ERROR, NULL, "cannot list the account's users: %s", why);
					stop_run(ex, ZRX_EXIT_FATAL);
				} else {
					user_fail(ex, u, c, res, why);
				}
				goto end;
			}
			free(c->page_token);
			c->page_token = zrx_xstrdup(tok);
			submit_chain(c, ZRX_PRIO_CONTINUE);
			return;
		}
		goto end;
	}

	/* failed for good */
	if (res->page_token_sent && res->status >= 400 && res->status < 500 &&
	    c->restarts < MAX_WINDOW_RESTARTS) {
		/* the page token expired (or was refused): the listing starts over;
		 * the de-duplication by uuid keeps the output exact */
		c->restarts++;
		zrx_logm(ZRX_WARN, &(struct zrx_logf){ .event = "listing_restart",
		    .user = u ? u->user : NULL, .window = win, .status = res->status,
		    .code = res->code, .tracking_id = res->tracking_id },
		    "next_page_token refused (%s); listing this window again from its first page",
		    res->message);
		free(c->page_token);
		c->page_token = NULL;
		c->pages = 0;
		submit_chain(c, ZRX_PRIO_CONTINUE);
		return;
	}
	if (u == NULL) {
		zrx_logm(ZRX_ERROR, &(struct zrx_logf){ .event = "listing_failed",
		    .status = res->status, .code = res->code, .tracking_id = res->tracking_id },
		    "cannot list the account's %s users after %u attempts: %s", c->status,
		    res->attempts, res->message);
		stop_run(ex, ZRX_EXIT_FATAL);
		goto end;
	}
	if (res->status == 404 && res->code == 1001)
		user_fail(ex, u, c, res, "user not found");
	else
		user_fail(ex, u, c, res, res->message);
end:
	if (u != NULL) {
		u->active--;
		if (u->active == 0 && (u->failed || ex->stopping || u->next_win >= user_windows(ex)))
			user_complete(ex, u);
	} else {
		ex->listings_running--;
	}
	chain_free(c);
	maybe_finish(ex);
}

static void
submit_chain(struct chain *c, enum zrx_prio prio)
{
	build_url(c);
	c->req.url = c->url;
	c->req.prio = prio;
	c->req.page_token_sent = c->page_token != NULL;
	zrx_client_submit(&c->ex->cl, &c->req);
}

static struct chain *
chain_new(struct exporter *ex, struct user_job *u, const struct zrx_window *w,
          const char *status)
{
	struct chain *c = zrx_xcalloc(1, sizeof(*c));

	c->ex = ex;
	c->u = u;
	if (w != NULL && !ex->cfg->trash) {
		c->win = *w;
		c->has_win = 1;
	}
	c->status = status;
	zrx_buf_init(&c->stage);
	c->req.ud = c;
	c->req.on_begin = chain_begin;
	c->req.on_body = chain_body;
	c->req.on_end = chain_end;
	c->req.on_done = chain_done;
	return c;
}

/* ---- feeding work ---- */

static void
enqueue_found(struct exporter *ex, const char *id, size_t len)
{
	int added = zrx_userbuf_add(ex->seen, id, len, "", 0);

	if (added != 1)
		return; /* listed under two statuses: once is enough */
	if (ex->nfound == ex->capfound) {
		ex->capfound = ex->capfound ? ex->capfound * 2 : 256;
		ex->found = zrx_xrealloc(ex->found, ex->capfound * sizeof(*ex->found));
	}
	/* no kick: the client pumps for work once this page's on_done returns */
	ex->found[ex->nfound++] = zrx_xstrndup(id, len);
}

/* The next user to export, or NULL (none now). */
static const char *
next_user(struct exporter *ex)
{
	const struct zrx_config *cfg = ex->cfg;

	for (;;) {
		const char *u;

		if (cfg->all_users) {
			if (ex->next_found >= ex->nfound)
				return NULL;
			u = ex->found[ex->next_found++];
		} else {
			if (ex->next_listed >= cfg->nusers)
				return NULL;
			u = cfg->users[ex->next_listed++];
		}
		if (zrx_output_user_done(ex->out, u)) {
			ex->users_skipped++;
			continue;
		}
		return u;
	}
}

static const char *const status_names[] = { "active", "inactive", "pending" };

static void
start_listings(struct exporter *ex)
{
	ex->listings_started = 1;
	for (unsigned i = 0; i < 3; i++) {
		struct chain *c;

		if (!(ex->cfg->user_status & (1u << i)))
			continue;
		/* pending users have no id and no recordings */
		if (ex->kind == ZRX_KIND_MEETINGS && (1u << i) == ZRX_STATUS_PENDING)
			continue;
		c = chain_new(ex, NULL, NULL, status_names[i]);
		ex->listings_running++;
		submit_chain(c, ZRX_PRIO_NEW);
	}
}

static void
on_idle(struct zrx_client *cl)
{
	struct exporter *ex = cl->ud;
	struct user_job *u;
	const char *name;

	if (ex->stopping)
		return;
	if ((ex->cfg->all_users || ex->kind == ZRX_KIND_USERS) && !ex->listings_started) {
		start_listings(ex);
		return;
	}
	if (ex->kind == ZRX_KIND_USERS)
		return;
	/* finish the users in progress first: their memory goes sooner */
	for (u = ex->active; u != NULL; u = u->next) {
		if (!u->failed && u->next_win < user_windows(ex)) {
			struct chain *c = chain_new(ex, u, ex->cfg->trash ? &ex->trash_win :
			    &ex->windows[u->next_win], NULL);

			u->next_win++;
			u->active++;
			submit_chain(c, ZRX_PRIO_NEW);
			return;
		}
	}
	if (ex->nactive >= ex->max_active)
		return;
	name = next_user(ex);
	if (name == NULL) {
		maybe_finish(ex);
		return;
	}
	u = user_new(ex, name);
	{
		struct chain *c = chain_new(ex, u, ex->cfg->trash ? &ex->trash_win : &ex->windows[0],
		    NULL);

		u->next_win = 1;
		u->active = 1;
		submit_chain(c, ZRX_PRIO_NEW);
	}
}

/* ---- run control ---- */

static void
close_handles(struct exporter *ex)
{
	if (!ex->handles_open)
		return;
	ex->handles_open = 0;
	uv_close((uv_handle_t *)&ex->commit_timer, NULL);
	uv_close((uv_handle_t *)&ex->progress_timer, NULL);
	uv_close((uv_handle_t *)&ex->sigint, NULL);
	uv_close((uv_handle_t *)&ex->sigterm, NULL);
}

/* Anything still to do?  Users not yet taken may all turn out to be
 * committed already: next_user() skips those, and the next on_idle finds
 * the list exhausted. */
static int
work_left(struct exporter *ex)
{
	if (ex->nactive > 0 || ex->listings_running > 0)
		return 1;
	if (ex->kind == ZRX_KIND_USERS || ex->cfg->all_users) {
		if (!ex->listings_started)
			return 1;
		return ex->kind == ZRX_KIND_MEETINGS && ex->next_found < ex->nfound;
	}
	return ex->next_listed < ex->cfg->nusers;
}

static void
maybe_finish(struct exporter *ex)
{
	if (ex->finished)
		return;
	if (!ex->stopping && work_left(ex))
		return;
	if (ex->stopping && zrx_client_pending(&ex->cl) > 0)
		return;
	ex->finished = 1;
	close_handles(ex);
}

static void
stop_run(struct exporter *ex, int code)
{
	if (ex->exit_code == 0 || ex->exit_code == ZRX_EXIT_PARTIAL)
		ex->exit_code = code;
	if (ex->stopping)
		return;
	ex->stopping = 1;
	zrx_client_stop(&ex->cl);
	maybe_finish(ex);
}

static void
on_fatal(struct zrx_client *cl, int code, const char *msg)
{
	struct exporter *ex = cl->ud;

	if (!ex->stopping)
		zrx_logm(ZRX_ERROR, &(struct zrx_logf){ .event = "fatal" }, "%s", msg);
	stop_run(ex, code);
}

static void
signal_cb(uv_signal_t *h, int signum)
{
	struct exporter *ex = h->data;

	/* a second signal gets the default action: the state is consistent */
	uv_signal_stop(&ex->sigint);
	uv_signal_stop(&ex->sigterm);
	zrx_logm(ZRX_WARN, &(struct zrx_logf){ .event = "interrupted" },
	    "%s: stopping; finished users are committed, rerun the same command to resume",
	    signum == SIGINT ? "interrupted" : "terminated");
	stop_run(ex, ZRX_EXIT_INTERRUPTED);
}

static void
commit_cb(uv_timer_t *t)
{
	struct exporter *ex = t->data;

	if (ex->stopping || zrx_output_uncommitted(ex->out) == 0)
		return;
	if (zrx_output_commit(ex->out) != 0)
		stop_run(ex, ZRX_EXIT_FATAL);
}

static void
fill_progress(struct exporter *ex, struct zrx_progress_data *d)
{
	memset(d, 0, sizeof(*d));
	if (ex->cfg->all_users) {
		/* users committed earlier are met again, and skipped, as listed */
		d->total_known = ex->listings_started && ex->listings_running == 0;
		d->users_total = ex->nfound;
		d->users_done = ex->users_ok + ex->users_failed + ex->users_skipped;
	} else {
		d->total_known = 1;
		d->users_total = ex->cfg->nusers;
		d->users_done = zrx_output_users_before(ex->out) + ex->users_ok + ex->users_failed;
	}
	d->users_failed = ex->users_failed;
	d->meetings = ex->kind == ZRX_KIND_USERS ? (ex->all ? zrx_userbuf_count(ex->all) : 0) :
	    zrx_output_records(ex->out);
	d->requests = ex->cl.stats.requests;
	d->throttled = ex->cl.stats.throttled;
	d->retries = ex->cl.stats.retries;
	d->bytes_in = ex->cl.stats.bytes_in;
	d->elapsed_ms = zrx_now_ms() - ex->started_ms;
}

static void
progress_cb(uv_timer_t *t)
{
	struct exporter *ex = t->data;
	struct zrx_progress_data d;

	fill_progress(ex, &d);
	zrx_progress_tick(&ex->prog, &d, zrx_now_ms());
}

static void
progress_hook(void *ud)
{
	zrx_progress_clear(ud);
}

/* The query as the state file names it: what decides the output. */
static char *
query_line(const struct exporter *ex)
{
	const struct zrx_config *cfg = ex->cfg;
	struct zrx_buf b;
	char d[11];

	zrx_buf_init(&b);
	zrx_buf_puts(&b, "{\"command\":\"export\",\"from\":");
	if (cfg->trash) {
		zrx_buf_puts(&b, "null,\"to\":null");
	} else {
		zrx_date_format(cfg->from_days, d);
		zrx_json_cstr(&b, d);
		zrx_date_format(cfg->to_days, d);
		zrx_buf_puts(&b, ",\"to\":");
		zrx_json_cstr(&b, d);
	}
	zrx_buf_printf(&b, ",\"trash\":%s,\"trash_type\":", cfg->trash ? "true" : "false");
	zrx_json_cstr(&b, cfg->trash_type);
	zrx_buf_puts(&b, ",\"mc\":");
	zrx_json_cstr(&b, cfg->mc);
	zrx_buf_puts(&b, ",\"meeting_id\":");
	zrx_json_cstr(&b, cfg->meeting_id);
	zrx_buf_puts(&b, ",\"users\":");
	if (cfg->all_users) {
		zrx_buf_puts(&b, "\"all-users:");
		for (unsigned i = 0; i < 2; i++)
			if (cfg->user_status & (1u << i))
				zrx_buf_printf(&b, "%s%s", status_names[i],
				    i == 0 && (cfg->user_status & 2u) ? "," : "");
		zrx_buf_putc(&b, '"');
	} else {
		/* the set of users, independent of its order */
		struct zrx_sha256 h;
		unsigned char dg[32];
		char hex[65];
		char **sorted = zrx_xmalloc((cfg->nusers ? cfg->nusers : 1) * sizeof(*sorted));

		memcpy(sorted, cfg->users, cfg->nusers * sizeof(*sorted));
		qsort(sorted, cfg->nusers, sizeof(*sorted), zrx_strptr_cmp);
		zrx_sha256_init(&h);
		for (size_t i = 0; i < cfg->nusers; i++)
			zrx_sha256_update(&h, sorted[i], strlen(sorted[i]) + 1);
		zrx_sha256_final(&h, dg);
		zrx_sha256_hex(dg, hex);
		free(sorted);
		zrx_buf_printf(&b, "\"list:%zu:%s\"", cfg->nusers, hex);
	}
	zrx_buf_printf(&b, ",\"format\":\"%s\",\"gzip\":%s,\"split_bytes\":%llu}",
	    cfg->format == ZRX_FORMAT_CSV ? "csv" : "ndjson", cfg->gzip_level >= 0 ? "true" : "false",
	    (unsigned long long)cfg->split_bytes);
	return b.data;
}

static void
human_bytes(char *out, size_t n, uint64_t v)
{
	const char *u[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double d = (double)v;
	int i = 0;

	while (d >= 1024 && i < 4) {
		d /= 1024;
		i++;
	}
	snprintf(out, n, i == 0 ? "%.0f %s" : "%.1f %s", d, u[i]);
}

static void
print_summary(struct exporter *ex)
{
	const struct zrx_config *cfg = ex->cfg;
	const struct zrx_net_stats *st = &ex->cl.stats;
	uint64_t el = zrx_now_ms() - ex->started_ms;
	char in[32], outb[32];
	double secs = (double)el / 1000.0;

	if (cfg->quiet)
		return;
	human_bytes(in, sizeof(in), st->bytes_in);
	human_bytes(outb, sizeof(outb), zrx_output_bytes(ex->out));
	if (ex->kind == ZRX_KIND_USERS) {
		zrx_logm(ZRX_INFO, &(struct zrx_logf){ .event = "summary" },
		    "users listed %llu; requests %llu, 429s %llu, retries %llu; received %s, wrote %s; "
		    "%.1f s; output %s",
		    (unsigned long long)(ex->all ? zrx_userbuf_count(ex->all) : 0),
		    (unsigned long long)st->requests, (unsigned long long)st->throttled,
		    (unsigned long long)st->retries, in, outb, secs, zrx_output_path(ex->out));
		return;
	}
	zrx_logm(ZRX_INFO, &(struct zrx_logf){ .event = "summary" },
	    "users ok %llu (%llu already done), failed %llu; meetings %llu, files %llu "
	    "(this run: %llu meetings); requests %llu (%.1f/s), 429s %llu, retries %llu; "
	    "received %s, wrote %s; %.1f s",
	    (unsigned long long)(ex->users_ok + zrx_output_users_before(ex->out)),
	    (unsigned long long)zrx_output_users_before(ex->out),
	    (unsigned long long)ex->users_failed,
	    (unsigned long long)zrx_output_records(ex->out),
	    (unsigned long long)zrx_output_files(ex->out), (unsigned long long)ex->meetings,
	    (unsigned long long)st->requests, secs > 0 ? (double)st->requests / secs : 0.0,
	    (unsigned long long)st->throttled, (unsigned long long)st->retries, in, outb, secs);
	if (ex->unreadable > 0)
		zrx_logm(ZRX_WARN, &(struct zrx_logf){ .event = "unreadable_start_time" },
		    "%llu meetings had a start_time that could not be read; they were kept",
		    (unsigned long long)ex->unreadable);
	zrx_logm(ZRX_INFO, &(struct zrx_logf){ .event = "files" }, "output %s%s%s%s%s%s%s",
	    zrx_output_nparts(ex->out) > 1 ? "parts from " : "", zrx_output_path(ex->out),
	    cfg->manifest ? ", manifest " : "", cfg->manifest ? cfg->manifest : "",
	    cfg->errors && ex->users_failed ? ", errors " : "",
	    cfg->errors && ex->users_failed ? cfg->errors : "",
	    cfg->state && ex->exit_code != 0 ? ", state kept for resuming" : "");
}

static int
run(const struct zrx_config *cfg, enum zrx_kind kind)
{
	struct exporter *ex = zrx_xcalloc(1, sizeof(*ex));
	struct zrx_run_info info;
	char *query = NULL;
	int complete = 0, err, code;

	ex->cfg = cfg;
	ex->kind = kind;
	ex->started_ms = zrx_now_ms();
	ex->started_wall = zrx_wall_ms();
	ex->max_active = (unsigned)cfg->concurrency;
	zrx_buf_init(&ex->errors);
	zrx_log_init(cfg->log_format, cfg->verbose, cfg->quiet);
	/* spill files go beside the output: /tmp is often a small tmpfs */
	if (cfg->tmpdir != NULL)
		ex->spill_dir = zrx_xstrdup(cfg->tmpdir);
	else if (strcmp(cfg->output, "-") != 0)
		ex->spill_dir = zrx_dirname(cfg->output);
	signal(SIGPIPE, SIG_IGN);

	if (kind == ZRX_KIND_MEETINGS && !cfg->trash) {
		if (cfg->from_days > cfg->to_days) {
			zrx_logm(ZRX_ERROR, NULL, "--from is after --to");
			free(ex);
			return ZRX_EXIT_USAGE;
		}
		ex->nwin = zrx_windows_make(cfg->from_days, cfg->to_days, &ex->windows);
	}
	if (kind == ZRX_KIND_MEETINGS)
		query = query_line(ex);
	code = zrx_output_open(&ex->out, cfg, kind, query != NULL ? query : "{}", &complete);
	if (code != 0)
		goto out_early;
	if (complete) {
		if (!cfg->quiet)
			zrx_logm(ZRX_INFO, &(struct zrx_logf){ .event = "already_complete" },
			    "this export already completed (%llu users, %llu meetings in %s); "
			    "nothing to do", (unsigned long long)zrx_output_users_before(ex->out),
			    (unsigned long long)zrx_output_records(ex->out), zrx_output_path(ex->out));
		code = ZRX_EXIT_OK;
		goto out_early;
	}
	if (kind == ZRX_KIND_USERS || cfg->all_users)
		ex->seen = zrx_userbuf_new(1u << 30, ex->spill_dir);
	if (kind == ZRX_KIND_USERS)
		ex->all = zrx_userbuf_new(cfg->spill_bytes, ex->spill_dir);

	err = zrx_client_init(&ex->cl, cfg);
	if (err != 0) {
		zrx_logm(ZRX_ERROR, NULL, "cannot set up the event loop: %s", uv_strerror(err));
		code = ZRX_EXIT_FATAL;
		goto out_early;
	}
	ex->cl.ud = ex;
	ex->cl.on_idle = on_idle;
	ex->cl.on_fatal = on_fatal;

	if (uv_timer_init(&ex->cl.loop.uv, &ex->commit_timer) != 0 ||
	    uv_timer_init(&ex->cl.loop.uv, &ex->progress_timer) != 0 ||
	    uv_signal_init(&ex->cl.loop.uv, &ex->sigint) != 0 ||
	    uv_signal_init(&ex->cl.loop.uv, &ex->sigterm) != 0) {
		zrx_logm(ZRX_ERROR, NULL, "cannot set up timers and signals");
		abort();
	}
	ex->handles_open = 1;
	ex->commit_timer.data = ex->progress_timer.data = ex->sigint.data = ex->sigterm.data = ex;
	if (uv_signal_start(&ex->sigint, signal_cb, SIGINT) != 0 ||
	    uv_signal_start(&ex->sigterm, signal_cb, SIGTERM) != 0 ||
	    (cfg->commit_interval_ms > 0 &&
	    uv_timer_start(&ex->commit_timer, commit_cb, cfg->commit_interval_ms,
	    cfg->commit_interval_ms) != 0)) {
		zrx_logm(ZRX_ERROR, NULL, "cannot set up timers and signals");
		abort();
	}
	zrx_progress_init(&ex->prog, cfg, ex->started_ms);
	if (zrx_progress_interval(&ex->prog) > 0) {
		zrx_log_set_hook(progress_hook, &ex->prog);
		if (uv_timer_start(&ex->progress_timer, progress_cb, zrx_progress_interval(&ex->prog),
		    zrx_progress_interval(&ex->prog)) != 0)
			abort();
	}

	zrx_client_kick(&ex->cl);
	maybe_finish(ex);
	zrx_client_run(&ex->cl);
	zrx_progress_clear(&ex->prog);
	zrx_log_set_hook(NULL, NULL);

	code = ex->exit_code;
	if (code == 0 && ex->users_failed > 0)
		code = ZRX_EXIT_PARTIAL;

	if (code == ZRX_EXIT_OK || code == ZRX_EXIT_PARTIAL) {
		if (kind == ZRX_KIND_USERS) {
			if (zrx_output_add_user(ex->out, "users", ex->all, 0) != 0)
				code = ZRX_EXIT_FATAL;
		}
		info.started_ms = ex->started_wall;
		info.users_ok = ex->users_ok;
		info.users_failed = ex->users_failed;
		info.errors = &ex->errors;
		if (code != ZRX_EXIT_FATAL && zrx_output_finish(ex->out, &info) != 0)
			code = ZRX_EXIT_FATAL;
	} else if (code != ZRX_EXIT_FATAL) {
		/* interrupted, daily limit, auth: keep what is finished */
		if (zrx_output_commit(ex->out) != 0 ||
		    zrx_output_write_errors(ex->out, &ex->errors) != 0)
			code = ZRX_EXIT_FATAL;
	}
	if (code == ZRX_EXIT_INTERRUPTED || code == ZRX_EXIT_DAILY_LIMIT) {
		if (cfg->state != NULL && !cfg->quiet)
			zrx_logm(ZRX_INFO, NULL, "state saved in %s; rerun the same command to resume",
			    cfg->state);
	}
	print_summary(ex);
	if (zrx_client_close(&ex->cl) != 0)
		zrx_logm(ZRX_WARN, NULL, "the event loop did not close cleanly");
out_early:
	while (ex->active != NULL)
		user_free(ex, ex->active);
	for (size_t i = 0; i < ex->nfound; i++)
		free(ex->found[i]);
	free(ex->found);
	zrx_userbuf_free(ex->seen);
	zrx_userbuf_free(ex->all);
	zrx_output_close(ex->out);
	zrx_buf_free(&ex->errors);
	free(ex->windows);
	free(ex->spill_dir);
	free(query);
	free(ex);
	return code;
}

int
zrx_strptr_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One run with libcurl's global state set up around it. */
static int
run_global(const struct zrx_config *cfg, enum zrx_kind kind)
{
	int code;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "zrx: cannot initialise libcurl\n");
		return ZRX_EXIT_FATAL;
	}
	code = run(cfg, kind);
	curl_global_cleanup();
	return code;
}

int
zrx_export_run(const struct zrx_config *cfg)
{
	return run_global(cfg, ZRX_KIND_MEETINGS);
}

int
zrx_users_run(const struct zrx_config *cfg)
{
	return run_global(cfg, ZRX_KIND_USERS);
}
