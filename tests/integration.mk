# Integration tests: scripts that start zrx-sim and run zrx (TAP output).
INTEGRATION_TESTS = \
	tests/it_export.sh \
	tests/it_faults.sh \
	tests/it_resume.sh \
	tests/it_enospc.sh \
	tests/it_users.sh \
	tests/it_report.sh \
	tests/it_golden.sh \
	tests/it_sync.sh \
	tests/it_sync_crash.sh \
	tests/it_sync_undated.sh \
	tests/it_compliance.sh
TESTS += $(INTEGRATION_TESTS)
dist_check_SCRIPTS += $(INTEGRATION_TESTS)
EXTRA_DIST += tests/synccheck.py tests/data/golden.sums tests/lib.sh tests/compare.py \
	tests/simstats.py tests/csvcheck.py \
	tests/report_truth.py tests/report_page.py tests/report_hostile.py tests/report_catalog.py
# it_compliance.sh: Chromium's screenshot of a report
CLEANFILES += tests/report-screenshot.png

# A lying server (tests/hostile.py): a regression test for each class of
# the hardening issue.
INTEGRATION_TESTS += tests/it_hostile.sh
EXTRA_DIST += tests/hostile.py tests/fakezoom.py tests/simjson.py
