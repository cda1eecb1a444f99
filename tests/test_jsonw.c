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
	/* é, an emoji, and raw high bytes are copied untouched. */
	CHECK("\xc3\xa9", "\"\xc3\xa9\"");
	CHECK("\xf0\x9f\x98\x80!", "\"\xf0\x9f\x98\x80!\"");
	CHECK("\x80\xff", "\"\x80\xff\"");
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
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_round_trip_yajl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
