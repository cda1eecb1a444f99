#!/bin/sh
# A hostile server (tests/hostile.py): every class of the hardening issue,
# as a user would notice it.  No wait past 15 minutes without stopping the
# run resumably; no number from the server that breaks the token or the
# rate; memory bounded whatever the response; no endless listing; nothing
# injected into a request, a path or a terminal; valid UTF-8, JSON and gzip
# out; never a write through a link or onto a device; bad inputs refused
# before any request.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 75

# ASan keeps freed memory in a quarantine; the RSS bounds below are about
# zrx's own memory.
ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=16"
export ASAN_OPTIONS
RSS_LIMIT_KB=204800 # 200 MiB, against outputs and bodies of 256 MiB and more
FROM=2024-01-01
TO=2024-02-29

# start_hostile SCENARIO: the lying server; lib.sh stops it (SIM_PID)
start_hostile() {
	stop_sim
	rm -f "$T/hx.port"
	$PY "$top_srcdir/tests/hostile.py" "$1" >"$T/hx.port" 2>"$T/hx.err" &
	SIM_PID=$!
	i=0
	while [ ! -s "$T/hx.port" ]; do
		i=$((i + 1))
		if [ $i -gt 200 ] || ! kill -0 "$SIM_PID" 2>/dev/null; then
			echo "# hostile.py did not start:" >&2
			sed 's/^/# /' "$T/hx.err" >&2
			SIM_PID=""
			return 1
		fi
		sleep 0.05
	done
	SIM_PORT=$(head -n 1 "$T/hx.port")
	BASE="http://127.0.0.1:$SIM_PORT/v2"
	OAUTH="http://127.0.0.1:$SIM_PORT/oauth/token"
}

# hstat KEY: what the server saw (requests, token_requests, api_requests,
# injected, bad_auth)
hstat() {
	$PY -c 'import json, sys, urllib.request
d = json.load(urllib.request.urlopen("http://127.0.0.1:%s/_stats" % sys.argv[1]))
print(d[sys.argv[2]])' "$SIM_PORT" "$1"
}

# hpaths: every request line the server saw
hpaths() {
	$PY -c 'import json, sys, urllib.request
d = json.load(urllib.request.urlopen("http://127.0.0.1:%s/_stats" % sys.argv[1]))
print("\n".join(d["paths"]))' "$SIM_PORT"
}

cat >"$T/rss.py" <<'PY'
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc if rc >= 0 else 128 - rc)
PY

# hx ARGS...: zrx export against the hostile server, at most 90 s; sets RC,
# $T/rss (peak RSS, KiB), $T/zrx.err
hx() {
	RC=0
	timeout 90 $PY "$T/rss.py" "$T/rss" "$ZRX" export --base-url "$BASE" --oauth-url "$OAUTH" \
		--progress never --rate 500 "$@" 2>"$T/zrx.err" || RC=$?
}

rss_below() { test "$(cat "$T/rss")" -lt "$1"; }
no_raw_controls() {
	# bytes 0x00-0x08, 0x0b-0x1f, 0x7f and C1 (UTF-8 c2 80..9f) never reach a text log
	$PY - "$1" <<'PY'
import re, sys
b = open(sys.argv[1], "rb").read()
bad = re.search(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", b)
assert bad is None, b[max(0, bad.start() - 40):bad.end() + 10]
PY
}

use_token

# ---- 1. unbounded waits: past 15 minutes, whatever the status and form,
# the run stops resumably (exit 6, the time printed) ----
for sc in ra-429-seconds ra-429-httpdate ra-429-iso ra-503-huge; do
	start_hostile $sc
	hx --user u1 --from $FROM --to $TO -o "$T/$sc.ndjson.gz"
	expect_rc 6 "$sc: a wait past 15 minutes stops the run"
	case $sc in
	*httpdate | *iso) when="2099-01-01T00:00:00Z" ;;
	*) when="20[0-9][0-9]-" ;;
	esac
	check "$sc: the time to rerun after is printed, after one request" sh -c \
		"grep -q 'rerun the same command after $when' '$T/zrx.err' &&
		 grep -q 'state saved in' '$T/zrx.err' && test \"\$1\" = 1" _ "$(hstat api_requests)"
done
start_hostile empty
hx --user u1 --from $FROM --to $TO -o "$T/ra-429-seconds.ndjson.gz"
expect_rc 0 "the same command, rerun, resumes and completes"
start_hostile ra-429-short
hx --user u1 --from $FROM --to $TO -o "$T/short.ndjson.gz"
expect_rc 0 "a 10-second Retry-After is waited for"
check "the pause is logged at normal verbosity" grep -q "the API asked to wait 10 s; every request pauses until" "$T/zrx.err"
start_hostile ra-503-short
hx --user u1 --from $FROM --to 2024-01-31 -o "$T/short503.ndjson"
check "a 503's 11-second Retry-After is waited for, and logged" sh -c \
	"test $RC = 0 && grep -q 'retrying in 11 s (Retry-After: 11) \[HTTP 503\]' '$T/zrx.err'"

# ---- 2. server numbers: saturated, or ignored when implausible ----
start_hostile ratelimit-junk
hx --user u1 --user u2 --from $FROM --to $TO -o "$T/junk.ndjson.gz"
expect_rc 0 "429s with X-RateLimit-Limit: 0.0000001 do not slow zrx to a halt"
use_s2s
start_hostile oauth-huge-expiry
hx --user u1 --user u2 --user u3 --from 2023-01-01 --to 2024-06-30 -o "$T/expiry.ndjson.gz"
expect_rc 0 "an OAuth expires_in of 2^61 is survived"
check "one token for the whole run, and a warning" sh -c \
	"test \"\$1\" = 1 && grep -q 'expires_in is missing or implausible; assuming 3600' '$T/zrx.err'" \
	_ "$(hstat token_requests)"
start_hostile oauth-crlf
hx --retries 2 --user u1 --from $FROM --to $TO -o "$T/crlf.ndjson.gz"
expect_rc 1 "an access_token with CR/LF is refused"
check "no API request went out (nothing injected); token requests capped" sh -c \
	"test \"\$1\" = 0 && test \"\$2\" = 0 && test \"\$3\" -le 3 &&
	 grep -q 'no usable access_token' '$T/zrx.err'" \
	_ "$(hstat api_requests)" "$(hstat injected)" "$(hstat token_requests)"
use_token
start_hostile empty
RC=0
ZOOM_ACCESS_TOKEN="$(printf 'tok\r\nX-Injected: yes')" "$ZRX" export --base-url "$BASE" \
	--progress never --user u1 --from $FROM -o "$T/fixed-crlf.ndjson" 2>"$T/zrx.err" || RC=$?
check "a fixed token with CR/LF is refused before any request" sh -c \
	"test $RC = 2 && test \"\$1\" = 0" _ "$(hstat requests)"
start_hostile content-length-huge
hx --retries 1 --user u1 --from $FROM --to 2024-01-31 -o "$T/clen.ndjson.gz"
expect_rc 3 "a Content-Length of 2^63-1 with a short body fails the user"
check "... after the counted retries only" test "$(hstat api_requests)" -le 2

# ---- 3. memory: bounded whatever the response ----
start_hostile csv-wide
hx --user u1 --from $FROM --to 2024-01-31 -o "$T/wide.csv.gz"
expect_rc 0 "a 1 MiB topic with 300 files as CSV (300 MiB of rows)"
check "every row has the header's 23 fields, one row per file" $PY - "$T/wide.csv.gz" <<'PY'
import csv, gzip, sys
csv.field_size_limit(1 << 30)
with gzip.open(sys.argv[1], "rt", encoding="utf-8", newline="") as f:
    rows = 0
    for r in csv.reader(f):
        assert len(r) == 23, len(r)
        rows += 1
assert rows == 301, rows
PY
check "peak RSS stays bounded ($(cat "$T/rss") KiB)" rss_below $RSS_LIMIT_KB
start_hostile huge-element
hx --retries 0 --user u1 --from $FROM --to 2024-01-31 -o "$T/huge.ndjson.gz"
expect_rc 3 "a 17 MiB meeting fails its user"
check "the errors file says why; RSS bounded ($(cat "$T/rss") KiB)" sh -c \
	"grep -q 'larger than 16 MiB' '$T/huge.errors.ndjson' && test \$1 -lt $RSS_LIMIT_KB" _ "$(cat "$T/rss")"
start_hostile gzip-bomb-page
hx --retries 0 --user u1 --from $FROM --to 2024-01-31 -o "$T/bomb.ndjson.gz"
expect_rc 3 "a gzip page that inflates past 256 MiB fails its user"
check "the errors file says why; RSS bounded ($(cat "$T/rss") KiB)" sh -c \
	"grep -q 'a response body larger than 256 MiB' '$T/bomb.errors.ndjson' && test \$1 -lt $RSS_LIMIT_KB" \
	_ "$(cat "$T/rss")"
check "the failed page took nothing with it: the output is valid and empty" $PY - "$T/bomb.ndjson.gz" <<'PY'
import gzip, sys
assert gzip.open(sys.argv[1]).read() == b""
PY

start_hostile page-many
hx --retries 0 --user u1 --from $FROM --to 2024-01-31 -o "$T/many.ndjson.gz"
expect_rc 3 "a page of 2 million tiny meetings (37 MiB inflated) fails its user"
check "... at 10000 elements, saying so; RSS far below what 2 million keys take ($(cat "$T/rss") KiB)" sh -c \
	"grep -q 'a page with more than 10000 elements' '$T/many.errors.ndjson' && test \$1 -lt 102400" \
	_ "$(cat "$T/rss")"

# ---- 9. error bodies: decompressed only up to 1 MiB ----
start_hostile gzip-bomb-error
start=$(date +%s)
hx --retries 1 --user u1 --from $FROM --to 2024-01-31 -o "$T/ebomb.ndjson.gz"
expect_rc 3 "a gzip error body of 1 GiB fails its user"
check "cut at 1 MiB: quick, bounded, said" sh -c \
	"grep -q 'an error body larger than 1024 KiB' '$T/ebomb.errors.ndjson' &&
	 test \$((\$(date +%s) - $start)) -lt 30 && test \$1 -lt $RSS_LIMIT_KB" _ "$(cat "$T/rss")"

# ---- 4. endless loops ----
start_hostile clamp-to
hx --user u1 --from $FROM --to $TO -o "$T/clamp.ndjson.gz"
expect_rc 3 "a server that always answers a \"from\" on the \"to\" asked fails the user"
check "... at once, saying why" sh -c \
	"test \"\$1\" -le 2 && grep -q 'from.*not before the .*to' '$T/clamp.errors.ndjson'" \
	_ "$(hstat api_requests)"
start_hostile clamp-halve
hx --user u1 --from $FROM --to $TO -o "$T/halve.ndjson.gz"
expect_rc 0 "a server that serves half of every range: the splitting ends"
check "... within a few requests per window ($(hstat api_requests))" test "$(hstat api_requests)" -le 16
start_hostile token-cycle
hx --user u1 --from $FROM --to 2024-01-31 -o "$T/cycle.ndjson.gz"
expect_rc 3 "a next_page_token cycle A, B, A fails the user"
check "... on the repeat, after three pages" sh -c \
	"test \"\$1\" = 3 && grep -q 'next_page_token it had already given' '$T/cycle.errors.ndjson'" \
	_ "$(hstat api_requests)"

# ---- 5. injection and encoding ----
start_hostile bad-user-ids
hx --all-users --from $FROM --to 2024-01-31 -o "$T/ids.ndjson.gz"
expect_rc 3 "users with control characters in their ids fail"
check "the errors file names exactly them; the others are exported once each" \
	$PY - "$T/ids.errors.ndjson" "$T/ids.ndjson.gz" <<'PY'
import gzip, json, sys
failed = sorted(json.loads(l)["user"] for l in open(sys.argv[1], encoding="utf-8"))
assert failed == sorted(["u\u0000x", "esc\u001b[31m", "tab\tid", "del\u007f", "c1\u0085x"]), failed
done = sorted(json.loads(l)["_user"] for l in gzip.open(sys.argv[2]))
assert done == sorted(["u", "..", ".", "ok", "\u00e9l\u00e8ve"]), done
PY
hpaths >"$T/ids.paths"
check "'.' and '..' are path segments encoded as %2E, never resolved" sh -c \
	"grep -q '^GET /v2/users/%2E%2E/recordings?' '$T/ids.paths' &&
	 grep -q '^GET /v2/users/%2E/recordings?' '$T/ids.paths' &&
	 ! grep -q '^GET /v2/recordings\|^GET /v2/users/recordings' '$T/ids.paths'"
check "the log escapes the ids' control characters (a NUL included)" sh -c \
	"grep -q 'user u\\\\x00x: ' '$T/zrx.err' && grep -q 'esc\\\\x1b\\[31m' '$T/zrx.err'"
check "no raw control byte reaches the text log" no_raw_controls "$T/zrx.err"
start_hostile empty
hx --user .. --user . --from $FROM --to 2024-01-31 -o "$T/dots.ndjson.gz"
hpaths >"$T/dots.paths"
check "--user .. requests /v2/users/%2E%2E/recordings, not /v2/recordings" sh -c \
	"test $RC = 0 && grep -q '^GET /v2/users/%2E%2E/recordings?' '$T/dots.paths' &&
	 ! grep -q '^GET /v2/recordings' '$T/dots.paths'"
start_hostile empty
printf 'good-user\nbad\033[2Juser\n' >"$T/users-bad.txt"
hx --users "$T/users-bad.txt" --from $FROM --to 2024-01-31 -o "$T/ubad.ndjson.gz"
expect_rc 2 "a users file with a control character is refused"
check "... naming the line, escaped, before any request" sh -c \
	"grep -q 'users-bad.txt:2: control character' '$T/zrx.err' && test \"\$1\" = 0" _ "$(hstat requests)"
check "no raw control byte in that message" no_raw_controls "$T/zrx.err"
start_hostile escapes
hx --retries 0 --user u1 --from $FROM --to 2024-01-31 -o "$T/esc.ndjson.gz"
expect_rc 3 "a message and tracking id full of terminal escapes"
check "the text log shows them escaped" sh -c \
	"grep -qF 'User \\x1b[2J\\x1b[31mgone\\x07 \\xc2\\x9b31m' '$T/zrx.err' &&
	 grep -qF '(tracking id \\x1b]0;owned\\x07trk\\x1b[0m)' '$T/zrx.err'"
check "no raw control byte reaches the text log" no_raw_controls "$T/zrx.err"
check "the errors file keeps them, as valid JSON" $PY - "$T/esc.errors.ndjson" <<'PY'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert r[0]["message"] == "User \u001b[2J\u001b[31mgone\u0007 \u009b31m", r
assert r[0]["tracking_id"] == "\u001b]0;owned\u0007trk\u001b[0m", r
PY
hx --retries 0 --log-format json --user u1 --from $FROM --to 2024-01-31 -o "$T/esc2.ndjson.gz"
check "JSON logs: every line valid JSON, no raw C0 control byte" $PY - "$T/zrx.err" <<'PY'
import json, re, sys
b = open(sys.argv[1], "rb").read()
assert re.search(rb"[\x00-\x09\x0b-\x1f\x7f]", b) is None
for l in b.decode("utf-8").splitlines():
    json.loads(l)
PY

# ---- 6. output validity ----
start_hostile surrogates
hx --user u1 --from $FROM --to 2024-01-31 -o "$T/sur.ndjson.gz"
expect_rc 0 "lone surrogates in topics"
check "every line valid UTF-8 and JSON; lone surrogates are U+FFFD, pairs kept" \
	$PY - "$T/sur.ndjson.gz" <<'PY'
import gzip, json, sys
topics = [json.loads(l.decode("utf-8"))["topic"] for l in gzip.open(sys.argv[1])]
F = "\ufffd"
assert topics == [F, F, "a" + F + "b", "\U0001F600", F + F, F + F + "x", "end" + F], topics
PY
check "the summary counts them" grep -q "8 strings held a lone UTF-16 surrogate" "$T/zrx.err"
hx --user u1 --from $FROM --to 2024-01-31 -o "$T/sur2.csv"
check "CSV: valid UTF-8, the header's field count on every row" $PY - "$T/sur2.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", errors="strict", newline="")))
assert len(rows) == 8 and all(len(r) == 23 for r in rows), rows
assert rows[4][5] == "\U0001F600" and rows[1][5] == "\ufffd", rows
PY
start_hostile raw-utf8
hx --user u1 --from $FROM --to 2024-01-31 -o "$T/raw.ndjson"
hx --user u1 --from $FROM --to 2024-01-31 -o "$T/raw2.csv"
check "bytes past U+10FFFF, encoded surrogates, overlong forms: U+FFFD in NDJSON and CSV alike" \
	$PY - "$T/raw.ndjson" "$T/raw2.csv" <<'PY'
import csv, json, sys
nd = [json.loads(l.decode("utf-8"))["topic"] for l in open(sys.argv[1], "rb")]
cs = [r[5] for r in csv.reader(open(sys.argv[2], encoding="utf-8", errors="strict", newline=""))][1:]
F = "\ufffd"
assert nd == ["a" + F * 4 + "b", F * 3, F * 2, "\u00e9\U0001F600"], nd
assert cs == nd, cs
PY
start_hostile empty
hx --user u1 --from $FROM --to $TO -o "$T/none.ndjson.gz"
expect_rc 0 "an export of no meeting"
check "is a valid, empty gzip stream (gzip -t, zcat)" sh -c \
	"gzip -t '$T/none.ndjson.gz' && test -z \"\$(gzip -dc '$T/none.ndjson.gz')\" &&
	 $PY -c 'import gzip, sys; assert gzip.open(sys.argv[1]).read() == b\"\"' '$T/none.ndjson.gz'"
RC=0
"$ZRX" export --base-url "$BASE" --progress never --user u1 --from $FROM --to $TO --gzip -o - \
	>"$T/none-stdout.gz" 2>"$T/zrx.err" || RC=$?
check "... also to standard output" sh -c "test $RC = 0 && gzip -t '$T/none-stdout.gz'"
start_hostile no-uuid
hx --user u1 --from $FROM --to $TO -o "$T/nouuid.ndjson"
expect_rc 0 "meetings without a string uuid, on the day two windows share"
check "each is written once" $PY - "$T/nouuid.ndjson" <<'PY'
import json, sys
ids = sorted(json.loads(l)["id"] for l in open(sys.argv[1]))
assert ids == [2, 3, 4, 5, 81000000001], ids
PY

# ---- 7. files: never through a link or onto a device ----
start_hostile empty
printf 'precious\n' >"$T/victim"
chmod 644 "$T/victim"
ln -s "$T/victim" "$T/l1.ndjson.gz.incomplete"
hx --force --user u1 --from $FROM --to $TO -o "$T/l1.ndjson.gz"
expect_rc 2 "--force with a symlink at PATH.incomplete is refused"
check "... its target untouched, nothing requested" sh -c \
	"test \"\$(cat '$T/victim')\" = precious && test \"\$(stat -c %a '$T/victim')\" = 644 &&
	 test -L '$T/l1.ndjson.gz.incomplete' && test \"\$1\" = 0 &&
	 grep -q 'symbolic link' '$T/zrx.err'" _ "$(hstat requests)"
ln -s "$T/victim" "$T/l2.ndjson.gz"
hx --force --user u1 --from $FROM --to $TO -o "$T/l2.ndjson.gz"
check "--force with a symlink at the output is refused, the link kept" sh -c \
	"test $RC = 2 && test -L '$T/l2.ndjson.gz' && test \"\$(cat '$T/victim')\" = precious"
mkfifo "$T/f3.ndjson"
hx --force --user u1 --from $FROM --to $TO -o "$T/f3.ndjson"
check "--force with a FIFO at the output is refused, the FIFO kept" sh -c \
	"test $RC = 2 && test -p '$T/f3.ndjson' && grep -q 'a FIFO' '$T/zrx.err'"
if mknod "$T/d4.ndjson" c 1 3 2>/dev/null; then
	hx --force --user u1 --from $FROM --to $TO -o "$T/d4.ndjson"
	check "--force with a device at the output is refused, the device kept" sh -c \
		"test $RC = 2 && test -c '$T/d4.ndjson' && grep -q 'a device' '$T/zrx.err'"
else
	ok "--force with a device at the output (# SKIP: mknod needs root)"
fi
ln -s "$T/victim" "$T/l5.state"
hx --force --user u1 --from $FROM --to $TO -o "$T/l5.ndjson"
check "a symlinked state file is refused, its target untouched" sh -c \
	"test $RC = 2 && test \"\$(cat '$T/victim')\" = precious && test ! -e '$T/l5.ndjson'"
ln -s "$T/victim" "$T/l6.manifest.json"
hx --force --user u1 --from $FROM --to $TO -o "$T/l6.ndjson"
check "a symlinked manifest is refused before any request" sh -c \
	"test $RC = 2 && test -L '$T/l6.manifest.json' && test \"\$1\" = 0" _ "$(hstat requests)"

# ---- 8. inputs ----
start_hostile empty
hx --user u1 --from 2024-01-01 --to 2999-12-31 -o "$T/future.ndjson"
expect_rc 0 "--to far in the future"
check "is clamped to today, with a warning, a window a month" sh -c \
	"grep -q 'the last day is in the future; listing up to today' '$T/zrx.err' &&
	 test \"\$1\" -le \$(( ( \$(date -u +%Y) - 2024 + 1) * 12 + 1))" _ "$(hstat api_requests)"
hx --user u1 --from $FROM --rate 0.0000001 -o "$T/slow.ndjson"
expect_rc 2 "--rate 0.0000001 is refused"
start_hostile empty
hx --user u1 --from $FROM --state "$T/nodir.state" -o "$T/no/such/dir/out.ndjson.gz"
expect_rc 2 "-o into a missing directory"
check "... names the directory, writes no state, requests nothing" sh -c \
	"grep -q 'the directory $T/no/such/dir does not exist' '$T/zrx.err' &&
	 test ! -e '$T/nodir.state' && test \"\$1\" = 0" _ "$(hstat requests)"
RC=0
"$ZRX" export --base-url "http://localhost./v2" --progress never --user u1 --from $FROM \
	-o "$T/dot.ndjson" 2>"$T/zrx.err" || RC=$?
check "http://localhost./ is not loopback: plain http refused" sh -c \
	"test $RC = 2 && grep -q 'not a loopback host' '$T/zrx.err'"
finish
