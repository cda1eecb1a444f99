#!/bin/sh
# The whole account: --all-users over 500 users in three statuses, zrx users
# fed back as --users, CSV checked field by field by an independent reader,
# both trash types, emails with '+'.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 21

DATA="--seed 21 --users 500 --start 2024-01-01 --end 2024-03-31"
use_token
start_sim $DATA --access-token sim-fixed-token
"$SIM" truth $DATA --user-status active,inactive --from 2024-01-01 --to 2024-03-31 >"$T/truth-all.ndjson"

zrx_export --all-users --from 2024-01-01 --to 2024-03-31 --concurrency 16 --rate 100 -o "$T/all.ndjson.gz"
expect_rc 0 "--all-users export"
check "--all-users equals the truth (inactive users in, pending out, a user in two statuses once)" \
	same_as_truth "$T/truth-all.ndjson" "$T/all.ndjson.gz"
check "inactive users' recordings are present" $PY - "$T/truth-all.ndjson" "$("$SIM" list-users $DATA --status inactive | head -n 1)" <<'PY'
import sys
uid = sys.argv[2]
assert any(f'"_user":"{uid}"' in l for l in open(sys.argv[1])), uid
PY

# enumeration that fails for good stops the run instead of exporting part of the account
RC=0
"$ZRX" export --base-url "http://127.0.0.1:$SIM_PORT/wrong" --all-users --from 2024-01-01 \
	--to 2024-03-31 --progress never --rate 500 --retries 1 -o "$T/noenum.ndjson" 2>"$T/zrx.err" || RC=$?
expect_rc 1 "a user listing that fails stops the run"
check "the message says the users could not be listed" grep -q "cannot list the account's" "$T/zrx.err"

# zrx users, then its ids as a --users file
RC=0
"$ZRX" users --base-url "$BASE" --progress never -o "$T/users.ndjson" 2>"$T/zrx.err" || RC=$?
expect_rc 0 "zrx users"
"$SIM" truth $DATA --kind users --user-status active,inactive >"$T/truth-users.ndjson"
check "zrx users lists every active and inactive user once" $PY - "$T/truth-users.ndjson" "$T/users.ndjson" <<'PY'
import json, sys
truth = [json.loads(l) for l in open(sys.argv[1])]
got = [json.loads(l) for l in open(sys.argv[2])]
tid = sorted(u.get("id", "") for u in truth)
gid = sorted(u.get("id", "") for u in got)
assert tid == gid, (len(tid), len(gid))
assert len(set(gid)) == len(gid), "a user listed twice"
PY
$PY -c 'import json,sys; [print(json.loads(l)["id"]) for l in open(sys.argv[1])]' "$T/users.ndjson" >"$T/ids.txt"
zrx_export --users "$T/ids.txt" --from 2024-01-01 --to 2024-03-31 --concurrency 16 --rate 100 -o "$T/ids.ndjson.gz"
expect_rc 0 "export of the users listed by zrx users"
check "same export as --all-users" same_as_truth "$T/truth-all.ndjson" "$T/ids.ndjson.gz"

RC=0
"$ZRX" users --base-url "$BASE" --progress never --user-status active,inactive,pending -o "$T/users.csv" 2>"$T/zrx.err" || RC=$?
expect_rc 0 "zrx users to CSV with pending users"
check "the users CSV has the documented header and pending users" $PY - "$T/users.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0] == ["id", "email", "first_name", "last_name", "display_name", "type", "status",
                   "role_id", "dept", "timezone", "created_at", "user_created_at", "last_login_time"], rows[0]
assert any(r[6] == "pending" and r[0] == "" for r in rows[1:]), "no pending user"
PY

# CSV, checked field by field against the truth by Python's csv module
head -n 40 "$T/ids.txt" >"$T/forty.txt"
printf 'big@example.com\n' >/dev/null
"$SIM" truth $DATA --users "$T/forty.txt" --from 2024-01-01 --to 2024-03-31 >"$T/truth40.ndjson"
zrx_export --users "$T/forty.txt" --from 2024-01-01 --to 2024-03-31 -o "$T/forty.csv.gz"
expect_rc 0 "CSV export"
check "CSV equals the truth field by field" $PY "$top_srcdir/tests/csvcheck.py" "$T/truth40.ndjson" "$T/forty.csv.gz"
check "some meeting lists recording_files before its topic" \
	grep -q '^{"recording_files"' "$T/truth40.ndjson"

# emails with '+'
"$SIM" list-users $DATA --status active --field email | grep '+' | head -n 20 >"$T/emails.txt"
check "the dataset has emails with +" test -s "$T/emails.txt"
"$SIM" truth $DATA --users "$T/emails.txt" --from 2024-01-01 --to 2024-03-31 >"$T/truth-emails.ndjson"
zrx_export --users "$T/emails.txt" --from 2024-01-01 --to 2024-03-31 -o "$T/emails.ndjson"
expect_rc 0 "export by email"
check "emails with + are URL-encoded and exported" same_as_truth "$T/truth-emails.ndjson" "$T/emails.ndjson"

# trash, both types
for tt in meeting_recordings recording_file; do
	"$SIM" truth $DATA --users "$T/forty.txt" --trash --trash-type $tt >"$T/truth-$tt.ndjson"
	zrx_export --users "$T/forty.txt" --trash --trash-type $tt -o "$T/trash-$tt.ndjson"
	expect_rc 0 "trash export ($tt)"
	check "trash ($tt) equals the truth, deleted_time present" sh -c \
		"$PY '$top_srcdir/tests/compare.py' '$T/truth-$tt.ndjson' '$T/trash-$tt.ndjson' && grep -q deleted_time '$T/trash-$tt.ndjson'"
done
finish
