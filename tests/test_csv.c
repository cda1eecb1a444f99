/* test_csv.c - RFC 4180 fields, byte for byte. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"
#include "util.h"

static void
check(const char *s, size_t n, const char *want, size_t want_len)
{
	struct zrx_buf b;

	zrx_buf_init(&b);
	zrx_csv_field(&b, s, n);
	assert_int_equal(b.len, want_len);
	if (want_len > 0)
		assert_memory_equal(b.data, want, want_len);
	zrx_buf_free(&b);
}

#define CHECK(lit, want) check(lit, sizeof(lit) - 1, want, sizeof(want) - 1)

static void
test_plain(void **state)
{
	(void)state;
	CHECK("", "");
	CHECK("abc", "abc");
	/* Spaces, slashes, '+', '=', UTF-8 need no quotes. */
	CHECK(" a b ", " a b ");
	CHECK("/ab+cd==", "/ab+cd==");
	CHECK("\xc3\xa9\xf0\x9f\x98\x80", "\xc3\xa9\xf0\x9f\x98\x80");
	/* A NUL alone does not force quotes and is copied. */
	CHECK("a\0b", "a\0b");
	CHECK("tab\there", "tab\there");
}

static void
test_quoted(void **state)
{
	(void)state;
	CHECK(",", "\",\"");
	CHECK("a,b", "\"a,b\"");
	CHECK("\"", "\"\"\"\"");
	CHECK("say \"hi\"", "\"say \"\"hi\"\"\"");
	CHECK("\"\"", "\"\"\"\"\"\"");
	CHECK("a\rb", "\"a\rb\"");
	CHECK("a\nb", "\"a\nb\"");
	CHECK("\r\n", "\"\r\n\"");
	/* NUL inside a quoted field is kept in place. */
	CHECK("x\0,\"\0y", "\"x\0,\"\"\0y\"");
	CHECK("{\"a\":[1,2]}", "\"{\"\"a\"\":[1,2]}\"");
}

static void
test_row(void **state)
{
	struct zrx_buf b;

	(void)state;
	zrx_buf_init(&b);
	zrx_csv_field(&b, "u", 1);
	zrx_buf_putc(&b, ',');
	zrx_csv_field(&b, "", 0);
	zrx_buf_putc(&b, ',');
	zrx_csv_field(&b, "x,y", 3);
	zrx_buf_putc(&b, '\n');
	assert_int_equal(b.len, 9);
	assert_memory_equal(b.data, "u,,\"x,y\"\n", 9);
	zrx_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_row),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
