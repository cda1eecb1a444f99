/* listing.h - one listing: the pagination chain of one window of a user's
 * recordings, of a user's trash, or of one status of the account's users.
 *
 * It builds the URLs, sends the pages through the request client, streams
 * each page's elements to its owner as they parse, restarts the window
 * when a page token expires, notices a range the API clamped, and reports
 * to its owner through callbacks; it never calls up by name.  A page counts
 * all or nothing: the owner marks its state when a page attempt begins and
 * takes back what the elements did when the attempt is abandoned.
 */
#ifndef ZRX_LISTING_H
#define ZRX_LISTING_H

#include <stdint.h>

#include "client.h"
#include "dates.h"
#include "recparse.h"

enum zrx_listing_kind {
	ZRX_LIST_RECORDINGS = 0, /* GET /users/{user}/recordings?from&to */
	ZRX_LIST_TRASH,          /* GET /users/{user}/recordings?trash=true */
	ZRX_LIST_USERS           /* GET /users?status */
};

/* The most pages one listing part may have, restarts of a part that can
 * no longer be halved (one day, trash, users) after a refused page token,
 * and nested clamp splits, before it fails. */
#define ZRX_LISTING_MAX_PAGES 100000u
#define ZRX_LISTING_MAX_RESTARTS 10u
#define ZRX_LISTING_MAX_SPLITS 40u
/* The most elements one page may hold (a page attempt with more fails). */
#define ZRX_LISTING_MAX_PAGE_ITEMS 10000u

struct zrx_listing;

/* The owner's side.  Every callback gets the owner's ud. */
struct zrx_listing_ops {
	/* a page attempt begins: remember where the owner's state is */
	void (*page_begin)(struct zrx_listing *l, void *ud);
	/* one element of the page, as it parses (valid during the call);
	 * nonzero fails the page attempt (put the reason in *why) */
	int (*item)(struct zrx_listing *l, const struct zrx_item *it, const char **why, void *ud);
	/* the page attempt will not count: undo what its items did */
	void (*page_abandon)(struct zrx_listing *l, void *ud);
	/* the page parsed whole and counts (items: its elements) */
	void (*page_done)(struct zrx_listing *l, size_t items, void *ud);
	/* the API served less than the window asked: [rest] must be listed on
	 * its own (the owner starts another listing); may be NULL */
	void (*split)(struct zrx_listing *l, const struct zrx_window *rest, void *ud);
	/* the listing is over: ok 1 (every page counted), 0 failed for good
	 * (res and why say why), -1 aborted (the run stops).  The owner frees
	 * the listing from here or later. */
	void (*done)(struct zrx_listing *l, int ok, const struct zrx_result *res,
	             const char *why, void *ud);
};

/* What to list. */
struct zrx_listing_query {
	enum zrx_listing_kind kind;
	const char *user;          /* RECORDINGS, TRASH: id or email (copied) */
	struct zrx_window win;     /* RECORDINGS */
	const char *status;        /* USERS: active, inactive or pending (static) */
	unsigned splits;           /* clamp splits that led here (0 for a window) */
};

/* A listing ready to start; never NULL. */
struct zrx_listing *zrx_listing_new(struct zrx_client *cl, const struct zrx_listing_query *q,
                                    const struct zrx_listing_ops *ops, void *ud);

/* Send the first page.  The ops' done is called exactly once, later. */
void zrx_listing_start(struct zrx_listing *l);

/* What it lists, as text for messages: "2024-01-01..2024-01-31", "trash",
 * "users (active)". */
const char *zrx_listing_what(const struct zrx_listing *l);

/* The query it was made with. */
const struct zrx_listing_query *zrx_listing_query(const struct zrx_listing *l);

/* Pages counted so far, and lone UTF-16 surrogates replaced in them. */
unsigned zrx_listing_pages(const struct zrx_listing *l);
uint64_t zrx_listing_surrogates(const struct zrx_listing *l);

void zrx_listing_free(struct zrx_listing *l); /* NULL ok; not while in flight */

#endif
