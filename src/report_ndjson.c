/* report_ndjson.c - meeting objects from NDJSON text, through yajl.
 *
 * The bytes are fed to yajl line by line (a line is not copied: each call
 * stops at a newline), so a message can name the line.  yajl accepts
 * several values in a row; each top-level value must be an object, one
 * meeting.  Depth alone says where an event belongs: 1 is the meeting, 2
 * its "recording_files" array when that key opened it, 3 a file in that
 * array; anything deeper, or under another key, is skipped.  The values of
 * the fields the report counts are copied into sbuf (offsets, since sbuf
 * grows) and handed over when the meeting's closing brace arrives.  When a
 * key appears twice, the last value wins, as in every JSON reader the
 * tests compare with.  Strings are not checked for UTF-8 here: whatever
 * the report prints is cleaned where it is printed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "report_ndjson.h"

#define MAX_DEPTH 64
#define MAX_LINE (16u << 20)

enum { MF_USER, MF_UUID, MF_TOPIC, MF_START, MF_DURATION, MF_PASSCODE, MF_N };
enum { FF_TYPE, FF_SIZE, FF_START, FF_END, FF_STATUS, FF_DELETED, FF_N };
#define K_NONE (-1)
#define K_FILES (-2)
#define K_OP (-3)

static const char *const mkeys[MF_N] = {
	"_user", "uuid", "topic", "start_time", "duration", "recording_play_passcode"
};
static const char *const fkeys[FF_N] = {
	"file_type", "file_size", "recording_start", "recording_end", "status",
	"deleted_time"
};

struct slot {
	unsigned char kind; /* enum zrx_vkind */
	size_t off;
	size_t len;
};

struct fslots {
	struct slot c[FF_N];
};

struct zrx_rnd {
	zrx_rmeet_cb cb;
	void *ud;
	yajl_handle yh;
	int depth;          /* open containers */
	int key;            /* meaning of the meeting's current key */
	int fkey;           /* meaning of the file's current key */
	int files_open;     /* the array at depth 2 is "recording_files" */
	int file_open;      /* the object at depth 3 is a file */
	struct slot m[MF_N];
	struct fslots *files;
	size_t nfiles, capfiles;
	struct zrx_rfile *out;
	size_t capout;
	struct zrx_buf sbuf;
	uint64_t line;      /* 1-based line being read */
	size_t line_bytes;
	uint64_t count;
	int failed;
	char err[256];
};

static int
stop(struct zrx_rnd *r, const char *msg)
{
	snprintf(r->err, sizeof(r->err), "line %llu: %s", (unsigned long long)r->line, msg);
	r->failed = 1;
	return 0; /* yajl stops with yajl_status_client_canceled */
}

static int
lookup(const char *const *names, int n, const unsigned char *s, size_t len)
{
	int i;

	for (i = 0; i < n; i++) {
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return i;
	}
	return K_NONE;
}

static void
set_slot(struct zrx_rnd *r, struct slot *sl, int kind, const void *s, size_t n)
{
	sl->kind = (unsigned char)kind;
	sl->off = r->sbuf.len;
	sl->len = n;
	zrx_buf_append(&r->sbuf, s, n);
}

/* The slot a value at the current position fills, or NULL. */
static struct slot *
target(struct zrx_rnd *r)
{
	if (r->depth == 1 && r->key >= 0)
		return &r->m[r->key];
	if (r->depth == 3 && r->file_open && r->fkey >= 0 && r->nfiles > 0)
		return &r->files[r->nfiles - 1].c[r->fkey];
	return NULL;
}

static void
fill(const struct zrx_rnd *r, const struct slot *sl, struct zrx_value *v)
{
	v->kind = (enum zrx_vkind)sl->kind;
	v->s = sl->kind == ZRX_V_NONE ? NULL : r->sbuf.data + sl->off;
	v->n = sl->kind == ZRX_V_NONE ? 0 : sl->len;
}

static int
deliver(struct zrx_rnd *r)
{
	struct zrx_rmeet mt;
	size_t i;

	if (r->nfiles > r->capout) {
		r->capout = r->nfiles;
		r->out = zrx_xrealloc(r->out, r->capout * sizeof(*r->out));
	}
	for (i = 0; i < r->nfiles; i++) {
		const struct slot *c = r->files[i].c;
		struct zrx_rfile *f = &r->out[i];

		fill(r, &c[FF_TYPE], &f->file_type);
		fill(r, &c[FF_SIZE], &f->file_size);
		fill(r, &c[FF_START], &f->recording_start);
		fill(r, &c[FF_END], &f->recording_end);
		fill(r, &c[FF_STATUS], &f->status);
		fill(r, &c[FF_DELETED], &f->deleted_time);
	}
	memset(&mt, 0, sizeof(mt));
	fill(r, &r->m[MF_USER], &mt.user);
	fill(r, &r->m[MF_UUID], &mt.uuid);
	fill(r, &r->m[MF_TOPIC], &mt.topic);
	fill(r, &r->m[MF_START], &mt.start_time);
	fill(r, &r->m[MF_DURATION], &mt.duration);
	fill(r, &r->m[MF_PASSCODE], &mt.passcode);
	mt.has_passcode = 1;
	mt.counted = 1;
	mt.files = r->out;
	mt.nfiles = r->nfiles;
	mt.line = r->line;
	r->count++;
	if (r->cb(r->ud, &mt) != 0)
		return stop(r, "stopped");
	return 1;
}

static int
on_scalar(struct zrx_rnd *r, int kind, const void *s, size_t n)
{
	struct slot *sl;

	if (r->depth == 0)
		return stop(r, "not a JSON object (one meeting per line)");
	if (r->depth == 1 && r->key == K_OP)
		return stop(r, "a sync batch line (it has \"_op\"); report on the "
		    "sync catalog with --dir");
	if (r->depth == 1 && r->key == K_FILES) {
		r->nfiles = 0; /* "recording_files": null, or not an array */
		return 1;
	}
	sl = target(r);
	if (sl != NULL)
		set_slot(r, sl, kind, s, n);
	return 1;
}

static int
on_start(struct zrx_rnd *r, int map)
{
	struct slot *sl;

	if (r->depth >= MAX_DEPTH)
		return stop(r, "JSON nested more than 64 levels deep");
	if (r->depth == 0) {
		if (!map)
			return stop(r, "not a JSON object (one meeting per line)");
		zrx_buf_reset(&r->sbuf);
		memset(r->m, 0, sizeof(r->m));
		r->nfiles = 0;
		r->key = K_NONE;
	} else if (r->depth == 1 && r->key == K_OP) {
		return stop(r, "a sync batch line (it has \"_op\"); report on the "
		    "sync catalog with --dir");
	} else if (r->depth == 1 && r->key == K_FILES) {
		r->nfiles = 0; /* the last "recording_files" wins */
		r->files_open = !map;
	} else if (r->depth == 2 && r->files_open && map) {
		if (r->nfiles == r->capfiles) {
			r->capfiles = r->capfiles ? r->capfiles * 2 : 8;
			r->files = zrx_xrealloc(r->files, r->capfiles * sizeof(*r->files));
		}
		memset(&r->files[r->nfiles++], 0, sizeof(r->files[0]));
		r->file_open = 1;
		r->fkey = K_NONE;
	} else if ((sl = target(r)) != NULL) {
		/* an object or array where a scalar was expected: there is
		 * something, but it is no size, time or name */
		set_slot(r, sl, ZRX_V_JSON, map ? "{}" : "[]", 2);
	}
	r->depth++;
	return 1;
}

static int
on_end(struct zrx_rnd *r)
{
	r->depth--;
	if (r->depth == 0)
		return deliver(r);
	if (r->depth == 1)
		r->files_open = 0;
	else if (r->depth == 2)
		r->file_open = 0;
	return 1;
}

static int
null_cb(void *ctx)
{
	return on_scalar(ctx, ZRX_V_NONE, "", 0);
}

static int
boolean_cb(void *ctx, int v)
{
	return v ? on_scalar(ctx, ZRX_V_BOOL, "true", 4) : on_scalar(ctx, ZRX_V_BOOL, "false", 5);
}

static int
number_cb(void *ctx, const char *s, size_t n)
{
	return on_scalar(ctx, ZRX_V_NUM, s, n);
}

static int
string_cb(void *ctx, const unsigned char *s, size_t n)
{
	return on_scalar(ctx, ZRX_V_STR, s, n);
}

static int
start_map_cb(void *ctx)
{
	return on_start(ctx, 1);
}

static int
start_array_cb(void *ctx)
{
	return on_start(ctx, 0);
}

static int
end_cb(void *ctx)
{
	return on_end(ctx);
}

static int
map_key_cb(void *ctx, const unsigned char *s, size_t n)
{
	struct zrx_rnd *r = ctx;

	if (r->depth == 1) {
		r->key = lookup(mkeys, MF_N, s, n);
		if (r->key == K_NONE && n == 15 && memcmp(s, "recording_files", 15) == 0)
			r->key = K_FILES;
		else if (r->key == K_NONE && n == 3 && memcmp(s, "_op", 3) == 0)
			r->key = K_OP;
	} else if (r->depth == 3 && r->file_open) {
		r->fkey = lookup(fkeys, FF_N, s, n);
	}
	return 1;
}

static const yajl_callbacks callbacks = {
	.yajl_null = null_cb,
	.yajl_boolean = boolean_cb,
	.yajl_number = number_cb,
	.yajl_string = string_cb,
	.yajl_start_map = start_map_cb,
	.yajl_map_key = map_key_cb,
	.yajl_end_map = end_cb,
	.yajl_start_array = start_array_cb,
	.yajl_end_array = end_cb,
};

struct zrx_rnd *
zrx_rnd_new(zrx_rmeet_cb cb, void *ud)
{
	struct zrx_rnd *r = zrx_xcalloc(1, sizeof(*r));

	r->cb = cb;
	r->ud = ud;
	r->line = 1;
	zrx_buf_init(&r->sbuf);
	r->yh = yajl_alloc(&callbacks, NULL, r);
	if (r->yh == NULL)
		zrx_oom(sizeof(callbacks));
	yajl_config(r->yh, yajl_allow_comments, 0);
	yajl_config(r->yh, yajl_dont_validate_strings, 1);
	yajl_config(r->yh, yajl_allow_multiple_values, 1);
	yajl_config(r->yh, yajl_allow_partial_values, 0);
	return r;
}

/* yajl's short message, without its newline, after the line number. */
static int
yajl_failed(struct zrx_rnd *r, yajl_status st)
{
	unsigned char *e;
	size_t n;

	if (st == yajl_status_client_canceled || r->failed) {
		r->failed = 1;
		return -1;
	}
	e = yajl_get_error(r->yh, 0, NULL, 0);
	snprintf(r->err, sizeof(r->err), "line %llu: %s", (unsigned long long)r->line,
	    e != NULL ? (const char *)e : "invalid JSON");
	if (e != NULL)
		yajl_free_error(r->yh, e);
	n = strlen(r->err);
	while (n > 0 && (r->err[n - 1] == '\n' || r->err[n - 1] == ' '))
		r->err[--n] = '\0';
	r->failed = 1;
	return -1;
}

int
zrx_rnd_feed(struct zrx_rnd *r, const char *data, size_t len)
{
	const char *nl;
	size_t seg;
	yajl_status st;

	if (r->failed)
		return -1;
	while (len > 0) {
		nl = memchr(data, '\n', len);
		seg = nl != NULL ? (size_t)(nl - data) + 1 : len;
		r->line_bytes += seg;
		if (r->line_bytes > MAX_LINE) {
			stop(r, "a line longer than 16 MiB");
			return -1;
		}
		st = yajl_parse(r->yh, (const unsigned char *)data, seg);
		if (st != yajl_status_ok)
			return yajl_failed(r, st);
		if (nl != NULL) {
			r->line++;
			r->line_bytes = 0;
		}
		data += seg;
		len -= seg;
	}
	return 0;
}

int
zrx_rnd_finish(struct zrx_rnd *r)
{
	yajl_status st;

	if (r->failed)
		return -1;
	if (r->depth > 0) {
		stop(r, "the text ends inside a meeting (a truncated file?)");
		return -1;
	}
	st = yajl_complete_parse(r->yh);
	if (st != yajl_status_ok)
		return yajl_failed(r, st);
	return 0;
}

const char *
zrx_rnd_error(const struct zrx_rnd *r)
{
	return r->failed ? r->err : "no error";
}

uint64_t
zrx_rnd_count(const struct zrx_rnd *r)
{
	return r->count;
}

void
zrx_rnd_free(struct zrx_rnd *r)
{
	if (r == NULL)
		return;
	yajl_free(r->yh);
	free(r->files);
	free(r->out);
	zrx_buf_free(&r->sbuf);
	free(r);
}
