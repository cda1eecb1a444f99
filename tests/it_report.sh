#!/bin/sh
# What the operator sees: JSON logs, --quiet, the live progress line, -v
# request lines, help and version, suggestions for a mistyped option, and
# man pages that render cleanly.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 12

DATA="--seed 3 --users 12 --start 2024-01-01 --end 2024-02-29"
use_s2s
start_sim $DATA

zrx_export --all-users --from 2024-01-01 --to 2024-02-29 --log-format json -o "$T/j.ndjson.gz"
expect_rc 0 "export with JSON logs"
check "every log line is a JSON object with time, level and message; a summary event" \
	$PY - "$T/zrx.err" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert lines, "no log lines"
events = []
for l in lines:
    o = json.loads(l)
    assert {"time", "level", "message"} <= set(o), o
    events.append(o.get("event"))
assert "summary" in events, events
PY
check "no secret in the logs" sh -c "! grep -q sim-client-secret '$T/zrx.err'"

zrx_export --all-users --from 2024-01-01 --to 2024-02-29 --quiet -o "$T/q.ndjson.gz"
expect_rc 0 "export with --quiet"
check "--quiet prints nothing when all is well" test ! -s "$T/zrx.err"

RC=0
"$ZRX" export --base-url "$BASE" --oauth-url "$OAUTH" --all-users --from 2024-01-01 \
	--to 2024-02-29 --progress always --rate 20 -o "$T/p.ndjson.gz" 2>"$T/zrx.err" || RC=$?
check "--progress always draws the live line (users, meetings, req/s, 429s)" \
	sh -c "grep -q 'users [0-9]*/' '$T/zrx.err' && grep -q 'req/s' '$T/zrx.err' && grep -q '429s' '$T/zrx.err' && tr '\r' '\n' <'$T/zrx.err' | grep -q '^.\[Kusers'"

before=$(sim_stats api_requests)
zrx_export --all-users --from 2024-01-01 --to 2024-02-29 -v -o "$T/v.ndjson.gz"
after=$(sim_stats api_requests)
check "-v logs each request ($((after - before)) requests)" \
	test "$(grep -c 'GET http' "$T/zrx.err")" = "$((after - before))"

check "--version names the program and version" sh -c "'$ZRX' --version | grep -q '^zrx [0-9]'"
check "export --help lists every option of the contract" sh -c "
	'$ZRX' export --help >'$T/help.txt' &&
	for o in --user --users --all-users --user-status --from --to --trash --trash-type --mc \
		--meeting-id --page-size --output --format --gzip --no-gzip --split-bytes --manifest \
		--errors --state --force --restart --base-url --oauth-url --rate --burst --concurrency \
		--timeout --connect-timeout --retries --cacert --token-file --quiet --progress --log-format; do
		grep -q -- \"\$o\" '$T/help.txt' || { echo \"missing \$o\"; exit 1; }
	done"
RC=0
"$ZRX" export --concurency 4 2>"$T/zrx.err" || RC=$?
check "a mistyped option exits 2 and suggests the real one" \
	sh -c "test $RC = 2 && grep -q \"did you mean '--concurrency'\" '$T/zrx.err'"
check "zrx-sim --help describes the faults" sh -c "'$SIM' --help | grep -q -- --p-5xx"
if command -v groff >/dev/null 2>&1; then
	check "the man pages render without warnings" sh -c "
		for m in '$top_srcdir/doc/zrx.1' '$top_srcdir/sim/zrx-sim.1'; do
			out=\$(groff -man -ww -z \"\$m\" 2>&1) || exit 1
			[ -z \"\$out\" ] || { echo \"\$m: \$out\"; exit 1; }
		done"
else
	ok "the man pages render without warnings # SKIP groff is not installed"
fi
finish
