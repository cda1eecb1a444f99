/* report_html_risk.c - the sections of the report page that point at
 * something to act on: ages and the retention policy, what the trash will
 * purge within 7 days, files that never finished processing, and meetings
 * anyone with the link can play (no passcode).  Lists show the first
 * ZRX_RTOP in a fixed order and say how many more there are. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "report_html.h"

static void
more(struct zrx_buf *b, const struct zrx_rlist *l, const char *what)
{
	if (l->total > l->n)
		zrx_buf_printf(b, "<p class=\"note\">And %llu more %s (the JSON output "
		    "counts them too).</p>\n", (unsigned long long)(l->total - l->n), what);
}

/* The cells a list item starts with: user, topic, start time. */
static void
item_tds(struct zrx_buf *b, const struct zrx_ritem *it)
{
	zrx_h_user_td(b, it->user, it->user_len, it->name, it->name_len);
	zrx_buf_puts(b, "<td class=\"topic\">");
	zrx_h_text(b, it->topic, it->topic_len, (size_t)-1, "(no topic)");
	if (it->topic_cut)
		zrx_buf_puts(b, "\xe2\x80\xa6");
	zrx_buf_puts(b, "<span class=\"id\">");
	zrx_h_text(b, it->uuid, it->uuid_len, 64, "(no uuid)");
	zrx_buf_puts(b, "</span></td><td>");
	zrx_h_text(b, it->start, it->start_len, 40, "");
	zrx_buf_puts(b, "</td>");
}

void
zrx_h_ages(struct zrx_buf *b, const struct zrx_rdata *d)
{
	struct zrx_svg_item it[ZRX_NAGES];
	char c1[64], day[11];
	int i, lo, hi;

	zrx_date_format(d->as_of, day);
	zrx_buf_printf(b, "<section id=\"ages\">\n<h2>Age and retention</h2>\n"
	    "<p class=\"note\">Age: days from the meeting's start (UTC date) to %s.</p>\n", day);
	for (i = 0; i < ZRX_NAGES; i++) {
		it[i].label = zrx_rage_label((enum zrx_rage)i, &lo, &hi);
		it[i].label_len = strlen(it[i].label);
		it[i].value = d->ages[i].bytes;
		zrx_fmt_bytes_s(c1, sizeof(c1), d->ages[i].bytes);
		snprintf(it[i].tip, sizeof(it[i].tip), "%llu meetings, %llu files, %s",
		    (unsigned long long)d->ages[i].meetings, (unsigned long long)d->ages[i].files, c1);
	}
	zrx_svg_hbars(b, "Storage by age", it, ZRX_NAGES, ZRX_SVG_BYTES);
	zrx_buf_puts(b, "<table><thead><tr><th>Age</th><th class=\"n\">Meetings</th>"
	    "<th class=\"n\">Files</th><th class=\"n\">Storage</th></tr></thead><tbody>\n");
	for (i = 0; i < ZRX_NAGES; i++) {
		zrx_buf_printf(b, "<tr><td>%s</td>", it[i].label);
		zrx_h_count_td(b, d->ages[i].meetings);
		zrx_h_count_td(b, d->ages[i].files);
		zrx_h_bytes_td(b, d->ages[i].bytes);
		zrx_buf_puts(b, "</tr>\n");
	}
	zrx_buf_puts(b, "</tbody></table>\n<h3 id=\"retention\">Past the retention policy</h3>\n");
	if (d->retention_days <= 0) {
		zrx_h_note(b, "No retention policy was given (<code>--retention DAYS</code>).");
		zrx_buf_puts(b, "</section>\n");
		return;
	}
	zrx_date_format(d->as_of - d->retention_days, day);
	zrx_buf_printf(b, "<p class=\"note\">Meetings older than %d days: started before %s "
	    "(UTC). Meetings whose start time cannot be read are not counted here.</p>\n",
	    d->retention_days, day);
	zrx_h_kpis_open(b);
	zrx_h_kpi(b, "past-users", "Users", d->past_users, 0);
	zrx_h_kpi(b, "past-meetings", "Meetings past retention", d->past.meetings, 0);
	zrx_h_kpi(b, "past-files", "Files", d->past.files, 0);
	zrx_h_kpi(b, "past-bytes", "Storage", d->past.bytes, 1);
	zrx_h_kpis_close(b);
	if (d->t_past.nrows > 0) {
		zrx_h_table_bars(b, "Storage past retention by user", &d->t_past, ZRX_SVG_BYTES, 'b');
		zrx_h_user_table(b, &d->t_past, ZRX_HC_DEPT | ZRX_HC_MEETINGS | ZRX_HC_FILES |
		    ZRX_HC_BYTES);
	}
	zrx_buf_puts(b, "</section>\n");
}

static void
purge_days(struct zrx_buf *b, const struct zrx_rdata *d)
{
	char day[11];
	int i;

	zrx_buf_puts(b, "<table><thead><tr><th>Purged on (UTC)</th><th class=\"n\">Meetings"
	    "</th><th class=\"n\">Files</th><th class=\"n\">Storage</th></tr></thead><tbody>\n");
	for (i = 0; i < ZRX_RPURGE_DAYS; i++) {
		zrx_date_format(d->as_of + i, day);
		zrx_buf_printf(b, "<tr><td>%s</td>", day);
		zrx_h_count_td(b, d->purge_day[i].meetings);
		zrx_h_count_td(b, d->purge_day[i].files);
		zrx_h_bytes_td(b, d->purge_day[i].bytes);
		zrx_buf_puts(b, "</tr>\n");
	}
	zrx_buf_puts(b, "</tbody></table>\n");
}

static void
purge_list(struct zrx_buf *b, const struct zrx_rlist *l)
{
	char t[21];
	size_t i;

	if (l->n == 0)
		return;
	zrx_buf_puts(b, "<h3>Meetings purged first</h3>\n<table><thead><tr><th>Purged at"
	    "</th><th>User</th><th>Topic</th><th>Start</th><th class=\"n\">Files</th>"
	    "<th class=\"n\">Storage</th></tr></thead><tbody>\n");
	for (i = 0; i < l->n; i++) {
		zrx_format_iso8601(l->items[i].purge_ms, t);
		zrx_buf_printf(b, "<tr><td>%s</td>", t);
		item_tds(b, &l->items[i]);
		zrx_h_count_td(b, l->items[i].files);
		zrx_h_bytes_td(b, l->items[i].bytes);
		zrx_buf_puts(b, "</tr>\n");
	}
	zrx_buf_puts(b, "</tbody></table>\n");
	more(b, l, "meetings");
}

void
zrx_h_trash(struct zrx_buf *b, const struct zrx_rdata *d)
{
	char from[11], to[11];

	zrx_date_format(d->as_of, from);
	zrx_date_format(d->as_of + ZRX_RPURGE_DAYS - 1, to);
	zrx_buf_puts(b, "<section id=\"trash\">\n<h2>The trash</h2>\n");
	zrx_buf_printf(b, "<p class=\"note\">Zoom purges a recording from the trash %d days "
	    "after it was deleted (<code>deleted_time</code>). Purged within 7 days: on %s to "
	    "%s (UTC).</p>\n", ZRX_RTRASH_DAYS, from, to);
	if (d->trash.meetings == 0)
		zrx_h_note(b, "Nothing in the input is in the trash. The trash is listed by "
		    "<code>zrx export --trash</code> and kept in a sync catalog.");
	zrx_h_kpis_open(b);
	zrx_h_kpi(b, "trash-meetings", "Meetings in the trash", d->trash.meetings, 0);
	zrx_h_kpi(b, "trash-files", "Files in the trash", d->trash.files, 0);
	zrx_h_kpi(b, "trash-bytes", "Storage in the trash", d->trash.bytes, 1);
	zrx_h_kpi(b, "purge-meetings", "Meetings purged within 7 days", d->purge.meetings, 0);
	zrx_h_kpi(b, "purge-files", "Files purged within 7 days", d->purge.files, 0);
	zrx_h_kpi(b, "purge-bytes", "Storage purged within 7 days", d->purge.bytes, 1);
	zrx_h_kpis_close(b);
	purge_days(b, d);
	if (d->purge_overdue > 0 || d->purge_later > 0 || d->purge_unknown > 0)
		zrx_buf_printf(b, "<p class=\"note\">Other files in the trash: %llu due before "
		    "%s (already purged, or the input is older than the as-of day), %llu due "
		    "later, %llu with a deletion time that cannot be read.</p>\n",
		    (unsigned long long)d->purge_overdue, from,
		    (unsigned long long)d->purge_later, (unsigned long long)d->purge_unknown);
	purge_list(b, &d->purge_list);
	zrx_buf_puts(b, "</section>\n");
}

static void
notdone_list(struct zrx_buf *b, const struct zrx_rlist *l)
{
	size_t i;

	if (l->n == 0)
		return;
	zrx_buf_puts(b, "<h3>Files, oldest meetings first</h3>\n<table><thead><tr><th>User"
	    "</th><th>Topic</th><th>Start</th><th>File type</th><th>Status</th>"
	    "<th class=\"n\">Size</th></tr></thead><tbody>\n");
	for (i = 0; i < l->n; i++) {
		const struct zrx_ritem *it = &l->items[i];

		zrx_buf_puts(b, "<tr>");
		item_tds(b, it);
		zrx_buf_puts(b, "<td>");
		zrx_h_text(b, it->file_type, it->file_type_len, 40, "(none)");
		zrx_buf_puts(b, "</td><td>");
		zrx_h_text(b, it->status, it->status_len, 40, "");
		zrx_buf_puts(b, "</td>");
		if (it->size_state == 0)
			zrx_h_bytes_td(b, it->bytes);
		else
			zrx_buf_puts(b, "<td class=\"n\">-</td>");
		zrx_buf_puts(b, "</tr>\n");
	}
	zrx_buf_puts(b, "</tbody></table>\n");
	more(b, l, "files");
}

void
zrx_h_notdone(struct zrx_buf *b, const struct zrx_rdata *d)
{
	size_t i;

	zrx_buf_puts(b, "<section id=\"not-completed\">\n<h2>Files not completed</h2>\n");
	zrx_h_note(b, "Files whose <code>status</code> is there and is not "
	    "<code>completed</code>: still processing, or failed.");
	zrx_h_kpis_open(b);
	zrx_h_kpi(b, "notdone-files", "Files", d->notdone.files, 0);
	zrx_h_kpi(b, "notdone-meetings", "Meetings", d->notdone.meetings, 0);
	zrx_h_kpi(b, "notdone-users", "Users", d->t_notdone_users.total, 0);
	zrx_h_kpis_close(b);
	if (d->t_statuses.nrows > 0) {
		zrx_buf_puts(b, "<table><thead><tr><th>Status</th><th class=\"n\">Files</th>"
		    "<th class=\"n\">Storage</th></tr></thead><tbody>\n");
		for (i = 0; i < d->t_statuses.nrows; i++) {
			const struct zrx_rrow *r = &d->t_statuses.rows[i];

			zrx_buf_puts(b, "<tr><td>");
			zrx_h_text(b, r->label, r->label_len, 60, "");
			zrx_buf_puts(b, "</td>");
			zrx_h_count_td(b, r->c.files);
			zrx_h_bytes_td(b, r->c.bytes);
			zrx_buf_puts(b, "</tr>\n");
		}
		if (d->t_statuses.has_rest) {
			zrx_buf_puts(b, "<tr class=\"rest\"><td>other statuses</td>");
			zrx_h_count_td(b, d->t_statuses.rest.c.files);
			zrx_h_bytes_td(b, d->t_statuses.rest.c.bytes);
			zrx_buf_puts(b, "</tr>\n");
		}
		zrx_buf_puts(b, "</tbody></table>\n<h3>By user</h3>\n");
		zrx_h_user_table(b, &d->t_notdone_users, ZRX_HC_MEETINGS | ZRX_HC_FILES |
		    ZRX_HC_BYTES);
	}
	notdone_list(b, &d->notdone_list);
	zrx_buf_puts(b, "</section>\n");
}

void
zrx_h_passcode(struct zrx_buf *b, const struct zrx_rdata *d)
{
	const struct zrx_rlist *l = &d->nopass_list;
	size_t i;

	zrx_buf_puts(b, "<section id=\"passcode\">\n<h2>Meetings without a play passcode</h2>\n");
	if (d->inputs_csv) {
		zrx_buf_puts(b, "<p class=\"note\" id=\"passcode-unavailable\">Not available from "
		    "CSV input: the export CSV has no <code>recording_play_passcode</code> "
		    "column. Report on an NDJSON export or a sync catalog for this section.</p>\n"
		    "</section>\n");
		return;
	}
	zrx_h_note(b, "Meetings whose <code>recording_play_passcode</code> is absent or "
	    "empty: anyone with the share link can play them.");
	zrx_h_kpis_open(b);
	zrx_h_kpi(b, "nopass-meetings", "Meetings", d->nopass.meetings, 0);
	zrx_h_kpi(b, "nopass-files", "Files", d->nopass.files, 0);
	zrx_h_kpi(b, "nopass-bytes", "Storage", d->nopass.bytes, 1);
	zrx_h_kpi(b, "nopass-users", "Users", d->t_nopass_users.total, 0);
	zrx_h_kpis_close(b);
	if (d->t_nopass_users.nrows > 0) {
		zrx_h_table_bars(b, "Meetings without a passcode by user", &d->t_nopass_users,
		    ZRX_SVG_COUNT, 'm');
		zrx_h_user_table(b, &d->t_nopass_users, ZRX_HC_DEPT | ZRX_HC_MEETINGS |
		    ZRX_HC_FILES | ZRX_HC_BYTES);
	}
	if (l->n > 0) {
		zrx_buf_puts(b, "<h3>Largest meetings without a passcode</h3>\n<table><thead><tr>"
		    "<th>User</th><th>Topic</th><th>Start</th><th class=\"n\">Files</th>"
		    "<th class=\"n\">Storage</th></tr></thead><tbody>\n");
		for (i = 0; i < l->n; i++) {
			zrx_buf_puts(b, "<tr>");
			item_tds(b, &l->items[i]);
			zrx_h_count_td(b, l->items[i].files);
			zrx_h_bytes_td(b, l->items[i].bytes);
			zrx_buf_puts(b, "</tr>\n");
		}
		zrx_buf_puts(b, "</tbody></table>\n");
		more(b, l, "meetings");
	}
	zrx_buf_puts(b, "</section>\n");
}
