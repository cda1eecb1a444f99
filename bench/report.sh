#!/usr/bin/env bash
# bench/report.sh - wall time and peak RSS of `zrx report` over 1,000,000
# meetings (an NDJSON.gz export of a simulated account, with its users
# file), as HTML and as JSON.  Target: peak RSS under 64 MB.
#
#   MEETINGS=1000000 bench/report.sh
#
# The input is zrx-sim's truth (exactly what an export writes), gzip'd
# once into bench/out/ and reused.  Build without --enable-sanitizers
# for figures that mean something.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=${top_builddir:-$(cd "$here/.." && pwd)}
n=${MEETINGS:-1000000}
out="$top/bench/out"
mkdir -p "$out"
if [ ! -x /usr/bin/time ]; then
	apt-get install -y -q time >/dev/null 2>&1 || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
fi
bin="$top/zrx"
[ -x "$top/.libs/zrx" ] && bin="$top/.libs/zrx" && export LD_LIBRARY_PATH="$top/.libs"

# about 80 meetings a month for a year per user with an id, and the heavy
# users zrx-sim adds: enough users that the first n lines are n meetings
users=$(( n / 850 + 1 ))
data="--seed 5 --users $users --meetings-per-month 80 --start 2024-01-01 --end 2024-12-31"
input="$out/report-$n.ndjson.gz"
if [ ! -s "$input" ]; then
	echo "generating about $n meetings ($users users) into $input ..."
	{ "$top/zrx-sim" truth $data || true; } | head -n "$n" | gzip -1 >"$input.tmp"
	mv "$input.tmp" "$input"
	"$top/zrx-sim" truth $data --kind users >"$out/report-users.ndjson"
fi
ls -l "$input" | awk '{printf "input: %s, %.0f MB gzip\n", $NF, $5 / 1e6}'

for fmt in html json; do
	rm -f "$out/report.$fmt"
	/usr/bin/time -v "$bin" report "$input" --users "$out/report-users.ndjson" \
		--as-of 2025-01-15 --retention 180 --quiet -o "$out/report.$fmt" 2>"$out/time.txt"
	rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$out/time.txt")
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/time.txt")
	echo "report ($fmt): $wall wall, peak RSS $((rss / 1024)) MiB ($rss KiB)"
	if [ "$rss" -ge $((64 * 1024)) ]; then
		echo "FAIL: peak RSS is not under 64 MB"
		exit 1
	fi
done
python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
t = r["totals"]
print("figures: %d meetings, %d files, %d users, %d bytes" %
      (t["meetings"], t["files"], t["users"], t["bytes"]))' "$out/report.json"
