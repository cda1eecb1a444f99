/* report_svg.h - the report's charts, drawn as inline SVG: horizontal bars
 * (users, departments, file types, ages) and columns over months.  Axes
 * carry labels; every bar has an SVG <title>, so its exact figures show on
 * hover; no script, no font, nothing fetched. */
#ifndef ZRX_REPORT_SVG_H
#define ZRX_REPORT_SVG_H

#include <stddef.h>

#include "report_rec.h"
#include "util.h"

enum zrx_svg_unit { ZRX_SVG_COUNT, ZRX_SVG_BYTES };

/* One bar: its label (any bytes: escaped, cut to fit; shown whole in the
 * tooltip), its value, and what the tooltip adds after the label. */
struct zrx_svg_item {
	const char *label;
	size_t label_len;
	zrx_u128 value;
	char tip[200];
};

/* Append a chart of horizontal bars, one per item, in the given order;
 * title names the chart for screen readers. */
void zrx_svg_hbars(struct zrx_buf *b, const char *title, const struct zrx_svg_item *it,
                   size_t n, enum zrx_svg_unit unit);

/* Append a chart of columns (a timeline: one column per item, left to
 * right), with a value axis and some of the labels under the columns. */
void zrx_svg_columns(struct zrx_buf *b, const char *title, const struct zrx_svg_item *it,
                     size_t n, enum zrx_svg_unit unit);

#endif
