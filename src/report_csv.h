/* report_csv.h - the report's streaming reader of export CSV: RFC 4180
 * rows (quoted fields with "" and CR/LF inside), the 23 columns of
 * `zrx export`, one row per recording file; the consecutive rows of one
 * meeting become one meeting.  Memory is bounded by the largest meeting. */
#ifndef ZRX_REPORT_CSV_H
#define ZRX_REPORT_CSV_H

#include <stddef.h>

#include "report_rec.h"

struct zrx_rcsv;

/* A reader of one CSV text (it starts with the header row), handing each
 * meeting to cb (has_passcode 0: CSV has no such column).  Never NULL. */
struct zrx_rcsv *zrx_rcsv_new(zrx_rmeet_cb cb, void *ud);

/* Feed the next bytes (any chunking).  0, or -1 when the first row is not
 * the export header, a row has another number of fields, a quote is
 * misplaced, a row or meeting passes 16 MiB, or the callback stopped;
 * zrx_rcsv_error() then says why and where. */
int zrx_rcsv_feed(struct zrx_rcsv *r, const char *data, size_t len);

/* The text ended: delivers the last meeting.  0, or -1 when it ends inside
 * a quoted field or the callback stopped. */
int zrx_rcsv_finish(struct zrx_rcsv *r);

/* Why the last call failed, with the line number.  Reader-owned. */
const char *zrx_rcsv_error(const struct zrx_rcsv *r);

/* Meetings delivered so far. */
uint64_t zrx_rcsv_count(const struct zrx_rcsv *r);

void zrx_rcsv_free(struct zrx_rcsv *r); /* NULL ok */

#endif
