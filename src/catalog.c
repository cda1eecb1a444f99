/* catalog.c - the sync catalog: opening, checking, runs and users.
 *
 * The file is checked from its 100-byte header before SQLite opens it, so a
 * file that is not a zrx catalog, a truncated one or one of a newer schema
 * is refused with nothing written beside it.  The catalog file itself is
 * locked with flock (independent of SQLite's own POSIX locks): a second
 * sync on the same directory is refused. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog_int.h"
#include "dates.h"
#include "fsutil.h"

/* Marks the file as a zrx catalog of this schema; written first, so a
 * catalog whose first start was interrupted is still recognised. */
static const char mark[] =
	"PRAGMA application_id = 2054322225;"
	"PRAGMA user_version = 1;";

static const char schema[] =
	"BEGIN;"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE runs ("
	" batch INTEGER PRIMARY KEY, started_at TEXT NOT NULL, started_ms INTEGER NOT NULL,"
	" to_date TEXT NOT NULL, lookback INTEGER NOT NULL, finished_at TEXT,"
	" inserted INTEGER, updated INTEGER, deleted INTEGER, unchanged INTEGER, file TEXT);"
	"CREATE TABLE users ("
	" user TEXT PRIMARY KEY, good_through TEXT, last_batch INTEGER,"
	" unchanged INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
	"CREATE TABLE meetings ("
	" user TEXT NOT NULL, uuid TEXT NOT NULL, meeting_id TEXT, start_time TEXT,"
	" start_date TEXT NOT NULL, doc TEXT NOT NULL, fingerprint TEXT NOT NULL,"
	" first_batch INTEGER NOT NULL, changed_batch INTEGER NOT NULL,"
	" deleted_batch INTEGER, deleted_reason TEXT, deleted_time TEXT,"
	" in_trash INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (user, uuid)) WITHOUT ROWID;"
	"CREATE INDEX meetings_by_date ON meetings (user, start_date);"
	"CREATE TABLE changes ("
	" batch INTEGER NOT NULL, user TEXT NOT NULL, uuid TEXT NOT NULL, op TEXT NOT NULL,"
	" reason TEXT, deleted_time TEXT, doc TEXT NOT NULL,"
	" PRIMARY KEY (batch, user, uuid)) WITHOUT ROWID;"
	"COMMIT;";

/* ---- errors ---- */

int
zrx_cat_fail(struct zrx_catalog *c, const char *what)
{
	zrx_logm(c->log, ZRX_ERROR, &(struct zrx_logf){ .event = "catalog" },
	    "the catalog %s: %s: %s", c->path, what, sqlite3_errmsg(c->db));
	return -1;
}

int
zrx_cat_exec(struct zrx_catalog *c, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		zrx_logm(c->log, ZRX_ERROR, &(struct zrx_logf){ .event = "catalog" },
		    "the catalog %s: %s", c->path, msg != NULL ? msg : "failed");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* ---- opening ---- */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* What the header of an existing catalog file says: 0 (empty: a new
 * catalog), 1 (a zrx catalog this version reads), or an exit code. */
static int
check_header(struct zrx_catalog *c, int fd)
{
	unsigned char h[100];
	struct stat st;
	uint32_t pagesz, pages;
	ssize_t got;

	if (fstat(fd, &st) != 0)
		return ZRX_EXIT_FATAL;
	if (!S_ISREG(st.st_mode)) {
		zrx_logm(c->log, ZRX_ERROR, NULL, "%s is not a regular file", c->path);
		return ZRX_EXIT_USAGE;
	}
	if (st.st_size == 0)
		return 0;
	got = pread(fd, h, sizeof(h), 0);
	if (got != (ssize_t)sizeof(h) || memcmp(h, "SQLite format 3", 16) != 0) {
		zrx_logm(c->log, ZRX_ERROR, NULL, "%s is not a zrx catalog (not an SQLite "
		    "database); it was left as it is: name another --dir, or move it away",
		    c->path);
		return ZRX_EXIT_USAGE;
	}
	if (be32(h + 68) != ZRX_CATALOG_APP_ID) {
		zrx_logm(c->log, ZRX_ERROR, NULL, "%s is an SQLite database but not a zrx "
		    "catalog; it was left as it is: name another --dir", c->path);
		return ZRX_EXIT_USAGE;
	}
	if (be32(h + 60) > ZRX_CATALOG_SCHEMA) {
		zrx_logm(c->log, ZRX_ERROR, NULL, "%s was written by a newer zrx (catalog "
		    "schema %u; this zrx knows %d): upgrade zrx to read it", c->path,
		    be32(h + 60), ZRX_CATALOG_SCHEMA);
		return ZRX_EXIT_USAGE;
	}
	pagesz = (uint32_t)h[16] << 8 | h[17];
	if (pagesz == 1)
		pagesz = 65536;
	pages = be32(h + 28);
	/* the in-header size counts when the header says it is current */
	if (pages > 0 && be32(h + 92) == be32(h + 24) &&
	    (uint64_t)st.st_size < (uint64_t)pagesz * pages) {
		zrx_logm(c->log, ZRX_ERROR, NULL, "%s is truncated (%lld bytes of %llu): "
		    "restore it from a backup; it was left as it is", c->path,
		    (long long)st.st_size, (unsigned long long)pagesz * pages);
		return ZRX_EXIT_USAGE;
	}
	return 1;
}

/* Take the directory (created if missing) and the catalog file's lock. */
static int
lock_file(struct zrx_catalog *c, const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		zrx_logm(c->log, ZRX_ERROR, NULL, "cannot create the directory %s: %s", dir,
		    strerror(errno));
		return ZRX_EXIT_USAGE;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		zrx_logm(c->log, ZRX_ERROR, NULL, "%s is not a directory", dir);
		return ZRX_EXIT_USAGE;
	}
	c->lockfd = open(c->path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (c->lockfd < 0) {
		zrx_logm(c->log, ZRX_ERROR, NULL, "cannot open the catalog %s: %s", c->path,
		    strerror(errno));
		return errno == ENOSPC || errno == EIO ? ZRX_EXIT_FATAL : ZRX_EXIT_USAGE;
	}
	if (flock(c->lockfd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			zrx_logm(c->log, ZRX_ERROR, NULL, "another zrx sync is running on %s", dir);
		else
			zrx_logm(c->log, ZRX_ERROR, NULL, "cannot lock %s: %s", c->path,
			    strerror(errno));
		return ZRX_EXIT_FATAL;
	}
	return 0;
}

static int
open_db(struct zrx_catalog *c, int fresh)
{
	sqlite3_stmt *st;
	int ok;

	if (sqlite3_open_v2(c->path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW,
	    NULL) != SQLITE_OK) {
		zrx_cat_fail(c, "cannot open");
		return ZRX_EXIT_USAGE;
	}
	(void)sqlite3_extended_result_codes(c->db, 1);
	if (fresh && zrx_cat_exec(c, mark) != 0)
		return ZRX_EXIT_FATAL;
	if (sqlite3_busy_timeout(c->db, 5000) != SQLITE_OK ||
	    zrx_cat_exec(c, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = OFF; PRAGMA cache_size = -4096;") != 0)
		return ZRX_EXIT_FATAL;
	if (fresh)
		return zrx_cat_exec(c, schema) == 0 ? 0 : ZRX_EXIT_FATAL;
	if (sqlite3_prepare_v2(c->db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK) {
		zrx_cat_fail(c, "cannot be checked");
		return ZRX_EXIT_USAGE;
	}
	ok = sqlite3_step(st) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	if (!ok) {
		zrx_logm(c->log, ZRX_ERROR, NULL, "the catalog %s is damaged (SQLite's "
		    "quick_check fails): restore it from a backup", c->path);
		return ZRX_EXIT_USAGE;
	}
	/* marked, but its tables never made it: a first start cut short */
	if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM sqlite_master", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		zrx_cat_fail(c, "cannot be read");
		return ZRX_EXIT_USAGE;
	}
	ok = sqlite3_column_int(st, 0) == 0;
	sqlite3_finalize(st);
	if (ok)
		return zrx_cat_exec(c, schema) == 0 ? 0 : ZRX_EXIT_FATAL;
	return 0;
}

int
zrx_catalog_open(struct zrx_catalog **cp, const char *dir, struct zrx_log *lg)
{
	struct zrx_catalog *c = zrx_xcalloc(1, sizeof(*c));
	int rc;

	*cp = NULL;
	c->log = lg;
	c->lockfd = -1;
	c->path = zrx_xasprintf("%s/catalog.sqlite", dir);
	rc = lock_file(c, dir);
	if (rc == 0) {
		rc = check_header(c, c->lockfd);
		if (rc == 0 || rc == 1)
			rc = open_db(c, rc == 0);
	}
	if (rc == 0)
		rc = zrx_cat_prepare(c) == 0 ? 0 : ZRX_EXIT_FATAL;
	if (rc != 0) {
		zrx_catalog_close(c);
		return rc;
	}
	*cp = c;
	return 0;
}

void
zrx_catalog_close(struct zrx_catalog *c)
{
	if (c == NULL)
		return;
	zrx_cat_finalize(c);
	if (c->db != NULL)
		(void)sqlite3_close(c->db);
	if (c->lockfd >= 0)
		(void)close(c->lockfd);
	free(c->path);
	free(c);
}

/* ---- runs and users ---- */

static int
date_col(sqlite3_stmt *st, int col, int32_t *d)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t != NULL && zrx_date_parse((const char *)t, d) == 0 ? 0 : -1;
}

int
zrx_catalog_since(struct zrx_catalog *c, int32_t *since)
{
	sqlite3_stmt *st = c->st[ST_GET_SINCE];
	int rc;

	sqlite3_reset(st);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return 1;
	rc = rc != SQLITE_ROW || date_col(st, 0, since) != 0;
	sqlite3_reset(st);
	if (rc)
		return zrx_cat_fail(c, "cannot read the feed's first day");
	return 0;
}

int
zrx_catalog_open_batch(struct zrx_catalog *c, struct zrx_batch *b)
{
	sqlite3_stmt *st = c->st[ST_OPEN_RUN];
	int rc;

	sqlite3_reset(st);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return zrx_cat_fail(c, "cannot read its runs");
	memset(b, 0, sizeof(*b));
	b->batch = sqlite3_column_int64(st, 0);
	b->started_ms = sqlite3_column_int64(st, 1);
	b->lookback = sqlite3_column_int(st, 3);
	rc = date_col(st, 2, &b->to_date);
	sqlite3_reset(st);
	if (rc != 0)
		return zrx_cat_fail(c, "a run without its date");
	return 1;
}

int64_t
zrx_catalog_next_batch(struct zrx_catalog *c)
{
	sqlite3_stmt *st = c->st[ST_MAX_BATCH];
	int64_t n;

	sqlite3_reset(st);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return zrx_cat_fail(c, "cannot read its runs");
	}
	n = sqlite3_column_int64(st, 0) + 1;
	sqlite3_reset(st);
	return n;
}

int
zrx_catalog_last_date(struct zrx_catalog *c, int32_t *date)
{
	sqlite3_stmt *st = c->st[ST_LAST_RUN];
	int rc;

	sqlite3_reset(st);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return 0;
	rc = rc != SQLITE_ROW || date_col(st, 0, date) != 0;
	sqlite3_reset(st);
	if (rc)
		return zrx_cat_fail(c, "cannot read its last run");
	return 1;
}

int
zrx_catalog_begin_batch(struct zrx_catalog *c, const struct zrx_batch *b, int32_t since)
{
	sqlite3_stmt *st = c->st[ST_BEGIN_RUN];
	char at[21], to[11], sd[11];

	zrx_format_iso8601(b->started_ms, at);
	zrx_date_format(b->to_date, to);
	if (zrx_cat_exec(c, "BEGIN IMMEDIATE") != 0)
		return -1;
	sqlite3_reset(st);
	if (sqlite3_bind_int64(st, 1, b->batch) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, b->started_ms) != SQLITE_OK ||
	    sqlite3_bind_text(st, 4, to, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int(st, 5, b->lookback) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	st = c->st[ST_SET_SINCE];
	zrx_date_format(since, sd);
	sqlite3_reset(st);
	if (sqlite3_bind_text(st, 1, sd, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	return zrx_cat_exec(c, "COMMIT");
fail:
	zrx_cat_fail(c, "cannot start a run");
	(void)zrx_cat_exec(c, "ROLLBACK");
	return -1;
}

int
zrx_catalog_user(struct zrx_catalog *c, const char *user, int32_t *good, int64_t *last_batch)
{
	sqlite3_stmt *st = c->st[ST_GET_USER];
	int rc, has = 0;

	*last_batch = 0;
	sqlite3_reset(st);
	if (sqlite3_bind_text(st, 1, user, -1, SQLITE_TRANSIENT) != SQLITE_OK)
		return zrx_cat_fail(c, "cannot read a user");
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return zrx_cat_fail(c, "cannot read a user");
	if (sqlite3_column_type(st, 0) != SQLITE_NULL && date_col(st, 0, good) == 0)
		has = 1;
	*last_batch = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return has;
}

int
zrx_catalog_trashed(struct zrx_catalog *c, const char *user,
                    int (*fn)(void *ud, const char *uuid, size_t n, int32_t day), void *ud)
{
	sqlite3_stmt *st = c->st[ST_TRASHED];
	int rc, err = 0;
	int32_t day;

	sqlite3_reset(st);
	if (sqlite3_bind_text(st, 1, user, -1, SQLITE_TRANSIENT) != SQLITE_OK)
		return zrx_cat_fail(c, "cannot read the trash");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (date_col(st, 1, &day) != 0)
			continue;
		err = fn(ud, (const char *)sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0), day);
		if (err != 0)
			break;
	}
	sqlite3_reset(st);
	if (err == 0 && rc != SQLITE_DONE)
		return zrx_cat_fail(c, "cannot read the trash");
	return err;
}

int
zrx_catalog_counts(struct zrx_catalog *c, int64_t batch, struct zrx_batch_counts *n)
{
	sqlite3_stmt *st = c->st[ST_COUNT_OPS];
	int rc;

	memset(n, 0, sizeof(*n));
	sqlite3_reset(st);
	if (sqlite3_bind_int64(st, 1, batch) != SQLITE_OK)
		return zrx_cat_fail(c, "cannot count changes");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *op = (const char *)sqlite3_column_text(st, 0);
		uint64_t k = (uint64_t)sqlite3_column_int64(st, 1);

		if (op != NULL && strcmp(op, "insert") == 0)
			n->inserted = k;
		else if (op != NULL && strcmp(op, "update") == 0)
			n->updated = k;
		else if (op != NULL && strcmp(op, "delete") == 0)
			n->deleted = k;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return zrx_cat_fail(c, "cannot count changes");
	st = c->st[ST_COUNT_SAME];
	sqlite3_reset(st);
	if (sqlite3_bind_int64(st, 1, batch) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		return zrx_cat_fail(c, "cannot count changes");
	n->unchanged = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

int
zrx_catalog_finish_batch(struct zrx_catalog *c, int64_t batch, int64_t finished_ms,
                         const struct zrx_batch_counts *n, const char *file)
{
	sqlite3_stmt *st = c->st[ST_FINISH_RUN];
	char at[21];

	zrx_format_iso8601(finished_ms, at);
	/* the batch's file is durable: this commit must be too */
	if (zrx_cat_exec(c, "PRAGMA synchronous = FULL; BEGIN IMMEDIATE") != 0)
		return -1;
	sqlite3_reset(st);
	if (sqlite3_bind_text(st, 1, at, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (int64_t)n->inserted) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, (int64_t)n->updated) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, (int64_t)n->deleted) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, (int64_t)n->unchanged) != SQLITE_OK ||
	    sqlite3_bind_text(st, 6, file, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 7, batch) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	st = c->st[ST_DROP_CHANGES];
	sqlite3_reset(st);
	if (sqlite3_bind_int64(st, 1, batch) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	if (zrx_cat_exec(c, "COMMIT") != 0)
		return -1;
	return zrx_cat_exec(c, "PRAGMA synchronous = NORMAL; PRAGMA wal_checkpoint(PASSIVE)");
fail:
	zrx_cat_fail(c, "cannot finish the run");
	(void)zrx_cat_exec(c, "ROLLBACK");
	return -1;
}
