#!/bin/sh
# Resilience: every fault zrx-sim can inject, alone and together, expiring
# OAuth tokens and page tokens, a server limit below the client's rate, and
# unknown users; each run must still equal the simulator's truth.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 38

DATA="--seed 11 --users 30 --start 2024-01-01 --end 2024-04-30 --heavy 2"
"$SIM" list-users $DATA --status active,inactive >"$T/users.txt"
"$SIM" truth $DATA --users "$T/users.txt" --from 2024-01-01 --to 2024-04-30 >"$T/truth.ndjson"
use_token

run_fault() {
	name=$1
	shift
	start_sim $DATA --access-token sim-fixed-token --fault-seed 3 "$@"
	zrx_export --users "$T/users.txt" --from 2024-01-01 --to 2024-04-30 \
		--stall-timeout 2 --timeout 20 --retries 12 -o "$T/$name.ndjson.gz"
	expect_rc 0 "export through $name"
	check "$name: output equals the truth" same_as_truth "$T/truth.ndjson" "$T/$name.ndjson.gz"
}

run_fault 5xx --p-5xx 0.25
check "5xx answers were really served" test "$(sim_stats faults.5xx)" -gt 0
run_fault reset --p-reset 0.15
run_fault reset-body --p-reset-body 0.15
run_fault short-body --p-short-body 0.15
check "truncated bodies were really served" test "$(sim_stats faults.short_body)" -gt 0
run_fault stall --p-stall 0.05
run_fault bad-json --p-bad-json 0.15
run_fault chunked --p-chunked 0.5 --latency-ms 0-20
run_fault everything --p-5xx 0.05 --p-reset 0.05 --p-reset-body 0.05 --p-short-body 0.05 \
	--p-stall 0.02 --p-bad-json 0.05 --p-chunked 0.2 --latency-ms 0-30

# a server limit below what the client asks for
start_sim $DATA --access-token sim-fixed-token --rate 8 --burst 8
zrx_export --users "$T/users.txt" --from 2024-01-01 --to 2024-04-30 --rate 30 -o "$T/limited.ndjson.gz"
expect_rc 0 "export against a server limit of 8/s with --rate 30"
check "rate-limited export equals the truth" same_as_truth "$T/truth.ndjson" "$T/limited.ndjson.gz"
check "the server did answer 429" test "$(sim_stats by_status.429)" -gt 0

# OAuth tokens that expire every 2 seconds
start_sim $DATA --token-ttl 2 --latency-ms 20-60
use_s2s
zrx_export --users "$T/users.txt" --from 2024-01-01 --to 2024-04-30 --concurrency 4 \
	--rate 20 -o "$T/ttl.ndjson.gz"
expect_rc 0 "export while tokens expire every 2 s"
check "token-expiry export equals the truth" same_as_truth "$T/truth.ndjson" "$T/ttl.ndjson.gz"
check "several tokens were fetched" test "$(sim_stats tokens_issued)" -gt 2
use_token

# page tokens refused as expired: windows listed again from their first page
start_sim $DATA --access-token sim-fixed-token --p-expire-page-token 0.2 --fault-seed 4
zrx_export --users "$T/users.txt" --from 2024-01-01 --to 2024-04-30 --page-size 100 \
	-o "$T/ptok.ndjson.gz"
expect_rc 0 "export while page tokens expire"
check "page-token-expiry export equals the truth" same_as_truth "$T/truth.ndjson" "$T/ptok.ndjson.gz"
check "page tokens really were refused and listings restarted" \
	sh -c "test \"\$($PY '$top_srcdir/tests/simstats.py' $SIM_PORT by_status.400)\" -gt 0 && grep -q 'listing it again in two parts' '$T/zrx.err'"

# an API whose month is shorter than a calendar month: the days it leaves
# out of a window are listed on their own
start_sim $DATA --access-token sim-fixed-token --max-range-days 20
zrx_export --users "$T/users.txt" --from 2024-01-01 --to 2024-04-30 -o "$T/clamp.ndjson.gz"
expect_rc 0 "export against an API that clamps ranges to 20 days"
check "clamped export equals the truth" same_as_truth "$T/truth.ndjson" "$T/clamp.ndjson.gz"
check "the clamp was noticed" grep -q "listing .* on its own" "$T/zrx.err"

# the daily limit: exit 6 naming the reset time, then a rerun completes
start_sim $DATA --access-token sim-fixed-token --daily-limit 40
zrx_export --users "$T/users.txt" --from 2024-01-01 --to 2024-04-30 --concurrency 4 -o "$T/daily.ndjson.gz"
expect_rc 6 "the daily limit stops the run"
check "the message names the time to rerun after" grep -q "rerun the same command after [0-9-]*T00:00:00Z" "$T/zrx.err"
check "users finished before the limit were committed" grep -q '"commit"' "$T/daily.state"
start_sim $DATA --access-token sim-fixed-token
zrx_export --users "$T/users.txt" --from 2024-01-01 --to 2024-04-30 -o "$T/daily.ndjson.gz"
expect_rc 0 "the rerun the next day completes"
check "daily-limit export equals the truth" same_as_truth "$T/truth.ndjson" "$T/daily.ndjson.gz"

# unknown users: exit 3, the errors file names exactly them
start_sim $DATA --access-token sim-fixed-token
cp "$T/users.txt" "$T/mixed.txt"
printf 'no-such-user-1\nghost+x@example.com\nNoSuchUser3\n' >>"$T/mixed.txt"
zrx_export --users "$T/mixed.txt" --from 2024-01-01 --to 2024-04-30 -o "$T/mixed.ndjson.gz"
expect_rc 3 "unknown users make the run exit 3"
check "the other users are all exported" same_as_truth "$T/truth.ndjson" "$T/mixed.ndjson.gz"
check "the errors file names exactly the unknown users" $PY - "$T/mixed.errors.ndjson" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
users = sorted(r["user"] for r in rows)
assert users == sorted(["no-such-user-1", "ghost+x@example.com", "NoSuchUser3"]), users
for r in rows:
    assert r["http_status"] == 404 and r["code"] == 1001, r
    assert r["message"] == "user not found", r
    assert set(r) == {"user", "from", "to", "http_status", "code", "message", "attempts", "tracking_id"}, r
    assert r["tracking_id"], r
PY
finish
