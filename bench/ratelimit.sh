#!/usr/bin/env bash
# bench/ratelimit.sh - does zrx run at the rate the account allows?
#
# 1. zrx-sim limits to 20 req/s (burst 20) with 100-300 ms latency; zrx asks
#    for 20 req/s.  Target: >= 19.4 successful req/s, 429s <= 1 %.
# 2. zrx-sim limits to 10 req/s (another app uses the account) while zrx
#    still asks for 20.  Target: >= 9 successful req/s, 429s <= 5 %.
# 3. zrx-sim limits to 60 req/s (burst 60) and answers in 300-500 ms, as
#    Zoom does from another continent; zrx asks for 60 with its default
#    --concurrency.  Target: >= 57 successful req/s (0.95 of the limit),
#    429s <= 1 %: zrx keeps rate x latency in flight by itself.
# Each phase runs SECONDS (default 60) seconds; figures are printed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=${top_builddir:-$(cd "$here/.." && pwd)}
secs=${SECONDS_PER_PHASE:-60}
tmp=$(mktemp -d)
sim=""
trap '[ -n "$sim" ] && kill $sim 2>/dev/null; rm -rf "$tmp"' EXIT

phase() {
	local name=$1 simrate=$2 zrxrate=$3 latency=${4:-100-300}
	"$top/zrx-sim" --port 0 --users 150 --start 2020-01-01 --end 2024-12-31 \
		--rate "$simrate" --burst "$simrate" --latency-ms "$latency" \
		--access-token bench >"$tmp/port" 2>/dev/null &
	sim=$!
	for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
	port=$(head -n 1 "$tmp/port")
	"$top/zrx-sim" list-users --users 150 --status active,inactive >"$tmp/users"
	ZOOM_ACCESS_TOKEN=bench timeout -s TERM "$secs" "$top/zrx" export \
		--base-url "http://127.0.0.1:$port/v2" --users "$tmp/users" \
		--from 2020-01-01 --to 2024-12-31 --rate "$zrxrate" \
		--progress never --quiet -o "$tmp/out-$name.ndjson.gz" --force --restart || true
	python3 - "$port" "$name" "$simrate" "$zrxrate" <<'PY'
import json, sys, urllib.request
port, name, simrate, zrxrate = sys.argv[1:5]
s = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/_sim/stats"))
per = s.get("accepted_per_second", [])
# steady state: drop the first and the last second
while per and per[0] == 0:
    per = per[1:]
steady = per[1:-1] if len(per) > 2 else per
rate = sum(steady) / len(steady) if steady else 0.0
total = s.get("api_requests", 0)
t429 = s.get("by_status", {}).get("429", 0)
pct = 100.0 * t429 / total if total else 0.0
print(f"{name}: sim limit {simrate}/s, zrx --rate {zrxrate}: "
      f"{rate:.2f} successful req/s ({rate / min(float(simrate), float(zrxrate)):.3f} "
      f"of the limit) over {len(steady)} s, "
      f"{t429} 429s of {total} requests ({pct:.2f} %), max concurrency {s.get('max_concurrency')}")
PY
	kill $sim 2>/dev/null || true
	wait $sim 2>/dev/null || true
	sim=""
}

phase full 20 20
phase shared 10 20
phase far 60 60 300-500
