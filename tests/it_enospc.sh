#!/bin/sh
# A write that fails (ENOSPC, injected with an LD_PRELOAD shim) stops the run
# with exit 1 and a message naming the file; the rerun completes exactly.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 6

SHIM="$top_builddir/tests/.libs/libinject.so"
DATA="--seed 9 --users 40 --start 2024-01-01 --end 2024-06-30"
"$SIM" list-users $DATA --status active,inactive >"$T/users.txt"
"$SIM" truth $DATA --users "$T/users.txt" --from 2024-01-01 --to 2024-06-30 >"$T/truth.ndjson"
use_token
start_sim $DATA --access-token sim-fixed-token
ARGS="--users $T/users.txt --from 2024-01-01 --to 2024-06-30 --commit-interval 50"

# the real binary, not libtool's wrapper script, gets the shim
export LD_LIBRARY_PATH="$top_builddir/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
preload=$SHIM
asan=$(ldd "$top_builddir/.libs/zrx" 2>/dev/null | awk '/libasan/ {print $3}')
[ -n "$asan" ] && preload="$asan $SHIM"
RC=0
LD_PRELOAD="$preload" ZRX_INJECT_PATH="full.ndjson.gz" ZRX_INJECT_AFTER=60000 \
	"$top_builddir/.libs/zrx" export --base-url "$BASE" --progress never $ARGS \
	-o "$T/full.ndjson.gz" 2>"$T/zrx.err" || RC=$?
expect_rc 1 "a full disk stops the export"
check "the message names the file and the error" \
	grep -q "full.ndjson.gz.*No space left on device" "$T/zrx.err"
check "the state file is intact" test -s "$T/full.state"
zrx_export $ARGS -o "$T/full.ndjson.gz"
expect_rc 0 "the rerun with space completes"
check "exactly once after the failed write" same_as_truth "$T/truth.ndjson" "$T/full.ndjson.gz"
check "gzip -t accepts the output" gzip -t "$T/full.ndjson.gz"
finish
