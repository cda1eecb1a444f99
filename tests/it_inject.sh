#!/bin/sh
# it_inject.sh - prove the failure-injection shim (tests/.libs/libinject.so)
# and the error paths it reaches: a full disk or a failing fsync is reported
# as ENOSPC/EIO, and nothing half-written is left behind.  TAP output.
set -u

top_builddir=${top_builddir:-.}
shim=$top_builddir/tests/.libs/libinject.so
probe=$top_builddir/tests/inject_probe
# The shim is preloaded ahead of the sanitizer runtime of an ASan build.
case ${ASAN_OPTIONS:-} in
*verify_asan_link_order=0*) ;;
*) ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" ;;
esac
export ASAN_OPTIONS

n=0
failed=0
echo "1..15"

check() { # check DESCRIPTION EXPECTED ACTUAL
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		echo "# expected: '$2'"
		echo "# actual:   '$3'"
		failed=$((failed + 1))
	fi
}

if [ ! -f "$shim" ] || [ ! -x "$probe" ]; then
	echo "Bail out! $shim or $probe is not built"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zrx-inject.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# inject VAR=VALUE... -- ARGS: run the probe under the shim
inject() {
	env LD_PRELOAD="$shim" "$@" 2>"$tmp/stderr"
}

out=$("$probe" gzout "$tmp/plain-inj.gz" 6 2>"$tmp/stderr" | cut -d' ' -f1)
check "gzout without the shim succeeds" "ok" "$out"

out=$(inject ZRX_INJECT_PATH=nomatch-zzz "$probe" gzout "$tmp/nomatch.gz" 6 | cut -d' ' -f1)
check "the shim leaves other paths alone" "ok" "$out"

out=$(inject ZRX_INJECT_PATH=gz-inj "$probe" gzout "$tmp/gz-inj.ndjson.gz" 6)
check "gzout reports ENOSPC from the first write" "error ENOSPC" "$out"

out=$(inject ZRX_INJECT_PATH=gz-inj ZRX_INJECT_AFTER=70000 "$probe" gzout "$tmp/gz-inj2.ndjson.gz" 6)
check "gzout reports ENOSPC after a short write" "error ENOSPC" "$out"
size=$(wc -c <"$tmp/gz-inj2.ndjson.gz" | tr -d ' ')
check "exactly the allowed bytes reached the file" "70000" "$size"

out=$(inject ZRX_INJECT_PATH=plain-inj ZRX_INJECT_AFTER=1000 ZRX_INJECT_ERRNO=EIO "$probe" gzout "$tmp/plain-inj.ndjson" -1)
check "plain output reports the injected EIO" "error EIO" "$out"

out=$(inject ZRX_INJECT_PATH=fs-inj ZRX_INJECT_FSYNC=1 ZRX_INJECT_AFTER=1000000000 "$probe" gzout "$tmp/fs-inj.gz" 6)
check "a failing fsync fails the commit with EIO" "error EIO" "$out"

mkdir "$tmp/atomic-inj"
printf 'old\n' >"$tmp/atomic-inj/manifest.json"
out=$(inject ZRX_INJECT_PATH=atomic-inj ZRX_INJECT_AFTER=5000 "$probe" atomic "$tmp/atomic-inj/manifest.json")
check "an atomic write reports ENOSPC" "error ENOSPC" "$out"
check "the old file is untouched and no temp file is left" "manifest.json old" \
	"$(ls -A "$tmp/atomic-inj" | tr '\n' ' ')$(cat "$tmp/atomic-inj/manifest.json")"

out=$(inject ZRX_INJECT_PATH=atomic-inj ZRX_INJECT_FSYNC=1 ZRX_INJECT_AFTER=1000000000 "$probe" atomic "$tmp/atomic-inj/manifest.json")
check "an atomic write whose fsync fails reports EIO, leaves no temp" "error EIO manifest.json old" \
	"$out $(ls -A "$tmp/atomic-inj" | tr '\n' ' ')$(cat "$tmp/atomic-inj/manifest.json")"

state="$tmp/journal-inj.state"
out=$("$probe" journal "$state" alice 2>"$tmp/stderr")
check "a journal commit without the shim" "ok users=1" "$out"
out=$(inject ZRX_INJECT_PATH=journal-inj ZRX_INJECT_AFTER=20 "$probe" journal "$state" bob)
check "a journal commit cut short reports ENOSPC" "error ENOSPC" "$out"
out=$("$probe" journal "$state" "" 2>"$tmp/stderr")
check "the state reopens with only the committed user" "ok users=1" "$out"
out=$("$probe" journal "$state" carol 2>"$tmp/stderr")
check "and takes new commits after it" "ok users=2" "$out"

mkdir "$tmp/spill-inj"
out=$(inject ZRX_INJECT_PATH=spill-inj "$probe" userbuf "$tmp/spill-inj")
check "a userbuf spill reports ENOSPC" "error ENOSPC" "$out"

[ "$failed" -eq 0 ]
