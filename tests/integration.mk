# Integration tests: scripts that start zrx-sim and run zrx (TAP output).
INTEGRATION_TESTS = \
	tests/it_export.sh \
	tests/it_faults.sh \
	tests/it_resume.sh \
	tests/it_enospc.sh \
	tests/it_users.sh \
	tests/it_report.sh \
	tests/it_golden.sh
TESTS += $(INTEGRATION_TESTS)
dist_check_SCRIPTS += $(INTEGRATION_TESTS)
EXTRA_DIST += tests/data/golden.sums tests/lib.sh tests/compare.py tests/simstats.py tests/csvcheck.py

# A lying server (tests/hostile.py): a regression test for each class of
# the hardening issue.
INTEGRATION_TESTS += tests/it_hostile.sh
EXTRA_DIST += tests/hostile.py
