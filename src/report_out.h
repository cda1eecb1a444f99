/* report_out.h - the report's two renderings of one struct zrx_rdata:
 * JSON for pipelines (report_json.c) and a self-contained HTML page
 * (report_html.c, charts from report_svg.c).  Both append to a buffer; the
 * caller writes it out. */
#ifndef ZRX_REPORT_OUT_H
#define ZRX_REPORT_OUT_H

#include "options.h"
#include "report_agg.h"
#include "util.h"

/* What the report was made of, for its header. */
struct zrx_rsource {
	const char *dir;             /* the catalog's directory, or NULL */
	char *const *inputs;         /* export files and manifests */
	size_t ninputs;
	const char *users_file;      /* or NULL */
};

/* Append the figures of d (finished) as one JSON object and '\n'. */
void zrx_report_json(struct zrx_buf *b, const struct zrx_rdata *d,
                     const struct zrx_rsource *src);

/* Append the HTML page of d (finished). */
void zrx_report_html(struct zrx_buf *b, const struct zrx_rdata *d,
                     const struct zrx_rsource *src);

/* The department label of a user row: its dept, "(none)" or "(unknown)";
 * static or d-owned. */
const char *zrx_report_dept(const struct zrx_ruser *u, size_t *len);

#endif
