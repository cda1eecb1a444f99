#!/bin/sh
# zrx report, the compliance report: its figures equal those computed
# independently from zrx-sim's truth (from NDJSON.gz, CSV.gz, split parts,
# a manifest, a sync catalog); the page in a real browser (headless
# Chromium, networking off) and in a strict HTML5 parser; hostile input;
# errors that must be clear.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 49

DATA="--seed 11 --users 200 --start 2023-07-01 --end 2023-12-31 --messy"
FIG="--as-of 2023-12-01 --retention 90 --users $T/users.ndjson"
"$SIM" list-users $DATA >"$T/ids.txt"
"$SIM" truth $DATA --users "$T/ids.txt" >"$T/truth.ndjson"
"$SIM" truth $DATA --users "$T/ids.txt" --trash >"$T/trash-truth.ndjson"
"$SIM" truth $DATA --kind users >"$T/users.ndjson"

start_sim $DATA --access-token sim-fixed-token
use_token
RANGE="--users $T/ids.txt --from 2023-07-01 --to 2023-12-31"
zrx_export $RANGE -o "$T/e.ndjson.gz"
expect_rc 0 "export NDJSON.gz"
zrx_export $RANGE -o "$T/c.csv.gz"
expect_rc 0 "export CSV.gz"
zrx_export $RANGE --split-bytes 300K -o "$T/p.ndjson.gz"
expect_rc 0 "export in split parts"
zrx_export --users "$T/ids.txt" --trash -o "$T/trash.ndjson.gz"
expect_rc 0 "export the trash"
stop_sim

# report ARGS...: zrx report; sets RC
report() {
	RC=0
	"$ZRX" report "$@" 2>"$T/zrx.err" || RC=$?
}
# truth ARGS...: the figures from the truth, compared with a JSON report
truth() {
	$PY "$top_srcdir/tests/report_truth.py" "$T/truth.ndjson" "$T/trash-truth.ndjson" \
		$FIG "$@"
}
page() { $PY "$top_srcdir/tests/report_page.py" "$@"; }

# --- figures, from every kind of input ---
report "$T/e.ndjson.gz" "$T/trash.ndjson.gz" $FIG -o "$T/nd.json"
expect_rc 0 "report on NDJSON.gz"
check "figures from NDJSON.gz equal the truth's" truth --compare "$T/nd.json"
report "$T/c.csv.gz" "$T/trash.ndjson.gz" $FIG -o "$T/csv.json"
expect_rc 0 "report on CSV.gz"
check "figures from CSV.gz equal the truth's (passcodes: null)" truth --csv --compare "$T/csv.json"
report "$T/p.manifest.json" "$T/trash.ndjson.gz" $FIG -o "$T/man.json"
expect_rc 0 "report on a manifest"
check "figures from a manifest of split parts equal the truth's" truth --compare "$T/man.json"
nparts=$(ls "$T"/p-*.ndjson.gz | wc -l)
report "$T"/p-*.ndjson.gz "$T/trash.ndjson.gz" $FIG -o "$T/parts.json"
check "figures from $nparts split parts named one by one equal the truth's" \
	sh -c "[ $nparts -gt 2 ] && [ $RC = 0 ] && $PY '$top_srcdir/tests/report_truth.py' \
	'$T/truth.ndjson' '$T/trash-truth.ndjson' $FIG --compare '$T/parts.json'"
mkdir "$T/feed"
$PY "$top_srcdir/tests/report_catalog.py" --present "$T/truth.ndjson" \
	--trash "$T/trash-truth.ndjson" | sqlite3 "$T/feed/catalog.sqlite"
report --dir "$T/feed" $FIG -o "$T/cat.json"
expect_rc 0 "report on a sync catalog"
check "catalog: present rows counted, rows in the trash only in the trash section" \
	$PY "$top_srcdir/tests/report_truth.py" "$T/truth.ndjson" \
	--trash-rows "$T/trash-truth.ndjson" $FIG --compare "$T/cat.json"

# a catalog written by zrx sync itself, the account as it stands on NOW
NOW=2024-01-02T06:00:00Z
"$SIM" truth $DATA --now $NOW --users "$T/ids.txt" >"$T/now-truth.ndjson"
"$SIM" truth $DATA --now $NOW --users "$T/ids.txt" --trash >"$T/now-trash.ndjson"
start_sim $DATA --now $NOW --access-token sim-fixed-token
RC=0
ZRX_NOW=$NOW "$ZRX" sync --dir "$T/synced" --users "$T/ids.txt" --since 2023-07-01 \
	--base-url "$BASE" --progress never --rate 500 2>"$T/zrx.err" || RC=$?
expect_rc 0 "zrx sync builds a catalog"
stop_sim
report --dir "$T/synced" $FIG -o "$T/synced.json"
expect_rc 0 "report on the catalog zrx sync wrote"
check "... its figures equal the truth's on that day" \
	$PY "$top_srcdir/tests/report_truth.py" "$T/now-truth.ndjson" \
	--trash-rows "$T/now-trash.ndjson" $FIG --compare "$T/synced.json"

# --- the page ---
report "$T/e.ndjson.gz" "$T/trash.ndjson.gz" $FIG -o "$T/page.html"
expect_rc 0 "report as HTML"
check "the page is written with mode 0600" test "$(stat -c %a "$T/page.html")" = 600
check "the page shows the JSON's figures" page figures "$T/page.html" "$T/nd.json"
report "$T/e.ndjson.gz" "$T/trash.ndjson.gz" $FIG -o "$T/page2.html"
check "the same inputs give the same page, byte for byte (no clock in it)" \
	cmp "$T/page.html" "$T/page2.html"
RC=0
"$ZRX" report "$T/c.csv.gz" $FIG >"$T/stdout.html" 2>"$T/zrx.err" || RC=$?
check "'-o -' (the default) writes HTML to stdout; CSV input says passcodes are not available" \
	sh -c "[ $RC = 0 ] && head -c 15 '$T/stdout.html' | grep -q '<!DOCTYPE html>' &&
	grep -q 'id=\"passcode-unavailable\"' '$T/stdout.html'"

HP=""
for p in "$PY" python3 /usr/bin/python3; do
	if "$p" -c 'import html5lib' 2>/dev/null; then
		HP=$p
		break
	fi
done
cat >"$T/canary.html" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>fetches</title>
<link rel="stylesheet" href="https://fonts.invalid/x.css"></head>
<body><img src="http://192.0.2.1/x.png" alt="x"></body></html>
EOF
if [ -n "$HP" ]; then
	check "the page parses as HTML5 with no error; no script, handler or external reference" \
		$HP "$top_srcdir/tests/report_page.py" validate "$T/page.html"
	check "the validator refuses a page that references the network" \
		sh -c "! $HP '$top_srcdir/tests/report_page.py' validate '$T/canary.html'"
else
	ok "the page parses as HTML5 # SKIP no Python with html5lib (python3-html5lib)"
	ok "the validator refuses a page that references the network # SKIP no html5lib"
fi

# --- in a real browser, networking off ---
CHROME=""
for c in chromium chromium-browser google-chrome; do
	if command -v "$c" >/dev/null 2>&1; then
		CHROME=$c
		break
	fi
done
# browse NAME URL ARGS...: headless, a new profile, a proxy that answers
# nothing (no byte leaves the machine), a net log in $T/NAME.netlog
browse() {
	name=$1
	url=$2
	shift 2
	rm -rf "$T/profile-$name"
	mkdir "$T/profile-$name"
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --disable-extensions --hide-scrollbars \
		--user-data-dir="$T/profile-$name" --proxy-server=http://127.0.0.1:9 \
		--log-net-log="$T/$name.netlog" --net-log-capture-mode=Everything \
		"$@" "$url" 2>"$T/$name.chrome.err"
}
SHOT="$top_builddir/tests/report-screenshot.png"
if [ -n "$CHROME" ]; then
	browse dom "file://$T/page.html" --dump-dom >"$T/dom.html" || true
	check "Chromium's DOM holds every section and the expected totals" \
		page figures "$T/dom.html" "$T/nd.json"
	check "nothing was requested from the network by the page" page netlog "$T/dom.netlog"
	rm -f "$SHOT"
	browse shot "file://$T/page.html" --screenshot="$SHOT" --window-size=1200,3000 || true
	check "a screenshot of the page is written (tests/report-screenshot.png)" \
		sh -c "[ \$(stat -c %s '$SHOT') -gt 20000 ] &&
		head -c 8 '$SHOT' | od -An -c | grep -q 'P   N   G'"
	browse canary "file://$T/canary.html" --dump-dom >/dev/null || true
	check "the net log check sees a page that fetches" \
		sh -c "! $PY '$top_srcdir/tests/report_page.py' netlog '$T/canary.netlog'"
else
	for d in "Chromium's DOM" "nothing requested" "a screenshot" "the net log check"; do
		ok "$d # SKIP Chromium is not installed (Debian package chromium)"
	done
fi

# --- hostile input ---
mkdir "$T/h"
$PY "$top_srcdir/tests/report_hostile.py" "$T/h" 2024-03-01
HFIG="--as-of 2024-03-01 --retention 100 --users $T/h/hostile-users.ndjson"
report "$T/h/hostile.ndjson" $HFIG -o "$T/h/h.html"
expect_rc 0 "report on topics, names and departments with HTML, quotes, RTL, emoji, controls"
if [ -n "$HP" ]; then
	check "the hostile page parses as HTML5 with no error; no script, handler or reference" \
		$HP "$top_srcdir/tests/report_page.py" validate "$T/h/h.html"
else
	ok "the hostile page parses as HTML5 # SKIP no Python with html5lib"
fi
check "markup in topics, names and departments shows as text" \
	page text "$T/h/h.html" '<script>alert(1)</script>' '<img src=x onerror=alert(3)>' \
	'</style><script>alert(4)</script>' "$(printf '\342\200\256RTL override\342\200\254 name')" \
	'"quoted" & '"'"'apostrophe'"'"' <b>bold</b>' '</td></tr></table><h1>escape</h1>'
report "$T/h/hostile.ndjson" $HFIG -o "$T/h/h.json"
check "hostile figures equal an independent count (passcodes absent, null, empty)" \
	$PY "$top_srcdir/tests/report_truth.py" "$T/h/hostile.ndjson" $HFIG --compare "$T/h/h.json"
check "the hostile page shows the JSON's figures" page figures "$T/h/h.html" "$T/h/h.json"
report "$T/h/badutf8.ndjson" -o "$T/h/bad.html"
expect_rc 0 "a file with bytes that are not UTF-8"
check "bytes that are not UTF-8 show as U+FFFD, and the page stays valid" \
	sh -c "grep -q \"\$(printf 'bad \357\277\275\357\277\275 bytes')\" '$T/h/bad.html' &&
	{ [ -z '$HP' ] || $HP '$top_srcdir/tests/report_page.py' validate '$T/h/bad.html'; }"

# --- errors: clear, exit 2, nothing written ---
first=$(ls "$T"/p-*.ndjson.gz | head -n 1)
size=$(stat -c %s "$first")
head -c $((size / 2)) "$first" >"$T/cut.ndjson.gz"
report "$T/cut.ndjson.gz" -o "$T/cut.html"
expect_rc 2 "a truncated gzip part"
check "the message names the file and says it is truncated; no page written" \
	sh -c "grep -q 'cut.ndjson.gz: the gzip data is truncated' '$T/zrx.err' &&
	[ ! -e '$T/cut.html' ]"
cp "$T/cut.ndjson.gz" "$first"
report "$T/p.manifest.json" -o "$T/cut2.html"
check "a part that is not the one the manifest lists is refused (exit 2)" \
	sh -c "[ $RC = 2 ] && grep -q 'but the manifest' '$T/zrx.err'"
printf '{"uuid":"a","_user":"u"}\n{"uuid": oops}\n' >"$T/bad.ndjson"
report "$T/bad.ndjson" -o "$T/bad.html"
check "invalid JSON: exit 2, the file and line named" \
	sh -c "[ $RC = 2 ] && grep -q 'bad.ndjson: line 2: ' '$T/zrx.err'"
printf 'user,meeting_uuid\nx,y\n' >"$T/bad.csv"
report "$T/bad.csv" -o "$T/bad.html"
check "a CSV that is not an export: exit 2, says so" \
	sh -c "[ $RC = 2 ] && grep -q 'not the header row of a zrx export CSV' '$T/zrx.err'"
printf '{"uuid":"a","_user":"u","_op":"insert","_batch":1}\n' >"$T/batch.ndjson"
report "$T/batch.ndjson" -o "$T/bad.html"
check "a sync batch is refused (it holds changes, not an inventory)" \
	sh -c "[ $RC = 2 ] && grep -q 'sync batch' '$T/zrx.err'"
report "$T/e.ndjson.gz" "$T/e.ndjson.gz" -o "$T/twice.html"
check "a file given twice is refused (it would count twice)" \
	sh -c "[ $RC = 2 ] && grep -q 'given twice' '$T/zrx.err'"
report "$T/e.ndjson.gz" $FIG -o "$T/page.html"
check "an existing report is not overwritten without --force" \
	sh -c "[ $RC = 2 ] && grep -q 'already exists; use --force' '$T/zrx.err' &&
	cmp -s '$T/page.html' '$T/page2.html'"
report "$T/e.ndjson.gz" $FIG -o "$T/page.html" --force
expect_rc 0 "--force overwrites it"
mkdir "$T/newer" "$T/other"
$PY "$top_srcdir/tests/report_catalog.py" --user-version 2 | sqlite3 "$T/newer/catalog.sqlite"
report --dir "$T/newer" -o "$T/newer.html"
check "a catalog of a newer schema is refused, saying so" \
	sh -c "[ $RC = 2 ] && grep -q 'schema version 2, written by a newer zrx' '$T/zrx.err'"
$PY "$top_srcdir/tests/report_catalog.py" --application-id 0 | sqlite3 "$T/other/catalog.sqlite"
report --dir "$T/other" -o "$T/other.html"
check "a SQLite file that is not a zrx catalog is refused" \
	sh -c "[ $RC = 2 ] && grep -q 'is not a zrx catalog' '$T/zrx.err'"
report --dir "$T/feed" "$T/e.ndjson.gz" -o "$T/both.html"
expect_rc 2 "a catalog and files at once"
report -o "$T/none.html"
expect_rc 2 "nothing to report on"
report "$T/e.ndjson.gz" --as-of 2023-02-30 -o "$T/date.html"
expect_rc 2 "a date that does not exist"
check "report --help names every option" \
	sh -c "'$ZRX' report --help >'$T/help.txt' &&
	for o in --dir --users --retention --as-of --output --force; do
		grep -q -- \"\$o\" '$T/help.txt' || exit 1
	done"
finish
