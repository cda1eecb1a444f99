#!/bin/sh
# Exactly once across crashes: kill -9 at ten instants then a final rerun;
# SIGTERM (exit 5) with valid gzip files; a changed query refused; split
# parts with a manifest that matches them; 0600 files; a finished export
# left as it is; an output without state not overwritten.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 24

DATA="--seed 5 --users 60 --start 2023-06-01 --end 2024-05-31"
"$SIM" list-users $DATA --status active,inactive >"$T/users.txt"
"$SIM" truth $DATA --users "$T/users.txt" --from 2023-06-01 --to 2024-05-31 >"$T/truth.ndjson"
use_token
start_sim $DATA --access-token sim-fixed-token --latency-ms 5-40
ARGS="--users $T/users.txt --from 2023-06-01 --to 2024-05-31 --concurrency 8 --commit-interval 100 --rate 60"

# kill -9 at ten instants, then let it finish
i=0
killed=0
while [ $i -lt 10 ]; do
	"$ZRX" export --base-url "$BASE" --progress never $ARGS -o "$T/k.ndjson.gz" \
		2>>"$T/kill.err" &
	pid=$!
	sleep "0.$((i * 9 % 10 + 1))"
	if kill -9 $pid 2>/dev/null; then killed=$((killed + 1)); fi
	wait $pid 2>/dev/null || true
	i=$((i + 1))
done
check "runs were killed mid-export ($killed of 10)" test $killed -ge 5
check "the killed runs had committed users" grep -q '"commit"' "$T/k.state"
zrx_export $ARGS -o "$T/k.ndjson.gz"
expect_rc 0 "the rerun after ten kill -9 completes"
check "exactly once after kill -9" same_as_truth "$T/truth.ndjson" "$T/k.ndjson.gz"
check "no .incomplete file is left" sh -c "! ls '$T'/k*.incomplete 2>/dev/null"

# SIGTERM: exit 5, valid gzip so far, rerun finishes exactly
"$ZRX" export --base-url "$BASE" --progress never $ARGS -o "$T/t.ndjson.gz" 2>"$T/term.err" &
pid=$!
sleep 0.7
kill -TERM $pid
RC=0
wait $pid || RC=$?
cp "$T/term.err" "$T/zrx.err"
expect_rc 5 "SIGTERM stops the export"
check "the partial output is a valid gzip file" gzip -t "$T/t.ndjson.gz.incomplete"
check "the message says how to resume" grep -q "rerun the same command" "$T/term.err"
zrx_export $ARGS -o "$T/t.ndjson.gz"
expect_rc 0 "the rerun after SIGTERM completes"
check "exactly once after SIGTERM" same_as_truth "$T/truth.ndjson" "$T/t.ndjson.gz"

# a second signal ends the process at once; the state is still consistent
"$ZRX" export --base-url "$BASE" --progress never $ARGS -o "$T/t2.ndjson.gz" 2>"$T/term2.err" &
pid=$!
sleep 0.7
kill -TERM $pid
kill -TERM $pid 2>/dev/null || true
RC=0
wait $pid || RC=$?
check "two signals stop the export (exit $RC)" test "$RC" = 5 -o "$RC" = 143
zrx_export $ARGS -o "$T/t2.ndjson.gz"
expect_rc 0 "the rerun after two signals completes"
check "exactly once after two signals" same_as_truth "$T/truth.ndjson" "$T/t2.ndjson.gz"

# a finished export is left as it is
sum1=$(sha256sum "$T/t.ndjson.gz")
zrx_export $ARGS -o "$T/t.ndjson.gz"
expect_rc 0 "rerunning a finished export"
check "a finished export is not rewritten" test "$(sha256sum "$T/t.ndjson.gz")" = "$sum1"

# a different query against the same state is refused
zrx_export --users "$T/users.txt" --from 2023-06-01 --to 2024-04-30 -o "$T/t.ndjson.gz"
expect_rc 2 "a changed query is refused"
check "the refusal names --restart" grep -q -- "--restart" "$T/zrx.err"

# an output without state is not overwritten
cp "$T/t.ndjson.gz" "$T/lonely.ndjson.gz"
zrx_export $ARGS -o "$T/lonely.ndjson.gz"
expect_rc 2 "an existing output without state is refused"
check "the refused file is untouched" cmp "$T/t.ndjson.gz" "$T/lonely.ndjson.gz"

# split parts and the manifest
mkdir -p "$T/parts"
zrx_export $ARGS --split-bytes 64K -o "$T/parts/rec.ndjson.gz"
expect_rc 0 "split export"
check "split parts together equal the truth" same_as_truth "$T/truth.ndjson" "$T"/parts/rec-*.ndjson.gz
check "manifest, parts and records agree; users never straddle parts" \
	$PY - "$T/parts" <<'PY'
import glob, gzip, hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "rec.manifest.json")))
parts = sorted(glob.glob(os.path.join(d, "rec-*.ndjson.gz")))
assert len(parts) >= 3, parts
assert [p["name"] for p in m["parts"]] == [os.path.basename(p) for p in parts], m["parts"]
owner = {}
total = 0
for p, mp in zip(parts, m["parts"]):
    data = open(p, "rb").read()
    assert mp["bytes"] == len(data), (p, mp)
    assert mp["sha256"] == hashlib.sha256(data).hexdigest(), p
    lines = gzip.decompress(data).splitlines()
    assert mp["records"] == len(lines), (p, mp, len(lines))
    total += len(lines)
    for l in lines:
        u = json.loads(l)["_user"]
        assert owner.setdefault(u, p) == p, f"user {u} in {owner[u]} and {p}"
assert m["records"] == total, m
assert m["users"]["failed"] == 0 and m["users"]["ok"] > 0, m
for k in ("version", "started_at", "finished_at", "query", "files"):
    assert k in m, k
assert m["query"]["from"] == "2023-06-01" and m["query"]["format"] == "ndjson", m["query"]
PY
check "output, state, manifest and errors files are 0600" sh -c "
	for f in '$T'/parts/rec-00000.ndjson.gz '$T'/parts/rec.state '$T'/parts/rec.manifest.json '$T'/parts/rec.errors.ndjson; do
		test \"\$(stat -c %a \"\$f\")\" = 600 || { echo \"\$f\"; exit 1; }
	done"
check "no secret in the state or manifest" sh -c "! grep -l sim-fixed-token '$T'/parts/rec.state '$T'/parts/rec.manifest.json"
finish
