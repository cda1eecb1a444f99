#!/bin/sh
# Loading into databases: zrx exports a messy account (zrx-sim --messy: 60
# users, a year) as NDJSON.gz and CSV.gz, both equal to the simulator's
# truth; the DuckDB and PostgreSQL commands of README.md, run as printed,
# load both; the counts of meetings and recording files, the exact sum of
# file_size (its whole numbers) and the bytes of the topics equal the truth.
# The BigQuery and Snowflake SQL of README.md parses in its dialect, and the
# BigQuery SQL and the Snowflake CSV SQL, run in DuckDB (tests/db_dialect.mjs)
# on the same files loaded as text, give the same counts and sum.
# The databases as tests/dblib.sh finds them; a missing one is skipped, or
# fails when CI=true or ZRX_DB_REQUIRED=1.
# shellcheck disable=SC2086 # $DATA and $RANGE are lists of arguments
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/dblib.sh"
plan 23

# The data runs a month past the query: zrx asks for a day more, and keeps
# a meeting of that day whose start_time it cannot read (so does the truth).
DATA="--seed 11 --users 60 --start 2024-01-01 --end 2025-01-31 --messy"
RANGE="--from 2024-01-01 --to 2024-12-31"
L="$T/load"
mkdir "$L"
# compare GOT DB WHAT NOTE: GOT's first line is meetings|files|bytes, its
# second the bytes of the topics, as in $T/want-DB (2 checks)
compare() {
	sed -n 1p "$T/want-$2" >"$T/want.1"
	sed -n 2p "$T/want-$2" >"$T/want.2"
	if [ "$(wc -l <"$1")" = 2 ]; then
		sed -n 1p "$1" >"$T/got.1"
		sed -n 2p "$1" >"$T/got.2"
	else
		cp "$1" "$T/got.1"
		cp "$1" "$T/got.2"
	fi
	same "$T/want.1" "$T/got.1" "$3: meetings|files|sum(file_size) as in the truth"
	same "$T/want.2" "$T/got.2" "$3: bytes of the topics as in the truth${4:+ $4}"
}

# The truth: meetings|files|sum of file_size, then the bytes of the topics
# (with and without U+0000, which PostgreSQL text cannot hold). The sum is
# that of the sizes written as whole numbers (digits, maybe a '-'), exactly,
# as the README's _num columns read them; "1.5", "12 MB" and null count 0.
"$SIM" list-users $DATA --status active,inactive >"$T/users.txt"
"$SIM" truth $DATA --users "$T/users.txt" $RANGE >"$T/truth.ndjson"
check "the truth is messy (start_time no timestamp, sizes past 2^63, ...)" \
	$PY - "$T/truth.ndjson" "$T" <<'PY'
import json, re, sys
from datetime import datetime, timezone
meetings = files = size = 0
keys = set()
topic_bytes = topic_nuls = 0
seen = set()
whole = re.compile(r"-?[0-9]+")
TS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")
for line in open(sys.argv[1], encoding="utf-8"):
    m = json.loads(line, parse_float=lambda s: ("float", s))
    meetings += 1
    keys.add((m.get("_user"), m.get("uuid")))
    st = m.get("start_time", "absent")
    try:
        assert isinstance(st, str) and TS.match(st)
        utc = datetime.fromisoformat(st.replace("Z", "+00:00")).astimezone(timezone.utc)
        if utc.year > 2024:
            seen.add("a readable meeting past --to")
    except (AssertionError, ValueError):
        seen.add("start_time")
    if isinstance(m.get("type"), str) and not whole.fullmatch(m["type"]):
        seen.add("type")
    if isinstance(m.get("total_size"), int) and m["total_size"] >= 2**63:
        seen.add("total_size")
    for f in m.get("recording_files") or []:
        files += 1
        v = f.get("file_size")
        if isinstance(v, int) and not isinstance(v, bool):
            size += v  # exact past 2**53
        elif isinstance(v, str) and whole.fullmatch(v):
            size += int(v)
        if isinstance(v, int) and v >= 2**64:
            seen.add("file_size past 2^64")
        if isinstance(v, tuple) or (isinstance(v, int) and v < 0):
            seen.add("file_size negative or fractional")
        if "id" not in f and f.get("file_type") not in ("CC", "TIMELINE"):
            seen.add("a file without id")
        for k in ("recording_start", "recording_end"):
            if not (isinstance(f.get(k), str) and TS.match(f[k])) and f.get(k) != "":
                seen.add(k)
    if "x_sim_messy" in m:
        seen.add("nested unknown keys")
    t = m.get("topic")
    if isinstance(t, str):
        topic_bytes += len(t.encode("utf-8"))
        topic_nuls += t.count("\0")
        if "\0" in t and "\r" in t:
            seen.add("a topic with NUL and CR")
# The CSV counts meetings as distinct (user, meeting_uuid).
assert len(keys) == meetings, f"{meetings} meetings but {len(keys)} (user, uuid)"
assert size > 2**64 and files > 10000 and topic_nuls > 0, (size, files, topic_nuls)
want = {"start_time", "type", "total_size", "file_size past 2^64",
        "file_size negative or fractional", "a file without id",
        "recording_start", "recording_end", "nested unknown keys"}
assert want <= seen, sorted(want - seen)
assert "a readable meeting past --to" not in seen
with open(f"{sys.argv[2]}/want-duckdb", "w") as w:
    print(f"{meetings}|{files}|{size}\n{topic_bytes}", file=w)
with open(f"{sys.argv[2]}/want-pg", "w") as w:
    print(f"{meetings}|{files}|{size}\n{topic_bytes - topic_nuls}", file=w)
with open(f"{sys.argv[2]}/want-sum", "w") as w:
    print(f"{meetings}|{files}|{size}", file=w)
PY
# zrx keeps a meeting of --to + 1 whose start_time it cannot read: the
# truth holds one (the query's inclusive reading of --to has it, the
# exclusive one not)
"$SIM" truth $DATA --users "$T/users.txt" $RANGE --to-semantics exclusive >"$T/truth-excl.ndjson"

start_sim $DATA --access-token sim-fixed-token
use_token
zrx_export --users "$T/users.txt" $RANGE --concurrency 16 --rate 100 -o "$L/meetings.ndjson.gz"
expect_rc 0 "export to NDJSON.gz"
zrx_export --users "$T/users.txt" $RANGE --concurrency 16 --rate 100 -o "$L/recordings.csv.gz"
expect_rc 0 "export to CSV.gz"
stop_sim
check "NDJSON: every meeting exactly once, byte-identical, one of --to + 1 too" sh -c "
	$PY '$top_srcdir/tests/compare.py' '$T/truth.ndjson' '$L/meetings.ndjson.gz' &&
	test \$(wc -l <'$T/truth.ndjson') -gt \$(wc -l <'$T/truth-excl.ndjson')"
check "CSV: every row of the truth exactly once, field by field" \
	$PY "$top_srcdir/tests/csvcheck.py" "$T/truth.ndjson" "$L/recordings.csv.gz"

check "README.md has the SQL of the four engines" readme_blocks "$L" \
	duckdb-num duckdb-ndjson duckdb-csv pg-functions pg-ndjson pg-ndjson-query \
	pg-csv pg-csv-query bq-ndjson bq-csv sf-num sf-ndjson sf-csv

# Topic bytes per meeting, after each query of the document.
cat >"$T/pg-ndjson-topics.sql" <<'SQL'
SELECT sum(octet_length(doc->>'topic')) FROM meetings;
SQL
cat >"$T/csv-topics.sql" <<'SQL'
SELECT sum(octet_length(topic)) FROM (SELECT DISTINCT "user", meeting_uuid, topic FROM recordings) AS m;
SQL
cat >"$T/duckdb-ndjson-topics.sql" <<'SQL'
SELECT sum(strlen(topic)) FROM meetings;
SQL
sed 's/octet_length/strlen/' "$T/csv-topics.sql" >"$T/duckdb-csv-topics.sql"

# PostgreSQL ----------------------------------------------------------------
if ! pg_usable; then
	missing "the PostgreSQL server" 8
else
	check "PostgreSQL $(pg_version) starts on a temporary directory" pg_start
	if [ -z "$PG_PORT" ]; then
		i=0
		while [ $i -lt 7 ]; do
			i=$((i + 1))
			not_ok "PostgreSQL did not start"
		done
	else
		check "PostgreSQL: the functions zrx_ts and zrx_num" pg "$L/pg-functions.sql"
		check "PostgreSQL: NDJSON loads into jsonb" pg "$L/pg-ndjson.sql"
		pg "$L/pg-ndjson-query.sql" "$T/pg-ndjson-topics.sql" >"$T/got" 2>&1 || true
		compare "$T/got" pg "PostgreSQL NDJSON" "(less U+0000)"
		check "PostgreSQL: CSV loads into the 23 columns and the typed ones" pg "$L/pg-csv.sql"
		pg "$L/pg-csv-query.sql" "$T/csv-topics.sql" >"$T/got" 2>&1 || true
		compare "$T/got" pg "PostgreSQL CSV" "(less NUL)"
	fi
fi

# DuckDB --------------------------------------------------------------------
if ! duck_usable; then
	missing "@duckdb/node-api (ZRX_NODE_DIR=${ZRX_NODE_DIR:-unset})" 4
else
	v=$(duck_version)
	duck "$L/duckdb-num.sql" "$L/duckdb-ndjson.sql" "$T/duckdb-ndjson-topics.sql" >"$T/got" 2>&1 || true
	compare "$T/got" duckdb "DuckDB $v read_ndjson" ""
	duck "$L/duckdb-num.sql" "$L/duckdb-csv.sql" "$T/duckdb-csv-topics.sql" >"$T/got" 2>&1 || true
	compare "$T/got" duckdb "DuckDB $v read_csv" ""
fi

# BigQuery and Snowflake ----------------------------------------------------
# Their SQL parses in its dialect; run in DuckDB (tests/db_dialect.mjs makes
# the few renames) on the exports loaded as `bq load` and `COPY INTO` would:
# every NDJSON line as one string, every CSV field as text.
cat "$L/sf-num.sql" "$L/sf-ndjson.sql" >"$L/sf-num-ndjson.sql"
cat "$L/sf-num.sql" "$L/sf-csv.sql" >"$L/sf-num-csv.sql"
cat >"$T/bq-load.sql" <<'SQL'
CREATE SCHEMA IF NOT EXISTS mydataset;
CREATE TABLE mydataset.meetings_raw AS
SELECT CAST(json AS VARCHAR) AS line FROM read_ndjson_objects('meetings.ndjson.gz');
CREATE TABLE mydataset.recordings_raw AS
SELECT * FROM read_csv('recordings.csv.gz', header = true, delim = ',', quote = '"',
    escape = '"', all_varchar = true);
SQL

# sum_as_int FILE: a sum printed as a decimal (123.000000000) as an integer
sum_as_int() { sed 's/^\(.*|[0-9-]*\)\.0*$/\1/' "$1" >"$1.int" && mv "$1.int" "$1"; }

if ! poly_usable; then
	missing "@polyglot-sql/sdk or @duckdb/node-api (ZRX_NODE_DIR=${ZRX_NODE_DIR:-unset})" 5
else
	v=$(poly_version)
	check "BigQuery: every statement parses (@polyglot-sql/sdk $v)" \
		dialect bigquery "$L/bq-ndjson.sql" "$L/bq-csv.sql"
	check "Snowflake: every statement parses (@polyglot-sql/sdk $v)" \
		dialect snowflake "$L/sf-num-ndjson.sql" "$L/sf-num-csv.sql"
	for b in bq-ndjson bq-csv sf-num-csv; do
		if [ "${b#bq}" != "$b" ]; then
			duck "$T/bq-load.sql" "$L/$b.sql.duck.sql" >"$T/got" 2>&1 || true
		else
			duck "$L/$b.sql.duck.sql" >"$T/got" 2>&1 || true
		fi
		sum_as_int "$T/got"
		same "$T/want-sum" "$T/got" "$b, run in DuckDB: meetings|files|sum(file_size) as in the truth"
	done
fi
finish
