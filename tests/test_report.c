/* test_report.c - the compliance report's pieces: the NDJSON and CSV
 * readers (any chunking gives the same meetings: each chunk in its own
 * exact-size allocation, so ASan catches a reader that keeps a pointer
 * into one), exact sizes, HTML escaping, number formats, the bounded
 * lists, recorded time. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report_agg.h"
#include "report_csv.h"
#include "report_fmt.h"
#include "report_ndjson.h"
#include "report_rec.h"

/* One line per meeting: the fields the report reads. */
static void
val(struct zrx_buf *b, const struct zrx_value *v)
{
	if (v->kind == ZRX_V_NONE)
		zrx_buf_puts(b, "-");
	else {
		zrx_buf_printf(b, "%d:", (int)v->kind);
		zrx_buf_append(b, v->s, v->n); /* NUL bytes included */
	}
	zrx_buf_putc(b, '|');
}

static int
digest_cb(void *ud, struct zrx_rmeet *m)
{
	struct zrx_buf *b = ud;
	size_t i;

	val(b, &m->user);
	val(b, &m->uuid);
	val(b, &m->topic);
	val(b, &m->start_time);
	val(b, &m->duration);
	if (m->has_passcode)
		val(b, &m->passcode);
	zrx_buf_printf(b, "files=%zu", m->nfiles);
	for (i = 0; i < m->nfiles; i++) {
		zrx_buf_puts(b, " [");
		val(b, &m->files[i].file_type);
		val(b, &m->files[i].file_size);
		val(b, &m->files[i].recording_start);
		val(b, &m->files[i].recording_end);
		val(b, &m->files[i].status);
		val(b, &m->files[i].deleted_time);
		zrx_buf_puts(b, "]");
	}
	zrx_buf_putc(b, '\n');
	return 0;
}

enum reader { R_NDJSON, R_CSV };

/* The digest of text fed in chunks of chunk bytes (0: whole); rc of the
 * feed/finish, error text into err. */
static int
read_all(enum reader r, const char *text, size_t len, size_t chunk, struct zrx_buf *out,
    struct zrx_buf *err)
{
	struct zrx_rnd *nd = r == R_NDJSON ? zrx_rnd_new(digest_cb, out) : NULL;
	struct zrx_rcsv *cv = r == R_CSV ? zrx_rcsv_new(digest_cb, out) : NULL;
	size_t off = 0, n;
	int rc = 0;

	if (chunk == 0)
		chunk = len ? len : 1;
	while (rc == 0 && off < len) {
		char *piece;

		n = len - off < chunk ? len - off : chunk;
		piece = malloc(n);
		assert_non_null(piece);
		memcpy(piece, text + off, n);
		rc = nd != NULL ? zrx_rnd_feed(nd, piece, n) : zrx_rcsv_feed(cv, piece, n);
		free(piece);
		off += n;
	}
	if (rc == 0)
		rc = nd != NULL ? zrx_rnd_finish(nd) : zrx_rcsv_finish(cv);
	if (rc != 0)
		zrx_buf_puts(err, nd != NULL ? zrx_rnd_error(nd) : zrx_rcsv_error(cv));
	zrx_rnd_free(nd);
	zrx_rcsv_free(cv);
	return rc;
}

static const char ndjson[] =
	"{\"uuid\":\"u/1==\",\"topic\":\"a \\\"q\\\" \\u0000 \\u00e9\",\"start_time\":"
	"\"2024-01-02T03:04:05Z\",\"duration\":45,\"x\":{\"recording_files\":[1],"
	"\"_user\":\"nested\"},\"recording_files\":[{\"file_type\":\"MP4\",\"file_size\":"
	"99999999999999999999,\"status\":\"completed\",\"extra\":[{\"file_size\":1}]},"
	"7,{\"file_size\":\"123\",\"deleted_time\":null}],\"recording_play_passcode\":\"\","
	"\"_user\":\"a@example.com\"}\n"
	"\n"
	"  {\"uuid\":\"u2\",\"recording_files\":[{\"file_size\":1}],\"recording_files\":null,"
	"\"topic\":\"first\",\"topic\":\"last\",\"duration\":\"2.5\",\"_user\":\"b\"}\r\n"
	"{\"_user\":\"c\",\"file_size\":5,\"recording_files\":{\"file_size\":2},"
	"\"start_time\":{\"a\":1}}";

static const char ndjson_want[] =
	"1:a@example.com|1:u/1==|1:a \"q\" \0 \xc3\xa9|1:2024-01-02T03:04:05Z|2:45|1:|"
	"files=2 [1:MP4|2:99999999999999999999|-|-|1:completed|-|] [-|1:123|-|-|-|-|]\n"
	"1:b|1:u2|1:last|-|1:2.5|-|files=0\n"
	"1:c|-|-|4:{}|-|-|files=0\n";

static void
test_ndjson_chunks(void **state)
{
	struct zrx_buf out, err;
	size_t chunk;

	(void)state;
	for (chunk = 0; chunk <= 31; chunk++) {
		zrx_buf_init(&out);
		zrx_buf_init(&err);
		assert_int_equal(read_all(R_NDJSON, ndjson, sizeof(ndjson) - 1, chunk, &out, &err), 0);
		if (out.len != sizeof(ndjson_want) - 1 || memcmp(out.data, ndjson_want, out.len) != 0)
			fail_msg("chunk %zu: got\n%s", chunk, out.data);
		zrx_buf_free(&out);
		zrx_buf_free(&err);
	}
}

static void
expect_ndjson_error(const char *text, const char *msg)
{
	struct zrx_buf out, err;

	zrx_buf_init(&out);
	zrx_buf_init(&err);
	assert_int_equal(read_all(R_NDJSON, text, strlen(text), 3, &out, &err), -1);
	if (strstr(err.data, msg) == NULL)
		fail_msg("'%s' does not say '%s'", err.data, msg);
	zrx_buf_free(&out);
	zrx_buf_free(&err);
}

static void
test_ndjson_errors(void **state)
{
	(void)state;
	expect_ndjson_error("{\"a\":1}\n[1]\n", "line 2: not a JSON object");
	expect_ndjson_error("{\"a\":1}\n\n{\"a\":\n", "line 4: the text ends inside a meeting");
	expect_ndjson_error("{\"a\":1}\n{\"a\" 1}\n", "line 2: ");
	expect_ndjson_error("{\"uuid\":\"x\",\"_op\":\"insert\"}\n", "line 1: a sync batch line");
	expect_ndjson_error("5\n", "line 1: not a JSON object");
}

#define HEADER "user,meeting_uuid,meeting_id,account_id,host_id,topic,type,start_time," \
	"timezone,duration,total_size,recording_count,file_id,file_type,file_extension," \
	"file_size,recording_type,recording_start,recording_end,status,deleted_time," \
	"play_url,download_url"

static const char csv[] =
	"\xef\xbb\xbf" HEADER "\r\n"
	"a@example.com,u/1==,1,acc,h,\"a \"\"q\"\"\r\nline\",2,2024-01-02T03:04:05Z,UTC,45,,2,"
	"f1,MP4,MP4,99999999999999999999,rt,,,completed,,,\r\n"
	"a@example.com,u/1==,1,acc,h,\"a \"\"q\"\"\r\nline\",2,2024-01-02T03:04:05Z,UTC,45,,2,"
	",,,123,,,,,,,\n"
	"\n"
	HEADER "\n"
	"b,u2,,,,last,,,,2.5,,,,,,,,,,,,,\n"
	"c,,,,,,,,,,,,,,,,,,,,,,\r";

static const char csv_want[] =
	"1:a@example.com|1:u/1==|1:a \"q\"\r\nline|1:2024-01-02T03:04:05Z|1:45|"
	"files=2 [1:MP4|1:99999999999999999999|-|-|1:completed|-|] [-|1:123|-|-|-|-|]\n"
	"1:b|1:u2|1:last|-|1:2.5|files=0\n"
	"1:c|-|-|-|-|files=0\n";

static void
test_csv_chunks(void **state)
{
	struct zrx_buf out, err;
	size_t chunk;

	(void)state;
	for (chunk = 0; chunk <= 31; chunk++) {
		zrx_buf_init(&out);
		zrx_buf_init(&err);
		/* the byte order mark is the input layer's: skip it here */
		assert_int_equal(read_all(R_CSV, csv + 3, sizeof(csv) - 4, chunk, &out, &err), 0);
		if (out.len != sizeof(csv_want) - 1 || memcmp(out.data, csv_want, out.len) != 0)
			fail_msg("chunk %zu: got\n%s", chunk, out.data);
		zrx_buf_free(&out);
		zrx_buf_free(&err);
	}
}

static void
expect_csv_error(const char *text, const char *msg)
{
	struct zrx_buf out, err;

	zrx_buf_init(&out);
	zrx_buf_init(&err);
	assert_int_equal(read_all(R_CSV, text, strlen(text), 2, &out, &err), -1);
	if (strstr(err.data, msg) == NULL)
		fail_msg("'%s' does not say '%s'", err.data, msg);
	zrx_buf_free(&out);
	zrx_buf_free(&err);
}

static void
test_csv_errors(void **state)
{
	(void)state;
	expect_csv_error("user,meeting_uuid\n", "line 1: not the header row");
	expect_csv_error(HEADER "\na,b\n", "line 2: 2 fields");
	expect_csv_error(HEADER "\n" "a,,,,,,,,,,,,,,,,,,,,,,,,,\n", "more than 23 fields");
	expect_csv_error(HEADER "\n\"a\"b,,,,,,,,,,,,,,,,,,,,,,\n", "line 2: a quote inside");
	expect_csv_error(HEADER "\n\"a\n\nb", "line 2: the text ends inside a quoted field");
}

static void
uint_case(enum zrx_vkind k, const char *s, int want_rc, const char *want)
{
	struct zrx_value v = { k, s, s != NULL ? strlen(s) : 0 };
	struct zrx_buf b;
	zrx_u128 x = 0;

	assert_int_equal(zrx_rval_uint(&v, &x), want_rc);
	if (want_rc != 0)
		return;
	zrx_buf_init(&b);
	zrx_u128_put(&b, x);
	assert_string_equal(b.data, want);
	zrx_buf_free(&b);
}

static void
test_sizes(void **state)
{
	(void)state;
	uint_case(ZRX_V_NUM, "0", 0, "0");
	uint_case(ZRX_V_NUM, "9007199254740993", 0, "9007199254740993");
	uint_case(ZRX_V_NUM, "18446744073709551616", 0, "18446744073709551616");
	uint_case(ZRX_V_NUM, "79228162514264337593543950335", 0,
	    "79228162514264337593543950335"); /* 2^96 - 1 */
	uint_case(ZRX_V_NUM, "79228162514264337593543950336", -1, NULL);
	uint_case(ZRX_V_STR, "123456", 0, "123456");
	uint_case(ZRX_V_STR, "", 1, NULL);
	uint_case(ZRX_V_NONE, NULL, 1, NULL);
	uint_case(ZRX_V_NUM, "-1", -1, NULL);
	uint_case(ZRX_V_NUM, "1.5", -1, NULL);
	uint_case(ZRX_V_NUM, "1e3", -1, NULL);
	uint_case(ZRX_V_STR, "12 MB", -1, NULL);
	uint_case(ZRX_V_BOOL, "true", -1, NULL);
	uint_case(ZRX_V_JSON, "{}", -1, NULL);
}

static void
esc_case(const char *in, size_t n, size_t max, const char *want)
{
	struct zrx_buf b;

	zrx_buf_init(&b);
	zrx_html_esc(&b, in, n, max);
	zrx_buf_putc(&b, '\0');
	assert_string_equal(b.data, want);
	zrx_buf_free(&b);
}

#define ESC(in, want) esc_case(in, sizeof(in) - 1, (size_t)-1, want)

static void
test_html_escape(void **state)
{
	(void)state;
	ESC("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	ESC("a & \"b\"", "a &amp; &quot;b&quot;");
	ESC("tab\tlf\ncr\r", "tab\tlf\ncr\r");
	/* NUL, other controls and DEL as their pictures */
	ESC("n\0u\x01\x1f\x7f", "n\xe2\x90\x80u\xe2\x90\x81\xe2\x90\x9f\xe2\x90\xa1");
	/* C1 controls, noncharacters, bytes that are not UTF-8: U+FFFD */
	ESC("\xc2\x85|\xef\xb7\x90|\xef\xbf\xbe|\xff|\xc0\xaf|\xe2\x82",
	    "\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd|"
	    "\xef\xbf\xbd\xef\xbf\xbd");
	/* valid text, RTL and emoji pass */
	ESC("\xe2\x80\xae\xd7\xa9 \xf0\x9f\x8d\x95", "\xe2\x80\xae\xd7\xa9 \xf0\x9f\x8d\x95");
	/* a cut counts characters, not bytes */
	esc_case("\xc3\xa9\xc3\xa9\xc3\xa9<", 7, 2, "\xc3\xa9\xc3\xa9\xe2\x80\xa6");
	esc_case("ab", 2, 2, "ab");
}

static void
fmt_case(zrx_u128 v, const char *count, const char *bytes)
{
	char t[64];

	zrx_fmt_count_s(t, sizeof(t), v);
	assert_string_equal(t, count);
	zrx_fmt_bytes_s(t, sizeof(t), v);
	assert_string_equal(t, bytes);
}

static void
test_formats(void **state)
{
	struct zrx_buf b;

	(void)state;
	fmt_case(0, "0", "0 B");
	fmt_case(999, "999", "999 B");
	fmt_case(1000, "1,000", "1.00 kB");
	fmt_case(1234567, "1,234,567", "1.23 MB");
	fmt_case(999499999, "999,499,999", "999 MB");
	fmt_case(999500000, "999,500,000", "1.00 GB");
	fmt_case((zrx_u128)100000000000000000ULL * 100000, "10,000,000,000,000,000,000,000",
	    "10.0 ZB");
	zrx_buf_init(&b);
	zrx_fmt_hours(&b, 5400000);           /* 1.5 h */
	zrx_buf_puts(&b, " ");
	zrx_fmt_hours(&b, 3600000ULL * 1234); /* 1,234.0 h */
	assert_string_equal(b.data, "1.5 1,234.0");
	zrx_buf_free(&b);
}

static void
test_list_keeps_first(void **state)
{
	struct zrx_rlist l;
	struct zrx_ritem it;
	char uuid[16];
	size_t i;

	(void)state;
	zrx_rlist_init(&l, ZRX_LIST_NOPASS);
	for (i = 0; i < 500; i++) {
		memset(&it, 0, sizeof(it));
		/* bytes 0..499 in a scrambled order; ties broken by uuid */
		it.bytes = (i * 7919) % 500;
		snprintf(uuid, sizeof(uuid), "m%03zu", i);
		it.uuid = uuid;
		it.uuid_len = strlen(uuid);
		it.topic = "t";
		it.topic_len = 1;
		zrx_rlist_offer(&l, &it);
	}
	zrx_rlist_sort(&l);
	assert_int_equal(l.total, 500);
	assert_int_equal(l.n, ZRX_RTOP);
	for (i = 0; i < l.n; i++)
		assert_true(l.items[i].bytes == 499 - i);
	zrx_rlist_free(&l);
}

static void
test_recorded_time(void **state)
{
	struct zrx_rfile f[3];
	struct zrx_rmeet m;
	struct zrx_rdata d;

	(void)state;
	memset(f, 0, sizeof(f));
	memset(&m, 0, sizeof(m));
	/* [0, 10 min] and [5, 20 min] overlap; [30, 40 min]: 30 minutes */
	f[0].recording_start = (struct zrx_value){ ZRX_V_STR, "2024-01-01T00:00:00Z", 20 };
	f[0].recording_end = (struct zrx_value){ ZRX_V_STR, "2024-01-01T00:10:00Z", 20 };
	f[1].recording_start = (struct zrx_value){ ZRX_V_STR, "2024-01-01T00:05:00Z", 20 };
	f[1].recording_end = (struct zrx_value){ ZRX_V_STR, "2024-01-01T00:20:00Z", 20 };
	f[2].recording_start = (struct zrx_value){ ZRX_V_STR, "2024-01-01T00:30:00Z", 20 };
	f[2].recording_end = (struct zrx_value){ ZRX_V_STR, "2024-01-01T00:40:00Z", 20 };
	m.files = f;
	m.nfiles = 3;
	m.counted = 1;
	m.has_passcode = 1;
	m.duration = (struct zrx_value){ ZRX_V_NUM, "999", 3 };
	zrx_ragg_init(&d, 19800, 0, NULL);
	assert_int_equal(zrx_ragg_add(&d, &m), 0);
	assert_true(d.total.rec_ms == 30 * 60000);
	/* no readable interval: the duration, in minutes */
	f[0].recording_end = (struct zrx_value){ ZRX_V_STR, "", 0 };
	m.nfiles = 1;
	assert_int_equal(zrx_ragg_add(&d, &m), 0);
	assert_true(d.total.rec_ms == 30 * 60000 + 999ULL * 60000);
	assert_int_equal(d.total.meetings, 2);
	assert_int_equal(d.nopass.meetings, 2);
	zrx_ragg_finish(&d);
	assert_int_equal(d.t_users.total, 1);
	zrx_ragg_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ndjson_chunks),
		cmocka_unit_test(test_ndjson_errors),
		cmocka_unit_test(test_csv_chunks),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_list_keeps_first),
		cmocka_unit_test(test_recorded_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
