# tests/unit-pure.mk - unit tests of the pure modules (windows, ratelimit,
# backoff, urlenc, sha256).

check_PROGRAMS += tests/test_windows
tests_test_windows_SOURCES = tests/test_windows.c
tests_test_windows_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_windows_LDADD = libzrx.la $(CMOCKA_LIBS)
TESTS += tests/test_windows

check_PROGRAMS += tests/test_ratelimit
tests_test_ratelimit_SOURCES = tests/test_ratelimit.c
tests_test_ratelimit_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_ratelimit_LDADD = libzrx.la $(CMOCKA_LIBS)
TESTS += tests/test_ratelimit

check_PROGRAMS += tests/test_backoff
tests_test_backoff_SOURCES = tests/test_backoff.c
tests_test_backoff_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_backoff_LDADD = libzrx.la $(CMOCKA_LIBS)
TESTS += tests/test_backoff

check_PROGRAMS += tests/test_urlenc
tests_test_urlenc_SOURCES = tests/test_urlenc.c
tests_test_urlenc_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_urlenc_LDADD = libzrx.la $(CMOCKA_LIBS)
TESTS += tests/test_urlenc

check_PROGRAMS += tests/test_sha256
tests_test_sha256_SOURCES = tests/test_sha256.c
tests_test_sha256_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_sha256_LDADD = libzrx.la $(CMOCKA_LIBS)
TESTS += tests/test_sha256
