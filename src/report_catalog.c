/* report_catalog.c - a sync catalog into the report's figures.
 *
 * One read-only connection; the file must carry the catalog's application
 * id and a schema version this reader knows.  One SELECT walks the
 * present rows (deleted_batch IS NULL) and the rows in the trash
 * (in_trash = 1); each row's doc, the meeting as last seen, goes through
 * the same reader as an NDJSON line, and the row's columns say whose it
 * is, whether it is counted and when it went to the trash. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fsutil.h"
#include "log.h"
#include "report_catalog.h"
#include "report_ndjson.h"

static const char select_rows[] =
	"SELECT user, doc, deleted_batch IS NULL, in_trash, deleted_time "
	"FROM meetings WHERE deleted_batch IS NULL OR in_trash = 1";

/* The row being read, for the reader's callback. */
struct rowctx {
	struct zrx_rdata *d;
	struct zrx_value user;
	struct zrx_value deleted;
	int present;
	int in_trash;
};

static void
column_text(sqlite3_stmt *st, int col, struct zrx_value *v)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	v->kind = s != NULL ? ZRX_V_STR : ZRX_V_NONE;
	v->s = (const char *)s;
	v->n = s != NULL ? (size_t)sqlite3_column_bytes(st, col) : 0;
}

static int
row_cb(void *ud, struct zrx_rmeet *m)
{
	struct rowctx *r = ud;

	m->user = r->user;
	m->counted = r->present;
	m->trash_row = r->in_trash;
	m->row_deleted = r->deleted;
	return zrx_ragg_add(r->d, m);
}

static int
pragma_int(sqlite3 *db, const char *sql, long long *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	(void)sqlite3_finalize(st);
	return rc;
}

/* The catalog is one this reader knows: 0, or ZRX_EXIT_USAGE (logged). */
static int
check_catalog(const struct zrx_config *cfg, sqlite3 *db, const char *path)
{
	long long app = 0, ver = 0;

	if (pragma_int(db, "PRAGMA application_id", &app) != SQLITE_OK ||
	    pragma_int(db, "PRAGMA user_version", &ver) != SQLITE_OK) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: cannot read: %s", path, sqlite3_errmsg(db));
		return ZRX_EXIT_USAGE;
	}
	if (app != ZRX_CATALOG_APP_ID) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s is not a zrx catalog (its application id "
		    "is %lld)", path, app);
		return ZRX_EXIT_USAGE;
	}
	if (ver > ZRX_CATALOG_VERSION) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s has schema version %lld, written by a "
		    "newer zrx; this zrx reads version %d: upgrade zrx", path, ver,
		    ZRX_CATALOG_VERSION);
		return ZRX_EXIT_USAGE;
	}
	if (ver < ZRX_CATALOG_VERSION) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s has schema version %lld: not a complete "
		    "zrx catalog", path, ver);
		return ZRX_EXIT_USAGE;
	}
	return 0;
}

/* Walk the rows: 0, or an exit code (logged). */
static int
read_rows(const struct zrx_config *cfg, sqlite3 *db, const char *path, struct zrx_rdata *d)
{
	struct rowctx r;
	struct zrx_rnd *nd;
	sqlite3_stmt *st;
	uint64_t row = 0;
	int rc, code = 0;

	rc = sqlite3_prepare_v2(db, select_rows, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		/* marked as a catalog, but without its tables: the first sync
		 * was interrupted before it created them */
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: cannot read its meetings (%s): did its "
		    "first sync finish?", path, sqlite3_errmsg(db));
		return ZRX_EXIT_USAGE;
	}
	memset(&r, 0, sizeof(r));
	r.d = d;
	nd = zrx_rnd_new(row_cb, &r);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct zrx_value doc;

		row++;
		column_text(st, 0, &r.user);
		column_text(st, 1, &doc);
		column_text(st, 4, &r.deleted);
		r.present = sqlite3_column_int(st, 2) != 0;
		r.in_trash = sqlite3_column_int(st, 3) != 0;
		if (doc.kind == ZRX_V_NONE || zrx_rnd_feed(nd, doc.s, doc.n) != 0 ||
		    zrx_rnd_feed(nd, "\n", 1) != 0) {
			zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: row %llu of meetings (user %.*s): "
			    "the doc is not a meeting object (%s)", path, (unsigned long long)row,
			    (int)(r.user.n > 200 ? 200 : r.user.n), r.user.s != NULL ? r.user.s : "",
			    doc.kind == ZRX_V_NONE ? "NULL" : zrx_rnd_error(nd));
			code = ZRX_EXIT_USAGE;
			break;
		}
	}
	if (code == 0 && rc != SQLITE_DONE) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: cannot read: %s", path, sqlite3_errmsg(db));
		code = ZRX_EXIT_FATAL;
	}
	if (code == 0 && zrx_rnd_finish(nd) != 0) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: %s", path, zrx_rnd_error(nd));
		code = ZRX_EXIT_USAGE;
	}
	(void)sqlite3_finalize(st);
	zrx_rnd_free(nd);
	zrx_logm(cfg->log, ZRX_DEBUG, NULL, "%s: %llu rows", path, (unsigned long long)row);
	return code;
}

int
zrx_rcatalog_read(const struct zrx_config *cfg, struct zrx_rdata *d)
{
	char *path = zrx_xasprintf("%s/catalog.sqlite", cfg->dir);
	sqlite3 *db = NULL;
	int rc, code;

	d->catalog = 1;
	if (!zrx_path_exists(path)) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: no catalog.sqlite there (is it the "
		    "directory of a zrx sync?)", cfg->dir);
		free(path);
		return ZRX_EXIT_USAGE;
	}
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: cannot open: %s", path,
		    db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		(void)sqlite3_close(db);
		free(path);
		return ZRX_EXIT_USAGE;
	}
	/* a sync may be committing: wait for it rather than fail */
	(void)sqlite3_busy_timeout(db, 10000);
	code = check_catalog(cfg, db, path);
	if (code == 0)
		code = read_rows(cfg, db, path, d);
	if (sqlite3_close(db) != SQLITE_OK && code == 0) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: cannot close", path);
		code = ZRX_EXIT_FATAL;
	}
	free(path);
	return code;
}
