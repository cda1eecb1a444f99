/* catalog_int.h - what catalog.c and catalog_diff.c share: the connection
 * and the statements prepared once for the run. */
#ifndef ZRX_CATALOG_INT_H
#define ZRX_CATALOG_INT_H

#include <sqlite3.h>

#include "catalog.h"
#include "zrx.h"

enum zrx_cat_stmt {
	ST_GET_SINCE, ST_SET_SINCE, ST_OPEN_RUN, ST_LAST_RUN, ST_BEGIN_RUN,
	ST_FINISH_RUN, ST_DROP_CHANGES, ST_GET_USER, ST_PUT_USER, ST_TRASHED,
	ST_GET_MEETING, ST_INSERT_MEETING, ST_UPDATE_MEETING, ST_DELETE_MEETING,
	ST_TRASH_FLAG, ST_LIVE_IN_RANGE, ST_ADD_CHANGE, ST_EACH_CHANGE,
	ST_COUNT_OPS, ST_COUNT_SAME, ST_MAX_BATCH, ST_MOVE_DATE,
	ST_COUNT
};

struct zrx_catalog {
	sqlite3 *db;
	char *path;              /* DIR/catalog.sqlite */
	int lockfd;              /* the catalog file, flock'ed */
	struct zrx_log *log;
	sqlite3_stmt *st[ST_COUNT];
};

/* Log "the catalog PATH: what: SQLite's message"; returns -1. */
int zrx_cat_fail(struct zrx_catalog *c, const char *what);

/* Run SQL without results; 0 or -1 (logged). */
int zrx_cat_exec(struct zrx_catalog *c, const char *sql);

/* Prepare (and release) every statement.  0 or -1 (logged). */
int zrx_cat_prepare(struct zrx_catalog *c);
void zrx_cat_finalize(struct zrx_catalog *c);

#endif
