/* fuzz_csv.c - the CSV formatter and the CSV field.
 *
 * Input: a flags byte (bit 0: users; bit 1: sync's leading cells), a length
 * byte L, L bytes of user id, then a response body.  Properties: the header
 * and every item's rows parse as RFC 4180 with the header's field count on
 * every row; a meeting gives one row per recording file (one when it has
 * none); the text is valid UTF-8; zrx_csv_field of any bytes decodes back
 * to them. */
#include "config.h"

#include <string.h>

#include "csv.h"
#include "fuzzcheck.h"
#include "recfmt.h"
#include "recparse.h"
#include "usersrc.h"
#include "util.h"

struct ctx {
	struct zrx_recfmt *fmt;
	struct zrx_buf all;   /* header and every row */
	struct zrx_buf one;   /* one item's rows */
	enum zrx_kind kind;
	size_t fields;
	size_t rows;          /* rows expected after the header */
};

static int
sink(void *ud, const void *p, size_t n)
{
	zrx_buf_append(&((struct ctx *)ud)->one, p, n);
	return 0;
}

static int
item_cb(void *ud, const struct zrx_item *it)
{
	struct ctx *c = ud;
	size_t rows, want;

	zrx_buf_reset(&c->one);
	FZ_ASSERT(zrx_recfmt_write(c->fmt, it, sink, c) == 0);
	want = c->kind == ZRX_KIND_USERS ? 1 : it->nfiles > 0 ? it->nfiles : 1;
	/* each item's rows stand alone: no quote left open across them */
	FZ_ASSERT(fz_csv_rows(c->one.data, c->one.len, c->fields, &rows) == 0);
	FZ_ASSERT(rows == want);
	FZ_ASSERT(fz_utf8_valid(c->one.data, c->one.len));
	zrx_buf_append(&c->all, c->one.data, c->one.len);
	c->rows += want;
	return 0;
}

static void
check_field(const char *s, size_t n)
{
	struct zrx_buf b;
	char *dec = NULL;
	size_t decn = 0;

	zrx_buf_init(&b);
	zrx_csv_field(&b, s, n);
	FZ_ASSERT(fz_csv_decode_field(b.data != NULL ? b.data : "", b.len, &dec, &decn) == 0);
	FZ_ASSERT(decn == n && (n == 0 || memcmp(dec, s, n) == 0));
	free(dec);
	zrx_buf_free(&b);
}

static size_t
count_fields(const char *header)
{
	size_t n = 1;

	for (; *header != '\0'; header++)
		n += *header == ',';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char prefix[] = "insert,12,2024-06-01T00:00:00Z,";
	struct zrx_recparse *p;
	struct ctx c;
	const char *user, *body, *header;
	size_t ulen, n, rows;
	int prefixed;

	if (size < 2)
		return 0;
	memset(&c, 0, sizeof(c));
	c.kind = (data[0] & 1) ? ZRX_KIND_USERS : ZRX_KIND_MEETINGS;
	prefixed = (data[0] & 2) != 0;
	ulen = data[1] % 64;
	if (ulen > size - 2)
		ulen = size - 2;
	user = (const char *)data + 2;
	body = user + ulen;
	n = size - 2 - ulen;
	check_field(user, ulen);
	check_field(body, n);
	if (zrx_user_id_problem(user, ulen) != NULL) {
		user = "u";
		ulen = 1;
	}
	zrx_buf_init(&c.all);
	header = zrx_csv_header(c.kind);
	c.fields = count_fields(header) + (prefixed ? 3 : 0);
	FZ_ASSERT(header[strlen(header) - 1] == '\n');
	c.fmt = zrx_recfmt_new(c.kind, ZRX_FORMAT_CSV, user, ulen);
	if (prefixed) {
		zrx_recfmt_set_extra(c.fmt, NULL, prefix);
		zrx_buf_puts(&c.all, "op,batch,synced_at,");
	}
	zrx_buf_puts(&c.all, header);
	zrx_buf_init(&c.one);
	p = zrx_recparse_new(c.kind, item_cb, &c);
	if (zrx_recparse_feed(p, body, n) == 0)
		(void)zrx_recparse_finish(p);
	zrx_recparse_free(p);
	/* the whole file: the header's field count on every row */
	FZ_ASSERT(fz_csv_rows(c.all.data, c.all.len, c.fields, &rows) == 0);
	FZ_ASSERT(rows == c.rows + 1);
	FZ_ASSERT(fz_utf8_valid(c.all.data, c.all.len));
	zrx_recfmt_free(c.fmt);
	zrx_buf_free(&c.all);
	zrx_buf_free(&c.one);
	return 0;
}
