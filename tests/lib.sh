# lib.sh - shared helpers of the integration tests (sourced; TAP output).
# Starts zrx-sim on a free loopback port, runs zrx, compares with the truth.
set -eu

top_builddir=${top_builddir:-$(cd "$(dirname "$0")/.." && pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
ZRX="$top_builddir/zrx"
SIM="$top_builddir/zrx-sim"
PY=${PYTHON:-python3}
T=$(mktemp -d "${TMPDIR:-/tmp}/zrx-test.XXXXXX")
SIM_PID=""
SIM_PORT=""
tap_n=0
tap_failed=0

cleanup() {
	if [ -n "$SIM_PID" ]; then
		kill "$SIM_PID" 2>/dev/null || true
		wait "$SIM_PID" 2>/dev/null || true
	fi
	if [ "$tap_failed" = 0 ] && [ -z "${KEEP:-}" ]; then
		rm -rf "$T"
	else
		echo "# test files kept in $T" >&2
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

plan() { echo "1..$1"; }

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=1
	echo "not ok $tap_n - $*"
}

# check "description" command...: ok if the command succeeds
check() {
	desc=$1
	shift
	if "$@" >"$T/check.out" 2>&1; then
		ok "$desc"
	else
		not_ok "$desc"
		sed 's/^/# /' "$T/check.out" | head -40
	fi
}

# start_sim ARGS...: zrx-sim in the background; sets SIM_PID, SIM_PORT, BASE
start_sim() {
	stop_sim
	rm -f "$T/sim.port"
	"$SIM" --port 0 "$@" >"$T/sim.port" 2>"$T/sim.err" &
	SIM_PID=$!
	i=0
	while [ ! -s "$T/sim.port" ]; do
		i=$((i + 1))
		if [ $i -gt 200 ] || ! kill -0 "$SIM_PID" 2>/dev/null; then
			echo "# zrx-sim did not start:" >&2
			sed 's/^/# /' "$T/sim.err" >&2
			SIM_PID=""
			return 1
		fi
		sleep 0.05
	done
	SIM_PORT=$(head -n 1 "$T/sim.port")
	BASE="http://127.0.0.1:$SIM_PORT/v2"
	OAUTH="http://127.0.0.1:$SIM_PORT/oauth/token"
}

stop_sim() {
	if [ -n "$SIM_PID" ]; then
		kill "$SIM_PID" 2>/dev/null || true
		wait "$SIM_PID" 2>/dev/null || true
		SIM_PID=""
	fi
}

sim_stats() { $PY "$top_srcdir/tests/simstats.py" "$SIM_PORT" "$@"; }

# Credentials for the simulator (never real ones).
use_token() {
	unset ZOOM_ACCOUNT_ID ZOOM_CLIENT_ID ZOOM_CLIENT_SECRET
	export ZOOM_ACCESS_TOKEN=sim-fixed-token
}
use_s2s() {
	unset ZOOM_ACCESS_TOKEN
	export ZOOM_ACCOUNT_ID=sim-account-id ZOOM_CLIENT_ID=sim-client-id \
		ZOOM_CLIENT_SECRET=sim-client-secret
}

# zrx_export ARGS...: runs zrx export against the simulator; sets RC
zrx_export() {
	RC=0
	"$ZRX" export --base-url "$BASE" --oauth-url "$OAUTH" --progress never --rate 500 "$@" \
		2>"$T/zrx.err" || RC=$?
}

# same_as_truth TRUTH OUTPUT...: the output holds exactly the truth's lines
same_as_truth() { $PY "$top_srcdir/tests/compare.py" "$@"; }

expect_rc() {
	want=$1
	shift
	if [ "$RC" = "$want" ]; then
		ok "$* (exit $RC)"
	else
		not_ok "$* (exit $RC, wanted $want)"
		sed 's/^/# /' "$T/zrx.err" | tail -20
	fi
}

finish() {
	[ "$tap_failed" = 0 ]
}
