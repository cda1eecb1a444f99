/* test_recparse.c - the streaming list parser against hostile responses.
 *
 * The expected outputs in tests/data/recparse-hostile.{ndjson,csv} were
 * written by hand from recparse-hostile.json.  Every body is also fed in
 * chunks of 1..31 bytes (each chunk in its own exact-size allocation, so
 * ASan catches a parser that keeps a pointer into a chunk) and must give
 * the same bytes.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "recfmt.h"
#include "recparse.h"
#include "util.h"

static const char *argv0 = "";

#define USER "user+1@example.com"

/* What the callback saw. */
struct sink {
	struct zrx_recfmt *fmt; /* how items become records */
	struct zrx_buf out; /* the records, concatenated */
	struct zrx_buf log; /* one line per item: its side fields */
	size_t n;
	size_t abort_at;    /* 1-based item that aborts; 0: none */
};

static void
sink_init(struct sink *s)
{
	memset(s, 0, sizeof(*s));
	zrx_buf_init(&s->out);
	zrx_buf_init(&s->log);
}

static void
sink_free(struct sink *s)
{
	zrx_recfmt_free(s->fmt);
	s->fmt = NULL;
	zrx_buf_free(&s->out);
	zrx_buf_free(&s->log);
}

static void
log_field(struct zrx_buf *b, const char *v, size_t n)
{
	if (v == NULL)
		zrx_buf_putc(b, '-');
	else
		zrx_buf_append(b, v, n);
	zrx_buf_putc(b, '|');
}

static int
out_write(void *ud, const void *p, size_t n)
{
	zrx_buf_append(ud, p, n);
	return 0;
}

static int
sink_cb(void *ud, const struct zrx_item *it)
{
	struct sink *s = ud;

	s->n++;
	assert_int_equal(zrx_recfmt_write(s->fmt, it, out_write, &s->out), 0);
	log_field(&s->log, it->key, it->key_len);
	log_field(&s->log, it->start_time, it->start_time_len);
	log_field(&s->log, it->email, it->email_len);
	log_field(&s->log, it->status, it->status_len);
	zrx_buf_printf(&s->log, "%zu\n", it->nfiles);
	return s->abort_at != 0 && s->n == s->abort_at;
}

/* Feed body in chunks of at most chunk bytes, then finish. */
static int
parse_chunked(struct zrx_recparse *p, const char *body, size_t len,
    size_t chunk)
{
	size_t off, n;
	char *copy;
	int rc;

	for (off = 0; off < len; off += n) {
		n = len - off < chunk ? len - off : chunk;
		copy = zrx_xmalloc(n);
		memcpy(copy, body + off, n);
		rc = zrx_recparse_feed(p, copy, n);
		free(copy);
		if (rc != 0)
			return -1;
	}
	return zrx_recparse_finish(p);
}

/* Parse a whole body with a fresh parser into s; the parser's result. */
static int
parse_into(enum zrx_kind kind, enum zrx_format fmt, const char *user,
    const char *body, size_t len, size_t chunk, struct sink *s,
    struct zrx_recparse **pp)
{
	struct zrx_recparse *p;
	int rc;

	zrx_recfmt_free(s->fmt);
	s->fmt = zrx_recfmt_new(kind, fmt, user, strlen(user));
	p = zrx_recparse_new(kind, sink_cb, s);
	assert_non_null(p);
	rc = parse_chunked(p, body, len, chunk);
	if (pp != NULL)
		*pp = p;
	else
		zrx_recparse_free(p);
	return rc;
}

static int
try_open(const char *path, struct zrx_buf *b)
{
	FILE *f = fopen(path, "rb");
	char tmp[4096];
	size_t n;

	if (f == NULL)
		return -1;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		zrx_buf_append(b, tmp, n);
	assert_int_equal(ferror(f), 0);
	assert_int_equal(fclose(f), 0);
	return 0;
}

/* Read tests/data/NAME: from $top_srcdir, beside the binary, or cwd. */
static void
load(const char *name, struct zrx_buf *b)
{
	const char *top = getenv("top_srcdir"), *slash;
	char *path;
	int rc = -1;

	zrx_buf_init(b);
	if (top != NULL) {
		path = zrx_xasprintf("%s/tests/data/%s", top, name);
		rc = try_open(path, b);
		free(path);
	}
	slash = strrchr(argv0, '/');
	if (rc != 0 && slash != NULL) {
		path = zrx_xasprintf("%.*s/data/%s", (int)(slash - argv0),
		    argv0, name);
		rc = try_open(path, b);
		free(path);
	}
	if (rc != 0) {
		path = zrx_xasprintf("tests/data/%s", name);
		rc = try_open(path, b);
		free(path);
	}
	if (rc != 0) {
		path = zrx_xasprintf("data/%s", name);
		rc = try_open(path, b);
		free(path);
	}
	if (rc != 0)
		fail_msg("cannot find test data %s (set top_srcdir)", name);
	zrx_buf_putc(b, '\0'); /* keep data non-NULL ... */
	b->len--;              /* ... without counting the terminator */
}

static void
assert_bytes(const struct zrx_buf *got, const char *want, size_t want_len)
{
	size_t i;

	if (got->len == want_len &&
	    (want_len == 0 || memcmp(got->data, want, want_len) == 0))
		return;
	for (i = 0; i < got->len && i < want_len; i++) {
		if (got->data[i] != want[i])
			break;
	}
	fail_msg("output differs at byte %zu (got %zu bytes, want %zu):\n"
	    "got:  %.*s\nwant: %.*s", i, got->len, want_len,
	    (int)(got->len - i < 80 ? got->len - i : 80), got->data + i,
	    (int)(want_len - i < 80 ? want_len - i : 80), want + i);
}

static const char hostile_log[] =
	"/ab+cd==|2024-01-05T10:00:00Z|-|-|3\n"
	"a//b+c=|2024-01-06T00:00:00+02:00|-|-|0\n"
	"EMPTY==|-|-|-|0\n"
	"late/uuid+=|2024-01-07T00:00:00Z|-|-|2\n"
	"-|-|-|-|0\n";

static void
check_hostile(enum zrx_format fmt, const char *expected_file)
{
	struct zrx_buf body, want;
	struct zrx_recparse *p;
	struct sink s;
	size_t chunk;

	load("recparse-hostile.json", &body);
	load(expected_file, &want);
	for (chunk = 0; chunk <= 31; chunk++) {
		sink_init(&s);
		if (fmt == ZRX_FORMAT_CSV)
			zrx_buf_puts(&s.out,
			    zrx_csv_header(ZRX_KIND_MEETINGS));
		/* chunk 0 stands for the whole body in one call */
		assert_int_equal(parse_into(ZRX_KIND_MEETINGS, fmt, USER,
		    body.data, body.len, chunk ? chunk : body.len, &s, &p), 0);
		assert_bytes(&s.out, want.data, want.len);
		assert_string_equal(s.log.data, hostile_log);
		assert_int_equal(s.n, 5);
		assert_int_equal(zrx_recparse_items(p), 5);
		assert_non_null(zrx_recparse_next_page_token(p));
		assert_string_equal(zrx_recparse_next_page_token(p),
		    "tok/en+=");
		zrx_recparse_free(p);
		sink_free(&s);
	}
	zrx_buf_free(&body);
	zrx_buf_free(&want);
}

static void
test_hostile_ndjson(void **state)
{
	(void)state;
	check_hostile(ZRX_FORMAT_NDJSON, "recparse-hostile.ndjson");
}

static void
test_hostile_csv(void **state)
{
	(void)state;
	check_hostile(ZRX_FORMAT_CSV, "recparse-hostile.csv");
}

/* Every strict prefix of the body that stops before the root's closing
 * brace is a truncated body: finish (or feed) must fail. */
static void
test_truncated(void **state)
{
	struct zrx_buf body;
	struct zrx_recparse *p;
	struct sink s;
	size_t cut, end;
	const char *err;

	(void)state;
	load("recparse-hostile.json", &body);
	end = body.len;
	while (end > 0 && body.data[end - 1] != '}')
		end--;
	assert_true(end > 0);
	for (cut = 0; cut < end; cut++) {
		sink_init(&s);
		assert_int_equal(parse_into(ZRX_KIND_MEETINGS,
		    ZRX_FORMAT_NDJSON, USER, body.data, cut,
		    cut > 0 ? cut : 1, &s, &p), -1);
		err = zrx_recparse_error(p);
		assert_true(strlen(err) > 0);
		assert_null(strchr(err, '\n'));
		assert_true(s.n <= 5);
		zrx_recparse_free(p);
		sink_free(&s);
	}
	zrx_buf_free(&body);
}

static void
expect_failure(enum zrx_kind kind, const char *body, const char *errpart)
{
	struct zrx_recparse *p;
	struct sink s;
	size_t chunk;
	const char *err;

	for (chunk = 1; chunk <= strlen(body) + 1; chunk += 3) {
		sink_init(&s);
		if (parse_into(kind, ZRX_FORMAT_NDJSON, USER, body,
		    strlen(body), chunk, &s, &p) == 0)
			fail_msg("accepted: %s", body);
		err = zrx_recparse_error(p);
		assert_true(strlen(err) > 0);
		assert_null(strchr(err, '\n'));
		if (errpart != NULL && strstr(err, errpart) == NULL)
			fail_msg("error \"%s\" lacks \"%s\" for %s", err,
			    errpart, body);
		/* Once failed, it stays failed. */
		assert_int_equal(zrx_recparse_feed(p, "{", 1), -1);
		assert_int_equal(zrx_recparse_finish(p), -1);
		zrx_recparse_free(p);
		sink_free(&s);
	}
}

static void
test_invalid_json(void **state)
{
	(void)state;
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":[{\"a\":1,}]}", NULL);
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":[{\"a\":tru}]}", NULL);
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":[{\"a\" 1}]}", NULL);
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":[{\"a\":01}]}", NULL);
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":[{\"a\":\"\x01\"}]}",
	    NULL);
	/* not UTF-8 */
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":[{\"a\":\"\xff\"}]}",
	    NULL);
	/* no comments */
	expect_failure(ZRX_KIND_MEETINGS, "{/* c */\"meetings\":[]}", NULL);
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":[]} // c", NULL);
	/* one value only, nothing after it */
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":[]} {}", NULL);
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":[]}x", NULL);
	expect_failure(ZRX_KIND_MEETINGS, "", NULL);
	expect_failure(ZRX_KIND_MEETINGS, "   ", NULL);
}

static void
test_shape_errors(void **state)
{
	(void)state;
	expect_failure(ZRX_KIND_MEETINGS, "[{\"meetings\":[]}]",
	    "not a JSON object");
	expect_failure(ZRX_KIND_MEETINGS, "\"meetings\"", "not a JSON object");
	expect_failure(ZRX_KIND_MEETINGS, "42", "not a JSON object");
	expect_failure(ZRX_KIND_MEETINGS, "null", "not a JSON object");
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":{}}", "meetings");
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":\"x\"}", "meetings");
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":7}", "meetings");
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":true}", "meetings");
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":[1]}", "meetings");
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":[{},null]}",
	    "meetings");
	expect_failure(ZRX_KIND_MEETINGS, "{\"meetings\":[[]]}", "meetings");
	expect_failure(ZRX_KIND_USERS, "{\"users\":{\"id\":\"x\"}}", "users");
	expect_failure(ZRX_KIND_MEETINGS,
	    "{\"meetings\":[],\"next_page_token\":5}", "next_page_token");
	expect_failure(ZRX_KIND_MEETINGS,
	    "{\"meetings\":[],\"next_page_token\":{}}", "next_page_token");
}

/* Parse body whole; check item count and next_page_token. */
static void
expect_page(const char *body, size_t items, const char *npt,
    long long total)
{
	struct zrx_recparse *p;
	struct sink s;

	sink_init(&s);
	assert_int_equal(parse_into(ZRX_KIND_MEETINGS, ZRX_FORMAT_NDJSON,
	    USER, body, strlen(body), strlen(body) + 1, &s, &p), 0);
	assert_int_equal(s.n, items);
	assert_int_equal(zrx_recparse_items(p), items);
	if (npt == NULL) {
		assert_null(zrx_recparse_next_page_token(p));
	} else {
		assert_non_null(zrx_recparse_next_page_token(p));
		assert_string_equal(zrx_recparse_next_page_token(p), npt);
	}
	(void)total; /* total_records is not read: zrx pages by token */
	zrx_recparse_free(p);
	sink_free(&s);
}

static void
test_pages(void **state)
{
	(void)state;
	/* the last page */
	expect_page("{\"page_size\":300,\"meetings\":[],\"next_page_token\":\"\","
	    "\"total_records\":0}", 0, "", 0);
	expect_page("{\"next_page_token\":null,\"meetings\":[]}", 0, NULL, -1);
	expect_page("{\"meetings\":[]}", 0, NULL, -1);
	expect_page("{}", 0, NULL, -1);
	expect_page("{\"meetings\":null,\"next_page_token\":\"abc\"}", 0,
	    "abc", -1);
	expect_page("{\"from\":\"2024-01-01\",\"meetings\":[{},{}],"
	    "\"next_page_token\":\"a\\/b\\u002b\"}", 2, "a/b+", -1);
	/* the last token wins; null clears it */
	expect_page("{\"next_page_token\":\"x\",\"meetings\":[],"
	    "\"next_page_token\":null}", 0, NULL, -1);
	expect_page("{\"meetings\":[],\"total_records\":12345678901}", 0,
	    NULL, 12345678901LL);
	expect_page("{\"meetings\":[],\"total_records\":\"5\"}", 0, NULL, -1);
	expect_page("{\"meetings\":[],\"total_records\":1.5}", 0, NULL, -1);
	expect_page("{\"meetings\":[],\"total_records\":{\"a\":1}}", 0, NULL,
	    -1);
	/* "meetings" and the token nested under other keys are ignored */
	expect_page("{\"x\":{\"meetings\":[{}],\"next_page_token\":\"n\"},"
	    "\"meetings\":[{}],\"y\":[{\"meetings\":1}]}", 1, NULL, -1);
	/* a users list in a recordings response is not the list */
	expect_page("{\"users\":[{\"id\":\"u\"}]}", 0, NULL, -1);
}

static void
test_callback_abort(void **state)
{
	struct zrx_buf body;
	struct zrx_recparse *p;
	struct sink s;

	(void)state;
	load("recparse-hostile.json", &body);
	sink_init(&s);
	s.abort_at = 2;
	s.fmt = zrx_recfmt_new(ZRX_KIND_MEETINGS, ZRX_FORMAT_NDJSON, USER, strlen(USER));
	p = zrx_recparse_new(ZRX_KIND_MEETINGS, sink_cb, &s);
	assert_int_equal(zrx_recparse_feed(p, body.data, body.len), -1);
	assert_non_null(strstr(zrx_recparse_error(p), "callback"));
	assert_int_equal(s.n, 2);
	assert_int_equal(zrx_recparse_items(p), 2);
	assert_int_equal(zrx_recparse_feed(p, "", 0), -1);
	assert_int_equal(zrx_recparse_finish(p), -1);
	assert_int_equal(s.n, 2);
	zrx_recparse_free(p);
	sink_free(&s);
	zrx_buf_free(&body);
}

static const char users_body[] =
	"{\"page_count\":1,\"page_number\":1,\"page_size\":300,"
	"\"total_records\":3,\"next_page_token\":\"\",\n\"users\": [\n"
	" {\"id\":\"u1\",\"first_name\":\"Ann\",\"last_name\":\"O\\\"Neil\","
	"\"display_name\":\"Ann, O\",\"email\":\"ann+x@example.com\",\"type\":1,"
	"\"pmi\":9007199254740993,\"timezone\":\"Europe/Paris\",\"verified\":1,"
	"\"dept\":\"\",\"created_at\":\"2020-01-01T00:00:00Z\","
	"\"last_login_time\":\"2024-01-01T00:00:00Z\",\"status\":\"active\","
	"\"role_id\":\"0\",\"group_ids\":[\"g1\",\"g2\"],"
	"\"custom_attributes\":{\"k\":null}},\n"
	" {\"email\":\"pending@example.com\",\"status\":\"pending\",\"type\":1},\n"
	" {\"id\":\"u3\",\"email\":\"c@example.com\",\"status\":\"inactive\","
	"\"type\":\"2\",\"user_created_at\":\"2019-05-05T05:05:05Z\","
	"\"recording_files\":[{\"id\":\"f\"}]}\n"
	"], \"meetings\": [{\"uuid\":\"m\"}]}";

static const char users_ndjson[] =
	"{\"id\":\"u1\",\"first_name\":\"Ann\",\"last_name\":\"O\\\"Neil\","
	"\"display_name\":\"Ann, O\",\"email\":\"ann+x@example.com\",\"type\":1,"
	"\"pmi\":9007199254740993,\"timezone\":\"Europe/Paris\",\"verified\":1,"
	"\"dept\":\"\",\"created_at\":\"2020-01-01T00:00:00Z\","
	"\"last_login_time\":\"2024-01-01T00:00:00Z\",\"status\":\"active\","
	"\"role_id\":\"0\",\"group_ids\":[\"g1\",\"g2\"],"
	"\"custom_attributes\":{\"k\":null}}\n"
	"{\"email\":\"pending@example.com\",\"status\":\"pending\",\"type\":1}\n"
	"{\"id\":\"u3\",\"email\":\"c@example.com\",\"status\":\"inactive\","
	"\"type\":\"2\",\"user_created_at\":\"2019-05-05T05:05:05Z\","
	"\"recording_files\":[{\"id\":\"f\"}]}\n";

static const char users_csv[] =
	"id,email,first_name,last_name,display_name,type,status,role_id,dept,"
	"timezone,created_at,user_created_at,last_login_time\n"
	"u1,ann+x@example.com,Ann,\"O\"\"Neil\",\"Ann, O\",1,active,0,,"
	"Europe/Paris,2020-01-01T00:00:00Z,,2024-01-01T00:00:00Z\n"
	",pending@example.com,,,,1,pending,,,,,,\n"
	"u3,c@example.com,,,,2,inactive,,,,,2019-05-05T05:05:05Z,\n";

static const char users_log[] =
	"u1|-|ann+x@example.com|active|0\n"
	"-|-|pending@example.com|pending|0\n"
	"u3|-|c@example.com|inactive|0\n";

static void
test_users(void **state)
{
	struct zrx_recparse *p;
	struct sink s;
	size_t chunk;
	int csv;

	(void)state;
	for (csv = 0; csv <= 1; csv++) {
		for (chunk = 1; chunk <= 31; chunk++) {
			sink_init(&s);
			if (csv)
				zrx_buf_puts(&s.out,
				    zrx_csv_header(ZRX_KIND_USERS));
			assert_int_equal(parse_into(ZRX_KIND_USERS,
			    csv ? ZRX_FORMAT_CSV : ZRX_FORMAT_NDJSON, "ignored",
			    users_body, sizeof(users_body) - 1, chunk, &s, &p),
			    0);
			if (csv)
				assert_bytes(&s.out, users_csv,
				    sizeof(users_csv) - 1);
			else
				assert_bytes(&s.out, users_ndjson,
				    sizeof(users_ndjson) - 1);
			assert_string_equal(s.log.data, users_log);
			assert_string_equal(zrx_recparse_next_page_token(p),
			    "");
			zrx_recparse_free(p);
			sink_free(&s);
		}
	}
}

/* The "_user" value is escaped in NDJSON and quoted in CSV; keys with NUL
 * are kept and match no column. */
static void
test_user_and_nul_keys(void **state)
{
	static const char body[] =
	    "{\"meetings\":[{\"uuid\\u0000\":\"x\",\"topic\":\"t\\u0000\","
	    "\"uuid\":\"u\\u0000v\"}]}";
	static const char nd[] =
	    "{\"uuid\\u0000\":\"x\",\"topic\":\"t\\u0000\","
	    "\"uuid\":\"u\\u0000v\",\"_user\":\"a\\\"b\\\\,c\\n\"}\n";
	static const char csv[] =
	    "\"a\"\"b\\,c\n\",u\0v,,,,t\0,,,,,,,,,,,,,,,,,\n";
	struct zrx_recparse *p;
	struct sink s;

	(void)state;
	sink_init(&s);
	assert_int_equal(parse_into(ZRX_KIND_MEETINGS, ZRX_FORMAT_NDJSON,
	    "a\"b\\,c\n", body, sizeof(body) - 1, 5, &s, &p), 0);
	assert_bytes(&s.out, nd, sizeof(nd) - 1);
	assert_int_equal(s.log.len, 12);
	assert_memory_equal(s.log.data, "u\0v|-|-|-|0\n", 12);
	zrx_recparse_free(p);
	sink_free(&s);

	sink_init(&s);
	assert_int_equal(parse_into(ZRX_KIND_MEETINGS, ZRX_FORMAT_CSV,
	    "a\"b\\,c\n", body, sizeof(body) - 1, 3, &s, NULL), 0);
	assert_bytes(&s.out, csv, sizeof(csv) - 1);
	sink_free(&s);
}

/* A body with depth levels of arrays inside one meeting (the root, the list
 * and the meeting are three more levels). */
static char *
deep_body(size_t depth, size_t *len)
{
	struct zrx_buf b;
	size_t i;

	zrx_buf_init(&b);
	zrx_buf_puts(&b, "{\"meetings\":[{\"uuid\":\"d\",\"x\":");
	for (i = 0; i < depth; i++)
		zrx_buf_putc(&b, '[');
	for (i = 0; i < depth; i++)
		zrx_buf_putc(&b, ']');
	zrx_buf_puts(&b, "}]}");
	*len = b.len;
	return b.data;
}

static void
test_depth(void **state)
{
	struct zrx_recparse *p;
	struct zrx_buf b;
	struct sink s;
	size_t len, i;
	char *body;

	(void)state;
	/* 3 + 61 = 64 levels: fine */
	body = deep_body(61, &len);
	sink_init(&s);
	assert_int_equal(parse_into(ZRX_KIND_MEETINGS, ZRX_FORMAT_NDJSON,
	    USER, body, len, 7, &s, NULL), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.out.len, len - strlen("{\"meetings\":[]}") +
	    strlen(",\"_user\":\"" USER "\"") + 1);
	sink_free(&s);
	free(body);

	/* 65 levels: an error, not a crash */
	body = deep_body(62, &len);
	expect_failure(ZRX_KIND_MEETINGS, body, "deep");
	free(body);

	/* under a skipped top-level key too, and very deep */
	zrx_buf_init(&b);
	zrx_buf_puts(&b, "{\"other\":");
	for (i = 0; i < 50000; i++)
		zrx_buf_puts(&b, "[{\"k\":");
	sink_init(&s);
	assert_int_equal(parse_into(ZRX_KIND_MEETINGS, ZRX_FORMAT_NDJSON,
	    USER, b.data, b.len, 4096, &s, &p), -1);
	assert_non_null(strstr(zrx_recparse_error(p), "deep"));
	zrx_recparse_free(p);
	sink_free(&s);
	zrx_buf_free(&b);
}

static void
test_feed_after_finish(void **state)
{
	struct zrx_recparse *p;
	struct sink s;

	(void)state;
	sink_init(&s);
	assert_int_equal(parse_into(ZRX_KIND_MEETINGS, ZRX_FORMAT_NDJSON,
	    USER, "{\"meetings\":[{}]}", 17, 17, &s, &p), 0);
	assert_int_equal(zrx_recparse_feed(p, "{", 1), -1);
	assert_int_equal(zrx_recparse_finish(p), -1);
	zrx_recparse_free(p);
	zrx_recparse_free(NULL);
	sink_free(&s);
}

static void
test_headers(void **state)
{
	(void)state;
	assert_string_equal(zrx_csv_header(ZRX_KIND_MEETINGS),
	    "user,meeting_uuid,meeting_id,account_id,host_id,topic,type,"
	    "start_time,timezone,duration,total_size,recording_count,file_id,"
	    "file_type,file_extension,file_size,recording_type,"
	    "recording_start,recording_end,status,deleted_time,play_url,"
	    "download_url\n");
	assert_string_equal(zrx_csv_header(ZRX_KIND_USERS),
	    "id,email,first_name,last_name,display_name,type,status,role_id,"
	    "dept,timezone,created_at,user_created_at,last_login_time\n");
}

/* A hostile body: one meeting whose topic never ends.  The parser gives up
 * past 16 MiB instead of buffering without bound; the meetings before it
 * were delivered. */
static void
test_huge_element(void **state)
{
	static const char head[] = "{\"meetings\":[{\"uuid\":\"a\"},{\"uuid\":\"b\",\"topic\":\"";
	struct zrx_recparse *p;
	struct sink s;
	char *chunk;
	size_t fed = 0;
	int rc = 0;

	(void)state;
	sink_init(&s);
	s.fmt = zrx_recfmt_new(ZRX_KIND_MEETINGS, ZRX_FORMAT_NDJSON, USER, strlen(USER));
	p = zrx_recparse_new(ZRX_KIND_MEETINGS, sink_cb, &s);
	assert_int_equal(zrx_recparse_feed(p, head, strlen(head)), 0);
	chunk = zrx_xmalloc(1 << 18);
	memset(chunk, 'x', 1 << 18);
	while (rc == 0 && fed < (100u << 20)) {
		rc = zrx_recparse_feed(p, chunk, 1 << 18);
		fed += 1 << 18;
	}
	assert_int_equal(rc, -1);
	assert_true(fed > (16u << 20) && fed <= (16u << 20) + (2u << 18));
	assert_non_null(strstr(zrx_recparse_error(p), "16 MiB"));
	assert_int_equal(s.n, 1);
	free(chunk);
	zrx_recparse_free(p);
	sink_free(&s);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_hostile_ndjson),
		cmocka_unit_test(test_hostile_csv),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_invalid_json),
		cmocka_unit_test(test_shape_errors),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_callback_abort),
		cmocka_unit_test(test_users),
		cmocka_unit_test(test_user_and_nul_keys),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_feed_after_finish),
		cmocka_unit_test(test_huge_element),
	};

	if (argc > 0 && argv[0] != NULL)
		argv0 = argv[0];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
