# tests/unit-cli.mk: the command line (src/cli.c)
if HAVE_CMOCKA
check_PROGRAMS += tests/test_cli
tests_test_cli_SOURCES = tests/test_cli.c
tests_test_cli_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_cli_LDADD = libzrx.la $(CMOCKA_LIBS)
TESTS += tests/test_cli
endif
