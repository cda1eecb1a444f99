/* report_read.h - the report's inputs: export files (NDJSON or CSV, gzip
 * or plain, told apart by their first bytes), manifests standing for their
 * parts, each streamed through its reader into the figures. */
#ifndef ZRX_REPORT_READ_H
#define ZRX_REPORT_READ_H

#include <stddef.h>

#include "options.h"
#include "report_agg.h"
#include "util.h"

/* Where a file's bytes go: 0 to go on, nonzero to stop. */
typedef int (*zrx_rsink_fn)(void *ud, const char *p, size_t n);

/* Stream path's bytes to fn: gzip (any number of members) is inflated,
 * anything else passed as is.  0; -1 when the file cannot be opened or
 * read or its gzip data is corrupt or truncated (the reason appended to
 * err); 1 when fn stopped (fn says why). */
int zrx_rread_stream(const char *path, zrx_rsink_fn fn, void *ud, struct zrx_buf *err) ZRX_WUR;

/* Read cfg->inputs into d (a manifest, a path ending in ".json", stands
 * for its parts, beside it).  An enum zrx_exit code; problems are logged
 * through cfg->log. */
int zrx_rread_inputs(const struct zrx_config *cfg, struct zrx_rdata *d) ZRX_WUR;

#endif
