/* report_rec.h - one meeting as the report's readers hand it to the
 * aggregates: the few fields the report counts, whatever the input (an
 * NDJSON line, consecutive CSV rows, a catalog row), and the small value
 * helpers every reader and the aggregates share. */
#ifndef ZRX_REPORT_REC_H
#define ZRX_REPORT_REC_H

#include <stddef.h>
#include <stdint.h>

#include "recparse.h"
#include "util.h"

/* Byte sums: file sizes past 2^64 exist, and many of them are summed. */
__extension__ typedef unsigned __int128 zrx_u128;

/* One recording file.  Values as struct zrx_value: absent and null are
 * ZRX_V_NONE; CSV cells are strings (an empty cell is ZRX_V_NONE). */
struct zrx_rfile {
	struct zrx_value file_type;
	struct zrx_value file_size;
	struct zrx_value recording_start;
	struct zrx_value recording_end;
	struct zrx_value status;
	struct zrx_value deleted_time;
};

/* One meeting; every pointer is valid only during the callback. */
struct zrx_rmeet {
	struct zrx_value user;        /* "_user" (export), the user column (catalog) */
	struct zrx_value uuid;
	struct zrx_value topic;
	struct zrx_value start_time;
	struct zrx_value duration;
	struct zrx_value passcode;    /* "recording_play_passcode" */
	int has_passcode;             /* 0: the input has no such field (CSV) */
	int counted;                  /* 1: in the totals (export lines, present catalog rows) */
	int trash_row;                /* 1: a catalog row in the trash (in_trash = 1) */
	struct zrx_value row_deleted; /* catalog: the row's deleted_time */
	const struct zrx_rfile *files;
	size_t nfiles;
	uint64_t line;                /* where it was read (line or row), for messages */
};

/* Return 0 to go on; nonzero stops the reader, which then fails with
 * "stopped". */
typedef int (*zrx_rmeet_cb)(void *ud, struct zrx_rmeet *m);

/* 1 if v holds text: not absent, not null, not "" (a CSV cell cannot tell
 * these apart, so neither does the report). */
int zrx_rval_present(const struct zrx_value *v);

/* A non-negative integer written as plain decimal digits (a JSON number or
 * a string, "123" alike), below 2^96: 0 and *out; 1 when the value is
 * absent, null or ""; -1 when it is something else (negative, fractional,
 * exponent, text, too large). */
int zrx_rval_uint(const struct zrx_value *v, zrx_u128 *out);

/* A string timestamp as zrx_time_parse_epoch_ms reads it: 0 and *ms, or
 * -1 (absent, not a string, unreadable). */
int zrx_rval_time(const struct zrx_value *v, int64_t *ms);

/* v's text equals the C string s. */
int zrx_rval_is(const struct zrx_value *v, const char *s);

/* Append v as decimal digits to b. */
void zrx_u128_put(struct zrx_buf *b, zrx_u128 v);

#endif
