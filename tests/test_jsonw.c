/* test_jsonw.c - the canonical JSON string escaping. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <yajl/yajl_tree.h>

#include "jsonw.h"
#include "util.h"

/* Escape s[0..n) and compare with want (want_len bytes). */
static void
check(const char *s, size_t n, const char *want, size_t want_len)
{
	struct zrx_buf b;

	zrx_buf_init(&b);
	zrx_json_str(&b, s, n);
	assert_int_equal(b.len, want_len);
	assert_memory_equal(b.data, want, want_len);
	zrx_buf_free(&b);
}

#define CHECK(lit, want) check(lit, sizeof(lit) - 1, want, sizeof(want) - 1)

static void
test_plain(void **state)
{
	(void)state;
	CHECK("", "\"\"");
	CHECK("abc XYZ 123", "\"abc XYZ 123\"");
	/* '/' is never escaped: uuids keep their slashes. */
	CHECK("/ab+cd==//x", "\"/ab+cd==//x\"");
}

static void
test_short_escapes(void **state)
{
	(void)state;
	CHECK("\"", "\"\\\"\"");
	CHECK("\\", "\"\\\\\"");
	CHECK("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	CHECK("a\"b\\c", "\"a\\\"b\\\\c\"");
}

static void
test_control_bytes(void **state)
{
	static const char hex[] = "0123456789abcdef";
	char in[1], want[8];
	unsigned c;

	(void)state;
	/* NUL inside a string survives as \u0000. */
	CHECK("a\0b", "\"a\\u0000b\"");
	CHECK("\x01\x0b\x1f\x7f", "\"\\u0001\\u000b\\u001f\\u007f\"");
	for (c = 0; c < 0x20; c++) {
		if (c == '\b' || c == '\f' || c == '\n' || c == '\r' ||
		    c == '\t')
			continue;
		in[0] = (char)c;
		memcpy(want, "\"\\u00", 5);
		want[5] = hex[c >> 4];
		want[6] = hex[c & 0xf];
		want[7] = '"';
		check(in, 1, want, 8);
	}
}

static void
test_utf8_as_is(void **state)
{
	(void)state;
	/* é and an emoji are copied untouched */
	CHECK("\xc3\xa9", "\"\xc3\xa9\"");
	CHECK("\xf0\x9f\x98\x80!", "\"\xf0\x9f\x98\x80!\"");
}

#define FFFD "\xef\xbf\xbd"

/* Bytes that are not UTF-8 become U+FFFD, one per byte, so what zrx writes
 * is always valid UTF-8; the count of replacements is returned. */
static void
test_utf8_repaired(void **state)
{
	struct zrx_buf b;

	(void)state;
	CHECK("\x80\xff", "\"" FFFD FFFD "\"");
	/* a lone surrogate as CESU-8 bytes, an overlong '/', U+110000 */
	CHECK("a\xed\xa0\x80" "b", "\"a" FFFD FFFD FFFD "b\"");
	CHECK("\xc0\xaf", "\"" FFFD FFFD "\"");
	CHECK("\xf4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\"");
	/* a sequence cut short by the end, or by an ASCII byte */
	CHECK("\xe6\x97", "\"" FFFD FFFD "\"");
	CHECK("\xe6\x97x", "\"" FFFD FFFD "x\"");
	/* the largest code point and the last before the surrogates pass */
	CHECK("\xf4\x8f\xbf\xbf\xed\x9f\xbf", "\"\xf4\x8f\xbf\xbf\xed\x9f\xbf\"");
	zrx_buf_init(&b);
	assert_int_equal(zrx_json_str(&b, "\xff ok \xfe", 6), 2);
	assert_int_equal(zrx_json_str(&b, "fine", 4), 0);
	zrx_buf_free(&b);
}

/* The writer places every separator. */
static void
test_writer(void **state)
{
	struct zrx_buf b;
	struct zrx_jw w;

	(void)state;
	zrx_buf_init(&b);
	zrx_jw_init(&w, &b);
	zrx_jw_obj(&w);
	zrx_jw_key(&w, "a");
	zrx_jw_u64(&w, 18446744073709551615ULL);
	zrx_jw_key(&w, "b");
	zrx_jw_arr(&w);
	zrx_jw_i64(&w, -5);
	zrx_jw_null(&w);
	zrx_jw_bool(&w, 1);
	zrx_jw_obj(&w);
	zrx_jw_obj_end(&w);
	zrx_jw_arr(&w);
	zrx_jw_arr_end(&w);
	zrx_jw_arr_end(&w);
	zrx_jw_key(&w, "c\"");
	zrx_jw_cstr(&w, NULL);
	zrx_jw_key(&w, "d");
	zrx_jw_date(&w, 19723);
	zrx_jw_key(&w, "e");
	zrx_jw_raw(&w, "{\"x\":1}", 7);
	zrx_jw_key(&w, "f");
	zrx_jw_double(&w, 2.5, 1);
	zrx_jw_obj_end(&w);
	assert_string_equal(b.data, "{\"a\":18446744073709551615,\"b\":[-5,null,true,{},[]],"
	    "\"c\\\"\":null,\"d\":\"2024-01-01\",\"e\":{\"x\":1},\"f\":2.5}");
	zrx_buf_free(&b);
}

static void
test_appends(void **state)
{
	struct zrx_buf b;

	(void)state;
	zrx_buf_init(&b);
	zrx_buf_puts(&b, "{\"k\":");
	zrx_json_str(&b, "v", 1);
	zrx_buf_putc(&b, ',');
	zrx_json_cstr(&b, NULL);
	zrx_buf_putc(&b, ',');
	zrx_json_cstr(&b, "a\"\n");
	assert_string_equal(b.data, "{\"k\":\"v\",null,\"a\\\"\\n\"");
	zrx_buf_free(&b);
}

/* Every byte 0x01..0x7f, escaped, reads back through yajl as itself. */
static void
test_round_trip_yajl(void **state)
{
	char in[127], err[128];
	const char *path[] = { "k", NULL };
	struct zrx_buf b;
	yajl_val root, v;
	int i;

	(void)state;
	for (i = 0; i < 127; i++)
		in[i] = (char)(i + 1);
	zrx_buf_init(&b);
	zrx_buf_puts(&b, "{\"k\":");
	zrx_json_str(&b, in, sizeof(in));
	zrx_buf_putc(&b, '}');
	root = yajl_tree_parse(b.data, err, sizeof(err));
	assert_non_null(root);
	v = yajl_tree_get(root, path, yajl_t_string);
	assert_non_null(v);
	assert_true(YAJL_IS_STRING(v));
	assert_int_equal(strlen(v->u.string), sizeof(in));
	assert_memory_equal(v->u.string, in, sizeof(in));
	yajl_tree_free(root);
	zrx_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_short_escapes),
		cmocka_unit_test(test_control_bytes),
		cmocka_unit_test(test_utf8_as_is),
		cmocka_unit_test(test_utf8_repaired),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_round_trip_yajl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
