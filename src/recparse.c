/* recparse.c - streaming parser of list responses (recordings and users):
 * the body through the surrogate filter (u16fix.c) into yajl, whose events
 * recwalk.c interprets; an element at a time goes to the callback, so
 * memory is bounded by the largest element, never by the body. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recparse_int.h"

static int
null_cb(void *ctx)
{
	return zrx_rp_scalar(ctx, ZRX_V_NONE, "null", 4);
}

static int
boolean_cb(void *ctx, int v)
{
	return v ? zrx_rp_scalar(ctx, ZRX_V_BOOL, "true", 4) :
	    zrx_rp_scalar(ctx, ZRX_V_BOOL, "false", 5);
}

static int
number_cb(void *ctx, const char *s, size_t n)
{
	return zrx_rp_scalar(ctx, ZRX_V_NUM, s, n);
}

static int
string_cb(void *ctx, const unsigned char *s, size_t n)
{
	return zrx_rp_scalar(ctx, ZRX_V_STR, (const char *)s, n);
}

static int
start_map_cb(void *ctx)
{
	return zrx_rp_start(ctx, 1);
}

static int
map_key_cb(void *ctx, const unsigned char *s, size_t n)
{
	return zrx_rp_key(ctx, (const char *)s, n);
}

static int
end_cb(void *ctx)
{
	return zrx_rp_end(ctx);
}

static int
start_array_cb(void *ctx)
{
	return zrx_rp_start(ctx, 0);
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
	size_t i;

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
	for (i = 0; i < p->necols; i++)
		p->ecol_len[i] = strlen(p->ecols[i]);
	for (i = 0; i < ZRX_NFILE_COLS; i++)
		p->fcol_len[i] = strlen(zrx_file_cols[i]);
	zrx_buf_init(&p->jbuf);
	zrx_buf_init(&p->sbuf);
	zrx_u16fix_init(&p->fix);
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

/* The filter's output: on to yajl. */
static int
to_yajl(void *ud, const unsigned char *d, size_t n)
{
	return yparse(ud, d, n);
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
	return zrx_u16fix_feed(&p->fix, (const unsigned char *)data, len, to_yajl, p);
}

int
zrx_recparse_finish(struct zrx_recparse *p)
{
	if (p->failed)
		return -1;
	if (p->finished)
		return 0;
	/* a body that ended inside an escape: yajl says what is wrong */
	if (zrx_u16fix_finish(&p->fix, to_yajl, p) != 0)
		return -1;
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
	return p->fix.count;
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
