#!/usr/bin/env bash
# bench/memory.sh - peak RSS of zrx export:
#   1. one user with 50,000 meetings (target: under 64 MB; the per-user
#      buffer spills to a temporary file);
#   2. accounts of 10,000, 100,000 and 1,000,000 users, one month, two
#      meetings each, --all-users, --concurrency 16 (targets: under 32 MB
#      each, and at most 4 MB more at 1,000,000 than at 10,000 users).
# MEETINGS=N changes the first, USERS="N ..." the second (USERS= skips it).
# Takes about 5 minutes, mostly the million users.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=${top_builddir:-$(cd "$here/.." && pwd)}
n=${MEETINGS:-50000}
counts=${USERS-10000 100000 1000000}
tmp=$(mktemp -d)
sim=""
trap '[ -n "$sim" ] && kill $sim 2>/dev/null; rm -rf "$tmp"' EXIT
if [ ! -x /usr/bin/time ]; then
	apt-get install -y -q time >/dev/null 2>&1 || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
fi
bin="$top/zrx"
[ -x "$top/.libs/zrx" ] && bin="$top/.libs/zrx" && export LD_LIBRARY_PATH="$top/.libs"
export ZOOM_ACCESS_TOKEN=bench

# start_sim ARGS...: zrx-sim on a free port (a million users take a minute)
start_sim() {
	rm -f "$tmp/port"
	"$top/zrx-sim" --port 0 --access-token bench "$@" >"$tmp/port" 2>/dev/null &
	sim=$!
	for _ in $(seq 3000); do [ -s "$tmp/port" ] && break; sleep 0.1; done
	base="http://127.0.0.1:$(head -n 1 "$tmp/port")/v2"
}
stop_sim() { kill "$sim" 2>/dev/null; wait "$sim" 2>/dev/null || true; sim=""; }
# peak KiB of the last /usr/bin/time -v
peak() { awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$tmp/time.txt"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/time.txt"; }

start_sim --users 1 --big-user "$n" --start 2024-01-01 --end 2024-12-31
/usr/bin/time -v "$bin" export --base-url "$base" --user big@example.com \
	--from 2024-01-01 --to 2024-12-31 --rate 1000 --quiet \
	-o "$tmp/big.ndjson.gz" 2>"$tmp/time.txt"
stop_sim
rss=$(peak)
lines=$(zcat "$tmp/big.ndjson.gz" | wc -l)
echo "memory: one user, $lines meetings exported in $(wall); peak RSS $((rss / 1024)) MiB ($rss KiB)"

first=""
for u in $counts; do
	start_sim --users "$u" --heavy 0 --meetings-per-month 2 --start 2024-01-01 --end 2024-01-31
	rm -f "$tmp"/all.*
	/usr/bin/time -v "$bin" export --all-users --from 2024-01-01 --to 2024-01-31 \
		--base-url "$base" --rate 50000 --concurrency 16 --quiet \
		-o "$tmp/all.ndjson.gz" 2>"$tmp/time.txt"
	stop_sim
	rss=$(peak)
	[ -z "$first" ] && first=$rss && firstu=$u
	awk -v u="$u" -v m="$(zcat "$tmp/all.ndjson.gz" | wc -l)" -v w="$(wall)" -v r="$rss" \
	    -v f="$first" -v fu="$firstu" 'BEGIN { printf "memory: %8d users (%d meetings) in %s; " \
	    "peak RSS %.1f MiB (%d KiB); %+.1f MiB over %d users\n", u, m, w, r / 1024, r, \
	    (r - f) / 1024, fu }' 
done
