/* report_html.c - the report as one self-contained HTML page: inline CSS
 * (with print rules for A4), inline SVG charts, no script, nothing fetched
 * (a Content-Security-Policy says so to the browser too).  This file
 * holds the page, the shared cell helpers, and the sections on totals,
 * months and storage; report_html_risk.c holds the rest.  The page holds
 * no clock time: the same inputs and as-of day give the same bytes. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "report_html.h"
#include "report_out.h"

#define MONTHS_DRAWN 120

static const char css[] =
	":root{--ink:#1d2733;--muted:#5b6775;--line:#d8dee6;--bar:#3b6ea5;--head:#f3f5f8}\n"
	"*{box-sizing:border-box}\n"
	"body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\","
	"\"Liberation Sans\",Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:1080px;"
	"padding:24px}\n"
	"h1{font-size:26px;margin:0 0 4px}\n"
	"h2{font-size:19px;margin:34px 0 8px;border-bottom:2px solid var(--line);"
	"padding-bottom:4px}\n"
	"h3{font-size:15px;margin:18px 0 6px}\n"
	".meta{color:var(--muted);margin:2px 0}\n"
	"nav ol{columns:2;margin:10px 0;padding-left:20px}\n"
	".kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;"
	"margin:8px 0}\n"
	".kpi{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:0}\n"
	".kpi dt{color:var(--muted);font-size:12px}\n"
	".kpi dd{margin:2px 0 0;font-size:22px;font-weight:600}\n"
	".kpi .exact{display:block;font-size:11px;font-weight:400;color:var(--muted)}\n"
	"table{border-collapse:collapse;width:100%;margin:8px 0 4px;font-size:13px}\n"
	"th,td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left;"
	"vertical-align:top}\n"
	"th{font-weight:600;background:var(--head)}\n"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"tr.rest td{font-style:italic;color:var(--muted)}\n"
	".id{display:block;color:var(--muted);font-size:11px;overflow-wrap:anywhere}\n"
	".topic{overflow-wrap:anywhere;white-space:pre-wrap}\n"
	"svg.chart{width:100%;height:auto;display:block;margin:6px 0 10px}\n"
	"svg .bar rect{fill:var(--bar)}\nsvg .bar:hover rect{fill:#1f4f80}\n"
	"svg text{font-size:11px;fill:var(--ink)}\nsvg .tick{fill:var(--muted)}\n"
	"svg .grid{stroke:#e4e8ee}\nsvg .axis{stroke:#9aa5b1}\n"
	".note,.empty{color:var(--muted);font-size:13px}\n"
	"footer{margin-top:40px;color:var(--muted);font-size:12px}\n"
	"@media print{@page{size:A4;margin:14mm}\n"
	"body{max-width:none;padding:0;font-size:10pt}\nnav{display:none}\n"
	"h2{break-after:avoid}\nsvg.chart,tr,.kpi{break-inside:avoid}\n"
	"thead{display:table-header-group}\n.kpi dd{font-size:16pt}}\n";

void
zrx_h_text(struct zrx_buf *b, const char *s, size_t n, size_t max, const char *fallback)
{
	if (s == NULL || n == 0) {
		zrx_buf_puts(b, fallback);
		return;
	}
	zrx_buf_puts(b, "<bdi>");
	zrx_html_esc(b, s, n, max);
	zrx_buf_puts(b, "</bdi>");
}

void
zrx_h_count_td(struct zrx_buf *b, zrx_u128 v)
{
	zrx_buf_puts(b, "<td class=\"n\">");
	zrx_fmt_count(b, v);
	zrx_buf_puts(b, "</td>");
}

void
zrx_h_bytes_td(struct zrx_buf *b, zrx_u128 v)
{
	zrx_buf_puts(b, "<td class=\"n\" title=\"");
	zrx_fmt_count(b, v);
	zrx_buf_puts(b, " bytes\">");
	zrx_fmt_bytes(b, v);
	zrx_buf_puts(b, "</td>");
}

void
zrx_h_hours_td(struct zrx_buf *b, zrx_u128 ms)
{
	zrx_buf_puts(b, "<td class=\"n\">");
	zrx_fmt_hours(b, ms);
	zrx_buf_puts(b, "</td>");
}

void
zrx_h_kpis_open(struct zrx_buf *b)
{
	zrx_buf_puts(b, "<dl class=\"kpis\">\n");
}

void
zrx_h_kpis_close(struct zrx_buf *b)
{
	zrx_buf_puts(b, "</dl>\n");
}

void
zrx_h_kpi(struct zrx_buf *b, const char *id, const char *label, zrx_u128 value, int bytes)
{
	zrx_buf_printf(b, "<div class=\"kpi\"><dt>%s</dt><dd id=\"%s\" data-value=\"", label, id);
	zrx_u128_put(b, value);
	zrx_buf_puts(b, "\">");
	if (bytes) {
		zrx_fmt_bytes(b, value);
		zrx_buf_puts(b, "<span class=\"exact\">");
		zrx_fmt_count(b, value);
		zrx_buf_puts(b, " bytes</span>");
	} else {
		zrx_fmt_count(b, value);
	}
	zrx_buf_puts(b, "</dd></div>\n");
}

void
zrx_h_user_td(struct zrx_buf *b, const char *id, size_t id_len, const char *name,
    size_t name_len)
{
	zrx_buf_puts(b, "<td>");
	if (name != NULL && name_len > 0) {
		zrx_h_text(b, name, name_len, 80, "");
		zrx_buf_puts(b, "<span class=\"id\">");
		zrx_h_text(b, id, id_len, 120, "(no user)");
		zrx_buf_puts(b, "</span>");
	} else {
		zrx_h_text(b, id, id_len, 120, "(no user)");
	}
	zrx_buf_puts(b, "</td>");
}

void
zrx_h_note(struct zrx_buf *b, const char *html)
{
	zrx_buf_printf(b, "<p class=\"note\">%s</p>\n", html);
}

static void
figures_tds(struct zrx_buf *b, const struct zrx_rcount *c, unsigned cols)
{
	if (cols & ZRX_HC_MEETINGS)
		zrx_h_count_td(b, c->meetings);
	if (cols & ZRX_HC_FILES)
		zrx_h_count_td(b, c->files);
	if (cols & ZRX_HC_BYTES)
		zrx_h_bytes_td(b, c->bytes);
	if (cols & ZRX_HC_HOURS)
		zrx_h_hours_td(b, c->rec_ms);
}

static void
figures_ths(struct zrx_buf *b, unsigned cols)
{
	if (cols & ZRX_HC_MEETINGS)
		zrx_buf_puts(b, "<th class=\"n\">Meetings</th>");
	if (cols & ZRX_HC_FILES)
		zrx_buf_puts(b, "<th class=\"n\">Files</th>");
	if (cols & ZRX_HC_BYTES)
		zrx_buf_puts(b, "<th class=\"n\">Storage</th>");
	if (cols & ZRX_HC_HOURS)
		zrx_buf_puts(b, "<th class=\"n\">Hours</th>");
}

/* The rest row: "(N other ...)" and its sums. */
static void
rest_tr(struct zrx_buf *b, const struct zrx_rtable *t, const char *what, int span,
    unsigned cols)
{
	if (!t->has_rest)
		return;
	zrx_buf_printf(b, "<tr class=\"rest\"><td colspan=\"%d\">", span);
	zrx_fmt_count(b, t->rest.entries);
	zrx_buf_printf(b, " other %s</td>", what);
	figures_tds(b, &t->rest.c, cols);
	zrx_buf_puts(b, "</tr>\n");
}

void
zrx_h_user_table(struct zrx_buf *b, const struct zrx_rtable *t, unsigned cols)
{
	size_t i, dl;
	const char *dept;

	zrx_buf_puts(b, "<table><thead><tr><th class=\"n\">#</th><th>User</th>");
	if (cols & ZRX_HC_DEPT)
		zrx_buf_puts(b, "<th>Department</th>");
	figures_ths(b, cols);
	zrx_buf_puts(b, "</tr></thead><tbody>\n");
	for (i = 0; i < t->nrows; i++) {
		const struct zrx_rrow *r = &t->rows[i];

		zrx_buf_printf(b, "<tr><td class=\"n\">%zu</td>", i + 1);
		zrx_h_user_td(b, r->label, r->label_len, r->user->name, r->user->name_len);
		if (cols & ZRX_HC_DEPT) {
			dept = zrx_report_dept(r->user, &dl);
			zrx_buf_puts(b, "<td>");
			zrx_h_text(b, dept, dl, 60, "");
			zrx_buf_puts(b, "</td>");
		}
		figures_tds(b, &r->c, cols);
		zrx_buf_puts(b, "</tr>\n");
	}
	rest_tr(b, t, "users", cols & ZRX_HC_DEPT ? 3 : 2, cols);
	zrx_buf_puts(b, "</tbody></table>\n");
}

void
zrx_h_table_bars(struct zrx_buf *b, const char *title, const struct zrx_rtable *t,
    enum zrx_svg_unit unit, char field)
{
	struct zrx_svg_item it[ZRX_RTOP];
	char c1[64], c2[64];
	size_t i;

	for (i = 0; i < t->nrows && i < ZRX_RTOP; i++) {
		const struct zrx_rrow *r = &t->rows[i];

		it[i].label = r->label;
		it[i].label_len = r->label_len;
		if (r->user != NULL && r->user->name != NULL && r->user->name_len > 0) {
			it[i].label = r->user->name;
			it[i].label_len = r->user->name_len;
		}
		it[i].value = field == 'm' ? r->c.meetings : field == 'f' ? r->c.files : r->c.bytes;
		zrx_fmt_bytes_s(c1, sizeof(c1), r->c.bytes);
		zrx_fmt_count_s(c2, sizeof(c2), r->c.bytes);
		snprintf(it[i].tip, sizeof(it[i].tip), "%llu meetings, %llu files, %s (%s bytes)",
		    (unsigned long long)r->c.meetings, (unsigned long long)r->c.files, c1, c2);
	}
	zrx_svg_hbars(b, title, it, i, unit);
}

static void
head(struct zrx_buf *b, const struct zrx_rdata *d, const struct zrx_rsource *src)
{
	char day[11];
	size_t i;

	zrx_date_format(d->as_of, day);
	zrx_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	zrx_buf_printf(b, "<title>Zoom recordings: compliance report as of %s</title>\n", day);
	zrx_buf_printf(b, "<style>\n%s</style>\n</head>\n<body>\n<header>\n", css);
	zrx_buf_printf(b, "<h1>Zoom recordings: compliance report</h1>\n"
	    "<p class=\"meta\">As of <strong id=\"as-of\">%s</strong> (UTC). ", day);
	if (src->dir != NULL) {
		zrx_buf_puts(b, "From the sync catalog in <bdi>");
		zrx_html_cesc(b, src->dir);
		zrx_buf_puts(b, "</bdi>.");
	} else {
		zrx_buf_printf(b, "From %zu export file%s: ", src->ninputs,
		    src->ninputs == 1 ? "" : "s");
		for (i = 0; i < src->ninputs; i++) {
			zrx_buf_puts(b, i > 0 ? ", <bdi>" : "<bdi>");
			zrx_html_cesc(b, src->inputs[i]);
			zrx_buf_puts(b, "</bdi>");
		}
		zrx_buf_puts(b, ".");
	}
	zrx_buf_puts(b, "</p>\n<p class=\"meta\">");
	if (src->users_file != NULL) {
		zrx_buf_puts(b, "Names and departments from <bdi>");
		zrx_html_cesc(b, src->users_file);
		zrx_buf_puts(b, "</bdi>. ");
	}
	if (d->retention_days > 0)
		zrx_buf_printf(b, "Retention policy: %d days.", d->retention_days);
	else
		zrx_buf_puts(b, "No retention policy given.");
	zrx_buf_puts(b, "</p>\n</header>\n<nav><ol>"
	    "<li><a href=\"#totals\">Account totals</a></li>"
	    "<li><a href=\"#months\">Meetings and storage per month</a></li>"
	    "<li><a href=\"#users\">Storage by user</a></li>"
	    "<li><a href=\"#departments\">Storage by department</a></li>"
	    "<li><a href=\"#file-types\">File types</a></li>"
	    "<li><a href=\"#ages\">Age and retention</a></li>"
	    "<li><a href=\"#trash\">The trash</a></li>"
	    "<li><a href=\"#not-completed\">Files not completed</a></li>"
	    "<li><a href=\"#passcode\">Meetings without a play passcode</a></li>"
	    "</ol></nav>\n");
}

static void
totals(struct zrx_buf *b, const struct zrx_rdata *d)
{
	zrx_buf_puts(b, "<section id=\"totals\">\n<h2>Account totals</h2>\n");
	zrx_h_kpis_open(b);
	zrx_h_kpi(b, "total-users", "Users with recordings", d->nusers, 0);
	zrx_h_kpi(b, "total-meetings", "Meetings", d->total.meetings, 0);
	zrx_h_kpi(b, "total-files", "Recording files", d->total.files, 0);
	zrx_h_kpi(b, "total-bytes", "Storage", d->total.bytes, 1);
	zrx_buf_puts(b, "<div class=\"kpi\"><dt>Recorded hours</dt><dd id=\"total-hours\" "
	    "data-value=\"");
	zrx_u128_put(b, d->total.rec_ms / 1000);
	zrx_buf_puts(b, "\">");
	zrx_fmt_hours(b, d->total.rec_ms);
	zrx_buf_puts(b, "</dd></div>\n");
	zrx_h_kpis_close(b);
	zrx_buf_puts(b, "<p class=\"note\">Storage is the sum of the files' sizes. Recorded "
	    "hours: per meeting, the time covered by its files' recording intervals (the "
	    "meeting's duration when no interval can be read).");
	if (d->files_no_size > 0)
		zrx_buf_printf(b, " %llu files have no size (captions, timelines, files still "
		    "recording): counted as files, not in storage.",
		    (unsigned long long)d->files_no_size);
	if (d->files_bad_size > 0)
		zrx_buf_printf(b, " %llu files have a size that is not a whole number of bytes "
		    "(negative, fractional, text): counted as files, not in storage.",
		    (unsigned long long)d->files_bad_size);
	if (d->start_unknown > 0)
		zrx_buf_printf(b, " %llu meetings have a start time that cannot be read.",
		    (unsigned long long)d->start_unknown);
	zrx_buf_puts(b, "</p>\n</section>\n");
}

/* Columns for the months from the first to the last (the last
 * MONTHS_DRAWN at most), empty months included. */
static void
month_chart(struct zrx_buf *b, const struct zrx_rdata *d, int bytes)
{
	struct zrx_svg_item it[MONTHS_DRAWN];
	char labels[MONTHS_DRAWN][24], c[64];
	const struct zrx_rtable *t = &d->t_months;
	long first, last, m;
	size_t i, n;
	int y, mo;

	if (t->nrows == 0) {
		zrx_buf_puts(b, "<p class=\"empty\">No meeting has a readable start time.</p>\n");
		return;
	}
	(void)sscanf(t->rows[0].label, "%4d-%2d", &y, &mo);
	first = (long)y * 12 + mo - 1;
	(void)sscanf(t->rows[t->nrows - 1].label, "%4d-%2d", &y, &mo);
	last = (long)y * 12 + mo - 1;
	if (last - first + 1 > MONTHS_DRAWN)
		first = last - MONTHS_DRAWN + 1;
	n = (size_t)(last - first + 1);
	for (i = 0; i < n; i++) {
		memset(&it[i], 0, sizeof(it[i]));
		m = first + (long)i;
		snprintf(labels[i], sizeof(labels[i]), "%04ld-%02ld", m / 12, m % 12 + 1);
		it[i].label = labels[i];
		it[i].label_len = strlen(labels[i]);
		snprintf(it[i].tip, sizeof(it[i].tip), "no meetings");
	}
	for (i = 0; i < t->nrows; i++) {
		const struct zrx_rrow *r = &t->rows[i];

		(void)sscanf(r->label, "%4d-%2d", &y, &mo);
		m = (long)y * 12 + mo - 1;
		if (m < first)
			continue;
		it[m - first].value = bytes ? r->c.bytes : r->c.meetings;
		zrx_fmt_bytes_s(c, sizeof(c), r->c.bytes);
		snprintf(it[m - first].tip, sizeof(it[0].tip), "%llu meetings, %llu files, %s",
		    (unsigned long long)r->c.meetings, (unsigned long long)r->c.files, c);
	}
	zrx_svg_columns(b, bytes ? "Storage per month" : "Meetings per month", it, n,
	    bytes ? ZRX_SVG_BYTES : ZRX_SVG_COUNT);
}

static void
months(struct zrx_buf *b, const struct zrx_rdata *d)
{
	const unsigned cols = ZRX_HC_MEETINGS | ZRX_HC_FILES | ZRX_HC_BYTES | ZRX_HC_HOURS;
	size_t i;

	zrx_buf_puts(b, "<section id=\"months\">\n<h2>Meetings and storage per month</h2>\n"
	    "<p class=\"note\">By the UTC month of each meeting's start time.</p>\n"
	    "<h3>Meetings per month</h3>\n");
	month_chart(b, d, 0);
	zrx_buf_puts(b, "<h3>Storage per month</h3>\n");
	month_chart(b, d, 1);
	zrx_buf_puts(b, "<table><thead><tr><th>Month</th>");
	figures_ths(b, cols);
	zrx_buf_puts(b, "</tr></thead><tbody>\n");
	for (i = 0; i < d->t_months.nrows; i++) {
		zrx_buf_puts(b, "<tr><td>");
		zrx_html_esc(b, d->t_months.rows[i].label, d->t_months.rows[i].label_len, 8);
		zrx_buf_puts(b, "</td>");
		figures_tds(b, &d->t_months.rows[i].c, cols);
		zrx_buf_puts(b, "</tr>\n");
	}
	if (d->month_unknown.meetings > 0) {
		zrx_buf_puts(b, "<tr class=\"rest\"><td>start time unreadable</td>");
		figures_tds(b, &d->month_unknown, cols);
		zrx_buf_puts(b, "</tr>\n");
	}
	zrx_buf_puts(b, "</tbody></table>\n</section>\n");
}

static void
storage(struct zrx_buf *b, const struct zrx_rdata *d)
{
	const unsigned cols = ZRX_HC_MEETINGS | ZRX_HC_FILES | ZRX_HC_BYTES | ZRX_HC_HOURS;
	size_t i;

	zrx_buf_printf(b, "<section id=\"users\">\n<h2>Storage by user</h2>\n<p class=\"note\">"
	    "The %d users with the most storage", ZRX_RTOP);
	zrx_buf_puts(b, d->t_users.has_rest ? "; the others summed in the last row.</p>\n" :
	    ".</p>\n");
	zrx_h_table_bars(b, "Storage by user", &d->t_users, ZRX_SVG_BYTES, 'b');
	zrx_h_user_table(b, &d->t_users, cols | ZRX_HC_DEPT);
	zrx_buf_puts(b, "</section>\n<section id=\"departments\">\n<h2>Storage by department"
	    "</h2>\n");
	if (d->users_file == NULL)
		zrx_h_note(b, "Departments come from a users file (<code>--users FILE</code>, "
		    "a <code>zrx users</code> output); without one every user is (unknown).");
	else
		zrx_h_note(b, "From the users file's <code>dept</code>: (none) when it is "
		    "empty, (unknown) for users not in the file.");
	zrx_h_table_bars(b, "Storage by department", &d->t_depts, ZRX_SVG_BYTES, 'b');
	zrx_buf_puts(b, "<table><thead><tr><th>Department</th><th class=\"n\">Users</th>");
	figures_ths(b, cols);
	zrx_buf_puts(b, "</tr></thead><tbody>\n");
	for (i = 0; i < d->t_depts.nrows; i++) {
		const struct zrx_rrow *r = &d->t_depts.rows[i];

		zrx_buf_puts(b, "<tr><td>");
		zrx_h_text(b, r->label, r->label_len, 80, "");
		zrx_buf_puts(b, "</td>");
		zrx_h_count_td(b, r->users);
		figures_tds(b, &r->c, cols);
		zrx_buf_puts(b, "</tr>\n");
	}
	rest_tr(b, &d->t_depts, "departments", 2, cols);
	zrx_buf_puts(b, "</tbody></table>\n</section>\n");
}

static void
file_types(struct zrx_buf *b, const struct zrx_rdata *d)
{
	const unsigned cols = ZRX_HC_FILES | ZRX_HC_BYTES;
	size_t i;

	zrx_buf_puts(b, "<section id=\"file-types\">\n<h2>File types</h2>\n");
	zrx_h_table_bars(b, "Storage by file type", &d->t_types, ZRX_SVG_BYTES, 'b');
	zrx_buf_puts(b, "<table><thead><tr><th>File type</th>");
	figures_ths(b, cols);
	zrx_buf_puts(b, "</tr></thead><tbody>\n");
	for (i = 0; i < d->t_types.nrows; i++) {
		const struct zrx_rrow *r = &d->t_types.rows[i];

		zrx_buf_puts(b, "<tr><td>");
		zrx_h_text(b, r->label, r->label_len, 60, "(none)");
		zrx_buf_puts(b, "</td>");
		figures_tds(b, &r->c, cols);
		zrx_buf_puts(b, "</tr>\n");
	}
	rest_tr(b, &d->t_types, "file types", 1, cols);
	zrx_buf_puts(b, "</tbody></table>\n</section>\n");
}

void
zrx_report_html(struct zrx_buf *b, const struct zrx_rdata *d, const struct zrx_rsource *src)
{
	head(b, d, src);
	zrx_buf_puts(b, "<main>\n");
	totals(b, d);
	months(b, d);
	storage(b, d);
	file_types(b, d);
	zrx_h_ages(b, d);
	zrx_h_trash(b, d);
	zrx_h_notdone(b, d);
	zrx_h_passcode(b, d);
	zrx_buf_printf(b, "</main>\n<footer>Made by zrx %s. Every figure is defined in the "
	    "zrx README, section \"Compliance report\"; <code>zrx report ... -o "
	    "report.json</code> gives the same figures as JSON.</footer>\n</body>\n</html>\n",
	    PACKAGE_VERSION);
}
