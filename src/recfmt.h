/* recfmt.h - a parsed item as a record: one NDJSON line (the element as
 * sent, plus the keys zrx appends) or CSV rows (one per recording file),
 * written in pieces through the caller's write function, so no record is
 * ever built whole in memory however many files a meeting has. */
#ifndef ZRX_RECFMT_H
#define ZRX_RECFMT_H

#include <stddef.h>
#include "recparse.h"
#include "util.h"
#include "zrx.h"

/* The CSV header row (with its '\n') of each kind. Static storage. */
const char *zrx_csv_header(enum zrx_kind kind);

/* Where formatted bytes go: 0, or nonzero to stop (returned as is). */
typedef int (*zrx_write_fn)(void *ud, const void *p, size_t n);

struct zrx_recfmt;

/* A formatter for items of kind into fmt.  user[0..user_len) is the
 * "_user" value of meetings (and the CSV "user" column).  Never NULL. */
struct zrx_recfmt *zrx_recfmt_new(enum zrx_kind kind, enum zrx_format fmt,
                                  const char *user, size_t user_len);

/*
 * Extra keys appended after "_user" on NDJSON lines (sync's "_op",
 * "_batch", ...): keys is JSON text of the form ,"k":v,... (leading comma,
 * no braces) or NULL.  For CSV, prefix is cells that go before the first
 * column of every row, ending in ',' (NULL: none).  Both are copied.
 */
void zrx_recfmt_set_extra(struct zrx_recfmt *f, const char *keys, const char *csv_prefix);

/* Write the record of it through w.  0 or w's nonzero result. */
int zrx_recfmt_write(struct zrx_recfmt *f, const struct zrx_item *it,
                     zrx_write_fn w, void *ud);

void zrx_recfmt_free(struct zrx_recfmt *f); /* NULL ok */

#endif
