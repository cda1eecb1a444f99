#!/bin/sh
# zrx sync against a mutating account: 60 daily runs over 200 users, after
# each the catalog equals zrx-sim's truth at that instant and the batch holds
# exactly the changes since the run before; all batches applied in order give
# the truth; a failed user never loses its days; the lookback's trade-off.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 26

DATA="--seed 21 --users 200 --start 2024-01-01 --end 2024-07-31"
CHECK="$PY $top_srcdir/tests/synccheck.py"

# at DAY: the simulated account at 06:00 UTC that day
at() { echo "${1}T06:00:00Z"; }

# sync_at DIR DAY ARGS...: one sync of DIR, the simulator and zrx at DAY
sync_at() {
	dir=$1 now=$(at "$2")
	shift 2
	curl -s -X POST "http://127.0.0.1:$SIM_PORT/_sim/now?t=$now" >/dev/null
	RC=0
	ZRX_NOW=$now "$ZRX" sync --dir "$dir" --all-users --since 2024-01-01 \
		--base-url "$BASE" --progress never --rate 2000 "$@" 2>"$T/zrx.err" || RC=$?
}

# truth_at DAY FILE: what the feed must hold at DAY
truth_at() {
	"$SIM" truth $DATA --now "$(at "$1")" --from 2024-01-01 --to "$1" \
		--user-status active,inactive >"$2"
}

day_after() { date -u -d "$1 +1 day" +%Y-%m-%d; }

start_sim $DATA --now "$(at 2024-03-01)" --access-token sim-fixed-token
use_token

# ---- 60 daily runs -------------------------------------------------------
day=2024-03-01
: >"$T/prev.ndjson"
bad_rc="" bad_cat="" bad_ch=""
for i in $(seq 1 60); do
	sync_at "$T/feed" $day
	[ "$RC" = 0 ] || bad_rc="$bad_rc $day:$RC"
	truth_at $day "$T/now.ndjson"
	$CHECK catalog "$T/feed" "$T/now.ndjson" >"$T/cat.out" || {
		bad_cat="$bad_cat $day"
		sed 's/^/# /' "$T/cat.out" | head -5
	}
	$CHECK changes "$T/feed" $i "$T/prev.ndjson" "$T/now.ndjson" >"$T/ch.out" || {
		bad_ch="$bad_ch $day"
		sed 's/^/# /' "$T/ch.out" | head -5
	}
	cp "$T/now.ndjson" "$T/prev.ndjson"
	last=$day
	day=$(day_after $day)
done
check "60 daily syncs all exit 0 ($bad_rc)" test -z "$bad_rc"
check "after every run the catalog equals the truth ($bad_cat)" test -z "$bad_cat"
check "every batch holds exactly the changes since the run before ($bad_ch)" test -z "$bad_ch"
check "every batch applied in order gives the truth" $CHECK apply "$T/feed" "$T/now.ndjson"

# what the 60 batches said, from their lines
$PY - "$T/feed" >"$T/kinds.out" <<'EOF'
import gzip, json, os, sys
d = os.path.join(sys.argv[1], "batches")
n = {}
last = {}
for f in sorted(os.listdir(d)):
    if f.endswith(".ndjson.gz"):
        for line in gzip.open(os.path.join(d, f)):
            o = json.loads(line)
            k = o["_op"] + ("/" + o["_reason"] if "_reason" in o else "")
            key = (o["_user"], o.get("uuid"))
            if k == "insert" and last.get(key) == "delete/trash":
                n["recovered"] = n.get("recovered", 0) + 1
            last[key] = k
            n[k] = n.get(k, 0) + 1
print(" ".join(f"{k}={v}" for k, v in sorted(n.items())))
EOF
kinds=$(cat "$T/kinds.out")
echo "# changes delivered: $kinds"
check "inserts, updates, deletes to the trash and gone all occurred ($kinds)" \
	sh -c "echo '$kinds' | grep -q 'insert=' && echo '$kinds' | grep -q 'update=' &&
		echo '$kinds' | grep -q 'delete/trash=' && echo '$kinds' | grep -q 'delete/gone='"
check "meetings back from the trash came back as inserts ($kinds)" \
	sh -c "echo '$kinds' | grep -q 'recovered='"
check "a later run's requests are about users x 3 (manifest)" \
	$PY -c "
import json, sys
m = json.load(open('$T/feed/batches/000060.manifest.json'))
first = json.load(open('$T/feed/batches/000001.manifest.json'))
print('# first run', first['requests'], 'requests; run 60', m['requests'], 'for', m['users']['ok'], 'users')
sys.exit(0 if m['requests'] < 4 * m['users']['ok'] + 10 else 1)"
check "the manifest counts equal the batch" $PY -c "
import gzip, json
m = json.load(open('$T/feed/batches/000060.manifest.json'))
lines = gzip.open('$T/feed/batches/000060.ndjson.gz').read().splitlines()
ops = [json.loads(l)['_op'] for l in lines]
assert m['records'] == len(lines) == m['parts'][0]['records']
assert m['inserted'] == ops.count('insert') and m['updated'] == ops.count('update')
assert m['deleted'] == ops.count('delete') and m['batch'] == 60 and m['lookback'] == 30"
check "batch files and the catalog are mode 0600" \
	sh -c "test \$(stat -c %a '$T/feed/batches/000060.ndjson.gz') = 600 &&
		test \$(stat -c %a '$T/feed/catalog.sqlite') = 600"

# --since again on a later run changes nothing
sync_at "$T/feed" $day --since 2023-06-01
truth_at $day "$T/now.ndjson"
expect_rc 0 "a later run with another --since"
check "... which changes nothing: the feed keeps its first day" \
	$CHECK catalog "$T/feed" "$T/now.ndjson"
last=$day
day=$(day_after $day)

# ---- a user that fails keeps its rows and its days ------------------------
# The user with the most meetings fails on 14 daily runs (503 for it alone)
# while the others go on with a 12-day lookback; when it comes back it is
# listed from its own last good day, not from the feed's last run.
heavy=$($PY -c "
import collections, json, sys
n = collections.Counter(json.loads(l)['_user'] for l in open('$T/now.ndjson', 'rb'))
print(n.most_common(1)[0][0])")
cp -a "$T/feed" "$T/failfeed"
sqlite3 "$T/failfeed/catalog.sqlite" "SELECT uuid, fingerprint FROM meetings WHERE user = '$heavy' ORDER BY 1" >"$T/rows.before"
start_sim $DATA --now "$(at $day)" --access-token sim-fixed-token --unavailable-user "$heavy"
fday=$day bad_rc=""
for i in $(seq 1 14); do
	sync_at "$T/failfeed" $fday --retries 0 --lookback 12
	[ "$RC" = 3 ] || bad_rc="$bad_rc $fday:$RC"
	fday=$(day_after $fday)
done
check "14 runs while one user fails all exit 3 ($bad_rc)" test -z "$bad_rc"
check "the errors file names the failed user" grep -q "\"user\":\"$heavy\"" \
	"$T/failfeed/batches/000075.errors.ndjson"
check "its catalog rows are kept as they were" sh -c "
	sqlite3 '$T/failfeed/catalog.sqlite' \"SELECT uuid, fingerprint FROM meetings WHERE user = '$heavy' ORDER BY 1\" >'$T/rows.after'
	test -s '$T/rows.before' && cmp -s '$T/rows.before' '$T/rows.after'"
start_sim $DATA --now "$(at $fday)" --access-token sim-fixed-token
sync_at "$T/failfeed" $fday --lookback 12
truth_at $fday "$T/later.ndjson"
expect_rc 0 "the run after it comes back"
check "... lists it from its own last good day: the catalog equals the truth" \
	$CHECK catalog "$T/failfeed" "$T/later.ndjson"

# ---- the lookback's trade-off ---------------------------------------------
cp -a "$T/feed" "$T/lbfeed"
skip=$(date -u -d "$last +20 days" +%Y-%m-%d)
sync_at "$T/lbfeed" $skip --lookback 0
truth_at $skip "$T/skip.ndjson"
expect_rc 0 "a run 20 days later with --lookback 0"
check "... does not see changes to meetings before its days (documented)" \
	sh -c "! $CHECK catalog '$T/lbfeed' '$T/skip.ndjson' >/dev/null"
sync_at "$T/lbfeed" $skip --lookback 60
check "a run with a lookback that covers them sees them" \
	$CHECK catalog "$T/lbfeed" "$T/skip.ndjson"

# ---- bad input: a clear error, nothing changed on disk --------------------
snapshot() { (cd "$1" && find . -type f | sort | xargs -r sha256sum) 2>/dev/null || true; }
refused() {
	want=$1 dir=$2 why=$3
	shift 3
	snapshot "$dir" >"$T/snap.before"
	RC=0
	ZRX_NOW=$(at $day) "$ZRX" sync --dir "$dir" --all-users --base-url "$BASE" \
		--progress never "$@" 2>"$T/zrx.err" || RC=$?
	snapshot "$dir" >"$T/snap.after"
	if [ "$RC" = "$want" ] && grep -q "$why" "$T/zrx.err" &&
	    cmp -s "$T/snap.before" "$T/snap.after"; then
		ok "refused: $why (exit $RC), nothing changed"
	else
		not_ok "refused: $why (exit $RC, wanted $want)"
		sed 's/^/# /' "$T/zrx.err" | head -5
	fi
}
mkdir "$T/bad1" && echo "not a database" >"$T/bad1/catalog.sqlite"
refused 2 "$T/bad1" "not a zrx catalog"
mkdir "$T/bad2" && sqlite3 "$T/bad2/catalog.sqlite" 'CREATE TABLE t (a)'
refused 2 "$T/bad2" "SQLite database but not a zrx catalog"
mkdir "$T/bad3" && cp "$T/feed/catalog.sqlite" "$T/bad3/" &&
	sqlite3 "$T/bad3/catalog.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null &&
	truncate -s 40960 "$T/bad3/catalog.sqlite"
refused 2 "$T/bad3" "truncated"
mkdir "$T/bad4" && cp "$T/feed/catalog.sqlite" "$T/bad4/" &&
	sqlite3 "$T/bad4/catalog.sqlite" 'PRAGMA user_version = 2'
refused 2 "$T/bad4" "newer zrx"
refused 2 "$T/nodir" "after today" --since 2999-01-01
check "... and --since in the future created no directory" test ! -e "$T/nodir"
RC=0
"$ZRX" sync --dir /proc/zrx-feed --all-users --base-url "$BASE" --progress never \
	2>"$T/zrx.err" || RC=$?
check "an unwritable --dir is a clear error (exit $RC)" \
	sh -c "test $RC = 2 && grep -q 'cannot create the directory /proc/zrx-feed' '$T/zrx.err'"

finish
