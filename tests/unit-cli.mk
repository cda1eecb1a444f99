# tests/unit-cli.mk: the command line (src/cli/), linked with the engine's
# archive so the test can read what the handle was given.
check_PROGRAMS += tests/test_cli
tests_test_cli_SOURCES = tests/test_cli.c $(CLI_SOURCES)
tests_test_cli_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/cli
tests_test_cli_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_cli_LDADD = libzrxcore.la $(CMOCKA_LIBS)
TESTS += tests/test_cli
