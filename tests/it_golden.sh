#!/bin/sh
# The bytes of a fixed export do not change: with one request in flight the
# order of users, windows and pages is fixed, so a fixed simulator dataset
# exports to the same NDJSON and CSV bytes, whatever the code inside does.
# tests/data/golden.sums holds the SHA-256 of each decompressed output.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 4

DATA="--seed 11 --users 40 --start 2023-11-01 --end 2024-02-29"
"$SIM" list-users $DATA --status active,inactive >"$T/users.txt"
start_sim $DATA --access-token sim-fixed-token
use_token

sum_of() { gzip -dc "$1" | sha256sum | cut -d' ' -f1; }
want() { sed -n "s/^\\([0-9a-f]*\\)  $1\$/\\1/p" "$top_srcdir/tests/data/golden.sums"; }

for fmt in ndjson csv; do
	zrx_export --users "$T/users.txt" --from 2023-11-01 --to 2024-02-29 \
		--concurrency 1 --page-size 50 -o "$T/golden-$fmt.$fmt.gz"
	expect_rc 0 "golden export ($fmt)"
	got=$(sum_of "$T/golden-$fmt.$fmt.gz")
	if [ "$got" = "$(want "golden.$fmt")" ]; then
		ok "the $fmt bytes are the golden ones"
	else
		not_ok "the $fmt bytes are the golden ones (got $got)"
	fi
done
finish
