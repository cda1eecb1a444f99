/* recwalk.c - what each event of a list response means.
 *
 * A stack of levels (one per open object or array) says what an event
 * belongs to.  Outside the list elements only the list key,
 * "next_page_token" and "from" are looked at.  Inside an element every
 * event is re-serialized into jbuf (compact JSON: keys in order, numbers as
 * their digits, strings re-escaped by zrx_json_str), and the values of the
 * known columns are recorded as slots: unescaped scalars in sbuf, nested
 * objects/arrays as a span of jbuf.  At the element's closing brace the
 * item goes to the callback, and the buffers are reused for the next. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "recparse_int.h"

const char *const zrx_meeting_cols[ZRX_NMEETING_COLS] = {
	"uuid", "id", "account_id", "host_id", "topic", "type", "start_time",
	"timezone", "duration", "total_size", "recording_count"
};
const char *const zrx_user_cols[ZRX_NUSER_COLS] = {
	"id", "email", "first_name", "last_name", "display_name", "type",
	"status", "role_id", "dept", "timezone", "created_at",
	"user_created_at", "last_login_time"
};
const char *const zrx_file_cols[ZRX_NFILE_COLS] = {
	"id", "file_type", "file_extension", "file_size", "recording_type",
	"recording_start", "recording_end", "status", "deleted_time",
	"play_url", "download_url"
};

static int
fail(struct zrx_recparse *p, const char *msg)
{
	p->err = msg;
	p->failed = 1;
	return 0; /* makes yajl stop with yajl_status_client_canceled */
}

static int
lookup(const char *const *names, const size_t *lens, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (lens[i] == len && memcmp(names[i], s, len) == 0)
			return (int)i;
	}
	return K_NONE;
}

static int
key_is(const char *name, const char *s, size_t len)
{
	return strlen(name) == len && memcmp(name, s, len) == 0;
}

static const char *
list_error(const struct zrx_recparse *p)
{
	return p->kind == ZRX_KIND_MEETINGS ?
	    "\"meetings\" is not an array of objects" :
	    "\"users\" is not an array of objects";
}

static struct level *
push(struct zrx_recparse *p, int map, enum role role)
{
	struct level *l = &p->lv[++p->depth];

	l->map = (unsigned char)map;
	l->role = (unsigned char)role;
	l->first = 1;
	l->key = K_NONE;
	l->tgt_col = -1;
	l->start = 0;
	return l;
}

/* The separator before a value inside an element (keys carry their own). */
static void
value_begin(struct zrx_recparse *p, struct level *par)
{
	if (!par->map) {
		if (!par->first)
			zrx_buf_putc(&p->jbuf, ',');
		par->first = 0;
	}
}

/* The slot that a scalar value under par fills, or NULL. */
static struct slot *
slot_for(struct zrx_recparse *p, const struct level *par, int col)
{
	if (col < 0)
		return NULL;
	if (par->role == R_ELEM)
		return &p->ecol[col];
	if (par->role == R_FILE && p->nfiles > 0)
		return &p->files[p->nfiles - 1].c[col];
	return NULL;
}

static void
set_slot(struct zrx_recparse *p, struct slot *s, enum zrx_vkind k, const char *v,
    size_t n)
{
	s->kind = (unsigned char)k;
	s->off = p->sbuf.len;
	s->len = n;
	if (k != ZRX_V_NONE)
		zrx_buf_append(&p->sbuf, v, n);
}

static void
add_file(struct zrx_recparse *p)
{
	if (p->nfiles == p->files_cap) {
		p->files_cap = p->files_cap ? p->files_cap * 2 : 8;
		p->files = zrx_xrealloc(p->files,
		    p->files_cap * sizeof(*p->files));
	}
	memset(&p->files[p->nfiles], 0, sizeof(p->files[0]));
	p->nfiles++;
}

static void
begin_element(struct zrx_recparse *p)
{
	zrx_buf_reset(&p->jbuf);
	zrx_buf_reset(&p->sbuf);
	memset(p->ecol, 0, sizeof(p->ecol));
	p->nfiles = 0;
}

static void
item_str(const struct zrx_recparse *p, const struct slot *s, const char **v,
    size_t *n)
{
	if (s->kind == ZRX_V_STR) {
		*v = p->sbuf.data + s->off;
		*n = s->len;
	} else {
		*v = NULL;
		*n = 0;
	}
}

/* The element's closing brace: hand it over. */
static int
end_element(struct zrx_recparse *p)
{
	struct zrx_item it;

	zrx_buf_putc(&p->jbuf, '}');
	memset(&it, 0, sizeof(it));
	it.json = p->jbuf.data;
	it.json_len = p->jbuf.len;
	it.p = p;
	if (p->kind == ZRX_KIND_MEETINGS) {
		item_str(p, &p->ecol[MC_UUID], &it.key, &it.key_len);
		item_str(p, &p->ecol[MC_START_TIME], &it.start_time,
		    &it.start_time_len);
		it.nfiles = p->nfiles;
	} else {
		item_str(p, &p->ecol[UC_ID], &it.key, &it.key_len);
		item_str(p, &p->ecol[UC_EMAIL], &it.email, &it.email_len);
		item_str(p, &p->ecol[UC_STATUS], &it.status, &it.status_len);
	}
	p->items++;
	p->since_item = 0;
	if (p->cb != NULL && p->cb(p->ud, &it) != 0)
		return fail(p, "stopped by the item callback");
	return 1;
}

static void
fill_value(const struct zrx_recparse *p, const struct slot *s, struct zrx_value *v)
{
	v->kind = (enum zrx_vkind)s->kind;
	v->n = s->len;
	if (s->kind == ZRX_V_NONE) {
		v->s = NULL;
		v->n = 0;
	} else if (s->kind == ZRX_V_JSON) {
		v->s = p->jbuf.data + s->off;
	} else {
		v->s = p->sbuf.data + s->off;
	}
}

void
zrx_item_col(const struct zrx_item *it, size_t col, struct zrx_value *v)
{
	const struct zrx_recparse *p = it->p;

	if (col >= p->necols) {
		memset(v, 0, sizeof(*v));
		return;
	}
	fill_value(p, &p->ecol[col], v);
}

void
zrx_item_file_col(const struct zrx_item *it, size_t f, size_t col, struct zrx_value *v)
{
	const struct zrx_recparse *p = it->p;

	if (f >= p->nfiles || col >= ZRX_NFILE_COLS) {
		memset(v, 0, sizeof(*v));
		return;
	}
	fill_value(p, &p->files[f].c[col], v);
}

static int
top_scalar(struct zrx_recparse *p, enum zrx_vkind k, const char *s, size_t n)
{
	switch (p->lv[1].key) {
	case TK_LIST:
		if (k != ZRX_V_NONE)
			return fail(p, list_error(p));
		return 1;
	case TK_NPT:
		free(p->npt);
		p->npt = NULL;
		if (k == ZRX_V_STR)
			p->npt = zrx_xstrndup(s, n);
		else if (k != ZRX_V_NONE)
			return fail(p, "\"next_page_token\" is not a string");
		return 1;
	case TK_FROM:
		p->from[0] = '\0';
		if (k == ZRX_V_STR && n < sizeof(p->from)) {
			memcpy(p->from, s, n);
			p->from[n] = '\0';
		}
		return 1;
	default:
		return 1;
	}
}

int
zrx_rp_scalar(struct zrx_recparse *p, enum zrx_vkind k, const char *s, size_t n)
{
	struct level *par;

	if (p->depth == 0)
		return fail(p, "the response is not a JSON object");
	par = &p->lv[p->depth];
	switch (par->role) {
	case R_ROOT:
		return top_scalar(p, k, s, n);
	case R_SKIP:
		return 1;
	case R_LIST:
		return fail(p, list_error(p));
	default:
		break;
	}
	value_begin(p, par);
	switch (k) {
	case ZRX_V_STR:
		zrx_json_str(&p->jbuf, s, n);
		break;
	case ZRX_V_NONE:
		zrx_buf_append(&p->jbuf, "null", 4);
		break;
	default:
		zrx_buf_append(&p->jbuf, s, n);
		break;
	}
	if (par->role == R_ELEM && par->key == K_FILES) {
		p->nfiles = 0; /* "recording_files": null (or not an array) */
	} else {
		struct slot *sl = slot_for(p, par, par->key);

		if (sl != NULL)
			set_slot(p, sl, k, s, n);
	}
	return 1;
}
int
zrx_rp_start(struct zrx_recparse *p, int map)
{
	struct level *par, *l;
	enum role role = R_NEST;
	int tgt = -1;

	if (p->depth == 0) {
		if (!map)
			return fail(p, "the response is not a JSON object");
		push(p, 1, R_ROOT);
		return 1;
	}
	if (p->depth >= MAX_DEPTH)
		return fail(p, "JSON nested more than 64 levels deep");
	par = &p->lv[p->depth];
	switch (par->role) {
	case R_ROOT:
		switch (par->key) {
		case TK_LIST:
			if (map)
				return fail(p, list_error(p));
			push(p, 0, R_LIST);
			return 1;
		case TK_NPT:
			return fail(p, "\"next_page_token\" is not a string");
				default:
			break;
		}
		push(p, map, R_SKIP);
		return 1;
	case R_SKIP:
		push(p, map, R_SKIP);
		return 1;
	case R_LIST:
		if (!map)
			return fail(p, list_error(p));
		begin_element(p);
		push(p, 1, R_ELEM);
		zrx_buf_putc(&p->jbuf, '{');
		return 1;
	default:
		break;
	}
	value_begin(p, par);
	if (par->role == R_ELEM && par->key == K_FILES) {
		p->nfiles = 0; /* the last "recording_files" wins */
		if (!map)
			role = R_FILES;
	} else if (par->role == R_FILES) {
		if (map) {
			role = R_FILE;
			add_file(p);
		}
	} else if (par->role == R_ELEM || par->role == R_FILE) {
		tgt = par->key;
	}
	l = push(p, map, role);
	l->tgt_col = tgt;
	l->start = p->jbuf.len;
	zrx_buf_putc(&p->jbuf, map ? '{' : '[');
	return 1;
}

int
zrx_rp_end(struct zrx_recparse *p)
{
	struct level *l = &p->lv[p->depth];
	struct slot *sl;

	switch (l->role) {
	case R_ROOT:
		p->root_done = 1;
		p->depth--;
		return 1;
	case R_LIST:
	case R_SKIP:
		p->depth--;
		return 1;
	case R_ELEM:
		p->depth--;
		return end_element(p);
	default:
		break;
	}
	zrx_buf_putc(&p->jbuf, l->map ? '}' : ']');
	if (l->tgt_col >= 0) {
		sl = slot_for(p, &p->lv[p->depth - 1], l->tgt_col);
		if (sl != NULL) {
			sl->kind = ZRX_V_JSON;
			sl->off = l->start;
			sl->len = p->jbuf.len - l->start;
		}
	}
	p->depth--;
	return 1;
}

int
zrx_rp_key(struct zrx_recparse *p, const char *s, size_t n)
{
	struct level *l = &p->lv[p->depth];

	switch (l->role) {
	case R_ROOT:
		if (key_is(p->kind == ZRX_KIND_MEETINGS ? "meetings" : "users",
		    s, n))
			l->key = TK_LIST;
		else if (key_is("next_page_token", s, n))
			l->key = TK_NPT;
		else if (key_is("from", s, n))
			l->key = TK_FROM;
		else
			l->key = TK_OTHER;
		return 1;
	case R_SKIP:
		return 1;
	default:
		break;
	}
	if (!l->first)
		zrx_buf_putc(&p->jbuf, ',');
	l->first = 0;
	zrx_json_str(&p->jbuf, s, n);
	zrx_buf_putc(&p->jbuf, ':');
	if (l->role == R_ELEM) {
		l->key = lookup(p->ecols, p->ecol_len, p->necols, s, n);
		if (l->key == K_NONE && p->kind == ZRX_KIND_MEETINGS &&
		    key_is("recording_files", s, n))
			l->key = K_FILES;
	} else if (l->role == R_FILE) {
		l->key = lookup(zrx_file_cols, p->fcol_len, ZRX_NFILE_COLS, s, n);
	} else {
		l->key = K_NONE;
	}
	return 1;
}

/* yajl callbacks: nonzero to go on. */

