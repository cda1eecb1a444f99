# tests/unit-parse.mk - JSON writer, CSV fields, the streaming list parser.

check_PROGRAMS += tests/test_jsonw tests/test_csv tests/test_recparse

tests_test_jsonw_SOURCES = tests/test_jsonw.c
tests_test_jsonw_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_jsonw_LDADD = libzrxcore.la $(CMOCKA_LIBS) $(YAJL_LIBS)

tests_test_csv_SOURCES = tests/test_csv.c
tests_test_csv_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_csv_LDADD = libzrxcore.la $(CMOCKA_LIBS)

tests_test_recparse_SOURCES = tests/test_recparse.c
tests_test_recparse_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_recparse_LDADD = libzrxcore.la $(CMOCKA_LIBS)

TESTS += tests/test_jsonw tests/test_csv tests/test_recparse

EXTRA_DIST += \
	tests/data/recparse-hostile.json \
	tests/data/recparse-hostile.ndjson \
	tests/data/recparse-hostile.csv
