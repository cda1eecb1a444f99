# tests/unit-out.mk - the durable-output layer: gzout, userbuf, fsutil,
# journal, and the LD_PRELOAD shim that injects write/fsync failures.

# The shim: a libtool module built for the tests only (never installed),
# without the sanitizers so it can be preloaded into any program.  It lands
# in tests/.libs/libinject.so.
check_LTLIBRARIES += tests/libinject.la
tests_libinject_la_SOURCES = tests/inject_errors.c tests/inject_fd.h
tests_libinject_la_CFLAGS = $(WARN_CFLAGS)
tests_libinject_la_LDFLAGS = -module -avoid-version -shared -rpath /nowhere
tests_libinject_la_LIBADD = $(LIBS)

# A tiny program the shim test runs: one durable operation, its error on
# stdout.
check_PROGRAMS += tests/inject_probe
tests_inject_probe_SOURCES = tests/inject_probe.c
tests_inject_probe_LDADD = libzrxcore.la

TESTS += tests/it_inject.sh
dist_check_SCRIPTS += tests/it_inject.sh

check_PROGRAMS += tests/test_fileout tests/test_userbuf tests/test_fsutil \
	tests/test_journal

tests_test_fileout_SOURCES = tests/test_fileout.c
tests_test_fileout_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_fileout_LDADD = libzrxcore.la $(CMOCKA_LIBS) $(ZLIB_LIBS)

tests_test_userbuf_SOURCES = tests/test_userbuf.c
tests_test_userbuf_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_userbuf_LDADD = libzrxcore.la $(CMOCKA_LIBS)

tests_test_fsutil_SOURCES = tests/test_fsutil.c
tests_test_fsutil_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_fsutil_LDADD = libzrxcore.la $(CMOCKA_LIBS)

tests_test_journal_SOURCES = tests/test_journal.c
tests_test_journal_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_journal_LDADD = libzrxcore.la $(CMOCKA_LIBS)

TESTS += tests/test_fileout tests/test_userbuf tests/test_fsutil \
	tests/test_journal

# A shim that kills the process at a chosen write or rename (crash tests).
check_LTLIBRARIES += tests/libinjectkill.la
tests_libinjectkill_la_SOURCES = tests/inject_kill.c tests/inject_fd.h
tests_libinjectkill_la_CFLAGS = $(WARN_CFLAGS)
tests_libinjectkill_la_LDFLAGS = -module -avoid-version -shared -rpath /nowhere
tests_libinjectkill_la_LIBADD = $(LIBS)

# Hostile paths: symlinks, devices, FIFOs, hard links, missing directories;
# the empty gzip stream.
check_PROGRAMS += tests/test_files_hostile
tests_test_files_hostile_SOURCES = tests/test_files_hostile.c
tests_test_files_hostile_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_files_hostile_LDADD = libzrxcore.la $(CMOCKA_LIBS) $(ZLIB_LIBS)
TESTS += tests/test_files_hostile
