#!/bin/sh
# zrx sync killed at any instant, then run again with the same command,
# completes the same batch: byte for byte (decompressed) what a run that was
# never killed wrote on the same account, and the catalog equals the truth.
# Instants: while listing, inside the catalog's transactions, while the batch
# is rendered, before it is renamed into place, between the manifest's write
# and its rename; SIGTERM (exit 5); two syncs on one directory.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 20

DATA="--seed 31 --users 40 --heavy 2 --start 2024-01-01 --end 2024-06-30"
CHECK="$PY $top_srcdir/tests/synccheck.py"
SHIM="$top_builddir/tests/.libs/libinjectkill.so"
D1=2024-03-01T06:00:00Z
D2=2024-03-09T06:00:00Z

sync_dir() {
	dir=$1 now=$2
	shift 2
	RC=0
	ZRX_NOW=$now "$ZRX" sync --dir "$dir" --all-users --since 2024-01-01 \
		--base-url "$BASE" --progress never --rate 2000 "$@" 2>>"$T/zrx.err" || RC=$?
}

start_sim $DATA --now $D1 --access-token sim-fixed-token
use_token
sync_dir "$T/base" $D1
expect_rc 0 "the first run"
curl -s -X POST "http://127.0.0.1:$SIM_PORT/_sim/now?t=$D2" >/dev/null
cp -a "$T/base" "$T/ref"
sync_dir "$T/ref" $D2
expect_rc 0 "the second run, never killed"
gzip -dc "$T/ref/batches/000002.ndjson.gz" >"$T/ref.ndjson"
"$SIM" truth $DATA --now $D2 --from 2024-01-01 --to 2024-03-09 \
	--user-status active,inactive >"$T/truth.ndjson"
echo "# the batch holds $(wc -l <"$T/ref.ndjson") changes"

# killed ENV...: a copy of the first run's feed, the second run killed by
# the shim as ENV says, then the same command again
killed() {
	name=$1
	shift
	rm -rf "$T/k"
	cp -a "$T/base" "$T/k"
	: >"$T/zrx.err"
	RC=0
	env LD_PRELOAD="$SHIM" "$@" sh -c 'ZRX_NOW=$0 exec "$1" sync --dir "$2" --all-users \
		--since 2024-01-01 --base-url "$3" --progress never --rate 2000' \
		$D2 "$ZRX" "$T/k" "$BASE" 2>>"$T/zrx.err" || RC=$?
	first=$RC
	sync_dir "$T/k" $D2
	if [ "$first" = 137 ] && [ "$RC" = 0 ] &&
	    gzip -dc "$T/k/batches/000002.ndjson.gz" | cmp -s - "$T/ref.ndjson" &&
	    $CHECK catalog "$T/k" "$T/truth.ndjson" >"$T/cat.out"; then
		ok "killed $name, rerun: the same batch, byte for byte"
	else
		not_ok "killed $name (exit $first), rerun (exit $RC): the same batch"
		sed 's/^/# /' "$T/zrx.err" "$T/cat.out" 2>/dev/null | tail -8
	fi
}

killed "at the start of the catalog's first write" ZRX_KILL_PATH=catalog.sqlite-wal ZRX_KILL_AFTER=100
for after in 20000 60000 150000 300000; do
	killed "inside a user's transaction (WAL byte $after)" \
		ZRX_KILL_PATH=catalog.sqlite-wal ZRX_KILL_AFTER=$after
done
killed "while the batch is rendered" ZRX_KILL_PATH=000002.ndjson.gz.incomplete ZRX_KILL_AFTER=3000
killed "before the batch is renamed into place" ZRX_KILL_RENAME=000002.ndjson.gz
killed "between the manifest's write and its rename" ZRX_KILL_RENAME=000002.manifest.json
killed "before the errors file is renamed" ZRX_KILL_RENAME=000002.errors.ndjson

# while listing: a slow API and kill -9 after a moment
start_sim $DATA --now $D2 --access-token sim-fixed-token --latency-ms 150
for delay in 0.3 0.8; do
	rm -rf "$T/k"
	cp -a "$T/base" "$T/k"
	ZRX_NOW=$D2 "$ZRX" sync --dir "$T/k" --all-users --since 2024-01-01 --base-url "$BASE" \
		--progress never --rate 2000 2>>"$T/zrx.err" &
	pid=$!
	sleep $delay
	kill -9 $pid 2>/dev/null && killed_it=1 || killed_it=0
	wait $pid 2>/dev/null || true
	sync_dir "$T/k" $D2
	check "kill -9 while listing ($delay s, killed=$killed_it), rerun: the same batch" sh -c "
		test $killed_it = 1 && test $RC = 0 &&
		gzip -dc '$T/k/batches/000002.ndjson.gz' | cmp -s - '$T/ref.ndjson'"
done

# twice in a row, then the same command
rm -rf "$T/k"
cp -a "$T/base" "$T/k"
for after in 40000 200000; do
	LD_PRELOAD="$SHIM" ZRX_KILL_PATH=catalog.sqlite-wal ZRX_KILL_AFTER=$after \
	ZRX_NOW=$D2 "$ZRX" sync --dir "$T/k" --all-users --since 2024-01-01 \
		--base-url "$BASE" --progress never --rate 2000 2>>"$T/zrx.err" || true
done
sync_dir "$T/k" $D2
check "killed twice, rerun: the same batch" sh -c "
	test $RC = 0 && gzip -dc '$T/k/batches/000002.ndjson.gz' | cmp -s - '$T/ref.ndjson'"

# SIGTERM: exit 5, the batch saved as far as it went, completed by a rerun
rm -rf "$T/k"
cp -a "$T/base" "$T/k"
ZRX_NOW=$D2 "$ZRX" sync --dir "$T/k" --all-users --since 2024-01-01 --base-url "$BASE" \
	--progress never --rate 2000 2>"$T/term.err" &
pid=$!
sleep 0.5
kill -TERM $pid
RC=0
wait $pid || RC=$?
check "SIGTERM stops the sync with exit 5 ($RC)" test "$RC" = 5
check "... saying the batch is saved" grep -q "rerun the same command to complete it" "$T/term.err"
sync_dir "$T/k" $D2
check "the rerun after SIGTERM completes the same batch" sh -c "
	test $RC = 0 && gzip -dc '$T/k/batches/000002.ndjson.gz' | cmp -s - '$T/ref.ndjson'"
check "... and the catalog equals the truth" $CHECK catalog "$T/k" "$T/truth.ndjson"

# two syncs on one directory: the second is refused, the first goes on
rm -rf "$T/k"
cp -a "$T/base" "$T/k"
ZRX_NOW=$D2 "$ZRX" sync --dir "$T/k" --all-users --since 2024-01-01 --base-url "$BASE" \
	--progress never --rate 2000 2>"$T/first.err" &
pid=$!
sleep 0.3
sync_dir "$T/k" $D2
second=$RC
RC=0
wait $pid || RC=$?
check "a second sync on the same directory is refused (exit $second)" sh -c "
	test $second = 1 && grep -q 'another zrx sync is running' '$T/zrx.err'"
check "... and the first completes the batch (exit $RC)" sh -c "
	test $RC = 0 && gzip -dc '$T/k/batches/000002.ndjson.gz' | cmp -s - '$T/ref.ndjson'"

finish
