/* fuzz_recparse.c - the streaming list parser (recordings and users).
 *
 * Input: one flags byte (bit 0: users instead of meetings), then a response
 * body.  Properties: the body fed whole, in random chunks and (when short)
 * one byte at a time gives the same items, columns, next_page_token, "from",
 * surrogate count and verdict (chunking invariance); every item's JSON, and
 * every nested column value, is strict JSON and valid UTF-8. */
#include "config.h"

#include <string.h>

#include "fuzzcheck.h"
#include "recparse.h"
#include "util.h"

/* Everything the parser said, as bytes to compare. */
struct seen {
	struct zrx_buf d;
	enum zrx_kind kind;
};

static void
put_span(struct zrx_buf *d, const char *s, size_t n, int present)
{
	uint64_t len = present ? (uint64_t)n : UINT64_MAX;

	zrx_buf_append(d, (const char *)&len, sizeof(len));
	if (present && n > 0)
		zrx_buf_append(d, s, n);
}

static void
put_value(struct zrx_buf *d, const struct zrx_value *v)
{
	unsigned char k = (unsigned char)v->kind;

	zrx_buf_append(d, (const char *)&k, 1);
	put_span(d, v->s, v->n, v->kind != ZRX_V_NONE);
	/* strings are as yajl unescaped them (it lets some invalid UTF-8
	 * through: the formatters repair it, see fuzz_csv); nested values are
	 * zrx's own JSON */
	if (v->kind == ZRX_V_JSON)
		FZ_ASSERT(fz_json_valid(v->s, v->n));
}

static int
item_cb(void *ud, const struct zrx_item *it)
{
	struct seen *s = ud;
	struct zrx_value v;
	size_t c, f, ncols = s->kind == ZRX_KIND_USERS ? ZRX_NUSER_COLS : ZRX_NMEETING_COLS;

	FZ_ASSERT(it->json_len >= 2 && it->json[0] == '{' && it->json[it->json_len - 1] == '}');
	FZ_ASSERT(fz_json_valid(it->json, it->json_len));
	FZ_ASSERT(fz_utf8_valid(it->json, it->json_len));
	put_span(&s->d, it->json, it->json_len, 1);
	put_span(&s->d, it->key, it->key_len, it->key != NULL);
	put_span(&s->d, it->start_time, it->start_time_len, it->start_time != NULL);
	put_span(&s->d, it->email, it->email_len, it->email != NULL);
	put_span(&s->d, it->status, it->status_len, it->status != NULL);
	zrx_buf_append(&s->d, (const char *)&it->nfiles, sizeof(it->nfiles));
	for (c = 0; c < ncols; c++) {
		zrx_item_col(it, c, &v);
		put_value(&s->d, &v);
	}
	for (f = 0; f < it->nfiles; f++) {
		for (c = 0; c < ZRX_NFILE_COLS; c++) {
			zrx_item_file_col(it, f, c, &v);
			put_value(&s->d, &v);
		}
	}
	return 0;
}

/* Parse body with the given chunk sizes (0: whole); the record in s. */
static void
parse(enum zrx_kind kind, const char *body, size_t n, uint64_t *rng, int one_byte,
      struct seen *s)
{
	struct zrx_recparse *p;
	size_t off = 0, k;
	int ok = 1;
	const char *npt;

	zrx_buf_init(&s->d);
	s->kind = kind;
	p = zrx_recparse_new(kind, item_cb, s);
	while (ok && off < n) {
		if (one_byte)
			k = 1;
		else if (rng == NULL)
			k = n - off;
		else
			k = 1 + (size_t)(fz_next(rng) % 64);
		if (k > n - off)
			k = n - off;
		ok = zrx_recparse_feed(p, body + off, k) == 0;
		off += k;
	}
	if (ok)
		ok = zrx_recparse_finish(p) == 0;
	zrx_buf_append(&s->d, ok ? "OK" : "NO", 2);
	if (ok) {
		npt = zrx_recparse_next_page_token(p);
		put_span(&s->d, npt, npt != NULL ? strlen(npt) : 0, npt != NULL);
		put_span(&s->d, zrx_recparse_from(p), strlen(zrx_recparse_from(p)), 1);
		k = zrx_recparse_surrogates(p);
		zrx_buf_append(&s->d, (const char *)&k, sizeof(k));
		k = zrx_recparse_items(p);
		zrx_buf_append(&s->d, (const char *)&k, sizeof(k));
	}
	zrx_recparse_free(p);
}

static void
same(const struct seen *a, const struct seen *b)
{
	FZ_ASSERT(a->d.len == b->d.len);
	FZ_ASSERT(a->d.len == 0 || memcmp(a->d.data, b->d.data, a->d.len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen whole, chunked, bytes;
	enum zrx_kind kind;
	uint64_t rng;
	const char *body;
	size_t n;

	if (size < 1)
		return 0;
	kind = (data[0] & 1) ? ZRX_KIND_USERS : ZRX_KIND_MEETINGS;
	body = (const char *)data + 1;
	n = size - 1;
	rng = fz_seed(data, size);

	parse(kind, body, n, NULL, 0, &whole);
	parse(kind, body, n, &rng, 0, &chunked);
	same(&whole, &chunked);
	zrx_buf_free(&chunked.d);
	if (n <= 4096) {
		parse(kind, body, n, NULL, 1, &bytes);
		same(&whole, &bytes);
		zrx_buf_free(&bytes.d);
	}
	zrx_buf_free(&whole.d);
	return 0;
}
