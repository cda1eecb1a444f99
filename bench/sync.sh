#!/usr/bin/env bash
# bench/sync.sh - what the daily feed costs: a simulated account with a year
# of history, a first sync, then DAYS daily syncs (the account changing
# under them); prints the requests of the first run, the median later run,
# and of a full re-export of the same year, and the ratio.  Target: a daily
# sync under 1/5 of the full re-export's requests at a 30-day lookback.
# USERS (default 1000), DAYS (default 30), LOOKBACK (default 30).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=${top_builddir:-$(cd "$here/.." && pwd)}
users=${USERS:-1000}
days=${DAYS:-30}
lookback=${LOOKBACK:-30}
tmp=$(mktemp -d)
sim=""
trap '[ -n "$sim" ] && kill $sim 2>/dev/null; rm -rf "$tmp"' EXIT
bin="$top/zrx"
[ -x "$top/.libs/zrx" ] && bin="$top/.libs/zrx" && export LD_LIBRARY_PATH="$top/.libs"
first=2024-03-01
since=$(date -u -d "$first -365 days" +%Y-%m-%d)
"$top/zrx-sim" --port 0 --users "$users" --start "$since" --end 2024-12-31 \
	--now "${first}T06:00:00Z" --access-token bench >"$tmp/port" 2>/dev/null &
sim=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
port=$(head -n 1 "$tmp/port")
base="http://127.0.0.1:$port/v2"
export ZOOM_ACCESS_TOKEN=bench

requests() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['requests'])" "$1"; }

day=$first
for i in $(seq 0 "$days"); do
	now="${day}T06:00:00Z"
	curl -s -X POST "$base/../_sim/now?t=$now" >/dev/null
	ZRX_NOW=$now "$bin" sync --dir "$tmp/feed" --all-users --since "$since" \
		--lookback "$lookback" --base-url "$base" --rate 5000 --concurrency 64 --quiet
	last=$day
	day=$(date -u -d "$day +1 day" +%Y-%m-%d)
done
n1=$(requests "$tmp/feed/batches/000001.manifest.json")
later=$(for f in "$tmp"/feed/batches/0*.manifest.json; do
	[ "$f" = "$tmp/feed/batches/000001.manifest.json" ] || requests "$f"
done | sort -n)
median=$(echo "$later" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
from=$(date -u -d "$last -365 days" +%Y-%m-%d)
/usr/bin/time -f %e -o "$tmp/t" "$bin" export --all-users --from "$from" --to "$last" \
	--base-url "$base" --rate 5000 --concurrency 64 --quiet -o "$tmp/full.ndjson.gz"
full=$(requests "$tmp/full.manifest.json")
echo "sync: $users users, a year of history, $days daily runs at a $lookback-day lookback"
echo "sync: first run $n1 requests; median later run $median requests ($(python3 -c "print(f'{$median/$users:.2f}')") per user)"
echo "sync: a full re-export of the same year: $full requests"
python3 -c "r = $median / $full; print(f'sync: a daily run costs {r:.3f} of a full re-export (target < 0.2): {\"ok\" if r < 0.2 else \"MISSED\"}')"

# Memory: a later sync of MEMUSERS users (default 100,000; 0 skips), its
# catalog on disk.  Target: peak RSS at most 48 MB.
memusers=${MEMUSERS:-100000}
[ "$memusers" -gt 0 ] || exit 0
kill $sim 2>/dev/null || true
"$top/zrx-sim" --port 0 --users "$memusers" --heavy 0 --meetings-per-month 2 \
	--start 2024-02-01 --end 2024-03-31 --now 2024-03-01T06:00:00Z \
	--access-token bench >"$tmp/port2" 2>/dev/null &
sim=$!
for _ in $(seq 200); do [ -s "$tmp/port2" ] && break; sleep 0.05; done
base="http://127.0.0.1:$(head -n 1 "$tmp/port2")/v2"
ZRX_NOW=2024-03-01T06:00:00Z "$bin" sync --dir "$tmp/big" --all-users --since 2024-02-20 \
	--base-url "$base" --rate 20000 --concurrency 128 --quiet
curl -s -X POST "$base/../_sim/now?t=2024-03-02T06:00:00Z" >/dev/null
ZRX_NOW=2024-03-02T06:00:00Z /usr/bin/time -f '%M %e' -o "$tmp/mem" "$bin" sync \
	--dir "$tmp/big" --all-users --base-url "$base" --rate 20000 --concurrency 128 --quiet
read -r kib secs <"$tmp/mem"
echo "sync: a later run on $memusers users: peak RSS $((kib / 1024)) MiB ($kib KiB) in $secs s; catalog $(du -m "$tmp/big/catalog.sqlite" | cut -f1) MiB on disk (target RSS <= 48 MB)"
