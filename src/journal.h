/* journal.h - the state file that makes an export resumable.
 *
 * An append-only file of JSON lines, fsynced after every append.  The first
 * line names the query; every later line commits a group of users together
 * with the output part offset their records end at.  A torn last line (a
 * crash mid-append) is ignored and cut off on open.
 */
#ifndef ZRX_JOURNAL_H
#define ZRX_JOURNAL_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

#define ZRX_JOURNAL_EQUERY (-10000) /* the state was written by another query */
#define ZRX_JOURNAL_ECORRUPT (-10001) /* not a zrx state file */

struct zrx_part_state {
	unsigned index;     /* part number (0 when not split) */
	int64_t offset;     /* committed bytes of the part file */
	uint64_t records;   /* committed records in the part */
	uint64_t files;     /* committed recording files in the part (a count the
	                       manifest reports; stored in commit lines as "files") */
	int finished;       /* the part was completed and renamed to its final name */
};

struct zrx_journal;

/*
 * Open the state at path.  Missing: created (0600) with the query line
 * (query: one line of JSON, no '\n').  Present: its query line must equal
 * query byte for byte, else ZRX_JOURNAL_EQUERY, unless restart, which
 * starts it afresh.  A file whose first line is not a zrx state is
 * ZRX_JOURNAL_ECORRUPT even with restart (it is never overwritten); an empty
 * file, or one holding only a torn first line, starts afresh.  A line that
 * does not parse before the last one is ZRX_JOURNAL_ECORRUPT.  The file is
 * locked (flock): another process holding it gives -EBUSY.  Returns 0 or a
 * negative error (-errno or the above).
 */
int zrx_journal_open(struct zrx_journal **j, const char *path, const char *query,
                     int restart) ZRX_WUR;

/* 1 if the state existed before this open (a resume), else 0. */
int zrx_journal_resumed(const struct zrx_journal *j);

/* 1 if a committed user, else 0. */
int zrx_journal_user_done(const struct zrx_journal *j, const char *user, size_t len);

/* Users committed in total (this and earlier runs). */
uint64_t zrx_journal_users_done(const struct zrx_journal *j);

/* Parts known to the state, in index order (valid until the next call). */
const struct zrx_part_state *zrx_journal_parts(const struct zrx_journal *j, size_t *n);

/* 1 if an earlier run finished the whole export (zrx_journal_complete). */
int zrx_journal_is_complete(const struct zrx_journal *j);

/* Commit: the part `part` now holds `offset` bytes, `records` records and
 * `files` recording files in total, and these users are done.  Appends one
 * line and fsyncs.  0 or -errno; after an error the journal refuses every
 * later append (the failed line is cut or left as a torn last line). */
int zrx_journal_commit(struct zrx_journal *j, unsigned part, int64_t offset,
                       uint64_t records, uint64_t files, char *const *users,
                       const size_t *lens, size_t nusers) ZRX_WUR;

/* Record that part `part` was finished and renamed.  0 or -errno. */
int zrx_journal_part_finished(struct zrx_journal *j, unsigned part) ZRX_WUR;

/* Record that the whole export finished.  0 or -errno. */
int zrx_journal_complete(struct zrx_journal *j) ZRX_WUR;

void zrx_journal_close(struct zrx_journal *j); /* NULL ok */

#endif
