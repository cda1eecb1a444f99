/* report_ndjson.h - the report's streaming reader of meeting objects:
 * NDJSON export lines, or one catalog document at a time.  yajl turns the
 * bytes into events; only the fields the report counts are kept (numbers
 * as their digits), so memory is bounded by the largest meeting. */
#ifndef ZRX_REPORT_NDJSON_H
#define ZRX_REPORT_NDJSON_H

#include <stddef.h>

#include "report_rec.h"

struct zrx_rnd;

/* A reader handing every top-level object to cb as a meeting
 * (has_passcode 1, counted 1).  Never NULL. */
struct zrx_rnd *zrx_rnd_new(zrx_rmeet_cb cb, void *ud);

/* Feed the next bytes of the text (any chunking).  0, or -1 on invalid
 * JSON, a top-level value that is not an object, a line over 16 MiB, a
 * sync batch line (it holds changes, not an inventory), or a callback that
 * stopped; zrx_rnd_error() then says why and where. */
int zrx_rnd_feed(struct zrx_rnd *r, const char *data, size_t len);

/* The text ended: 0 if every object was complete, else -1. */
int zrx_rnd_finish(struct zrx_rnd *r);

/* Why the last call failed, with the line number ("line 12: ...").
 * Reader-owned, valid until the next call. */
const char *zrx_rnd_error(const struct zrx_rnd *r);

/* Objects delivered so far. */
uint64_t zrx_rnd_count(const struct zrx_rnd *r);

void zrx_rnd_free(struct zrx_rnd *r); /* NULL ok */

#endif
