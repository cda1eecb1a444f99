#!/usr/bin/env bash
# quickstart.sh - set up zrx on a fresh Debian machine and run an export.
#
# With Zoom Server-to-Server OAuth credentials in the environment
# (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET) or ZOOM_ACCESS_TOKEN,
# it exports the whole account's recordings of the last 365 days into
# exports/.  Without them it starts the bundled simulator, zrx-sim, with
# 1,000 users and exports a year from it.  Extra arguments go to zrx export.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
if ! dpkg -s $(cat .ci/packages) >/dev/null 2>&1; then
	echo "quickstart: installing build dependencies" >&2
	$sudo apt-get update -q
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
		$(cat .ci/packages)
fi
if [ ! -x ./zrx ]; then
	echo "quickstart: building" >&2
	[ -x ./configure ] || autoreconf -fi >/dev/null
	[ -f Makefile ] || ./configure -q
	make -j"$(nproc)" -s >/dev/null
fi
mkdir -p exports

if [ -n "${ZOOM_ACCESS_TOKEN:-}" ] || [ -n "${ZOOM_CLIENT_SECRET:-}" ]; then
	from=$(date -u -d '365 days ago' +%F)
	exec ./zrx export --all-users --from "$from" -o exports/recordings.ndjson.gz "$@"
fi

echo "quickstart: no Zoom credentials set; exporting from zrx-sim (1,000 simulated users)" >&2
./zrx-sim --port 0 --users 1000 --start 2024-01-01 --end 2024-12-31 \
	--access-token quickstart-token >exports/.sim-port 2>/dev/null &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s exports/.sim-port ] && break; sleep 0.05; done
port=$(head -n 1 exports/.sim-port)
rm -f exports/.sim-port
rc=0
ZOOM_ACCESS_TOKEN=quickstart-token ./zrx export --all-users \
	--from 2024-01-01 --to 2024-12-31 \
	--base-url "http://127.0.0.1:$port/v2" --rate 500 --concurrency 32 \
	-o exports/sim-recordings.ndjson.gz --force --restart "$@" || rc=$?
echo "quickstart: files in exports/: $(ls exports | tr '\n' ' ')" >&2
exit $rc
