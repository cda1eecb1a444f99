/* output.h - where committed users go: the output parts, the state journal,
 * and at the end the manifest and the errors file (output.c, manifest.c). */
#ifndef ZRX_OUTPUT_H
#define ZRX_OUTPUT_H

#include <stdint.h>

#include "jsonw.h"
#include "options.h"
#include "userbuf.h"
#include "util.h"

struct zrx_output;

/* What the manifest says about the run besides the parts. */
struct zrx_run_info {
	int64_t started_ms;        /* wall clock */
	uint64_t users_ok;         /* committed in this run */
	uint64_t users_failed;
	const struct zrx_buf *errors; /* NDJSON lines of failed users (may be empty) */
	uint64_t requests;         /* API requests of this run */
	/* more keys for the manifest (sync's batch counts), or NULL */
	void (*extra)(struct zrx_jw *w, void *ud);
	void *extra_ud;
};

/*
 * Open the output for cfg: check an existing output against its state
 * (refusing to overwrite one without state unless --force, or a state of
 * another query unless --restart), cut the last part back to its committed
 * offset, and get ready to append.  query is one line of JSON naming the
 * query.  Returns 0, or an exit code (ZRX_EXIT_USAGE, ZRX_EXIT_FATAL) after
 * logging why.  *complete is set when the state says the export finished.
 */
int zrx_output_open(struct zrx_output **o, const struct zrx_config *cfg,
                    enum zrx_kind kind, const char *query, int *complete);

/* 1 if an earlier run committed this user. */
int zrx_output_user_done(const struct zrx_output *o, const char *user);

/* Users committed by earlier runs. */
uint64_t zrx_output_users_before(const struct zrx_output *o);

/* Append a finished user's records (may first rotate to a new part) and
 * remember the user for the next commit.  0 or -errno (logged). */
int zrx_output_add_user(struct zrx_output *o, const char *user,
                        struct zrx_userbuf *ub, uint64_t files) ZRX_WUR;

/* Group commit: finish the gzip member, fsync, then journal the users added
 * since the last commit.  0 or -errno (logged). */
int zrx_output_commit(struct zrx_output *o) ZRX_WUR;

/* Users added since the last commit. */
size_t zrx_output_uncommitted(const struct zrx_output *o);

/* End of a whole run: commit, finish the last part (rename to its final
 * name), write the errors file and the manifest, and when nobody failed mark
 * the state complete.  0 or -errno (logged). */
int zrx_output_finish(struct zrx_output *o, const struct zrx_run_info *info) ZRX_WUR;

/* Write only the errors file (an interrupted run). 0 or -errno (logged). */
int zrx_output_write_errors(struct zrx_output *o, const struct zrx_buf *errors) ZRX_WUR;

/* Totals over every run: records and recording files written, bytes of the
 * output files. */
uint64_t zrx_output_records(const struct zrx_output *o);
uint64_t zrx_output_files(const struct zrx_output *o);
uint64_t zrx_output_bytes(const struct zrx_output *o);

/* Where the output went (first part's final name or "-").  Owned by o. */
const char *zrx_output_path(const struct zrx_output *o);
size_t zrx_output_nparts(const struct zrx_output *o);

/* Close without finishing (after a commit, or after a failure). */
void zrx_output_close(struct zrx_output *o); /* NULL ok */

#endif
