/* query.h - the query of a run as one JSON object: what decides the
 * output.  The state journal stores it (a resume must ask the same) and the
 * manifest reports it; both write it with this one function. */
#ifndef ZRX_QUERY_H
#define ZRX_QUERY_H

#include "jsonw.h"
#include "options.h"

/* Write the query object: command, from, to, trash, trash_type, mc,
 * meeting_id, users (the source: "list", "file:PATH", "all-users"),
 * users_set (a digest of the user list, or the statuses enumerated),
 * format, gzip, split_bytes. */
void zrx_query_write(struct zrx_jw *w, const struct zrx_config *cfg, enum zrx_kind kind);

/* The same as one line of JSON text (no newline); caller owns it. */
char *zrx_query_line(const struct zrx_config *cfg, enum zrx_kind kind);

#endif
