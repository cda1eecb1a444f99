/* report_svg.c - bar and column charts as inline SVG.
 *
 * Coordinates are in a fixed viewBox 720 units wide; CSS scales the chart
 * to the page (and to A4 when printed).  The value axis runs from 0 to a
 * "nice" top (1, 2 or 5 times a power of ten, times the tick count), so
 * tick labels are round numbers.  Strings are escaped by zrx_html_esc,
 * which is valid in SVG inside HTML. */
#include "config.h"

#include <stdio.h>

#include "report_fmt.h"
#include "report_svg.h"

#define W 720
#define LABEL_W 230      /* hbars: the label column */
#define VALUE_W 84       /* hbars: room for the value after the longest bar */
#define ROW_H 20
#define TICKS 4

/* A round step so that TICKS steps cover max. */
static long double
nice_step(long double max, int count)
{
	long double raw = max / TICKS, mag = 1, norm;

	if (raw <= 0)
		return 1;
	while (mag * 10 <= raw)
		mag *= 10;
	while (mag > raw && !count)
		mag /= 10;
	norm = raw / mag;
	if (norm <= 1)
		return mag;
	if (norm <= 2)
		return 2 * mag;
	if (norm <= 5)
		return 5 * mag;
	return 10 * mag;
}

static void
tick_text(char *out, size_t size, long double v, enum zrx_svg_unit unit)
{
	zrx_u128 x = (zrx_u128)(v + 0.5L);

	if (unit == ZRX_SVG_BYTES)
		zrx_fmt_bytes_s(out, size, x);
	else
		zrx_fmt_count_s(out, size, x);
}

static zrx_u128
max_of(const struct zrx_svg_item *it, size_t n)
{
	zrx_u128 m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (it[i].value > m)
			m = it[i].value;
	return m;
}

static void
open_svg(struct zrx_buf *b, const char *title, int h)
{
	zrx_buf_printf(b, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-label=\"", W, h);
	zrx_html_cesc(b, title);
	zrx_buf_puts(b, "\" xmlns=\"http://www.w3.org/2000/svg\">\n");
}

/* <title>label: tip</title> */
static void
tooltip(struct zrx_buf *b, const struct zrx_svg_item *it)
{
	zrx_buf_puts(b, "<title>");
	zrx_html_esc(b, it->label, it->label_len, (size_t)-1);
	zrx_buf_puts(b, ": ");
	zrx_html_cesc(b, it->tip);
	zrx_buf_puts(b, "</title>");
}

/* The axis: a round step, and a top of TICKS steps or more that holds max. */
static long double
axis_top(long double max, enum zrx_svg_unit unit, long double *step)
{
	long double top;

	*step = nice_step(max, unit == ZRX_SVG_COUNT);
	top = *step * TICKS;
	while (top < max)
		top += *step;
	return top;
}

void
zrx_svg_hbars(struct zrx_buf *b, const char *title, const struct zrx_svg_item *it,
    size_t n, enum zrx_svg_unit unit)
{
	long double max = (long double)max_of(it, n), step, top, span = W - LABEL_W - VALUE_W;
	int h = (int)n * ROW_H + 30, i;
	char t[64];
	size_t k;

	if (n == 0 || max <= 0) {
		zrx_buf_puts(b, "<p class=\"empty\">Nothing to draw.</p>\n");
		return;
	}
	top = axis_top(max, unit, &step);
	open_svg(b, title, h);
	for (i = 0; (long double)i * step <= top + step / 2; i++) {
		int x = LABEL_W + (int)((long double)i * step / top * span);

		tick_text(t, sizeof(t), (long double)i * step, unit);
		zrx_buf_printf(b, "<line class=\"grid\" x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\"/>"
		    "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
		    x, x, (int)n * ROW_H, x, (int)n * ROW_H + 16, t);
	}
	for (k = 0; k < n; k++) {
		int y = (int)k * ROW_H;
		int bw = (int)((long double)it[k].value / top * span + 0.5L);

		zrx_buf_puts(b, "<g class=\"bar\">");
		tooltip(b, &it[k]);
		zrx_buf_printf(b, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		    LABEL_W - 6, y + 14);
		zrx_html_esc(b, it[k].label, it[k].label_len, 34);
		zrx_buf_printf(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
		    LABEL_W, y + 3, bw > 0 || it[k].value == 0 ? bw : 1, ROW_H - 6);
		if (unit == ZRX_SVG_BYTES)
			zrx_fmt_bytes_s(t, sizeof(t), it[k].value);
		else
			zrx_fmt_count_s(t, sizeof(t), it[k].value);
		zrx_buf_printf(b, "<text class=\"value\" x=\"%d\" y=\"%d\">%s</text></g>\n",
		    LABEL_W + bw + 4, y + 14, t);
	}
	zrx_buf_puts(b, "</svg>\n");
}

void
zrx_svg_columns(struct zrx_buf *b, const char *title, const struct zrx_svg_item *it,
    size_t n, enum zrx_svg_unit unit)
{
	const int left = 74, right = 8, top_m = 8, plot_h = 200, h = top_m + plot_h + 26;
	long double max = (long double)max_of(it, n), step, top;
	long double colw = (long double)(W - left - right) / (long double)(n ? n : 1);
	size_t k, every = n / 12 + 1;
	char t[64];
	int i;

	if (n == 0 || max <= 0) {
		zrx_buf_puts(b, "<p class=\"empty\">Nothing to draw.</p>\n");
		return;
	}
	top = axis_top(max, unit, &step);
	open_svg(b, title, h);
	for (i = 0; (long double)i * step <= top + step / 2; i++) {
		int y = top_m + plot_h - (int)((long double)i * step / top * plot_h);

		tick_text(t, sizeof(t), (long double)i * step, unit);
		zrx_buf_printf(b, "<line class=\"grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
		    "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
		    left, y, W - right, y, left - 6, y + 4, t);
	}
	for (k = 0; k < n; k++) {
		int bh = (int)((long double)it[k].value / top * plot_h + 0.5L);
		int x = left + (int)((long double)k * colw);
		int bw = (int)(colw * 0.8L) > 1 ? (int)(colw * 0.8L) : 1;

		if (bh == 0 && it[k].value > 0)
			bh = 1;
		zrx_buf_puts(b, "<g class=\"bar\">");
		tooltip(b, &it[k]);
		zrx_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/></g>\n",
		    x + (int)(colw * 0.1L), top_m + plot_h - bh, bw, bh);
		if (k % every == 0) {
			zrx_buf_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%d\" "
			    "text-anchor=\"middle\">", x + (int)(colw / 2), top_m + plot_h + 16);
			zrx_html_esc(b, it[k].label, it[k].label_len, 12);
			zrx_buf_puts(b, "</text>\n");
		}
	}
	zrx_buf_printf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n",
	    left, top_m + plot_h, W - right, top_m + plot_h);
	zrx_buf_puts(b, "</svg>\n");
}
