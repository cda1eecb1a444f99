#!/usr/bin/env bash
# bench/scaling.sh - what one zrx process costs at an account's rate: zrx
# exports USERS users over a year (pages of the usual size) from zrx-sim
# limited to RATE req/s and answering in 300-500 ms, with --rate RATE;
# prints achieved req/s, CPU (share of one core), peak RSS and bytes/s.
# USERS (300), RATE (60) change it; takes about requests / RATE seconds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=${top_builddir:-$(cd "$here/.." && pwd)}
users=${USERS:-300}
rate=${RATE:-60}
tmp=$(mktemp -d)
sim=""
trap '[ -n "$sim" ] && kill $sim 2>/dev/null; rm -rf "$tmp"' EXIT
if [ ! -x /usr/bin/time ]; then
	apt-get install -y -q time >/dev/null 2>&1 || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
fi
bin="$top/zrx"
[ -x "$top/.libs/zrx" ] && bin="$top/.libs/zrx" && export LD_LIBRARY_PATH="$top/.libs"
data="--seed 1 --users $users --start 2023-01-01 --end 2023-12-31"
"$top/zrx-sim" list-users $data >"$tmp/users.txt"
"$top/zrx-sim" --port 0 --access-token bench $data --rate "$rate" --burst "$rate" \
	--latency-ms 300-500 >"$tmp/port" 2>/dev/null &
sim=$!
for _ in $(seq 600); do [ -s "$tmp/port" ] && break; sleep 0.05; done
base="http://127.0.0.1:$(head -n 1 "$tmp/port")/v2"
ZOOM_ACCESS_TOKEN=bench /usr/bin/time -f '%e %U %S %M' -o "$tmp/time.txt" "$bin" export \
	--users "$tmp/users.txt" --from 2023-01-01 --to 2023-12-31 --base-url "$base" \
	--rate "$rate" --quiet -o "$tmp/out.ndjson.gz"
read -r wall user sys rss <"$tmp/time.txt"
python3 - "$tmp/out.manifest.json" "$wall" "$user" "$sys" "$rss" "$rate" "$(stat -c %s "$tmp/out.ndjson.gz")" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
wall, user, sys_, rss, rate, size = (float(x) for x in sys.argv[2:])
req = m.get('requests', 0)
print('scaling: %d requests in %.1f s (%.1f req/s of %g allowed); CPU %.2f s = %.1f%% of one '
      'core; peak RSS %.1f MiB; %d meetings, %.1f MB written (%.0f KB/s)'
      % (req, wall, req / wall, rate, user + sys_, (user + sys_) * 100 / wall, rss / 1024,
         m.get('records', 0), size / 1e6, size / wall / 1e3))
PY
