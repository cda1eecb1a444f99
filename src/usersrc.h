/* usersrc.h - where the users of a run come from: the list given, or the
 * account's users enumerated with GET /users (one listing per status,
 * users de-duplicated across statuses, handed out while the listings still
 * page), or, for `zrx users`, every user object collected as a record. */
#ifndef ZRX_USERSRC_H
#define ZRX_USERSRC_H

#include <stdint.h>

#include "client.h"
#include "options.h"
#include "userbuf.h"

enum zrx_usersrc_mode {
	ZRX_USERS_LIST = 0,    /* cfg->users */
	ZRX_USERS_ENUMERATE,   /* GET /users, ids handed out (pending users skipped) */
	ZRX_USERS_COLLECT      /* GET /users, every user object kept as a record */
};

/* The owner's side; ud is the owner's. */
struct zrx_usersrc_ops {
	/* a listing failed for good: the run cannot know its users */
	void (*failed)(void *ud, const char *what, const struct zrx_result *res, const char *why);
	/* a spill file could not be written (-errno) */
	void (*io_error)(void *ud, int err);
	/* the API listed a user whose id cannot be used (control characters,
	 * too long): it fails, with why */
	void (*bad_user)(void *ud, const char *id, size_t len, const char *why);
};

struct zrx_usersrc;

/* A source for mode; never NULL.  cl must outlive it. */
struct zrx_usersrc *zrx_usersrc_new(enum zrx_usersrc_mode mode, struct zrx_client *cl,
                                    const struct zrx_config *cfg, const char *spill_dir,
                                    const struct zrx_usersrc_ops *ops, void *ud);

/* Start the listings (ENUMERATE, COLLECT); nothing for LIST. */
void zrx_usersrc_start(struct zrx_usersrc *us);

/* The next user to export (valid until the next call), or NULL when none is
 * available now. */
const char *zrx_usersrc_next(struct zrx_usersrc *us);

/* 1 when no user will ever come again (listings over, all handed out). */
int zrx_usersrc_exhausted(const struct zrx_usersrc *us);

/* Listings still running. */
unsigned zrx_usersrc_listings(const struct zrx_usersrc *us);

/* Users known so far (listed or found), and whether that is all of them. */
uint64_t zrx_usersrc_total(const struct zrx_usersrc *us);
int zrx_usersrc_total_known(const struct zrx_usersrc *us);

/* COLLECT: the user records (NDJSON lines or CSV rows). */
struct zrx_userbuf *zrx_usersrc_records(struct zrx_usersrc *us);

/* Why a user id or e-mail cannot be used (NULL if it can): empty, longer
 * than 256 bytes, control characters or whitespace, invalid UTF-8. */
const char *zrx_user_id_problem(const char *s, size_t n);

void zrx_usersrc_free(struct zrx_usersrc *us); /* NULL ok */

#endif
