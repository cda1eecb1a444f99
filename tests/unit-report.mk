# tests/unit-report.mk - the compliance report's readers, figures and text.

check_PROGRAMS += tests/test_report

tests_test_report_SOURCES = tests/test_report.c
tests_test_report_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_report_LDADD = libzrxcore.la $(CMOCKA_LIBS)

TESTS += tests/test_report
