/* recparse.c - streaming parser of list responses (recordings and users).
 *
 * yajl turns the bytes into events; a stack of levels (one per open object
 * or array) says what each event belongs to.  Outside the list elements the
 * parser only looks for the list key, "next_page_token", "from" and
 * "total_records", and skips everything else.  Inside an element every
 * event is re-serialized into jbuf (compact JSON: keys in order, numbers as
 * their digits, strings re-escaped by zrx_json_str), and the values of the
 * known columns are recorded as slots: unescaped scalars in sbuf, nested
 * objects/arrays as a span of jbuf.  At the element's closing brace the
 * item goes to the callback (recfmt.c turns it into a record), and the
 * buffers are reused for the next element.  Memory is thus bounded by the
 * largest element, never by the body.
 *
 * Before yajl sees the bytes, a lone UTF-16 surrogate escape (\ud800 not
 * followed by a low surrogate, or a low one alone) is rewritten to \ufffd:
 * yajl would turn the first into '?' (eating the next character) and the
 * second into bytes that are not UTF-8.  Only escapes are looked at: a
 * backslash never occurs outside a string in valid JSON.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "jsonw.h"
#include "recparse.h"
#include "util.h"

#define MAX_DEPTH 64 /* open objects/arrays, the root included */
/* No real meeting or user comes near this; a body that does is hostile or
 * broken, and must not take the process's memory with it. */
#define MAX_ITEM_BYTES (16u << 20)

/* What an open container is. */
enum role {
	R_ROOT,  /* the response object */
	R_LIST,  /* the "meetings"/"users" array */
	R_SKIP,  /* a value under some other top-level key */
	R_ELEM,  /* one list element */
	R_FILES, /* a meeting's "recording_files" array */
	R_FILE,  /* one element of "recording_files" */
	R_NEST   /* anything else inside an element */
};

/* Meaning of the current key of the root object. */
enum { TK_OTHER, TK_LIST, TK_NPT, TK_FROM };

/* Meaning of the current key of an element or file beyond column indexes. */
#define K_NONE (-1)
#define K_FILES (-2)

/* A column value: strings, numbers and booleans live in sbuf, nested JSON
 * in jbuf. */
struct slot {
	unsigned char kind; /* enum zrx_vkind */
	size_t off;
	size_t len;
};

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

enum { MC_UUID = 0, MC_START_TIME = 6 };
enum { UC_ID = 0, UC_EMAIL = 1, UC_STATUS = 6 };

#define MAX_ECOLS ZRX_NUSER_COLS

struct fileslots {
	struct slot c[ZRX_NFILE_COLS];
};

struct level {
	unsigned char map;   /* 1: object, 0: array */
	unsigned char role;  /* enum role */
	unsigned char first; /* nothing written inside it yet */
	int key;             /* objects: meaning of the current key */
	int tgt_col;         /* >= 0: it is the value of this column */
	size_t start;        /* offset of its opening bracket in jbuf */
};

struct zrx_recparse {
	enum zrx_kind kind;
	zrx_item_cb cb;
	void *ud;
	yajl_handle yh;

	int failed;
	int finished;
	int root_done;
	const char *err;
	char errbuf[160];

	struct level lv[MAX_DEPTH + 1]; /* lv[1..depth] are open */
	int depth;

	size_t since_item;  /* bytes fed since the last element was delivered */
	char *npt;
	char from[16];      /* top-level "from", "" when absent */
	size_t items;
	size_t surrogates;

	/* the surrogate filter's state */
	unsigned char pend[12]; /* an escape not yet complete at a chunk's end */
	size_t npend;

	/* The element being read. */
	const char *const *ecols;
	size_t necols;
	struct slot ecol[MAX_ECOLS];
	struct fileslots *files;
	size_t nfiles;
	size_t files_cap;
	struct zrx_buf jbuf; /* the element as compact JSON */
	struct zrx_buf sbuf; /* unescaped scalar values */
};

static int
fail(struct zrx_recparse *p, const char *msg)
{
	p->err = msg;
	p->failed = 1;
	return 0; /* makes yajl stop with yajl_status_client_canceled */
}

static int
lookup(const char *const *names, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
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

static int
on_scalar(struct zrx_recparse *p, enum zrx_vkind k, const char *s, size_t n)
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
static int
on_start(struct zrx_recparse *p, int map)
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

static int
on_end(struct zrx_recparse *p)
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

static int
on_key(struct zrx_recparse *p, const char *s, size_t n)
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
		l->key = lookup(p->ecols, p->necols, s, n);
		if (l->key == K_NONE && p->kind == ZRX_KIND_MEETINGS &&
		    key_is("recording_files", s, n))
			l->key = K_FILES;
	} else if (l->role == R_FILE) {
		l->key = lookup(zrx_file_cols, ZRX_NFILE_COLS, s, n);
	} else {
		l->key = K_NONE;
	}
	return 1;
}

/* yajl callbacks: nonzero to go on. */

static int
null_cb(void *ctx)
{
	return on_scalar(ctx, ZRX_V_NONE, "null", 4);
}

static int
boolean_cb(void *ctx, int v)
{
	return v ? on_scalar(ctx, ZRX_V_BOOL, "true", 4) :
	    on_scalar(ctx, ZRX_V_BOOL, "false", 5);
}

static int
number_cb(void *ctx, const char *s, size_t n)
{
	return on_scalar(ctx, ZRX_V_NUM, s, n);
}

static int
string_cb(void *ctx, const unsigned char *s, size_t n)
{
	return on_scalar(ctx, ZRX_V_STR, (const char *)s, n);
}

static int
start_map_cb(void *ctx)
{
	return on_start(ctx, 1);
}

static int
map_key_cb(void *ctx, const unsigned char *s, size_t n)
{
	return on_key(ctx, (const char *)s, n);
}

static int
end_cb(void *ctx)
{
	return on_end(ctx);
}

static int
start_array_cb(void *ctx)
{
	return on_start(ctx, 0);
}

static const yajl_callbacks callbacks = {
	.yajl_null = null_cb,
	.yajl_boolean = boolean_cb,
	.yajl_integer = NULL,
	.yajl_double = NULL,
	.yajl_number = number_cb,
	.yajl_string = string_cb,
	.yajl_start_map = start_map_cb,
	.yajl_map_key = map_key_cb,
	.yajl_end_map = end_cb,
	.yajl_start_array = start_array_cb,
	.yajl_end_array = end_cb,
};

struct zrx_recparse *
zrx_recparse_new(enum zrx_kind kind, zrx_item_cb cb, void *ud)
{
	struct zrx_recparse *p = zrx_xcalloc(1, sizeof(*p));

	p->kind = kind;
	p->cb = cb;
	p->ud = ud;
	if (kind == ZRX_KIND_USERS) {
		p->ecols = zrx_user_cols;
		p->necols = ZRX_NUSER_COLS;
	} else {
		p->ecols = zrx_meeting_cols;
		p->necols = ZRX_NMEETING_COLS;
	}
	zrx_buf_init(&p->jbuf);
	zrx_buf_init(&p->sbuf);
	p->yh = yajl_alloc(&callbacks, NULL, p);
	if (p->yh == NULL)
		zrx_oom(sizeof(yajl_callbacks));
	/* Strict JSON: no comments, one value, UTF-8 checked, no partial
	 * values (yajl's defaults, spelled out). */
	yajl_config(p->yh, yajl_allow_comments, 0);
	yajl_config(p->yh, yajl_dont_validate_strings, 0);
	yajl_config(p->yh, yajl_allow_trailing_garbage, 0);
	yajl_config(p->yh, yajl_allow_multiple_values, 0);
	yajl_config(p->yh, yajl_allow_partial_values, 0);
	return p;
}

/* Keep yajl's short message (no context dump), without its newline. */
static void
yajl_failure(struct zrx_recparse *p)
{
	unsigned char *e = yajl_get_error(p->yh, 0, NULL, 0);
	size_t n;

	if (e == NULL) {
		p->err = "invalid JSON";
	} else {
		snprintf(p->errbuf, sizeof(p->errbuf), "%s", (const char *)e);
		yajl_free_error(p->yh, e);
		n = strlen(p->errbuf);
		while (n > 0 && (p->errbuf[n - 1] == '\n' ||
		    p->errbuf[n - 1] == ' ' || p->errbuf[n - 1] == '\r'))
			p->errbuf[--n] = '\0';
		p->err = p->errbuf;
	}
	p->failed = 1;
}

static int
status_result(struct zrx_recparse *p, yajl_status st)
{
	if (st == yajl_status_ok)
		return 0;
	if (st == yajl_status_client_canceled) {
		if (p->err == NULL)
			p->err = "parse cancelled";
		p->failed = 1;
		return -1;
	}
	yajl_failure(p);
	return -1;
}

static int
yparse(struct zrx_recparse *p, const unsigned char *d, size_t n)
{
	if (n == 0)
		return 0;
	return status_result(p, yajl_parse(p->yh, d, n));
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The code unit of "\\uXXXX" at e[0..6), or -1 if it is not one. */
static long
escape_unit(const unsigned char *e)
{
	long v = 0;
	int i, h;

	if (e[0] != '\\' || e[1] != 'u')
		return -1;
	for (i = 2; i < 6; i++) {
		h = hexval(e[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * How many bytes at e[0..n) (which starts with a backslash that escapes)
 * make one escape, rewritten in place if it holds a lone surrogate; 0 if
 * more bytes are needed to decide (n < 12).  An escape that is not \\u
 * is 2 bytes; yajl judges malformed ones.
 */
static size_t
settle_escape(struct zrx_recparse *p, unsigned char *e, size_t n)
{
	static const unsigned char fffd[6] = { '\\', 'u', 'f', 'f', 'f', 'd' };
	long u, lo;

	if (n < 2)
		return 0;
	if (e[1] != 'u')
		return 2;
	if (n < 6)
		return 0;
	u = escape_unit(e);
	if (u < 0xd800 || u > 0xdfff)
		return 6;
	if (u >= 0xdc00) {
		memcpy(e, fffd, 6); /* a low surrogate alone */
		p->surrogates++;
		return 6;
	}
	if (n < 12) {
		/* a high surrogate: is a low one next? decide on the first
		 * byte that cannot start one */
		if ((n > 6 && e[6] != '\\') || (n > 7 && e[7] != 'u'))
			goto lone;
		return 0;
	}
	lo = escape_unit(e + 6);
	if (lo >= 0xdc00 && lo <= 0xdfff)
		return 12;
lone:
	memcpy(e, fffd, 6);
	p->surrogates++;
	return 6;
}

/* Settle the held escape (p->pend starts with its backslash) with the
 * first bytes of d[0..n).  Returns how many bytes of d were used, or
 * SIZE_MAX on a parse error; p->npend is 0 after it unless d was too short
 * to decide (then all of d is held). */
static size_t
settle_pending(struct zrx_recparse *p, const unsigned char *d, size_t n)
{
	unsigned char comb[24];
	const unsigned char *bs;
	size_t take, total, k, left;

	while (p->npend > 0) {
		take = n < 12 ? n : 12;
		memcpy(comb, p->pend, p->npend);
		memcpy(comb + p->npend, d, take);
		total = p->npend + take;
		k = settle_escape(p, comb, total < 12 ? total : 12);
		if (k == 0) {
			memcpy(p->pend, comb, total);
			p->npend = total;
			return n;
		}
		if (yparse(p, comb, k) != 0)
			return SIZE_MAX;
		if (k >= p->npend) {
			k -= p->npend;
			p->npend = 0;
			return k;
		}
		/* the escape ended inside the held bytes: go on from there */
		left = p->npend - k;
		bs = memchr(comb + k, '\\', left);
		if (bs == NULL) {
			p->npend = 0;
			return yparse(p, comb + k, left) != 0 ? SIZE_MAX : 0;
		}
		if (yparse(p, comb + k, (size_t)(bs - (comb + k))) != 0)
			return SIZE_MAX;
		p->npend = left - (size_t)(bs - (comb + k));
		memmove(p->pend, bs, p->npend);
	}
	return 0;
}

/* Feed d[0..n) to yajl with lone surrogate escapes rewritten.  Bytes are
 * passed straight through; only an escape that straddles the chunk's end
 * is held back (at most 11 bytes). */
static int
feed_filtered(struct zrx_recparse *p, const unsigned char *d, size_t n)
{
	size_t i = 0, start, k, take;

	if (p->npend > 0) {
		i = settle_pending(p, d, n);
		if (i == SIZE_MAX)
			return -1;
	}
	start = i;
	while (i < n) {
		const unsigned char *bs = memchr(d + i, '\\', n - i);
		unsigned char tmp[12];

		if (bs == NULL)
			break;
		i = (size_t)(bs - d);
		take = n - i < sizeof(tmp) ? n - i : sizeof(tmp);
		memcpy(tmp, d + i, take);
		k = settle_escape(p, tmp, take);
		if (k == 0) {
			/* held until the next chunk */
			if (yparse(p, d + start, i - start) != 0)
				return -1;
			memcpy(p->pend, d + i, take);
			p->npend = take;
			return 0;
		}
		if (memcmp(tmp, d + i, k) != 0) {
			/* rewritten: feed what came before, then the new escape */
			if (yparse(p, d + start, i - start) != 0 || yparse(p, tmp, k) != 0)
				return -1;
			start = i + k;
		}
		i += k;
	}
	return yparse(p, d + start, n - start);
}

int
zrx_recparse_feed(struct zrx_recparse *p, const char *data, size_t len)
{
	if (p->failed)
		return -1;
	if (p->finished) {
		p->err = "data after the end of the body";
		p->failed = 1;
		return -1;
	}
	if (len == 0)
		return 0;
	/* bounds both the element being built and yajl's buffer of a token
	 * split across chunks */
	p->since_item += len;
	if (p->since_item > MAX_ITEM_BYTES) {
		p->err = "a single list element larger than 16 MiB";
		p->failed = 1;
		return -1;
	}
	return feed_filtered(p, (const unsigned char *)data, len);
}

int
zrx_recparse_finish(struct zrx_recparse *p)
{
	if (p->failed)
		return -1;
	if (p->finished)
		return 0;
	if (p->npend > 0) {
		/* the body ended inside an escape: let yajl say what is wrong */
		size_t n = p->npend;

		p->npend = 0;
		if (yparse(p, p->pend, n) != 0)
			return -1;
	}
	if (status_result(p, yajl_complete_parse(p->yh)) != 0)
		return -1;
	if (!p->root_done) {
		p->err = "incomplete JSON body";
		p->failed = 1;
		return -1;
	}
	p->finished = 1;
	return 0;
}

const char *
zrx_recparse_error(const struct zrx_recparse *p)
{
	return p->err != NULL ? p->err : "no error";
}

const char *
zrx_recparse_from(const struct zrx_recparse *p)
{
	return p->from;
}

const char *
zrx_recparse_next_page_token(const struct zrx_recparse *p)
{
	return p->npt;
}

size_t
zrx_recparse_items(const struct zrx_recparse *p)
{
	return p->items;
}

size_t
zrx_recparse_surrogates(const struct zrx_recparse *p)
{
	return p->surrogates;
}

void
zrx_recparse_free(struct zrx_recparse *p)
{
	if (p == NULL)
		return;
	yajl_free(p->yh);
	free(p->npt);
	free(p->files);
	zrx_buf_free(&p->jbuf);
	zrx_buf_free(&p->sbuf);
	free(p);
}
