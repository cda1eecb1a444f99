/* fuzz_ndjson.c - the JSON formatters: NDJSON records and the string
 * escaper every JSON text of zrx goes through.
 *
 * Input: a flags byte (bit 0: users; bit 1: sync's extra keys), a length
 * byte L, L bytes of user id, then a response body.  Properties: every
 * record is one line ending in '\n', strict JSON, valid UTF-8, an object
 * whose last keys are the ones zrx appends ("_user" for meetings, then the
 * extra keys); zrx_json_str of any bytes is one valid JSON string that
 * decodes back to them when they are valid UTF-8. */
#include "config.h"

#include <string.h>

#include "fuzzcheck.h"
#include "jsonw.h"
#include "recfmt.h"
#include "recparse.h"
#include "usersrc.h"
#include "util.h"

static const char extra_keys[] =
	",\"_op\":\"update\",\"_batch\":7,\"_synced_at\":\"2024-06-01T00:00:00Z\"";
static const char *const extra_names[] = { "_op", "_batch", "_synced_at" };

struct ctx {
	struct zrx_recfmt *fmt;
	struct zrx_buf out;
	enum zrx_kind kind;
	int extra;
	size_t items;
};

static int
sink(void *ud, const void *p, size_t n)
{
	zrx_buf_append(&((struct ctx *)ud)->out, p, n);
	return 0;
}

static void
check_record(const struct ctx *c, const char *s, size_t n)
{
	char **keys = NULL;
	size_t nkeys = 0, want = 0, i;

	FZ_ASSERT(n >= 3 && s[n - 1] == '\n');
	FZ_ASSERT(memchr(s, '\n', n - 1) == NULL);
	FZ_ASSERT(fz_utf8_valid(s, n - 1));
	FZ_ASSERT(fz_json_valid(s, n - 1));
	FZ_ASSERT(fz_json_top_keys(s, n - 1, &keys, &nkeys) == 0);
	if (c->kind == ZRX_KIND_MEETINGS)
		want++;
	if (c->extra)
		want += 3;
	FZ_ASSERT(nkeys >= want);
	i = nkeys - want;
	if (c->kind == ZRX_KIND_MEETINGS)
		FZ_ASSERT(strcmp(keys[i++], "_user") == 0);
	for (size_t e = 0; c->extra && e < 3; e++)
		FZ_ASSERT(strcmp(keys[i++], extra_names[e]) == 0);
	fz_keys_free(keys, nkeys);
}

static int
item_cb(void *ud, const struct zrx_item *it)
{
	struct ctx *c = ud;

	zrx_buf_reset(&c->out);
	FZ_ASSERT(zrx_recfmt_write(c->fmt, it, sink, c) == 0);
	check_record(c, c->out.data, c->out.len);
	c->items++;
	return 0;
}

/* zrx_json_str on raw bytes. */
static void
check_escape(const char *s, size_t n)
{
	struct zrx_buf b;
	char *dec = NULL;
	size_t decn = 0, bad;

	zrx_buf_init(&b);
	bad = zrx_json_str(&b, s, n);
	FZ_ASSERT(fz_utf8_valid(b.data, b.len));
	FZ_ASSERT(fz_json_valid(b.data, b.len));
	FZ_ASSERT(fz_json_decode_string(b.data, b.len, &dec, &decn) == 0);
	if (fz_utf8_valid(s, n)) {
		FZ_ASSERT(bad == 0);
		FZ_ASSERT(decn == n && (n == 0 || memcmp(dec, s, n) == 0));
	} else {
		FZ_ASSERT(bad > 0);
	}
	free(dec);
	zrx_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zrx_recparse *p;
	struct ctx c;
	const char *user, *body;
	size_t ulen, n;

	if (size < 2)
		return 0;
	memset(&c, 0, sizeof(c));
	c.kind = (data[0] & 1) ? ZRX_KIND_USERS : ZRX_KIND_MEETINGS;
	c.extra = (data[0] & 2) != 0;
	ulen = data[1] % 64;
	if (ulen > size - 2)
		ulen = size - 2;
	user = (const char *)data + 2;
	body = user + ulen;
	n = size - 2 - ulen;
	check_escape(user, ulen);
	check_escape(body, n);
	/* a user zrx would refuse never reaches a formatter */
	if (zrx_user_id_problem(user, ulen) != NULL) {
		user = "u";
		ulen = 1;
	}
	c.fmt = zrx_recfmt_new(c.kind, ZRX_FORMAT_NDJSON, user, ulen);
	if (c.extra)
		zrx_recfmt_set_extra(c.fmt, extra_keys, "update,7,2024-06-01T00:00:00Z,");
	zrx_buf_init(&c.out);
	p = zrx_recparse_new(c.kind, item_cb, &c);
	if (zrx_recparse_feed(p, body, n) == 0)
		(void)zrx_recparse_finish(p);
	zrx_recparse_free(p);
	zrx_recfmt_free(c.fmt);
	zrx_buf_free(&c.out);
	return 0;
}
