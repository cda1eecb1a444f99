/* listing.c - one listing's pagination chain.
 *
 * A page's elements go to the owner as they parse.  When the page ends
 * whole, its next_page_token decides what follows: another page (ahead of
 * new work, for the token is ticking), or the end.  A refused page token
 * starts the listing over (the owner de-duplicates); a recordings window
 * of more than one day is halved first, each half listed in turn, so a
 * chain that keeps losing its token gets shorter until it fits: the halves
 * are bounded by the window's days, the restarts of each by
 * ZRX_LISTING_MAX_RESTARTS.  The tokens of a chain
 * are remembered: a server that hands one out twice would otherwise keep a
 * listing going until the page cap.  A first page whose "from" shows the
 * API served less than asked hands the left-out days to the owner, with a
 * bound: the days must lie inside the window and make it strictly
 * smaller, and the splits cannot nest past ZRX_LISTING_MAX_SPLITS. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyset.h"
#include "listing.h"
#include "log.h"
#include "urlenc.h"

struct zrx_listing {
	struct zrx_req req;
	struct zrx_client *cl;
	const struct zrx_config *cfg;
	struct zrx_listing_query q;
	struct zrx_window cur;     /* the part of q.win being listed */
	struct zrx_window *todo;   /* the halves still to list (a stack) */
	size_t ntodo;
	char *user;
	const struct zrx_listing_ops *ops;
	void *ud;
	struct zrx_recparse *parser;
	char *page_token;          /* NULL: the first page */
	struct zrx_keyset *tokens; /* the page tokens of this chain */
	char *url;
	unsigned pages;
	unsigned restarts;
	int split_done;            /* the clamp was handled (not again on a restart) */
	uint64_t surrogates;
	size_t page_items;
	const char *item_why;      /* why the owner refused an element */
	char what[64];
};

static void submit(struct zrx_listing *l, enum zrx_prio prio);
static void start_over(struct zrx_listing *l);

static void
build_url(struct zrx_listing *l)
{
	const struct zrx_config *cfg = l->cfg;
	struct zrx_buf b;
	char d[11];

	zrx_buf_init(&b);
	zrx_buf_puts(&b, cfg->base_url);
	if (l->q.kind == ZRX_LIST_USERS) {
		zrx_buf_printf(&b, "/users?status=%s&page_size=%d", l->q.status, cfg->page_size);
	} else {
		zrx_buf_puts(&b, "/users/");
		zrx_url_encode_segment(&b, l->user, strlen(l->user));
		zrx_buf_printf(&b, "/recordings?page_size=%d", cfg->page_size);
		if (l->q.kind == ZRX_LIST_TRASH) {
			zrx_buf_puts(&b, "&trash=true");
			if (cfg->trash_type != NULL) {
				zrx_buf_puts(&b, "&trash_type=");
				zrx_url_encode(&b, cfg->trash_type, strlen(cfg->trash_type));
			}
		} else {
			zrx_date_format(l->cur.from, d);
			zrx_buf_printf(&b, "&from=%s", d);
			zrx_date_format(l->cur.req_to, d);
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
	if (l->page_token != NULL) {
		zrx_buf_puts(&b, "&next_page_token=");
		zrx_url_encode(&b, l->page_token, strlen(l->page_token));
	}
	free(l->url);
	l->url = b.data;
}

/* ---- the request's callbacks ---- */

static int
item_cb(void *ud, const struct zrx_item *it)
{
	struct zrx_listing *l = ud;

	l->page_items++;
	l->item_why = NULL;
	/* the API pages by 300 at most: a page of millions of tiny elements
	 * would grow the owner's key sets far past the bytes it took */
	if (l->page_items > ZRX_LISTING_MAX_PAGE_ITEMS) {
		l->item_why = "a page with more than 10000 elements (the API pages by 300 at most)";
		return -1;
	}
	return l->ops->item(l, it, &l->item_why, l->ud);
}

static void
on_begin(struct zrx_req *r)
{
	struct zrx_listing *l = r->ud;

	zrx_recparse_free(l->parser);
	l->parser = zrx_recparse_new(l->q.kind == ZRX_LIST_USERS ? ZRX_KIND_USERS :
	    ZRX_KIND_MEETINGS, item_cb, l);
	l->page_items = 0;
	l->item_why = NULL;
	if (l->ops->page_begin != NULL)
		l->ops->page_begin(l, l->ud);
}

static void
parse_why(struct zrx_listing *l, struct zrx_req *r)
{
	snprintf(r->why, sizeof(r->why), "%s", l->item_why != NULL ? l->item_why :
	    zrx_recparse_error(l->parser));
}

static int
on_body(struct zrx_req *r, const char *p, size_t n)
{
	struct zrx_listing *l = r->ud;

	if (zrx_recparse_feed(l->parser, p, n) != 0) {
		parse_why(l, r);
		return -1;
	}
	return 0;
}

static int
on_end(struct zrx_req *r)
{
	struct zrx_listing *l = r->ud;

	if (zrx_recparse_finish(l->parser) != 0) {
		parse_why(l, r);
		return -1;
	}
	return 0;
}

static void
on_abandon(struct zrx_req *r)
{
	struct zrx_listing *l = r->ud;

	if (l->ops->page_abandon != NULL)
		l->ops->page_abandon(l, l->ud);
}

static void
end(struct zrx_listing *l, int ok, const struct zrx_result *res, const char *why)
{
	l->ops->done(l, ok, res, why, l->ud);
}

/*
 * The first page's "from": if the API served from a later day than asked,
 * the days before it need a listing of their own.  0 to go on, -1 if the
 * answer makes no sense (the listing fails).
 */
static int
check_clamp(struct zrx_listing *l, const char **why)
{
	const char *from = zrx_recparse_from(l->parser);
	struct zrx_window rest;
	int32_t served;

	if (l->q.kind != ZRX_LIST_RECORDINGS || l->split_done || from[0] == '\0' ||
	    zrx_date_parse(from, &served) != 0 || served <= l->cur.from)
		return 0;
	/* served < req_to: the rest [from, served] is strictly shorter than
	 * the window, so nested splits end within a month's days */
	if (served >= l->cur.req_to) {
		*why = "the API answered a \"from\" that is not before the \"to\" it was asked for";
		return -1;
	}
	if (l->q.splits >= ZRX_LISTING_MAX_SPLITS) {
		*why = "the API kept serving less than a window asked for";
		return -1;
	}
	if (l->ops->split == NULL)
		return 0;
	/* [from, served]: the served day again, as windows overlap */
	rest.from = l->cur.from;
	rest.to = served < l->cur.to ? served : l->cur.to;
	rest.req_to = served;
	if (rest.req_to <= rest.from)
		rest.req_to = rest.from + 1;
	l->split_done = 1;
	l->ops->split(l, &rest, l->ud);
	return 0;
}

/* The current part from its first page. */
static void
start_over(struct zrx_listing *l)
{
	free(l->page_token);
	l->page_token = NULL;
	l->pages = 0;
	zrx_keyset_clear(l->tokens);
	submit(l, ZRX_PRIO_CONTINUE);
}

static void
restart_log(struct zrx_listing *l, const struct zrx_result *res, const char *then)
{
	char what[64];
	char a[11], b[11];

	if (l->q.kind == ZRX_LIST_RECORDINGS) {
		zrx_date_format(l->cur.from, a);
		zrx_date_format(l->cur.to, b);
		snprintf(what, sizeof(what), "%s..%s", a, b);
	} else {
		snprintf(what, sizeof(what), "%s", l->what);
	}
	zrx_logm(l->cfg->log, ZRX_WARN, &(struct zrx_logf){ .event = "listing_restart",
	    .user = l->q.kind != ZRX_LIST_USERS ? l->user : NULL, .window = what,
	    .status = res->status, .code = res->code, .tracking_id = res->tracking_id },
	    "next_page_token refused (%s); %s", res->message, then);
}

/* [from, to] becomes [from, mid] now and [mid + 1, to] after it; each
 * asks for one day more than it holds, as windows do. */
static void
halve(struct zrx_listing *l, const struct zrx_result *res)
{
	struct zrx_window lo = l->cur, hi = l->cur;
	char a[11], b[11], then[96];

	lo.to = l->cur.from + (l->cur.to - l->cur.from) / 2;
	lo.req_to = lo.to + 1;
	hi.from = lo.to + 1;
	zrx_date_format(lo.to, a);
	zrx_date_format(hi.from, b);
	snprintf(then, sizeof(then), "listing it again in two parts, up to %s and from %s", a, b);
	restart_log(l, res, then);
	/* at most one pending half per day of the window */
	l->todo = zrx_xrealloc(l->todo, (l->ntodo + 1) * sizeof(*l->todo));
	l->todo[l->ntodo++] = hi;
	l->cur = lo;
	l->restarts = 0;
	start_over(l);
}

/* A page counted: what comes next? */
static void
next_page(struct zrx_listing *l, const struct zrx_result *res)
{
	const char *tok = zrx_recparse_next_page_token(l->parser);
	const char *why = NULL;

	l->surrogates += zrx_recparse_surrogates(l->parser);
	if (l->pages == 0 && check_clamp(l, &why) != 0) {
		end(l, 0, res, why);
		return;
	}
	l->pages++;
	if (l->ops->page_done != NULL)
		l->ops->page_done(l, l->page_items, l->ud);
	if (tok == NULL || tok[0] == '\0') {
		if (l->ntodo > 0) {
			/* this half is whole: the next one */
			l->cur = l->todo[--l->ntodo];
			l->restarts = 0;
			start_over(l);
			return;
		}
		end(l, 1, res, NULL);
		return;
	}
	/* a server that pages forever must not hold the run */
	if (!zrx_keyset_add(l->tokens, tok, strlen(tok))) {
		end(l, 0, res, "the API answered a next_page_token it had already given");
		return;
	}
	if (l->pages >= ZRX_LISTING_MAX_PAGES) {
		end(l, 0, res, "the listing did not end after 100000 pages");
		return;
	}
	free(l->page_token);
	l->page_token = zrx_xstrdup(tok);
	submit(l, ZRX_PRIO_CONTINUE);
}

static void
on_done(struct zrx_req *r, const struct zrx_result *res)
{
	struct zrx_listing *l = r->ud;

	if (res->ok < 0) {
		end(l, -1, res, NULL);
		return;
	}
	if (res->ok > 0) {
		next_page(l, res);
		return;
	}
	if (l->page_token != NULL && res->status >= 400 && res->status < 500) {
		/* the page token expired (or was refused): the listing starts
		 * over; the owner's de-duplication keeps the output exact */
		if (l->q.kind == ZRX_LIST_RECORDINGS && l->cur.from < l->cur.to) {
			halve(l, res);
			return;
		}
		if (l->restarts < ZRX_LISTING_MAX_RESTARTS) {
			l->restarts++;
			restart_log(l, res, "listing it again from its first page");
			start_over(l);
			return;
		}
	}
	end(l, 0, res, res->message);
}

static void
submit(struct zrx_listing *l, enum zrx_prio prio)
{
	build_url(l);
	l->req.url = l->url;
	l->req.prio = prio;
	zrx_client_submit(l->cl, &l->req);
}

/* ---- public ---- */

struct zrx_listing *
zrx_listing_new(struct zrx_client *cl, const struct zrx_listing_query *q,
                const struct zrx_listing_ops *ops, void *ud)
{
	struct zrx_listing *l = zrx_xcalloc(1, sizeof(*l));
	char a[11], b[11];

	l->cl = cl;
	l->cfg = cl->cfg;
	l->q = *q;
	l->user = zrx_xstrdup(q->user != NULL ? q->user : "");
	l->q.user = l->user;
	l->cur = q->win;
	l->ops = ops;
	l->ud = ud;
	l->tokens = zrx_keyset_new();
	l->req.ud = l;
	l->req.on_begin = on_begin;
	l->req.on_body = on_body;
	l->req.on_end = on_end;
	l->req.on_abandon = on_abandon;
	l->req.on_done = on_done;
	switch (q->kind) {
	case ZRX_LIST_RECORDINGS:
		zrx_date_format(q->win.from, a);
		zrx_date_format(q->win.to, b);
		snprintf(l->what, sizeof(l->what), "%s..%s", a, b);
		break;
	case ZRX_LIST_TRASH:
		snprintf(l->what, sizeof(l->what), "trash");
		break;
	case ZRX_LIST_USERS:
		snprintf(l->what, sizeof(l->what), "users (%s)", q->status);
		break;
	}
	return l;
}

void
zrx_listing_start(struct zrx_listing *l)
{
	submit(l, ZRX_PRIO_NEW);
}

const char *
zrx_listing_what(const struct zrx_listing *l)
{
	return l->what;
}

const struct zrx_listing_query *
zrx_listing_query(const struct zrx_listing *l)
{
	return &l->q;
}

unsigned
zrx_listing_pages(const struct zrx_listing *l)
{
	return l->pages;
}

uint64_t
zrx_listing_surrogates(const struct zrx_listing *l)
{
	return l->surrogates;
}

void
zrx_listing_free(struct zrx_listing *l)
{
	if (l == NULL)
		return;
	zrx_recparse_free(l->parser);
	zrx_keyset_free(l->tokens);
	free(l->todo);
	free(l->page_token);
	free(l->url);
	free(l->user);
	free(l);
}
