#!/usr/bin/env bash
# bench/cpu.sh - CPU (user + sys) of a 300-user, 12-month export from zrx-sim
# to .ndjson.gz, for this build and, with BASELINE=DIR, for another build
# of zrx (an older checkout) on the same data; the best of RUNS (5) each.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=${top_builddir:-$(cd "$here/.." && pwd)}
runs=${RUNS:-5}
tmp=$(mktemp -d)
sim=""
trap '[ -n "$sim" ] && kill $sim 2>/dev/null; rm -rf "$tmp"' EXIT
if [ ! -x /usr/bin/time ]; then
	apt-get install -y -q time >/dev/null 2>&1 || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
fi
data="--seed 1 --users 300 --start 2023-01-01 --end 2023-12-31"
"$top/zrx-sim" list-users $data >"$tmp/users.txt"
"$top/zrx-sim" --port 0 --access-token bench $data >"$tmp/port" 2>/dev/null &
sim=$!
for _ in $(seq 600); do [ -s "$tmp/port" ] && break; sleep 0.05; done
base="http://127.0.0.1:$(head -n 1 "$tmp/port")/v2"
export ZOOM_ACCESS_TOKEN=bench

# measure NAME DIR: the best user + sys of RUNS exports by DIR's zrx
measure() {
	local name=$1 dir=$2 bin="$2/zrx" lib=""
	[ -x "$dir/.libs/zrx" ] && bin="$dir/.libs/zrx" && lib="$dir/.libs"
	for _ in $(seq "$runs"); do
		rm -f "$tmp"/out.*
		LD_LIBRARY_PATH="$lib" /usr/bin/time -f '%U %S' -o "$tmp/time.txt" "$bin" export \
			--users "$tmp/users.txt" --from 2023-01-01 --to 2023-12-31 \
			--base-url "$base" --rate 100000 --quiet -o "$tmp/out.ndjson.gz"
		awk '{ printf "%.2f %.2f %.2f\n", $1 + $2, $1, $2 }' "$tmp/time.txt"
	done | sort -g | head -n 1 | {
		read -r total user sys
		echo "cpu: $name: $total s (user $user, sys $sys), $(zcat "$tmp/out.ndjson.gz" | wc -l) meetings"
	}
}
measure "this build" "$top"
[ -n "${BASELINE:-}" ] && measure "baseline $BASELINE" "$BASELINE"
exit 0
