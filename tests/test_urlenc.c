/* test_urlenc.c - percent-encoding and decoding. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "urlenc.h"
#include "util.h"

static void
enc(const char *s, size_t n, const char *want)
{
	struct zrx_buf b;

	zrx_buf_init(&b);
	zrx_url_encode(&b, s, n);
	assert_non_null(b.data);
	assert_int_equal(b.len, strlen(want));
	assert_string_equal(b.data, want);
	zrx_buf_free(&b);
}

static void
test_encode(void **state)
{
	(void)state;
	enc("", 0, "");
	enc("abcXYZ019-._~", 13, "abcXYZ019-._~");
	/* user ids and emails: every reserved character is escaped */
	enc("a b+c@d/e=f", 11, "a%20b%2Bc%40d%2Fe%3Df");
	enc("jane.doe+zoom@example.com", 25, "jane.doe%2Bzoom%40example.com");
	enc("?&#%:;,'\"", 9, "%3F%26%23%25%3A%3B%2C%27%22");
	/* UTF-8 and bytes above 0x7f, uppercase hex */
	enc("\xc3\xa9", 2, "%C3%A9");
	enc("\xff\x80\x7f", 3, "%FF%80%7F");
	/* embedded NUL, and n limits what is read */
	enc("a\0b", 3, "a%00b");
	enc("abc/def", 3, "abc");
	/* a Zoom meeting UUID with / and = (double-encoding is the caller's) */
	enc("/ajXp112QmuoKj4854875==", 23, "%2FajXp112QmuoKj4854875%3D%3D");
}

static void
test_encode_appends(void **state)
{
	struct zrx_buf b;

	(void)state;
	zrx_buf_init(&b);
	zrx_buf_puts(&b, "/v2/users/");
	zrx_url_encode(&b, "a@b", 3);
	zrx_buf_puts(&b, "/recordings");
	assert_string_equal(b.data, "/v2/users/a%40b/recordings");
	zrx_buf_free(&b);
}

static long
dec(char *s, int plus)
{
	return zrx_url_decode(s, strlen(s), plus);
}

static void
test_decode(void **state)
{
	char a[] = "a%20b%2Bc%40d", b[] = "%c3%A9", c[] = "a+b%2B", d[] = "a+b%2B",
	    e[] = "x%00y", f[] = "", g[] = "plain";

	(void)state;
	assert_int_equal(dec(a, 0), 7);
	assert_string_equal(a, "a b+c@d");
	assert_int_equal(dec(b, 0), 2);
	assert_string_equal(b, "\xc3\xa9");
	assert_int_equal(dec(c, 1), 4);
	assert_string_equal(c, "a b+");
	assert_int_equal(dec(d, 0), 4);
	assert_string_equal(d, "a+b+");
	assert_int_equal(dec(e, 0), 3);
	assert_memory_equal(e, "x\0y", 3);
	assert_int_equal(dec(f, 0), 0);
	assert_int_equal(dec(g, 1), 5);
	assert_string_equal(g, "plain");
}

static void
test_decode_malformed(void **state)
{
	static const char *const bad[] = { "%", "%2", "abc%4", "%zz", "%g0", "%0g", "a%%20", "% 20" };
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(buf, bad[i]);
		if (dec(buf, 0) != -1)
			fail_msg("\"%s\" was accepted", bad[i]);
	}
	/* an escape cut off by n is malformed even if the bytes follow */
	strcpy(buf, "ab%41");
	assert_int_equal(zrx_url_decode(buf, 4, 0), -1);
	strcpy(buf, "ab%41");
	assert_int_equal(zrx_url_decode(buf, 5, 0), 3);
	assert_string_equal(buf, "abA");
}

/* Every byte value survives encode then decode. */
static void
test_round_trip(void **state)
{
	char all[256];
	struct zrx_buf b;
	size_t i;

	(void)state;
	for (i = 0; i < 256; i++)
		all[i] = (char)i;
	zrx_buf_init(&b);
	zrx_url_encode(&b, all, sizeof(all));
	/* 66 unreserved bytes stay, 190 become three characters */
	assert_int_equal(b.len, 66 + 190 * 3);
	assert_null(memchr(b.data, '+', b.len));
	assert_null(memchr(b.data, ' ', b.len));
	assert_int_equal(zrx_url_decode(b.data, b.len, 1), 256);
	assert_memory_equal(b.data, all, 256);
	zrx_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_encode_appends),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_decode_malformed),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
