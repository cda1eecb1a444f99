#!/usr/bin/env bash
# bench/memory.sh - peak RSS of exporting one user with 50,000 meetings.
# Target: under 64 MB (the per-user buffer spills to a temporary file).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=${top_builddir:-$(cd "$here/.." && pwd)}
n=${MEETINGS:-50000}
tmp=$(mktemp -d)
sim=""
trap '[ -n "$sim" ] && kill $sim 2>/dev/null; rm -rf "$tmp"' EXIT
if [ ! -x /usr/bin/time ]; then
	apt-get install -y -q time >/dev/null 2>&1 || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
fi
"$top/zrx-sim" --port 0 --users 1 --big-user "$n" --start 2024-01-01 --end 2024-12-31 \
	--access-token bench >"$tmp/port" 2>/dev/null &
sim=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
port=$(head -n 1 "$tmp/port")
bin="$top/zrx"
[ -x "$top/.libs/zrx" ] && bin="$top/.libs/zrx" && export LD_LIBRARY_PATH="$top/.libs"
ZOOM_ACCESS_TOKEN=bench /usr/bin/time -v "$bin" export \
	--base-url "http://127.0.0.1:$port/v2" --user big@example.com \
	--from 2024-01-01 --to 2024-12-31 --rate 1000 --quiet \
	-o "$tmp/big.ndjson.gz" 2>"$tmp/time.txt"
rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$tmp/time.txt")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/time.txt")
lines=$(zcat "$tmp/big.ndjson.gz" | wc -l)
echo "memory: one user, $lines meetings exported in $wall; peak RSS $((rss / 1024)) MiB ($rss KiB)"
