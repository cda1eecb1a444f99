# libzrx as a program outside the tree uses it: include/zrx.h and
# libzrx.la only (no internal header, no convenience archive).
check_PROGRAMS += tests/test_api examples/export
tests_test_api_SOURCES = tests/test_api.c
tests_test_api_CPPFLAGS = -I$(top_srcdir)/include
tests_test_api_LDADD = libzrx.la
examples_export_SOURCES = examples/export.c
examples_export_CPPFLAGS = -I$(top_srcdir)/include
examples_export_LDADD = libzrx.la
TESTS += tests/it_api.sh
dist_check_SCRIPTS += tests/it_api.sh
EXTRA_DIST += tests/readme_block.py
