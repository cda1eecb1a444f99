/* report_json.c - the report's figures as JSON, through the one JSON
 * writer.  Every key is documented in README ("Compliance report").
 * Counts are integers, bytes too (they may pass 2^64: exact digits, as
 * JSON allows); recorded time is whole seconds; strings from Zoom are
 * escaped by zrx_json_str (invalid UTF-8 becomes U+FFFD). */
#include "config.h"

#include <string.h>

#include "dates.h"
#include "jsonw.h"
#include "report_out.h"

#define DAY_MS 86400000LL

static void
jw_u128(struct zrx_jw *w, zrx_u128 v)
{
	struct zrx_buf t;

	zrx_buf_init(&t);
	zrx_u128_put(&t, v);
	zrx_jw_raw(w, t.data, t.len);
	zrx_buf_free(&t);
}

static void
jw_strn(struct zrx_jw *w, const char *s, size_t n)
{
	if (s == NULL)
		zrx_jw_null(w);
	else
		zrx_jw_str(w, s, n);
}

/* "meetings", "files", "bytes" (and "recorded_seconds" when rec). */
static void
counts(struct zrx_jw *w, const struct zrx_rcount *c, int meetings, int rec)
{
	if (meetings) {
		zrx_jw_key(w, "meetings");
		zrx_jw_u64(w, c->meetings);
	}
	zrx_jw_key(w, "files");
	zrx_jw_u64(w, c->files);
	zrx_jw_key(w, "bytes");
	jw_u128(w, c->bytes);
	if (rec) {
		zrx_jw_key(w, "recorded_seconds");
		jw_u128(w, c->rec_ms / 1000);
	}
}

const char *
zrx_report_dept(const struct zrx_ruser *u, size_t *len)
{
	const char *l = u->dept == NULL ? "(unknown)" : u->dept_len == 0 ? "(none)" : u->dept;

	*len = u->dept != NULL && u->dept_len > 0 ? u->dept_len : strlen(l);
	return l;
}

enum tkind { T_USERS, T_DEPTS, T_LABELS };

/* {"count": N, "top": [...], "rest": {...} or null} */
static void
table(struct zrx_jw *w, const struct zrx_rtable *t, enum tkind kind, const char *key,
    const char *rest_key, int meetings, int rec)
{
	size_t i, dl;
	const char *dept;

	zrx_jw_obj(w);
	zrx_jw_key(w, "count");
	zrx_jw_u64(w, t->total);
	zrx_jw_key(w, "top");
	zrx_jw_arr(w);
	for (i = 0; i < t->nrows; i++) {
		const struct zrx_rrow *r = &t->rows[i];

		zrx_jw_obj(w);
		zrx_jw_key(w, key);
		zrx_jw_str(w, r->label, r->label_len);
		if (kind == T_USERS) {
			zrx_jw_key(w, "name");
			jw_strn(w, r->user->name, r->user->name_len);
			dept = zrx_report_dept(r->user, &dl);
			zrx_jw_key(w, "dept");
			zrx_jw_str(w, dept, dl);
		} else if (kind == T_DEPTS) {
			zrx_jw_key(w, "users");
			zrx_jw_u64(w, r->users);
		}
		counts(w, &r->c, meetings, rec);
		zrx_jw_obj_end(w);
	}
	zrx_jw_arr_end(w);
	zrx_jw_key(w, "rest");
	if (!t->has_rest) {
		zrx_jw_null(w);
	} else {
		zrx_jw_obj(w);
		zrx_jw_key(w, rest_key);
		zrx_jw_u64(w, t->rest.entries);
		if (kind == T_DEPTS) {
			zrx_jw_key(w, "users");
			zrx_jw_u64(w, t->rest.users);
		}
		counts(w, &t->rest.c, meetings, rec);
		zrx_jw_obj_end(w);
	}
	zrx_jw_obj_end(w);
}

static void
header(struct zrx_jw *w, const struct zrx_rdata *d, const struct zrx_rsource *src)
{
	size_t i;

	zrx_jw_key(w, "report");
	zrx_jw_cstr(w, "zrx compliance report");
	zrx_jw_key(w, "format_version");
	zrx_jw_u64(w, 1);
	zrx_jw_key(w, "zrx_version");
	zrx_jw_cstr(w, PACKAGE_VERSION);
	zrx_jw_key(w, "as_of");
	zrx_jw_date(w, d->as_of);
	zrx_jw_key(w, "source");
	zrx_jw_obj(w);
	zrx_jw_key(w, "catalog");
	zrx_jw_cstr(w, src->dir);
	zrx_jw_key(w, "inputs");
	zrx_jw_arr(w);
	for (i = 0; i < src->ninputs; i++)
		zrx_jw_cstr(w, src->inputs[i]);
	zrx_jw_arr_end(w);
	zrx_jw_key(w, "formats");
	zrx_jw_arr(w);
	if (d->catalog)
		zrx_jw_cstr(w, "catalog");
	if (d->inputs_ndjson)
		zrx_jw_cstr(w, "ndjson");
	if (d->inputs_csv)
		zrx_jw_cstr(w, "csv");
	zrx_jw_arr_end(w);
	zrx_jw_key(w, "users_file");
	zrx_jw_cstr(w, src->users_file);
	zrx_jw_key(w, "users_file_users");
	if (d->users_file != NULL)
		zrx_jw_u64(w, zrx_rusers_count(d->users_file));
	else
		zrx_jw_null(w);
	zrx_jw_obj_end(w);
	zrx_jw_key(w, "retention_days");
	if (d->retention_days > 0)
		zrx_jw_u64(w, (uint64_t)d->retention_days);
	else
		zrx_jw_null(w);
}

static void
totals(struct zrx_jw *w, const struct zrx_rdata *d)
{
	size_t i;

	zrx_jw_key(w, "totals");
	zrx_jw_obj(w);
	zrx_jw_key(w, "users");
	zrx_jw_u64(w, d->nusers);
	counts(w, &d->total, 1, 1);
	zrx_jw_key(w, "files_without_size");
	zrx_jw_u64(w, d->files_no_size);
	zrx_jw_key(w, "files_unreadable_size");
	zrx_jw_u64(w, d->files_bad_size);
	zrx_jw_key(w, "meetings_unknown_start");
	zrx_jw_u64(w, d->start_unknown);
	zrx_jw_key(w, "records_read");
	zrx_jw_u64(w, d->records);
	zrx_jw_obj_end(w);

	zrx_jw_key(w, "months");
	zrx_jw_arr(w);
	for (i = 0; i < d->t_months.nrows; i++) {
		zrx_jw_obj(w);
		zrx_jw_key(w, "month");
		zrx_jw_str(w, d->t_months.rows[i].label, d->t_months.rows[i].label_len);
		counts(w, &d->t_months.rows[i].c, 1, 1);
		zrx_jw_obj_end(w);
	}
	zrx_jw_arr_end(w);
	zrx_jw_key(w, "month_unknown");
	zrx_jw_obj(w);
	counts(w, &d->month_unknown, 1, 1);
	zrx_jw_obj_end(w);
}

static void
ages(struct zrx_jw *w, const struct zrx_rdata *d)
{
	int i, lo, hi;
	const char *label;

	zrx_jw_key(w, "ages");
	zrx_jw_arr(w);
	for (i = 0; i < ZRX_NAGES; i++) {
		label = zrx_rage_label((enum zrx_rage)i, &lo, &hi);
		zrx_jw_obj(w);
		zrx_jw_key(w, "bucket");
		zrx_jw_cstr(w, label);
		zrx_jw_key(w, "min_days");
		if (lo >= 0)
			zrx_jw_u64(w, (uint64_t)lo);
		else
			zrx_jw_null(w);
		zrx_jw_key(w, "max_days");
		if (hi >= 0)
			zrx_jw_u64(w, (uint64_t)hi);
		else
			zrx_jw_null(w);
		counts(w, &d->ages[i], 1, 1);
		zrx_jw_obj_end(w);
	}
	zrx_jw_arr_end(w);
	zrx_jw_key(w, "retention");
	if (d->retention_days <= 0) {
		zrx_jw_null(w);
		return;
	}
	zrx_jw_obj(w);
	zrx_jw_key(w, "days");
	zrx_jw_u64(w, (uint64_t)d->retention_days);
	zrx_jw_key(w, "started_before");
	zrx_jw_date(w, d->as_of - d->retention_days);
	zrx_jw_key(w, "users");
	zrx_jw_u64(w, d->past_users);
	counts(w, &d->past, 1, 1);
	zrx_jw_key(w, "by_user");
	table(w, &d->t_past, T_USERS, "user", "users", 1, 1);
	zrx_jw_obj_end(w);
}

/* The common keys of a list item. */
static void
item_head(struct zrx_jw *w, const struct zrx_ritem *it)
{
	zrx_jw_key(w, "user");
	jw_strn(w, it->user, it->user_len);
	zrx_jw_key(w, "name");
	jw_strn(w, it->name, it->name_len);
	zrx_jw_key(w, "uuid");
	jw_strn(w, it->uuid, it->uuid_len);
	zrx_jw_key(w, "topic");
	jw_strn(w, it->topic, it->topic_len);
	zrx_jw_key(w, "topic_cut");
	zrx_jw_bool(w, it->topic_cut);
	zrx_jw_key(w, "start_time");
	jw_strn(w, it->start, it->start_len);
}

static void
list(struct zrx_jw *w, const struct zrx_rlist *l)
{
	size_t i;

	zrx_jw_key(w, "list");
	zrx_jw_arr(w);
	for (i = 0; i < l->n; i++) {
		const struct zrx_ritem *it = &l->items[i];

		zrx_jw_obj(w);
		item_head(w, it);
		if (l->kind == ZRX_LIST_PURGE) {
			zrx_jw_key(w, "purge_time");
			zrx_jw_time(w, it->purge_ms);
		}
		if (l->kind == ZRX_LIST_NOTDONE) {
			zrx_jw_key(w, "file_index");
			zrx_jw_u64(w, it->file_index);
			zrx_jw_key(w, "file_type");
			jw_strn(w, it->file_type, it->file_type_len);
			zrx_jw_key(w, "status");
			jw_strn(w, it->status, it->status_len);
			zrx_jw_key(w, "file_size");
			if (it->size_state == 0)
				jw_u128(w, it->bytes);
			else
				zrx_jw_null(w);
		} else {
			zrx_jw_key(w, "files");
			zrx_jw_u64(w, it->files);
			zrx_jw_key(w, "bytes");
			jw_u128(w, it->bytes);
		}
		zrx_jw_obj_end(w);
	}
	zrx_jw_arr_end(w);
	zrx_jw_key(w, "list_total");
	zrx_jw_u64(w, l->total);
}

static void
trash(struct zrx_jw *w, const struct zrx_rdata *d)
{
	int i;

	zrx_jw_key(w, "trash");
	zrx_jw_obj(w);
	zrx_jw_key(w, "window_from");
	zrx_jw_date(w, d->as_of);
	zrx_jw_key(w, "window_to");
	zrx_jw_date(w, d->as_of + ZRX_RPURGE_DAYS - 1);
	counts(w, &d->trash, 1, 0);
	zrx_jw_key(w, "purge");
	zrx_jw_obj(w);
	counts(w, &d->purge, 1, 0);
	zrx_jw_obj_end(w);
	zrx_jw_key(w, "purge_days");
	zrx_jw_arr(w);
	for (i = 0; i < ZRX_RPURGE_DAYS; i++) {
		zrx_jw_obj(w);
		zrx_jw_key(w, "date");
		zrx_jw_date(w, d->as_of + i);
		counts(w, &d->purge_day[i], 1, 0);
		zrx_jw_obj_end(w);
	}
	zrx_jw_arr_end(w);
	zrx_jw_key(w, "purge_overdue_files");
	zrx_jw_u64(w, d->purge_overdue);
	zrx_jw_key(w, "purge_later_files");
	zrx_jw_u64(w, d->purge_later);
	zrx_jw_key(w, "purge_unknown_files");
	zrx_jw_u64(w, d->purge_unknown);
	list(w, &d->purge_list);
	zrx_jw_obj_end(w);
}

static void
problems(struct zrx_jw *w, const struct zrx_rdata *d)
{
	zrx_jw_key(w, "not_completed");
	zrx_jw_obj(w);
	counts(w, &d->notdone, 1, 0);
	zrx_jw_key(w, "users");
	zrx_jw_u64(w, d->t_notdone_users.total);
	zrx_jw_key(w, "statuses");
	table(w, &d->t_statuses, T_LABELS, "status", "statuses", 0, 0);
	zrx_jw_key(w, "by_user");
	table(w, &d->t_notdone_users, T_USERS, "user", "users", 1, 0);
	list(w, &d->notdone_list);
	zrx_jw_obj_end(w);

	zrx_jw_key(w, "no_passcode");
	if (d->inputs_csv) {
		zrx_jw_null(w); /* CSV has no recording_play_passcode column */
		return;
	}
	zrx_jw_obj(w);
	counts(w, &d->nopass, 1, 1);
	zrx_jw_key(w, "users");
	zrx_jw_u64(w, d->t_nopass_users.total);
	zrx_jw_key(w, "by_user");
	table(w, &d->t_nopass_users, T_USERS, "user", "users", 1, 1);
	list(w, &d->nopass_list);
	zrx_jw_obj_end(w);
}

void
zrx_report_json(struct zrx_buf *b, const struct zrx_rdata *d, const struct zrx_rsource *src)
{
	struct zrx_jw w;

	zrx_jw_init(&w, b);
	zrx_jw_obj(&w);
	header(&w, d, src);
	totals(&w, d);
	zrx_jw_key(&w, "users");
	table(&w, &d->t_users, T_USERS, "user", "users", 1, 1);
	zrx_jw_key(&w, "departments");
	table(&w, &d->t_depts, T_DEPTS, "dept", "departments", 1, 1);
	zrx_jw_key(&w, "file_types");
	table(&w, &d->t_types, T_LABELS, "file_type", "file_types", 0, 0);
	ages(&w, d);
	trash(&w, d);
	problems(&w, d);
	zrx_jw_obj_end(&w);
	zrx_buf_putc(b, '\n');
}
