/* catalog_diff.c - a user's listings against the catalog, in one
 * transaction: what was inserted, updated, deleted (to the trash, or gone),
 * recovered; and the changes of a batch, in the order its file holds them.
 *
 * The order of operations: every meeting listed is inserted, updated or
 * left as it is (a meeting back from the trash, or back after it was gone,
 * is an insert); then every meeting the catalog holds as present in the
 * re-listed days that no listing returned is deleted, "trash" if the trash
 * holds it, else "gone"; then every meeting in the trash that the catalog
 * still holds as present (an old meeting, outside the re-listed days) is
 * deleted, "trash"; last, meetings the catalog remembers in the trash that
 * left it and were not listed again were purged: they stop being in the
 * trash, with nothing more to say. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "catalog_int.h"
#include "dates.h"
#include "hash.h"
#include "keyset.h"

static const char *const sql[ST_COUNT] = {
	[ST_GET_SINCE] = "SELECT value FROM meta WHERE key = 'since'",
	[ST_SET_SINCE] = "INSERT OR IGNORE INTO meta (key, value) VALUES ('since', ?1)",
	[ST_OPEN_RUN] = "SELECT batch, started_ms, to_date, lookback FROM runs "
	    "WHERE finished_at IS NULL ORDER BY batch DESC LIMIT 1",
	[ST_LAST_RUN] = "SELECT to_date FROM runs WHERE finished_at IS NOT NULL "
	    "ORDER BY batch DESC LIMIT 1",
	[ST_BEGIN_RUN] = "INSERT INTO runs (batch, started_at, started_ms, to_date, lookback) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_FINISH_RUN] = "UPDATE runs SET finished_at = ?1, inserted = ?2, updated = ?3, "
	    "deleted = ?4, unchanged = ?5, file = ?6 WHERE batch = ?7",
	[ST_DROP_CHANGES] = "DELETE FROM changes WHERE batch = ?1",
	[ST_GET_USER] = "SELECT good_through, last_batch FROM users WHERE user = ?1",
	[ST_PUT_USER] = "INSERT INTO users (user, good_through, last_batch, unchanged) "
	    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (user) DO UPDATE SET "
	    "good_through = excluded.good_through, last_batch = excluded.last_batch, "
	    "unchanged = excluded.unchanged",
	[ST_TRASHED] = "SELECT uuid, start_date FROM meetings WHERE user = ?1 AND in_trash = 1",
	[ST_GET_MEETING] = "SELECT fingerprint, deleted_batch IS NOT NULL, in_trash, doc "
	    "FROM meetings WHERE user = ?1 AND uuid = ?2",
	[ST_INSERT_MEETING] = "INSERT INTO meetings (user, uuid, meeting_id, start_time, "
	    "start_date, doc, fingerprint, first_batch, changed_batch) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
	[ST_UPDATE_MEETING] = "UPDATE meetings SET meeting_id = ?3, start_time = ?4, "
	    "start_date = ?5, doc = ?6, fingerprint = ?7, changed_batch = ?8, "
	    "deleted_batch = NULL, deleted_reason = NULL, deleted_time = NULL, in_trash = 0 "
	    "WHERE user = ?1 AND uuid = ?2",
	[ST_DELETE_MEETING] = "UPDATE meetings SET deleted_batch = ?3, deleted_reason = ?4, "
	    "deleted_time = ?5, in_trash = ?6 WHERE user = ?1 AND uuid = ?2",
	[ST_TRASH_FLAG] = "UPDATE meetings SET in_trash = ?3, "
	    "deleted_time = coalesce(?4, deleted_time) WHERE user = ?1 AND uuid = ?2",
	[ST_LIVE_IN_RANGE] = "SELECT uuid, doc FROM meetings WHERE user = ?1 "
	    "AND deleted_batch IS NULL AND start_date BETWEEN ?2 AND ?3",
	[ST_ADD_CHANGE] = "INSERT OR REPLACE INTO changes (batch, user, uuid, op, reason, "
	    "deleted_time, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_EACH_CHANGE] = "SELECT user, uuid, op, reason, deleted_time, doc FROM changes "
	    "WHERE batch = ?1 ORDER BY user, uuid",
	[ST_COUNT_OPS] = "SELECT op, count(*) FROM changes WHERE batch = ?1 GROUP BY op",
	[ST_COUNT_SAME] = "SELECT coalesce(sum(unchanged), 0) FROM users WHERE last_batch = ?1",
	[ST_MAX_BATCH] = "SELECT coalesce(max(batch), 0) FROM runs",
};

int
zrx_cat_prepare(struct zrx_catalog *c)
{
	for (int i = 0; i < ST_COUNT; i++) {
		if (sqlite3_prepare_v3(c->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &c->st[i],
		    NULL) != SQLITE_OK)
			return zrx_cat_fail(c, "cannot prepare its statements");
	}
	return 0;
}

void
zrx_cat_finalize(struct zrx_catalog *c)
{
	for (int i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(c->st[i]);
		c->st[i] = NULL;
	}
}

/* ---- one user's commit ---- */

struct commit {
	struct zrx_catalog *c;
	const struct zrx_user_listing *l;
	int64_t batch;
	struct zrx_keyset *seen;     /* uuids listed */
	struct zrx_keyset *trash;    /* uuids in the trash now */
	struct zrx_batch_counts n;
	int32_t since;
	char from[11], to[11];
};

static int
bind_text(sqlite3_stmt *st, int i, const char *s, size_t n)
{
	if (s == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, (int)n, SQLITE_TRANSIENT);
}

static int
add_change(struct commit *k, const char *uuid, size_t ulen, const char *op,
           const char *reason, const char *deleted_time, const char *doc, size_t dlen)
{
	sqlite3_stmt *st = k->c->st[ST_ADD_CHANGE];

	sqlite3_reset(st);
	if (sqlite3_bind_int64(st, 1, k->batch) != SQLITE_OK ||
	    bind_text(st, 2, k->l->user, strlen(k->l->user)) != SQLITE_OK ||
	    bind_text(st, 3, uuid, ulen) != SQLITE_OK ||
	    bind_text(st, 4, op, strlen(op)) != SQLITE_OK ||
	    bind_text(st, 5, reason, reason ? strlen(reason) : 0) != SQLITE_OK ||
	    bind_text(st, 6, deleted_time, deleted_time ? strlen(deleted_time) : 0) != SQLITE_OK ||
	    bind_text(st, 7, doc, dlen) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		return zrx_cat_fail(k->c, "cannot store a change");
	return 0;
}

/* Write a listed meeting: insert (new, or back) or update; batch 0 with
 * trash 1: known only from the trash. */
static int
put_meeting_as(struct commit *k, const struct zrx_seen *s, int exists, const char *fp,
               int64_t batch)
{
	sqlite3_stmt *st = k->c->st[exists ? ST_UPDATE_MEETING : ST_INSERT_MEETING];
	char day[11];

	zrx_date_format(s->start_date, day);
	sqlite3_reset(st);
	if (bind_text(st, 1, k->l->user, strlen(k->l->user)) != SQLITE_OK ||
	    bind_text(st, 2, s->uuid, s->uuid_len) != SQLITE_OK ||
	    bind_text(st, 3, s->meeting_id, s->meeting_id_len) != SQLITE_OK ||
	    bind_text(st, 4, s->start_time, s->start_time_len) != SQLITE_OK ||
	    bind_text(st, 5, day, 10) != SQLITE_OK ||
	    bind_text(st, 6, s->doc, s->doc_len) != SQLITE_OK ||
	    bind_text(st, 7, fp, 64) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 8, batch) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		return zrx_cat_fail(k->c, "cannot store a meeting");
	return 0;
}

static int
put_meeting(struct commit *k, const struct zrx_seen *s, int exists, const char *fp)
{
	return put_meeting_as(k, s, exists, fp, k->batch);
}

static int
seen_cb(void *ud, const struct zrx_seen *s)
{
	struct commit *k = ud;
	sqlite3_stmt *st = k->c->st[ST_GET_MEETING];
	unsigned char dg[32];
	char fp[65];
	int rc, exists = 0, deleted = 0, same = 0;

	if (!zrx_keyset_add(k->seen, s->uuid, s->uuid_len))
		return 0; /* listed twice (overlapping days): once */
	zrx_sha256(s->doc, s->doc_len, dg);
	zrx_sha256_hex(dg, fp);
	sqlite3_reset(st);
	if (bind_text(st, 1, k->l->user, strlen(k->l->user)) != SQLITE_OK ||
	    bind_text(st, 2, s->uuid, s->uuid_len) != SQLITE_OK)
		return zrx_cat_fail(k->c, "cannot read a meeting");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		exists = 1;
		deleted = sqlite3_column_int(st, 1);
		same = !deleted && strcmp((const char *)sqlite3_column_text(st, 0), fp) == 0;
	} else if (rc != SQLITE_DONE) {
		return zrx_cat_fail(k->c, "cannot read a meeting");
	}
	sqlite3_reset(st);
	if (same) {
		k->n.unchanged++;
		return 0;
	}
	if (put_meeting(k, s, exists, fp) != 0)
		return -1;
	if (exists && !deleted)
		k->n.updated++;
	else
		k->n.inserted++;
	return add_change(k, s->uuid, s->uuid_len, exists && !deleted ? "update" : "insert",
	    NULL, NULL, s->doc, s->doc_len);
}

static int
delete_meeting(struct commit *k, const char *uuid, size_t ulen, const char *doc, size_t dlen,
               const char *reason, const char *deleted_time)
{
	sqlite3_stmt *st = k->c->st[ST_DELETE_MEETING];
	int trash = strcmp(reason, "trash") == 0;

	sqlite3_reset(st);
	if (bind_text(st, 1, k->l->user, strlen(k->l->user)) != SQLITE_OK ||
	    bind_text(st, 2, uuid, ulen) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, k->batch) != SQLITE_OK ||
	    bind_text(st, 4, reason, strlen(reason)) != SQLITE_OK ||
	    bind_text(st, 5, deleted_time, deleted_time ? strlen(deleted_time) : 0) != SQLITE_OK ||
	    sqlite3_bind_int(st, 6, trash) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		return zrx_cat_fail(k->c, "cannot delete a meeting");
	k->n.deleted++;
	return add_change(k, uuid, ulen, "delete", reason, deleted_time, doc, dlen);
}

/* A pair of strings held for later: uuid and doc, each length-prefixed. */
static void
hold(struct zrx_buf *b, const char *a, size_t an, const char *d, size_t dn)
{
	zrx_buf_append(b, &an, sizeof(an));
	zrx_buf_append(b, a, an);
	zrx_buf_append(b, &dn, sizeof(dn));
	zrx_buf_append(b, d, dn);
}

static size_t
unhold(const struct zrx_buf *b, size_t off, const char **a, size_t *an, const char **d,
       size_t *dn)
{
	memcpy(an, b->data + off, sizeof(*an));
	*a = b->data + off + sizeof(*an);
	off += sizeof(*an) + *an;
	memcpy(dn, b->data + off, sizeof(*dn));
	*d = b->data + off + sizeof(*dn);
	return off + sizeof(*dn) + *dn;
}

/* Present in the re-listed days, listed by no one: to the trash, or gone. */
static int
delete_unlisted(struct commit *k)
{
	sqlite3_stmt *st = k->c->st[ST_LIVE_IN_RANGE];
	struct zrx_buf gone;
	const char *u, *d, *dt;
	size_t off = 0, un, dn;
	int rc, err = 0;

	zrx_buf_init(&gone);
	sqlite3_reset(st);
	if (bind_text(st, 1, k->l->user, strlen(k->l->user)) != SQLITE_OK ||
	    bind_text(st, 2, k->from, 10) != SQLITE_OK || bind_text(st, 3, k->to, 10) != SQLITE_OK)
		return zrx_cat_fail(k->c, "cannot read the user's meetings");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		u = (const char *)sqlite3_column_text(st, 0);
		un = (size_t)sqlite3_column_bytes(st, 0);
		if (zrx_keyset_has(k->seen, u, un))
			continue;
		hold(&gone, u, un, (const char *)sqlite3_column_text(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		err = zrx_cat_fail(k->c, "cannot read the user's meetings");
	while (err == 0 && off < gone.len) {
		off = unhold(&gone, off, &u, &un, &d, &dn);
		dt = NULL;
		if (k->l->in_trash(k->l->ud, u, un, &dt))
			err = delete_meeting(k, u, un, d, dn, "trash", dt);
		else
			err = delete_meeting(k, u, un, d, dn, "gone", NULL);
	}
	zrx_buf_free(&gone);
	return err;
}

/* Never delivered, in the trash: remembered there (batches 0), deleted.
 * One whose start_time cannot be read may be of the feed's days: it is
 * kept, placed on the listing's first day as a listed one would be. */
static int
remember_trashed(struct commit *k, const struct zrx_seen *s0, const char *deleted_time)
{
	struct zrx_seen placed = *s0;
	const struct zrx_seen *s = &placed;
	sqlite3_stmt *st;
	unsigned char dg[32];
	char fp[65];

	if (placed.start_date == ZRX_NO_DAY)
		placed.start_date = k->l->from;
	else if (s->start_date < k->since || s->start_date > k->l->to)
		return 0; /* not the feed's days: it will not be looked for */
	zrx_sha256(s->doc, s->doc_len, dg);
	zrx_sha256_hex(dg, fp);
	if (put_meeting_as(k, s, 0, fp, 0) != 0)
		return -1;
	st = k->c->st[ST_DELETE_MEETING];
	sqlite3_reset(st);
	if (bind_text(st, 1, k->l->user, strlen(k->l->user)) != SQLITE_OK ||
	    bind_text(st, 2, s->uuid, s->uuid_len) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, 0) != SQLITE_OK ||
	    bind_text(st, 4, "trash", 5) != SQLITE_OK ||
	    bind_text(st, 5, deleted_time, deleted_time ? strlen(deleted_time) : 0) != SQLITE_OK ||
	    sqlite3_bind_int(st, 6, 1) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		return zrx_cat_fail(k->c, "cannot remember a meeting in the trash");
	return 0;
}

/* In the trash now: a meeting the catalog holds as present goes; one it
 * holds as deleted is remembered as in the trash; one it never held is
 * remembered too. */
static int
trash_cb(void *ud, const struct zrx_seen *s, const char *deleted_time)
{
	struct commit *k = ud;
	sqlite3_stmt *st = k->c->st[ST_GET_MEETING];
	const char *uuid = s->uuid;
	size_t n = s->uuid_len;
	struct zrx_buf doc;
	int rc, deleted, in_trash, err = 0;

	zrx_keyset_add(k->trash, uuid, n);
	if (zrx_keyset_has(k->seen, uuid, n))
		return 0; /* listed as well: the listing wins */
	sqlite3_reset(st);
	if (bind_text(st, 1, k->l->user, strlen(k->l->user)) != SQLITE_OK ||
	    bind_text(st, 2, uuid, n) != SQLITE_OK)
		return zrx_cat_fail(k->c, "cannot read a meeting");
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return remember_trashed(k, s, deleted_time);
	}
	if (rc != SQLITE_ROW)
		return zrx_cat_fail(k->c, "cannot read a meeting");
	deleted = sqlite3_column_int(st, 1);
	in_trash = sqlite3_column_int(st, 2);
	zrx_buf_init(&doc);
	zrx_buf_append(&doc, sqlite3_column_text(st, 3), (size_t)sqlite3_column_bytes(st, 3));
	sqlite3_reset(st);
	if (!deleted) {
		err = delete_meeting(k, uuid, n, doc.data, doc.len, "trash", deleted_time);
	} else if (!in_trash) {
		st = k->c->st[ST_TRASH_FLAG];
		sqlite3_reset(st);
		if (bind_text(st, 1, k->l->user, strlen(k->l->user)) != SQLITE_OK ||
		    bind_text(st, 2, uuid, n) != SQLITE_OK || sqlite3_bind_int(st, 3, 1) != SQLITE_OK ||
		    bind_text(st, 4, deleted_time, deleted_time ? strlen(deleted_time) : 0) !=
		    SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
			err = zrx_cat_fail(k->c, "cannot mark a meeting in the trash");
	}
	zrx_buf_free(&doc);
	return err;
}

/* Remembered in the trash, gone from it, not listed again: purged. */
static int
purged_cb(void *ud, const char *uuid, size_t n, int32_t day)
{
	struct zrx_buf *b = ud;

	(void)day;
	hold(b, uuid, n, "", 0);
	return 0;
}

static int
forget_purged(struct commit *k)
{
	sqlite3_stmt *st = k->c->st[ST_TRASH_FLAG];
	struct zrx_buf held;
	const char *u, *d;
	size_t off = 0, un, dn;
	int err;

	zrx_buf_init(&held);
	err = zrx_catalog_trashed(k->c, k->l->user, purged_cb, &held);
	while (err == 0 && off < held.len) {
		off = unhold(&held, off, &u, &un, &d, &dn);
		if (zrx_keyset_has(k->trash, u, un) || zrx_keyset_has(k->seen, u, un))
			continue;
		sqlite3_reset(st);
		if (bind_text(st, 1, k->l->user, strlen(k->l->user)) != SQLITE_OK ||
		    bind_text(st, 2, u, un) != SQLITE_OK || sqlite3_bind_int(st, 3, 0) != SQLITE_OK ||
		    sqlite3_bind_null(st, 4) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
			err = zrx_cat_fail(k->c, "cannot forget a purged meeting");
	}
	zrx_buf_free(&held);
	return err;
}

static int
put_user(struct commit *k)
{
	sqlite3_stmt *st = k->c->st[ST_PUT_USER];

	sqlite3_reset(st);
	if (bind_text(st, 1, k->l->user, strlen(k->l->user)) != SQLITE_OK ||
	    bind_text(st, 2, k->to, 10) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, k->batch) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, (int64_t)k->n.unchanged) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		return zrx_cat_fail(k->c, "cannot record the user");
	return 0;
}

int
zrx_catalog_commit_user(struct zrx_catalog *c, int64_t batch, int32_t since,
                        const struct zrx_user_listing *l, struct zrx_batch_counts *counts)
{
	struct commit k;
	int err;

	memset(&k, 0, sizeof(k));
	k.since = since;
	k.c = c;
	k.l = l;
	k.batch = batch;
	k.seen = zrx_keyset_new();
	k.trash = zrx_keyset_new();
	zrx_date_format(l->from, k.from);
	zrx_date_format(l->to, k.to);
	err = zrx_cat_exec(c, "BEGIN IMMEDIATE");
	if (err == 0)
		err = l->each_seen(l->ud, seen_cb, &k) != 0 ? -1 : 0;
	if (err == 0)
		err = delete_unlisted(&k);
	if (err == 0)
		err = l->each_trash(l->ud, trash_cb, &k) != 0 ? -1 : 0;
	if (err == 0)
		err = forget_purged(&k);
	if (err == 0)
		err = put_user(&k);
	if (err == 0)
		err = zrx_cat_exec(c, "COMMIT");
	if (err != 0)
		(void)zrx_cat_exec(c, "ROLLBACK");
	else {
		counts->inserted += k.n.inserted;
		counts->updated += k.n.updated;
		counts->deleted += k.n.deleted;
		counts->unchanged += k.n.unchanged;
	}
	zrx_keyset_free(k.seen);
	zrx_keyset_free(k.trash);
	return err;
}

int
zrx_catalog_each_change(struct zrx_catalog *c, int64_t batch,
                        int (*fn)(void *ud, const struct zrx_change *ch), void *ud)
{
	sqlite3_stmt *st = c->st[ST_EACH_CHANGE];
	struct zrx_change ch;
	int rc, err = 0;

	sqlite3_reset(st);
	if (sqlite3_bind_int64(st, 1, batch) != SQLITE_OK)
		return zrx_cat_fail(c, "cannot read the batch's changes");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ch.user = (const char *)sqlite3_column_text(st, 0);
		ch.uuid = (const char *)sqlite3_column_text(st, 1);
		ch.op = (const char *)sqlite3_column_text(st, 2);
		ch.reason = (const char *)sqlite3_column_text(st, 3);
		ch.deleted_time = (const char *)sqlite3_column_text(st, 4);
		ch.doc = (const char *)sqlite3_column_text(st, 5);
		ch.doc_len = (size_t)sqlite3_column_bytes(st, 5);
		err = fn(ud, &ch);
		if (err != 0)
			break;
	}
	sqlite3_reset(st);
	if (err == 0 && rc != SQLITE_DONE)
		return zrx_cat_fail(c, "cannot read the batch's changes");
	return err;
}
