/* diskset.c - a set of byte strings on disk.
 *
 * SQLite on a file made with mkstemp and unlinked at once: no journal, one
 * connection that holds it exclusively, a page cache of 1 MiB; the keys are
 * a UNIQUE column and their rowid is the order of insertion.  Writes stay
 * in one open transaction, committed every few thousand (nothing here has
 * to survive a crash: the file is gone with the process). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diskset.h"

#define COMMIT_EVERY 4096

struct zrx_diskset {
	sqlite3 *db;
	sqlite3_stmt *add, *has, *next;
	uint64_t count;
	uint64_t read;
	int64_t last_seq;       /* the last key zrx_diskset_next returned */
	unsigned writes;        /* in the open transaction */
	struct zrx_buf key;     /* the key zrx_diskset_next returned */
};

static int
exec(struct zrx_diskset *s, const char *sql)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int
zrx_diskset_open(struct zrx_diskset **sp, const char *dir)
{
	struct zrx_diskset *s;
	char *path;
	int fd, err = 0;

	*sp = NULL;
	if (dir == NULL || *dir == '\0')
		dir = getenv("TMPDIR");
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = zrx_xasprintf("%s/zrx-set-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		free(path);
		return err;
	}
	s = zrx_xcalloc(1, sizeof(*s));
	zrx_buf_init(&s->key);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) !=
	    SQLITE_OK ||
	    exec(s, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
	    "PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -1024;"
	    "PRAGMA temp_store = FILE;"
	    "CREATE TABLE s (k BLOB NOT NULL UNIQUE); BEGIN") != 0 ||
	    sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO s (k) VALUES (?1)", -1, &s->add,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "SELECT 1 FROM s WHERE k = ?1", -1, &s->has, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "SELECT rowid, k FROM s WHERE rowid > ?1 ORDER BY rowid "
	    "LIMIT 1", -1, &s->next, NULL) != SQLITE_OK)
		err = -EIO;
	/* the connection holds the file (exclusive locking): it can go now */
	if (unlink(path) != 0 && err == 0)
		err = -errno;
	(void)close(fd);
	free(path);
	if (err != 0) {
		zrx_diskset_close(s);
		return err;
	}
	*sp = s;
	return 0;
}

/* Keep the open transaction from growing without end. */
static int
wrote(struct zrx_diskset *s)
{
	if (++s->writes < COMMIT_EVERY)
		return 0;
	s->writes = 0;
	return exec(s, "COMMIT; BEGIN");
}

int
zrx_diskset_add(struct zrx_diskset *s, const void *k, size_t n)
{
	int rc;

	sqlite3_reset(s->add);
	if (sqlite3_bind_blob(s->add, 1, n > 0 ? k : "", (int)n, SQLITE_TRANSIENT) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(s->add);
	sqlite3_reset(s->add);
	if (rc != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return 0;
	s->count++;
	return wrote(s) == 0 ? 1 : -1;
}

int
zrx_diskset_has(struct zrx_diskset *s, const void *k, size_t n)
{
	int rc;

	sqlite3_reset(s->has);
	if (sqlite3_bind_blob(s->has, 1, n > 0 ? k : "", (int)n, SQLITE_TRANSIENT) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(s->has);
	sqlite3_reset(s->has);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

uint64_t
zrx_diskset_count(const struct zrx_diskset *s)
{
	return s->count;
}

uint64_t
zrx_diskset_unread(const struct zrx_diskset *s)
{
	return s->count - s->read;
}

int
zrx_diskset_next(struct zrx_diskset *s, const char **k, size_t *n)
{
	int rc;

	if (s->read == s->count)
		return 0;
	sqlite3_reset(s->next);
	if (sqlite3_bind_int64(s->next, 1, s->last_seq) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(s->next);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s->next);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	s->last_seq = sqlite3_column_int64(s->next, 0);
	zrx_buf_reset(&s->key);
	zrx_buf_append(&s->key, sqlite3_column_blob(s->next, 1),
	    (size_t)sqlite3_column_bytes(s->next, 1));
	sqlite3_reset(s->next);
	s->read++;
	*k = s->key.data;
	*n = s->key.len;
	return 1;
}

void
zrx_diskset_close(struct zrx_diskset *s)
{
	if (s == NULL)
		return;
	sqlite3_finalize(s->add);
	sqlite3_finalize(s->has);
	sqlite3_finalize(s->next);
	if (s->db != NULL)
		(void)sqlite3_close(s->db);
	zrx_buf_free(&s->key);
	free(s);
}
