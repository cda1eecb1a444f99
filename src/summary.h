/* summary.h - what a run tells at its end (the summary lines) and the
 * lines of its errors file. */
#ifndef ZRX_SUMMARY_H
#define ZRX_SUMMARY_H

#include <stdint.h>

#include "client.h"
#include "dates.h"
#include "options.h"
#include "output.h"

struct zrx_summary {
	uint64_t users_ok;       /* committed in this run */
	uint64_t users_failed;
	uint64_t users_skipped;  /* committed by an earlier run */
	uint64_t meetings;       /* written in this run */
	uint64_t files;
	uint64_t unreadable;     /* meetings whose start_time could not be read */
	uint64_t surrogates;     /* lone UTF-16 surrogates written as U+FFFD */
	uint64_t elapsed_ms;
};

/* Append one errors-file line: user, from, to (win NULL: null), http_status,
 * code, message, attempts, tracking_id (res NULL: nulls). */
void zrx_summary_error(struct zrx_buf *errors, const char *user, const struct zrx_window *win,
                       const struct zrx_result *res, const char *message);
/* The same for a user name of n bytes. */
void zrx_summary_error_n(struct zrx_buf *errors, const char *user, size_t n,
                         const struct zrx_window *win, const struct zrx_result *res,
                         const char *message);

/* Log the summary of an export or users run (nothing when quiet). */
void zrx_summary_print(struct zrx_log *lg, const struct zrx_summary *s,
                       const struct zrx_net_stats *st, const struct zrx_output *out,
                       const struct zrx_config *cfg, enum zrx_kind kind, int code,
                       uint64_t users_listed);

/* "12.3 MiB" */
void zrx_human_bytes(char *out, size_t n, uint64_t v);

#endif
