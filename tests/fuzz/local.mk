# tests/fuzz/local.mk - libFuzzer targets, built by ./configure
# --enable-fuzzing (CC=clang).  `make fuzz-smoke` runs each for FUZZ_SECONDS
# (60) over its checked-in corpus, tests/fuzz/corpus/TARGET/ (make -j2 runs
# two at a time).  Besides crashes and sanitizer reports, each target checks
# properties (tests/fuzz/fuzzcheck.h): chunking invariance of the parser,
# every NDJSON line strict JSON and valid UTF-8, every CSV row with the
# header's field count, ...: see the comment at the top of each target.
FUZZ_SECONDS = 60
FUZZ_TARGETS = fuzz_recparse fuzz_ndjson fuzz_csv fuzz_dates fuzz_start_time fuzz_retry_after fuzz_journal fuzz_usersfile
EXTRA_DIST += tests/fuzz/fuzzcheck.h tests/fuzz/fuzzcheck.c tests/fuzz/run.sh \
	tests/fuzz/corpus tests/fuzz/fuzz_recparse.c tests/fuzz/fuzz_ndjson.c tests/fuzz/fuzz_csv.c tests/fuzz/fuzz_dates.c \
	tests/fuzz/fuzz_start_time.c tests/fuzz/fuzz_retry_after.c tests/fuzz/fuzz_journal.c tests/fuzz/fuzz_usersfile.c

if FUZZING
FUZZ_COMMON = tests/fuzz/fuzzcheck.c tests/fuzz/fuzzcheck.h
FUZZ_LIBS = libzrxcore.la $(YAJL_LIBS)
noinst_PROGRAMS += tests/fuzz/fuzz_recparse tests/fuzz/fuzz_ndjson tests/fuzz/fuzz_csv tests/fuzz/fuzz_dates \
	tests/fuzz/fuzz_start_time tests/fuzz/fuzz_retry_after tests/fuzz/fuzz_journal tests/fuzz/fuzz_usersfile

tests_fuzz_fuzz_recparse_SOURCES = tests/fuzz/fuzz_recparse.c $(FUZZ_COMMON)
tests_fuzz_fuzz_recparse_LDADD = $(FUZZ_LIBS)
tests_fuzz_fuzz_recparse_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer

tests_fuzz_fuzz_ndjson_SOURCES = tests/fuzz/fuzz_ndjson.c $(FUZZ_COMMON)
tests_fuzz_fuzz_ndjson_LDADD = $(FUZZ_LIBS)
tests_fuzz_fuzz_ndjson_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer

tests_fuzz_fuzz_csv_SOURCES = tests/fuzz/fuzz_csv.c $(FUZZ_COMMON)
tests_fuzz_fuzz_csv_LDADD = $(FUZZ_LIBS)
tests_fuzz_fuzz_csv_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer

tests_fuzz_fuzz_dates_SOURCES = tests/fuzz/fuzz_dates.c $(FUZZ_COMMON)
tests_fuzz_fuzz_dates_LDADD = $(FUZZ_LIBS)
tests_fuzz_fuzz_dates_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer

tests_fuzz_fuzz_start_time_SOURCES = tests/fuzz/fuzz_start_time.c $(FUZZ_COMMON)
tests_fuzz_fuzz_start_time_LDADD = $(FUZZ_LIBS)
tests_fuzz_fuzz_start_time_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer

tests_fuzz_fuzz_retry_after_SOURCES = tests/fuzz/fuzz_retry_after.c $(FUZZ_COMMON)
tests_fuzz_fuzz_retry_after_LDADD = $(FUZZ_LIBS)
tests_fuzz_fuzz_retry_after_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer

tests_fuzz_fuzz_journal_SOURCES = tests/fuzz/fuzz_journal.c $(FUZZ_COMMON)
tests_fuzz_fuzz_journal_LDADD = $(FUZZ_LIBS)
tests_fuzz_fuzz_journal_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer

tests_fuzz_fuzz_usersfile_SOURCES = tests/fuzz/fuzz_usersfile.c $(FUZZ_COMMON) $(CLI_SOURCES)
tests_fuzz_fuzz_usersfile_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/cli
tests_fuzz_fuzz_usersfile_LDADD = $(FUZZ_LIBS)
tests_fuzz_fuzz_usersfile_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer

fuzz-smoke: fuzz-smoke-recparse fuzz-smoke-ndjson fuzz-smoke-csv fuzz-smoke-dates fuzz-smoke-start_time fuzz-smoke-retry_after fuzz-smoke-journal fuzz-smoke-usersfile

fuzz-smoke-recparse: tests/fuzz/fuzz_recparse$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/run.sh $(srcdir) fuzz_recparse $(FUZZ_SECONDS)

fuzz-smoke-ndjson: tests/fuzz/fuzz_ndjson$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/run.sh $(srcdir) fuzz_ndjson $(FUZZ_SECONDS)

fuzz-smoke-csv: tests/fuzz/fuzz_csv$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/run.sh $(srcdir) fuzz_csv $(FUZZ_SECONDS)

fuzz-smoke-dates: tests/fuzz/fuzz_dates$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/run.sh $(srcdir) fuzz_dates $(FUZZ_SECONDS)

fuzz-smoke-start_time: tests/fuzz/fuzz_start_time$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/run.sh $(srcdir) fuzz_start_time $(FUZZ_SECONDS)

fuzz-smoke-retry_after: tests/fuzz/fuzz_retry_after$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/run.sh $(srcdir) fuzz_retry_after $(FUZZ_SECONDS)

fuzz-smoke-journal: tests/fuzz/fuzz_journal$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/run.sh $(srcdir) fuzz_journal $(FUZZ_SECONDS)

fuzz-smoke-usersfile: tests/fuzz/fuzz_usersfile$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/run.sh $(srcdir) fuzz_usersfile $(FUZZ_SECONDS)

clean-local: clean-fuzz
clean-fuzz:
	rm -rf fuzz-work
else
fuzz-smoke:
	@echo "make fuzz-smoke: configure with CC=clang --enable-fuzzing first" >&2; exit 1
endif
.PHONY: fuzz-smoke clean-fuzz fuzz-smoke-recparse fuzz-smoke-ndjson fuzz-smoke-csv fuzz-smoke-dates fuzz-smoke-start_time fuzz-smoke-retry_after fuzz-smoke-journal fuzz-smoke-usersfile
