/* catalog.h - the sync catalog: DIR/catalog.sqlite, the account's current
 * recordings inventory.  One row per (user, meeting uuid) with the meeting
 * as last seen; one row per run; one per user (how far its listing is
 * good); and the changes of the open batch, kept until its file and
 * manifest are durable.  One connection, WAL, PRAGMA user_version for the
 * schema, prepared statements kept for the run, every result checked. */
#ifndef ZRX_CATALOG_H
#define ZRX_CATALOG_H

#include <stdint.h>

#include "log.h"
#include "util.h"

#define ZRX_CATALOG_SCHEMA 1
#define ZRX_CATALOG_APP_ID 0x7a727831 /* "zrx1" */

struct zrx_catalog;

/* A run, as its row says. */
struct zrx_batch {
	int64_t batch;           /* 1, 2, ... */
	int64_t started_ms;      /* the run's start: every line's _synced_at */
	int32_t to_date;         /* today, at the run */
	int lookback;
	int finished;
};

/* Counts of a batch. */
struct zrx_batch_counts {
	uint64_t inserted, updated, deleted, unchanged;
};

/*
 * Open DIR's catalog: DIR is created (0700) if missing, DIR/lock is taken
 * (a second sync on DIR is refused), the catalog created or checked: a file
 * that is not SQLite, not a zrx catalog, corrupt, or written by a newer
 * schema is refused and left as it is.  Returns 0, or an exit code after
 * logging why (ZRX_EXIT_USAGE for a catalog that cannot be used,
 * ZRX_EXIT_FATAL for an I/O failure).
 */
int zrx_catalog_open(struct zrx_catalog **c, const char *dir, struct zrx_log *lg) ZRX_WUR;

/* The feed's first day (set by the first run): 0 with *since, or 1 if the
 * feed has none yet; -1 on error (logged). */
int zrx_catalog_since(struct zrx_catalog *c, int32_t *since);

/* The open run (not finished): 1 with *b, 0 if none, -1 on error. */
int zrx_catalog_open_batch(struct zrx_catalog *c, struct zrx_batch *b);

/* The number the next batch takes (1 for the first); -1 on error. */
int64_t zrx_catalog_next_batch(struct zrx_catalog *c);

/* The last run that finished, its to_date: 1 with *date, 0 if none. */
int zrx_catalog_last_date(struct zrx_catalog *c, int32_t *date);

/* Start batch b (and record the feed's since on the first run).  0 or -1. */
int zrx_catalog_begin_batch(struct zrx_catalog *c, const struct zrx_batch *b,
                            int32_t since) ZRX_WUR;

/* A user's state: the last day its listing completed through (1 with
 * *good, 0 if never) and the batch that last committed it (0: none). */
int zrx_catalog_user(struct zrx_catalog *c, const char *user, int32_t *good, int64_t *last_batch);

/* The days of the user's meetings that sat in the trash at the last run:
 * fn(ud, uuid, start_date) for each (in_trash = 1).  0 or -1. */
int zrx_catalog_trashed(struct zrx_catalog *c, const char *user,
                        int (*fn)(void *ud, const char *uuid, size_t n, int32_t day), void *ud);

/* The start_date of a meeting in the trash whose start_time cannot be read. */
#define ZRX_NO_DAY INT32_MIN

/* One meeting seen by a listing. */
struct zrx_seen {
	const char *uuid;
	size_t uuid_len;
	const char *doc;         /* compact JSON, as sent */
	size_t doc_len;
	int32_t start_date;      /* UTC date of start_time, or the first day of the
	                          * listing that found it (ZRX_NO_DAY in the trash) */
	const char *meeting_id;  /* numeric id as text, or NULL */
	size_t meeting_id_len;
	const char *start_time;
	size_t start_time_len;
};

/* What the user's listings found, for zrx_catalog_commit_user. */
struct zrx_user_listing {
	const char *user;
	int32_t from, to;        /* the days re-listed */
	/* every meeting seen: call fn for each; 0 or fn's nonzero result */
	int (*each_seen)(void *ud, int (*fn)(void *fud, const struct zrx_seen *s), void *fud);
	/* 1 if uuid is in the user's trash now, with its deleted_time (or NULL) */
	int (*in_trash)(void *ud, const char *uuid, size_t n, const char **deleted_time);
	/* every trashed meeting: fn(the meeting as the trash holds it, with
	 * start_date -1 when its start_time cannot be read; deleted_time or
	 * NULL) */
	int (*each_trash)(void *ud, int (*fn)(void *fud, const struct zrx_seen *s,
	                                      const char *deleted_time), void *fud);
	void *ud;
};

/*
 * In one transaction: compare the user's listings with the catalog, apply
 * the differences (inserted, updated, deleted with their reason, recovered
 * from the trash), store each change for batch b, and record the user as
 * good through l->to and committed in b.  A meeting the trash holds that
 * the feed never delivered (it went to the trash before) is remembered as
 * in the trash, with batches 0, so that it is found when it comes back.
 * since: the feed's first day (older meetings are not the feed's).
 * *counts is added to.  0, or -1 (logged; nothing of the user changed).
 */
int zrx_catalog_commit_user(struct zrx_catalog *c, int64_t batch, int32_t since,
                            const struct zrx_user_listing *l,
                            struct zrx_batch_counts *counts) ZRX_WUR;

/* One change of a batch, in the order the batch file holds them. */
struct zrx_change {
	const char *user;
	const char *uuid;
	const char *op;           /* "insert", "update", "delete" */
	const char *reason;       /* delete: "trash" or "gone"; else NULL */
	const char *deleted_time; /* delete from the trash: when, or NULL */
	const char *doc;          /* the meeting (as last seen, for a delete) */
	size_t doc_len;
};

/* Every stored change of batch b, ordered by user then uuid.  0 or fn's
 * result, -1 on error. */
int zrx_catalog_each_change(struct zrx_catalog *c, int64_t batch,
                            int (*fn)(void *ud, const struct zrx_change *ch), void *ud);

/* The counts of batch b (from its changes and its users' unchanged). */
int zrx_catalog_counts(struct zrx_catalog *c, int64_t batch, struct zrx_batch_counts *n);

/* Mark batch b finished (its file durable) and drop its stored changes,
 * durably.  0 or -1. */
int zrx_catalog_finish_batch(struct zrx_catalog *c, int64_t batch, int64_t finished_ms,
                             const struct zrx_batch_counts *n, const char *file) ZRX_WUR;

void zrx_catalog_close(struct zrx_catalog *c); /* NULL ok */

#endif
