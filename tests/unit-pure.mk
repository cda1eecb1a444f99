# tests/unit-pure.mk - unit tests of the pure modules (windows, ratelimit,
# backoff, urlenc, sha256).

check_PROGRAMS += tests/test_dates
tests_test_dates_SOURCES = tests/test_dates.c
tests_test_dates_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_dates_LDADD = libzrxcore.la $(CMOCKA_LIBS)
TESTS += tests/test_dates

check_PROGRAMS += tests/test_ratelimit
tests_test_ratelimit_SOURCES = tests/test_ratelimit.c
tests_test_ratelimit_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_ratelimit_LDADD = libzrxcore.la $(CMOCKA_LIBS)
TESTS += tests/test_ratelimit

check_PROGRAMS += tests/test_backoff
tests_test_backoff_SOURCES = tests/test_backoff.c
tests_test_backoff_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_backoff_LDADD = libzrxcore.la $(CMOCKA_LIBS)
TESTS += tests/test_backoff

check_PROGRAMS += tests/test_urlenc
tests_test_urlenc_SOURCES = tests/test_urlenc.c
tests_test_urlenc_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_urlenc_LDADD = libzrxcore.la $(CMOCKA_LIBS)
TESTS += tests/test_urlenc

check_PROGRAMS += tests/test_hash
tests_test_hash_SOURCES = tests/test_hash.c
tests_test_hash_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_hash_LDADD = libzrxcore.la $(CMOCKA_LIBS)
TESTS += tests/test_hash

check_PROGRAMS += tests/test_verdict
tests_test_verdict_SOURCES = tests/test_verdict.c
tests_test_verdict_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_verdict_LDADD = libzrxcore.la $(CMOCKA_LIBS)
TESTS += tests/test_verdict
