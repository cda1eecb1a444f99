#!/usr/bin/env bash
# bench/floor.sh - zrx's CPU per export against the floor: yajl parsing the
# exact response bodies plus zlib deflating the exact uncompressed output
# (bench/floor.c), for .ndjson.gz and .csv.gz at gzip level 6.
# Target: zrx CPU (user + sys) <= 1.25 x the floor; the gzip output no more
# than 1% larger than zlib's own at the same level.
# USERS, FROM, TO and RUNS (the best of RUNS is taken) change the workload.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=${top_builddir:-$(cd "$here/.." && pwd)}
src=${top_srcdir:-$(cd "$here/.." && pwd)}
users=${USERS:-300}
from=${FROM:-2023-01-01}
to=${TO:-2023-12-31}
runs=${RUNS:-3}
tmp=$(mktemp -d)
sim=""
trap '[ -n "$sim" ] && kill $sim 2>/dev/null; rm -rf "$tmp"' EXIT
if [ ! -x /usr/bin/time ]; then
	apt-get install -y -q time >/dev/null 2>&1 || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
fi
bin="$top/zrx"
[ -x "$top/.libs/zrx" ] && bin="$top/.libs/zrx" && export LD_LIBRARY_PATH="$top/.libs"
if grep -q -- '-fsanitize' "$top/config.log" 2>/dev/null; then
	echo "floor: $top is built with sanitizers; measure a plain build (./configure CFLAGS=-O2)" >&2
	exit 1
fi
${CC:-cc} -O2 -o "$tmp/floor" "$src/bench/floor.c" \
	$(pkg-config --cflags --libs yajl zlib 2>/dev/null || echo -lyajl -lz)

data="--seed 1 --users $users --start $from --end $to"
"$top/zrx-sim" list-users $data >"$tmp/users.txt"
"$top/zrx-sim" --port 0 --access-token bench $data >"$tmp/port" 2>/dev/null &
sim=$!
for _ in $(seq 600); do [ -s "$tmp/port" ] && break; sleep 0.05; done
base="http://127.0.0.1:$(head -n 1 "$tmp/port")/v2"
export ZOOM_ACCESS_TOKEN=bench

# the bodies of the requests zrx makes: month windows, `to` one day later,
# 300 per page, each page token followed
python3 - "$base" "$tmp/users.txt" "$from" "$to" "$tmp/bodies" <<'PY'
import datetime, json, sys, urllib.parse, urllib.request
base, users, first, last, out = sys.argv[1:]
d = datetime.date.fromisoformat
first, last = d(first), d(last)
wins, a = [], first
while a <= last:
    nxt = (a.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    b = min(nxt - datetime.timedelta(days=1), last)
    wins.append((a, b + datetime.timedelta(days=1)))
    a = b + datetime.timedelta(days=1)
n = 0
with open(out, 'wb') as f:
    for u in open(users).read().split():
        for a, b in wins:
            tok = ''
            while True:
                q = {'page_size': 300, 'from': a.isoformat(), 'to': b.isoformat()}
                if tok:
                    q['next_page_token'] = tok
                url = '%s/users/%s/recordings?%s' % (base, urllib.parse.quote(u, safe=''),
                                                     urllib.parse.urlencode(q))
                req = urllib.request.Request(url, headers={'Authorization': 'Bearer bench'})
                body = urllib.request.urlopen(req).read()
                f.write(b'%d\n' % len(body) + body)
                n += 1
                tok = json.loads(body).get('next_page_token') or ''
                if not tok:
                    break
PY

best() { sort -g | head -n 1; }
for fmt in ndjson csv; do
	for _ in $(seq "$runs"); do
		rm -f "$tmp"/out.*
		/usr/bin/time -f '%U %S' -o "$tmp/time.txt" "$bin" export --users "$tmp/users.txt" \
			--from "$from" --to "$to" --base-url "$base" --rate 100000 --quiet \
			-o "$tmp/out.$fmt.gz"
		awk '{ print $1 + $2 }' "$tmp/time.txt"
	done | best >"$tmp/zrx_cpu"
	gzip -dc "$tmp/out.$fmt.gz" >"$tmp/out.$fmt"
	for _ in $(seq "$runs"); do
		"$tmp/floor" "$tmp/bodies" "$tmp/out.$fmt" 6 >"$tmp/floor.txt"
		awk '{ print $14 }' "$tmp/floor.txt"
	done | best >"$tmp/floor_cpu"
	read -r _ nb _ bytes _ _ _ obytes _ fgz _ _ _ _ <"$tmp/floor.txt"
	zgz=$(stat -c %s "$tmp/out.$fmt.gz")
	meetings=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['meetings'])" \
		"$tmp/out.manifest.json" 2>/dev/null || echo "?")
	awk -v fmt="$fmt" -v z="$(cat "$tmp/zrx_cpu")" -v f="$(cat "$tmp/floor_cpu")" \
	    -v nb="$nb" -v b="$bytes" -v ob="$obytes" -v zg="$zgz" -v fg="$fgz" 'BEGIN {
		printf "floor: %s.gz: %d bodies, %.1f MB of JSON in, %.1f MB out; zrx %.2f s CPU, " \
		    "floor %.2f s, ratio %.2f (target <= 1.25); gzip %d bytes vs zlib %d (%+.2f%%)\n",
		    fmt, nb, b / 1e6, ob / 1e6, z, f, z / f, zg, fg, (zg - fg) * 100 / fg }'
done
