#!/bin/sh
# libzrx through include/zrx.h alone: setters that refuse bad values and
# say why, an export equal to the truth, progress and log callbacks,
# zrx_interrupt, signal dispositions left alone, no token in verbose logs,
# independent handles; and the README's example, compiled and run.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 10

API="$top_builddir/tests/test_api"
EXAMPLE="$top_builddir/examples/export"
DATA="--seed 5 --users 4 --start 2024-01-01 --end 2024-03-31"
"$SIM" list-users $DATA | head -n 1 >"$T/user.txt"
U=$(cat "$T/user.txt")
"$SIM" truth $DATA --users "$T/user.txt" >"$T/truth.ndjson"
start_sim $DATA --access-token sim-fixed-token
use_token

check "setters refuse an unknown option, a wrong type and bad values, saying why" \
	"$API" setters
check "an export through the library returns 0 and reports progress" \
	sh -c "'$API' export '$BASE' '$U' '$T/a.ndjson.gz' >'$T/n.txt'"
check "... its output equals the truth" same_as_truth "$T/truth.ndjson" "$T/a.ndjson.gz"
check "... and the final progress counts its meetings" \
	test "$(cat "$T/n.txt")" = "$(wc -l <"$T/truth.ndjson")"
check "zrx_interrupt before zrx_run: the run stops with ZRX_EXIT_INTERRUPTED" \
	"$API" interrupt "$BASE" "$U" "$T/i.ndjson.gz"
check "a run leaves the process's signal dispositions alone" \
	"$API" signals "$BASE" "$U" "$T/s.ndjson.gz"
check "verbose JSON logs name the requests, never the token" \
	"$API" secrets "$BASE" "$U" "$T/v.ndjson.gz"
check "two handles are independent; a finished output is not overwritten" \
	"$API" handles "$BASE" "$U" "$T/h1.ndjson.gz" "$T/h2.csv.gz"
check "README's library example is examples/export.c, verbatim" \
	$PY "$top_srcdir/tests/readme_block.py" "$top_srcdir/README.md" \
	"$top_srcdir/examples/export.c"
check "... and it exports the truth" sh -c "
	'$EXAMPLE' '$U' 2024-01-01 2024-03-31 '$T/ex.ndjson.gz' '$BASE' 2>'$T/ex.err' &&
	$PY '$top_srcdir/tests/compare.py' '$T/truth.ndjson' '$T/ex.ndjson.gz'"
finish
