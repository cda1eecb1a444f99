/* test_hash.c - the SHA-256 wrapper (libcrypto) against the FIPS 180-4 example vectors. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "hash.h"

static void
digest_hex(const void *p, size_t n, char hex[65])
{
	struct zrx_sha256 s;
	unsigned char d[32];

	zrx_sha256_init(&s);
	zrx_sha256_update(&s, p, n);
	zrx_sha256_final(&s, d);
	zrx_sha256_hex(d, hex);
}

/* The same message fed in pieces of `chunk` bytes. */
static void
digest_hex_chunked(const void *p, size_t n, size_t chunk, char hex[65])
{
	const unsigned char *in = p;
	struct zrx_sha256 s;
	unsigned char d[32];
	size_t off;

	zrx_sha256_init(&s);
	for (off = 0; off < n; off += chunk)
		zrx_sha256_update(&s, in + off, n - off < chunk ? n - off : chunk);
	zrx_sha256_final(&s, d);
	zrx_sha256_hex(d, hex);
}

static void
test_empty(void **state)
{
	char hex[65];

	(void)state;
	digest_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void
test_abc(void **state)
{
	char hex[65];

	(void)state;
	digest_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void
test_448_bits(void **state)
{
	static const char m[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char hex[65];

	(void)state;
	assert_int_equal(strlen(m) * 8, 448);
	digest_hex(m, strlen(m), hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_896_bits(void **state)
{
	static const char m[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	char hex[65];

	(void)state;
	digest_hex(m, strlen(m), hex);
	assert_string_equal(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void
test_million_a(void **state)
{
	static const char want[] = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	char *m = malloc(1000000), hex[65];
	struct zrx_sha256 s;
	unsigned char d[32];
	int i;

	(void)state;
	assert_non_null(m);
	memset(m, 'a', 1000000);
	digest_hex(m, 1000000, hex);
	assert_string_equal(hex, want);
	/* 1000 updates of 1000 bytes: never block aligned */
	zrx_sha256_init(&s);
	for (i = 0; i < 1000; i++)
		zrx_sha256_update(&s, m, 1000);
	zrx_sha256_final(&s, d);
	zrx_sha256_hex(d, hex);
	assert_string_equal(hex, want);
	free(m);
}

/* Lengths around the padding boundaries (55/56 bytes, one and two blocks). */
static void
test_padding_boundaries(void **state)
{
	static const struct {
		size_t n;
		const char *hex;
	} v[] = {
		{ 55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b" },
		{ 56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27" },
		{ 57, "35df609437dcfea3279283ab79fd554e2bf78f8f7ae2de532d8ee300b09e8f73" },
		{ 63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055" },
		{ 64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241" },
		{ 65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e" },
		{ 119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e" },
		{ 120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5" },
		{ 127, "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07" },
		{ 128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6" },
		{ 129, "307f8fc2c1622b92762e818d39a185d4d667ad49a4b07ceae1f4afa008a93ec4" },
	};
	unsigned char m[129];
	char hex[65];
	size_t i, chunk;

	(void)state;
	for (i = 0; i < sizeof(m); i++)
		m[i] = (unsigned char)(i * 7 + 3);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		digest_hex(m, v[i].n, hex);
		assert_string_equal(hex, v[i].hex);
		for (chunk = 1; chunk <= 70; chunk++) {
			digest_hex_chunked(m, v[i].n, chunk, hex);
			assert_string_equal(hex, v[i].hex);
		}
	}
}

/* Byte-at-a-time updates agree with one whole update for every length. */
static void
test_byte_at_a_time(void **state)
{
	unsigned char m[300];
	char whole[65], bytes[65];
	size_t n;

	(void)state;
	for (n = 0; n < sizeof(m); n++)
		m[n] = (unsigned char)(n * 31 + 11);
	for (n = 0; n <= sizeof(m); n++) {
		digest_hex(m, n, whole);
		digest_hex_chunked(m, n, 1, bytes);
		assert_string_equal(whole, bytes);
	}
	/* and different lengths give different digests */
	digest_hex(m, 64, whole);
	digest_hex(m, 65, bytes);
	assert_string_not_equal(whole, bytes);
}

static void
test_file(void **state)
{
	const char *dir = getenv("TMPDIR");
	char path[4096], hex[65];
	int fd;
	size_t i;

	(void)state;
	snprintf(path, sizeof(path), "%s/zrx-sha256-XXXXXX", dir != NULL && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	/* 200000 bytes of 'a' in 5 writes: larger than one read buffer */
	{
		char buf[40000];

		memset(buf, 'a', sizeof(buf));
		for (i = 0; i < 5; i++)
			assert_int_equal(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	}
	assert_int_equal(close(fd), 0);
	assert_int_equal(zrx_sha256_file(path, hex), 0);
	{
		char *m = malloc(200000), want[65];

		assert_non_null(m);
		memset(m, 'a', 200000);
		digest_hex(m, 200000, want);
		free(m);
		assert_string_equal(hex, want);
	}
	assert_int_equal(unlink(path), 0);
	assert_int_equal(zrx_sha256_file(path, hex), -ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_abc),
		cmocka_unit_test(test_448_bits),
		cmocka_unit_test(test_896_bits),
		cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_padding_boundaries),
		cmocka_unit_test(test_byte_at_a_time),
		cmocka_unit_test(test_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
