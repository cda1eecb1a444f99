/* recfmt.c - a parsed item as an NDJSON line or CSV rows.
 *
 * NDJSON: the element's JSON without its closing brace, then ,"_user":...
 * (and any extra keys) and "}\n": two writes.  CSV: the cells the rows
 * share (user and meeting columns) are built once; each recording file
 * then costs two writes, the shared cells and the file's own.  Memory is
 * bounded by the element, which the parser already bounds.  Every cell is
 * valid UTF-8, as every NDJSON line is. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "jsonw.h"
#include "recfmt.h"

static const char meetings_header[] =
	"user,meeting_uuid,meeting_id,account_id,host_id,topic,type,"
	"start_time,timezone,duration,total_size,recording_count,file_id,"
	"file_type,file_extension,file_size,recording_type,recording_start,"
	"recording_end,status,deleted_time,play_url,download_url\n";
static const char users_header[] =
	"id,email,first_name,last_name,display_name,type,status,role_id,dept,"
	"timezone,created_at,user_created_at,last_login_time\n";

struct zrx_recfmt {
	enum zrx_kind kind;
	enum zrx_format fmt;
	struct zrx_buf user_json; /* NDJSON: ,"_user":"..." (meetings) */
	struct zrx_buf tail;     /* NDJSON: user_json, extra keys, "}\n" */
	size_t tail_bare;        /* where the tail starts without its comma */
	struct zrx_buf user_csv; /* CSV: the user cell */
	char *csv_prefix;
	struct zrx_buf shared;   /* CSV: the cells every row of an item shares */
	struct zrx_buf row;      /* CSV: one file's cells */
	struct zrx_buf fix;      /* CSV: a string made valid UTF-8 */
};

const char *
zrx_csv_header(enum zrx_kind kind)
{
	return kind == ZRX_KIND_USERS ? users_header : meetings_header;
}

/* tail = ,"_user":"..." (meetings), the extra keys, "}\n" */
static void
build_tail(struct zrx_recfmt *f, const char *extra)
{
	zrx_buf_reset(&f->tail);
	if (f->user_json.len > 0)
		zrx_buf_append(&f->tail, f->user_json.data, f->user_json.len);
	if (extra != NULL)
		zrx_buf_puts(&f->tail, extra);
	zrx_buf_puts(&f->tail, "}\n");
	f->tail_bare = f->tail.len > 0 && f->tail.data[0] == ',' ? 1 : 0;
}

struct zrx_recfmt *
zrx_recfmt_new(enum zrx_kind kind, enum zrx_format fmt, const char *user, size_t user_len)
{
	struct zrx_recfmt *f = zrx_xcalloc(1, sizeof(*f));

	f->kind = kind;
	f->fmt = fmt;
	zrx_buf_init(&f->user_json);
	zrx_buf_init(&f->tail);
	zrx_buf_init(&f->user_csv);
	zrx_buf_init(&f->shared);
	zrx_buf_init(&f->row);
	zrx_buf_init(&f->fix);
	if (user == NULL) {
		user = "";
		user_len = 0;
	}
	if (kind == ZRX_KIND_MEETINGS) {
		zrx_buf_puts(&f->user_json, ",\"_user\":");
		zrx_json_str(&f->user_json, user, user_len);
	}
	build_tail(f, NULL);
	zrx_csv_field(&f->user_csv, user, user_len);
	return f;
}

void
zrx_recfmt_set_extra(struct zrx_recfmt *f, const char *keys, const char *csv_prefix)
{
	build_tail(f, keys);
	free(f->csv_prefix);
	f->csv_prefix = csv_prefix != NULL ? zrx_xstrdup(csv_prefix) : NULL;
}

/* A string as valid UTF-8: yajl lets overlong forms, encoded surrogates
 * and code points past U+10FFFF through; each byte of those becomes
 * U+FFFD, as zrx_json_str does on the NDJSON side.  NULL if s is valid. */
static const struct zrx_buf *
utf8_repaired(struct zrx_buf *fix, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n && (k = zrx_utf8_seq(u + i, n - i)) > 0)
		i += k;
	if (i == n)
		return NULL;
	zrx_buf_reset(fix);
	zrx_buf_append(fix, s, i);
	while (i < n) {
		k = zrx_utf8_seq(u + i, n - i);
		if (k == 0) {
			zrx_buf_append(fix, "\xef\xbf\xbd", 3);
			i++;
		} else {
			zrx_buf_append(fix, s + i, k);
			i += k;
		}
	}
	return fix;
}

static void
csv_value(struct zrx_recfmt *f, struct zrx_buf *b, const struct zrx_value *v)
{
	const struct zrx_buf *fixed;

	if (v->kind == ZRX_V_NONE)
		return;
	fixed = v->kind == ZRX_V_STR ? utf8_repaired(&f->fix, v->s, v->n) : NULL;
	if (fixed != NULL)
		zrx_csv_field(b, fixed->data, fixed->len);
	else
		zrx_csv_field(b, v->s, v->n);
}

static int
write_ndjson(struct zrx_recfmt *f, const struct zrx_item *it, zrx_write_fn w, void *ud)
{
	int rc;

	/* "{}" has nothing before its brace to separate from */
	if (it->json_len <= 2) {
		rc = w(ud, "{", 1);
		if (rc == 0)
			rc = w(ud, f->tail.data + f->tail_bare, f->tail.len - f->tail_bare);
		return rc;
	}
	rc = w(ud, it->json, it->json_len - 1);
	if (rc == 0)
		rc = w(ud, f->tail.data, f->tail.len);
	return rc;
}

static int
write_user_csv(struct zrx_recfmt *f, const struct zrx_item *it, zrx_write_fn w, void *ud)
{
	struct zrx_value v;
	size_t i;

	zrx_buf_reset(&f->row);
	if (f->csv_prefix != NULL)
		zrx_buf_puts(&f->row, f->csv_prefix);
	for (i = 0; i < ZRX_NUSER_COLS; i++) {
		if (i > 0)
			zrx_buf_putc(&f->row, ',');
		zrx_item_col(it, i, &v);
		csv_value(f, &f->row, &v);
	}
	zrx_buf_putc(&f->row, '\n');
	return w(ud, f->row.data, f->row.len);
}

static int
write_meeting_csv(struct zrx_recfmt *f, const struct zrx_item *it, zrx_write_fn w, void *ud)
{
	struct zrx_value v;
	size_t r, i, nrows = it->nfiles > 0 ? it->nfiles : 1;
	int rc;

	zrx_buf_reset(&f->shared);
	if (f->csv_prefix != NULL)
		zrx_buf_puts(&f->shared, f->csv_prefix);
	zrx_buf_append(&f->shared, f->user_csv.data, f->user_csv.len);
	for (i = 0; i < ZRX_NMEETING_COLS; i++) {
		zrx_buf_putc(&f->shared, ',');
		zrx_item_col(it, i, &v);
		csv_value(f, &f->shared, &v);
	}
	for (r = 0; r < nrows; r++) {
		zrx_buf_reset(&f->row);
		for (i = 0; i < ZRX_NFILE_COLS; i++) {
			zrx_buf_putc(&f->row, ',');
			if (it->nfiles > 0) {
				zrx_item_file_col(it, r, i, &v);
				csv_value(f, &f->row, &v);
			}
		}
		zrx_buf_putc(&f->row, '\n');
		rc = w(ud, f->shared.data, f->shared.len);
		if (rc == 0)
			rc = w(ud, f->row.data, f->row.len);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
zrx_recfmt_write(struct zrx_recfmt *f, const struct zrx_item *it, zrx_write_fn w, void *ud)
{
	if (f->fmt == ZRX_FORMAT_NDJSON)
		return write_ndjson(f, it, w, ud);
	if (f->kind == ZRX_KIND_USERS)
		return write_user_csv(f, it, w, ud);
	return write_meeting_csv(f, it, w, ud);
}

void
zrx_recfmt_free(struct zrx_recfmt *f)
{
	if (f == NULL)
		return;
	zrx_buf_free(&f->user_json);
	zrx_buf_free(&f->tail);
	zrx_buf_free(&f->user_csv);
	zrx_buf_free(&f->shared);
	zrx_buf_free(&f->row);
	zrx_buf_free(&f->fix);
	free(f->csv_prefix);
	free(f);
}
