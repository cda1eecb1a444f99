#!/bin/sh
# zrx export end to end against zrx-sim: 200 users over 13 months, exactly
# the simulator's truth, under both readings of `to`, with a fixed token and
# with Server-to-Server OAuth; usage errors request nothing.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 23

DATA="--seed 7 --users 200 --start 2023-01-01 --end 2024-01-31"
"$SIM" list-users $DATA --status active,inactive >"$T/users.txt"
"$SIM" truth $DATA --users "$T/users.txt" --from 2023-01-01 --to 2024-01-31 >"$T/truth.ndjson"
"$SIM" truth $DATA --users "$T/users.txt" --from 2023-02-15 --to 2023-11-30 >"$T/truth-part.ndjson"

for sem in inclusive exclusive; do
	start_sim $DATA --to-semantics $sem --access-token sim-fixed-token
	use_token
	zrx_export --users "$T/users.txt" --from 2023-01-01 --to 2024-01-31 \
		--concurrency 16 -o "$T/$sem.ndjson.gz"
	expect_rc 0 "export, to-semantics $sem"
	check "every meeting exactly once, byte-identical ($sem)" \
		same_as_truth "$T/truth.ndjson" "$T/$sem.ndjson.gz"
	zrx_export --users "$T/users.txt" --from 2023-02-15 --to 2023-11-30 \
		--concurrency 16 -o "$T/$sem-part.ndjson"
	check "a range inside months keeps exactly its days ($sem)" \
		same_as_truth "$T/truth-part.ndjson" "$T/$sem-part.ndjson"
done
check "gzip -t accepts the output" gzip -t "$T/inclusive.ndjson.gz"
check "output file mode is 0600" test "$(stat -c %a "$T/inclusive.ndjson.gz")" = 600

start_sim $DATA
use_s2s
zrx_export --users "$T/users.txt" --from 2023-01-01 --to 2024-01-31 -o "$T/s2s.ndjson.gz"
expect_rc 0 "export with Server-to-Server OAuth"
check "OAuth export equals the truth" same_as_truth "$T/truth.ndjson" "$T/s2s.ndjson.gz"
check "the client secret appears in no output" \
	sh -c "! grep -r sim-client-secret '$T/zrx.err' '$T'/s2s.* >/dev/null"

# credentials refused: exit 4, naming what to check, never the secret
export ZOOM_CLIENT_SECRET=wrong-secret-value
zrx_export --user x --from 2023-01-01 --to 2023-01-31 -o "$T/auth1.ndjson"
expect_rc 4 "a wrong client secret"
check "the message names the variables to check" grep -q "ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET" "$T/zrx.err"
check "the message does not print the secret" sh -c "! grep -q wrong-secret-value '$T/zrx.err'"
use_s2s
export ZOOM_ACCOUNT_ID=wrong-account
zrx_export --user x --from 2023-01-01 --to 2023-01-31 -o "$T/auth2.ndjson"
expect_rc 4 "a wrong account id"
check "the message names ZOOM_ACCOUNT_ID" grep -q "ZOOM_ACCOUNT_ID" "$T/zrx.err"
use_token
export ZOOM_ACCESS_TOKEN=not-a-valid-token
zrx_export --user x --from 2023-01-01 --to 2023-01-31 -o "$T/auth3.ndjson"
expect_rc 4 "a fixed token that is refused"
check "the message names ZOOM_ACCESS_TOKEN and not the token" \
	sh -c "grep -q ZOOM_ACCESS_TOKEN '$T/zrx.err' && ! grep -q not-a-valid-token '$T/zrx.err'"
use_s2s

# NDJSON to stdout by default
head -n 5 "$T/users.txt" >"$T/five.txt"
"$SIM" truth $DATA --users "$T/five.txt" --from 2023-01-01 --to 2024-01-31 >"$T/truth5.ndjson"
RC=0
"$ZRX" export --base-url "$BASE" --oauth-url "$OAUTH" --users "$T/five.txt" \
	--from 2023-01-01 --to 2024-01-31 --quiet >"$T/stdout.ndjson" 2>"$T/zrx.err" || RC=$?
expect_rc 0 "export to standard output"
check "stdout export equals the truth" same_as_truth "$T/truth5.ndjson" "$T/stdout.ndjson"

# usage errors: exit 2 and not a single request
before=$(sim_stats requests)
bad=0
printf 'ok-user\nbad user\n' >"$T/bad-users.txt"
for args in "--users $T/bad-users.txt --from 2023-01-01" \
	"--user x --from 2023-02-30" \
	"--user x --from 2023-03-01 --to 2023-02-01" \
	"--user x --from 2023-01-01 --page-size 301" \
	"--user x --from 2023-01-01 --concurrenci 3" \
	"--user x"; do
	RC=0
	# shellcheck disable=SC2086
	"$ZRX" export --base-url "$BASE" $args -o "$T/never.ndjson" 2>"$T/usage.err" || RC=$?
	if [ "$RC" != 2 ] || [ ! -s "$T/usage.err" ]; then
		echo "# '$args' gave exit $RC" >&2
		bad=1
	fi
done
check "usage errors exit 2 with a message" test $bad = 0
check "usage errors sent no request" test "$(sim_stats requests)" = "$before"
RC=0
"$ZRX" export --base-url "$BASE" --users "$T/bad-users.txt" --from 2023-01-01 2>"$T/usage.err" || RC=$?
check "a bad users-file line is named by its number" grep -q "bad-users.txt:2" "$T/usage.err"
finish
