#!/bin/sh
# The daily feed into databases: ten daily syncs of a messy account that
# changes under them (zrx-sim --messy --now: 60 users), their batches holding
# inserts, updates, deletes to the trash and for good, and a meeting back
# from the trash, and an eleventh run at the same instant, a batch without
# changes; then the MERGE recipes of README.md, as printed, applied
# after each batch in turn and again catching up with several batches at
# once. Every time the table holds exactly the catalog's present meetings
# with the catalog's fingerprints; at the end each meeting's size, count,
# topic and files, and the meetings, files and sum of file_size of the
# files view, equal the catalog's. A second feed, from a small fake API,
# holds meetings whose uuid is null, missing or a number: each table takes
# their inserts and deletes. DuckDB and PostgreSQL run the SQL as printed; the BigQuery and Snowflake SQL parses in its dialect and runs in
# DuckDB (tests/db_dialect.mjs), its load commands emulated. The catalog
# queries of README.md run with sqlite3 and agree with the catalog.
# The databases as tests/dblib.sh finds them; a missing one is skipped, or
# fails when CI=true or ZRX_DB_REQUIRED=1.
# shellcheck disable=SC2086 # $DATA is a list of arguments
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
. "$top_srcdir/tests/dblib.sh"
plan 36

DATA="--seed 11 --users 60 --start 2024-01-01 --end 2024-12-31 --messy"
FIRST=2024-06-01
DAYS=10
RUNS=$((DAYS + 1))
FEED="$T/feed"
L="$T/sql"
W="$T/work"
mkdir "$L" "$W"

# at DAY: the simulated account at 06:00 UTC that day
at() { echo "${1}T06:00:00Z"; }

# ---- ten daily syncs --------------------------------------------------------
start_sim $DATA --now "$(at $FIRST)" --access-token sim-fixed-token
use_token

# snap FILE: the catalog's present meetings, user|uuid|fingerprint, sorted
snap() {
	sqlite3 -readonly "$FEED/catalog.sqlite" \
		"SELECT user, uuid, fingerprint FROM meetings WHERE deleted_batch IS NULL" |
		LC_ALL=C sort >"$1"
}

day=$FIRST
bad_rc=""
i=0
while [ $i -lt $RUNS ]; do
	i=$((i + 1))
	# the last run: again at the instant of the one before
	[ $i -lt $RUNS ] || day=$last
	now=$(at $day)
	curl -s -o /dev/null -X POST "http://127.0.0.1:$SIM_PORT/_sim/now?t=$now"
	RC=0
	ZRX_NOW=$now "$ZRX" sync --dir "$FEED" --all-users --since 2024-01-01 \
		--base-url "$BASE" --progress never --rate 2000 2>"$T/zrx.err" || RC=$?
	[ "$RC" = 0 ] || bad_rc="$bad_rc $day:$RC"
	snap "$T/snap.$i"
	# the catalog queries of README.md run on the catalog of the last day
	[ $i != $DAYS ] || sqlite3 "$FEED/catalog.sqlite" ".backup '$T/catalog-day.sqlite'"
	last=$day
	day=$(date -u -d "$day +1 day" +%Y-%m-%d)
done
stop_sim
check "$DAYS daily syncs of a messy account and one more all exit 0 ($bad_rc)" test -z "$bad_rc"
check "the run again at the same instant is a batch without changes (a gzip of no lines, records 0)" \
	$PY - "$FEED/batches" "$RUNS" <<'PY'
import gzip, json, os, sys
name = f"{sys.argv[1]}/{int(sys.argv[2]):06d}"
m = json.load(open(name + ".manifest.json"))
assert m["records"] == 0 and m["inserted"] + m["updated"] + m["deleted"] == 0, m
data = open(name + ".ndjson.gz", "rb").read()
assert data[:2] == b"\x1f\x8b" and gzip.decompress(data) == b"", data
PY
"$SIM" truth $DATA --now "$(at $last)" --from 2024-01-01 --to $last \
	--user-status active,inactive >"$T/truth.ndjson"
check "the last catalog equals zrx-sim's truth" \
	$PY "$top_srcdir/tests/synccheck.py" catalog "$FEED" "$T/truth.ndjson"

$PY - "$FEED" >"$T/kinds.out" <<'PY'
import gzip, json, os, sys
d = os.path.join(sys.argv[1], "batches")
n, last = {}, {}
for f in sorted(os.listdir(d)):
    if f.endswith(".ndjson.gz") and f != "000001.ndjson.gz":
        for line in gzip.open(os.path.join(d, f)):
            o = json.loads(line)
            k = o["_op"] + ("/" + o["_reason"] if "_reason" in o else "")
            key = (o["_user"], o["uuid"])
            if k == "insert" and last.get(key) == "delete/trash":
                n["back"] = n.get("back", 0) + 1
            last[key] = k
            n[k] = n.get(k, 0) + 1
print(" ".join(f"{k}={v}" for k, v in sorted(n.items())))
PY
kinds=$(cat "$T/kinds.out")
check "the later batches hold inserts, updates, deletes (trash, gone), one back from the trash ($kinds)" \
	sh -c "for k in insert= update= delete/trash= delete/gone= back=; do
		echo '$kinds' | grep -q \"\$k\" || exit 1; done"

# ---- a feed of meetings without a string uuid ------------------------------
# A fake recordings API on loopback: three meetings whose uuid is null,
# missing or a number, then none of them (deleted for good).
cat >"$T/odd.json" <<'JSON'
[{"uuid": null, "id": 1, "host_id": "h1", "topic": "uuid null",
  "start_time": "2024-06-05T10:00:00Z", "total_size": 10, "recording_count": 1,
  "recording_files": [{"id": "f1", "file_type": "MP4", "file_size": 10}]},
 {"id": 2, "host_id": "h1", "topic": "no uuid",
  "start_time": "2024-06-06T10:00:00Z", "recording_files": []},
 {"uuid": 12345, "id": 3, "host_id": "h1", "topic": "uuid a number",
  "start_time": "2024-06-07T10:00:00Z", "recording_files": []}]
JSON
ODD="$T/oddfeed"
FAKE_PID=""
fake_stop() {
	if [ -n "$FAKE_PID" ]; then
		kill "$FAKE_PID" 2>/dev/null || true
		wait "$FAKE_PID" 2>/dev/null || true
		FAKE_PID=""
	fi
}
trap 'fake_stop; db_cleanup' EXIT
$PY "$top_srcdir/tests/fakezoom.py" "$T/odd.json" >"$T/fake.port" 2>"$T/fake.err" &
FAKE_PID=$!
i=0
while [ ! -s "$T/fake.port" ] && [ $i -lt 100 ]; do
	i=$((i + 1))
	sleep 0.05
done
FAKE="http://127.0.0.1:$(cat "$T/fake.port")"
odd_rc=""
for day in 2024-06-10 2024-06-11; do
	RC=0
	ZRX_NOW=$(at $day) "$ZRX" sync --dir "$ODD" --user u1 --since 2024-06-01 \
		--base-url "$FAKE/v2" --progress never 2>"$T/zrx.err" || RC=$?
	odd_rc="$odd_rc $RC"
	sqlite3 -readonly "$ODD/catalog.sqlite" \
		"SELECT user, fingerprint FROM meetings WHERE deleted_batch IS NULL" |
		LC_ALL=C sort >"$T/oddsnap.$day"
	curl -s -o /dev/null -X POST "$FAKE/gone"
done
fake_stop
cp "$T/oddsnap.2024-06-10" "$T/oddsnap.1"
cp "$T/oddsnap.2024-06-11" "$T/oddsnap.2"
check "a feed of meetings whose uuid is null, missing or a number: 3 inserts, then 3 deletes (exits$odd_rc)" \
	$PY - "$ODD" "$odd_rc" <<'PY'
import gzip, json, sys
assert sys.argv[2].split() == ["0", "0"], sys.argv[2]
ops = [[json.loads(l)["_op"] for l in gzip.open(f"{sys.argv[1]}/batches/00000{n}.ndjson.gz")]
       for n in (1, 2)]
assert ops == [["insert"] * 3, ["delete"] * 3], ops
PY

# What the tables must hold, from the catalog: per present meeting
# user|uuid|fingerprint|total_size|recording_count|topic bytes|files (the
# topic less U+0000 for PostgreSQL), and meetings|files|sum of the
# file_size values that are whole numbers.
$PY - "$FEED/catalog.sqlite" "$T" <<'PY'
import json, re, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
whole = re.compile(r"-?[0-9]+")
def text(v):
    if v is None:
        return ""
    if isinstance(v, tuple):
        return v[1]
    if isinstance(v, bool):
        return "true" if v else "false"
    return v if isinstance(v, str) else json.dumps(v)
rows, rows_pg = [], []
meetings = files = size = 0
for user, uuid, fp, doc in db.execute(
        "SELECT user, uuid, fingerprint, doc FROM meetings WHERE deleted_batch IS NULL"):
    m = json.loads(doc, parse_int=lambda s: ("n", s), parse_float=lambda s: ("n", s))
    rf = m.get("recording_files")
    nf = len(rf) if isinstance(rf, list) else 0
    t = m.get("topic")
    tb = str(len(t.encode())) if isinstance(t, str) else ""
    tb_pg = str(len(t.replace("\0", "").encode())) if isinstance(t, str) else ""
    head = f"{user}|{uuid}|{fp}|{text(m.get('total_size'))}|{text(m.get('recording_count'))}"
    rows.append(f"{head}|{tb}|{nf}")
    rows_pg.append(f"{head}|{tb_pg}|{nf}")
    meetings += 1
    files += nf
    for f in rf if isinstance(rf, list) else []:
        v = text(f.get("file_size")) if isinstance(f, dict) else ""
        if whole.fullmatch(v):
            size += int(v)
def out(name, lines):
    with open(f"{sys.argv[2]}/{name}", "w", encoding="utf-8") as w:
        w.write("".join(l + "\n" for l in sorted(lines, key=lambda s: s.encode())))
out("want-detail", rows)
out("want-detail-pg", rows_pg)
out("want-sum", [f"{meetings}|{files}|{size}"])
PY

check "README.md has the feed's SQL: catalog queries and MERGE for four engines" \
	readme_blocks "$L" sqlite-per-user sqlite-last-batch sqlite-trash sqlite-runs \
	duckdb-num duckdb-sync-create duckdb-sync-apply pg-functions pg-sync-create \
	pg-sync-apply bq-sync-create bq-sync-apply sf-num sf-sync-create sf-sync-files \
	sf-sync-apply

# ---- the catalog queries ----------------------------------------------------
check "the catalog queries of README.md run in sqlite3" sh -c "
	for q in sqlite-per-user sqlite-last-batch sqlite-trash sqlite-runs; do
		sqlite3 -readonly -bail '$T/catalog-day.sqlite' <'$L/'\$q.sql >'$T/'\$q.out || exit 1
	done"
check "... and agree with the catalog: meetings per user, the last batch's changes, the trash, the runs" \
	$PY - "$T/catalog-day.sqlite" "$L" "$DAYS" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
q = lambda s: db.execute(s).fetchone()[0]
rows = lambda n: db.execute(open(f"{sys.argv[2]}/sqlite-{n}.sql", encoding="utf-8").read()).fetchall()
per_user = rows("per-user")
assert sum(r[1] for r in per_user) == q(
    "SELECT count(*) FROM meetings WHERE deleted_batch IS NULL"), per_user[:3]
assert sum(r[2] for r in per_user) == q("SELECT count(*) FROM meetings, "
    "json_each(doc, '$.recording_files') WHERE deleted_batch IS NULL")
changed = q("SELECT inserted + updated + deleted FROM runs ORDER BY batch DESC LIMIT 1")
last = rows("last-batch")
assert changed > 0 and len(last) == changed, (len(last), changed)
assert {r[3].split(" ")[0] for r in last} <= {"new", "changed,", "delete"}, last[:3]
trash = rows("trash")
assert 0 < len(trash) == q("SELECT count(*) FROM meetings WHERE in_trash = 1")
runs = rows("runs")
assert len(runs) == int(sys.argv[3]) and runs[0][0] == int(sys.argv[3]), runs[:2]
PY

# ---- applying the batches ---------------------------------------------------
# link_batches DIR N...: DIR/batches holds the feed's batches N... (only)
link_batches() {
	ld=$1
	shift
	rm -rf "$ld/batches"
	mkdir -p "$ld/batches"
	for n in "$@"; do
		b=$(printf %06d "$n").ndjson.gz
		ln -s "${EB_FEED:-$FEED}/batches/$b" "$ld/batches/$b"
	done
}

# each_batch WS APPLY SNAPSHOT: with the work directory $W/WS holding the
# batches 1..k of the feed ($EB_FEED, else $FEED), APPLY then SNAPSHOT
# (user|uuid|fingerprint, or as $EB_SNAP.k says), for k = 1..RUNS (or
# $EB_N); $T/WS.bad lists the k where the table differs
each_batch() {
	: >"$T/$1.bad"
	WS=$1
	k=0
	while [ $k -lt "${EB_N:-$RUNS}" ]; do
		k=$((k + 1))
		link_batches "$W/$1" $(seq 1 $k)
		if ! $2 $k >"$T/$1.apply.out" 2>&1; then
			echo " $k:failed" >>"$T/$1.bad"
			sed 's/^/# /' "$T/$1.apply.out" | head -5
			continue
		fi
		$3 2>&1 | LC_ALL=C sort >"$T/$1.snap"
		cmp -s "${EB_SNAP:-$T/snap}.$k" "$T/$1.snap" || echo " $k" >>"$T/$1.bad"
	done
	test ! -s "$T/$1.bad"
}

# catch_up ENGINE APPLY SNAPSHOT: a fresh table given batches 1-3 at once,
# then 4-10 (the directory holding 1-10), then 1-3 again: the catalog after
# 3, 10, 10 (APPLY gets the range of the batches it is given)
catch_up() {
	: >"$T/$1.bad"
	WS=$1
	for range in 1-3:3 4-$RUNS:$RUNS 1-3:$RUNS; do
		want=${range#*:}
		range=${range%:*}
		step=${range#*-}
		link_batches "$W/$1" $(seq 1 $step)
		$2 "$range" >"$T/$1.apply.out" 2>&1 || {
			echo " $range:failed" >>"$T/$1.bad"
			sed 's/^/# /' "$T/$1.apply.out" | head -5
		}
		$3 2>&1 | LC_ALL=C sort >"$T/$1.snap"
		cmp -s "$T/snap.$want" "$T/$1.snap" || echo " $range" >>"$T/$1.bad"
	done
	test ! -s "$T/$1.bad"
}

# The queries of the checks: the snapshot, the detail, whether each doc
# is the object as sent, meetings|files|sum(file_size_num) of the view.
cat >"$T/snap-duck.sql" <<'SQL'
SELECT "user", uuid, fingerprint FROM feed_meetings;
SQL
cat >"$T/fp-duck.sql" <<'SQL'
SELECT "user", fingerprint FROM feed_meetings;
SQL
cat >"$T/detail-duck.sql" <<'SQL'
SELECT "user", uuid, fingerprint, total_size, recording_count, strlen(topic),
       coalesce(json_array_length(doc, '$.recording_files'), 0)
FROM feed_meetings;
SQL
cat >"$T/doc-duck.sql" <<'SQL'
SELECT count(*) FILTER (WHERE sha256(CAST(doc AS VARCHAR)) <> fingerprint) FROM feed_meetings;
SQL
cat >"$T/sum-duck.sql" <<'SQL'
SELECT (SELECT count(*) FROM feed_meetings), count(*), sum(file_size_num) FROM feed_files;
SQL
for q in snap fp detail doc sum; do
	sed 's/\bfeed_\(meetings\|files\)\b/mydataset.feed_\1/g' "$T/$q-duck.sql" >"$T/$q-bq.sql"
done
cat >"$T/snap-pg.sql" <<'SQL'
SELECT "user", uuid, fingerprint FROM feed_meetings;
SQL
cat >"$T/detail-pg.sql" <<'SQL'
SELECT "user", uuid, fingerprint, total_size, recording_count, octet_length(topic),
       jsonb_array_length(CASE jsonb_typeof(doc->'recording_files')
           WHEN 'array' THEN doc->'recording_files' ELSE '[]' END)
FROM feed_meetings;
SQL
# PostgreSQL: doc against the catalog's objects, through the same cleaning
sqlite3 -readonly -separator "$(printf '\t')" "$FEED/catalog.sqlite" \
	"SELECT user, uuid, doc FROM meetings WHERE deleted_batch IS NULL" >"$T/catalog-docs.tsv"
cat >"$T/doc-pg.sql.in" <<'SQL'
CREATE TEMP TABLE ref_raw ("user" text, uuid text, doc text);
\copy ref_raw FROM 'DOCS' WITH (FORMAT csv, DELIMITER e'\t', QUOTE e'\x01')
SELECT count(*) FROM ref_raw AS r FULL JOIN feed_meetings AS m USING ("user", uuid)
WHERE m.doc IS DISTINCT FROM regexp_replace(r.doc, '(?<!\\)((\\\\)*)\\u0000', '\1', 'g')::jsonb;
SQL
sed "s|DOCS|$T/catalog-docs.tsv|" "$T/doc-pg.sql.in" >"$T/doc-pg.sql"
cat >"$T/sum-pg.sql" <<'SQL'
SELECT (SELECT count(*) FROM feed_meetings), count(*), sum(file_size_num) FROM feed_files;
SQL
echo 0 >"$T/want-zero"

# final ENGINE QUERY-SUFFIX RUN WANT-DETAIL SUM?: the last table's detail,
# docs and view (3 checks, 2 without SUM)
final() {
	$3 "$T/detail-$2.sql" 2>&1 | LC_ALL=C sort >"$T/$1.detail"
	same "$4" "$T/$1.detail" "$1: per meeting fingerprint|total_size|recording_count|topic bytes|files as in the catalog"
	$3 "$T/doc-$2.sql" >"$T/$1.doc" 2>&1 || true
	same "$T/want-zero" "$T/$1.doc" "$1: every doc is the catalog's object (differing: $(head -c 40 "$T/$1.doc"))"
	if [ -n "${5:-}" ]; then
		$3 "$T/sum-$2.sql" >"$T/$1.sum" 2>&1 || true
		sed 's/^\(.*|[0-9-]*\)\.0*$/\1/' "$T/$1.sum" >"$T/$1.sum.int"
		same "$T/want-sum" "$T/$1.sum.int" "$1: feed_files: meetings|files|sum(file_size) as in the catalog"
	fi
}

# odd LABEL WS APPLY FP CREATE...: CREATE makes a fresh table in $W/WS,
# then the odd feed's two batches one after the other, each time the
# catalog's user|fingerprint
odd() {
	label=$1 ws=$2 ap=$3 fp=$4
	shift 4
	mkdir -p "$W/$ws"
	"$@" >"$T/$ws.create.out" 2>&1 || sed 's/^/# /' "$T/$ws.create.out"
	EB_FEED=$ODD EB_SNAP=$T/oddsnap EB_N=2
	check "$label: meetings whose uuid is null, missing or a number are inserted, then deleted" \
		each_batch "$ws" "$ap" "$fp"
	EB_FEED="" EB_SNAP="" EB_N=""
}

# DuckDB ---------------------------------------------------------------------
# duck_in DIR FILE...: the files in DIR's database, in DIR
duck_in() {
	d=$1
	shift
	DUCK_CWD="$W/$d" DUCK_DB="$W/$d/db.duckdb" duck "$@"
}
duck_apply() { duck_in "$WS" "$L/duckdb-sync-apply.sql"; }
duck_snap() { duck_in "$WS" "$T/snap-duck.sql"; }
duck_fp() { duck_in "$WS" "$T/fp-duck.sql"; }
duck_query() { duck_in duckdb "$1"; }
if ! duck_usable; then
	missing "@duckdb/node-api (ZRX_NODE_DIR=${ZRX_NODE_DIR:-unset})" 7
else
	v=$(duck_version)
	mkdir "$W/duckdb"
	check "DuckDB $v: the feed's tables and view" duck_in duckdb "$L/duckdb-num.sql" "$L/duckdb-sync-create.sql"
	check "DuckDB: after each batch in turn the table is the catalog's present meetings" \
		each_batch duckdb duck_apply duck_snap
	final DuckDB duck duck_query "$T/want-detail" sum
	rm -rf "$W/duckdb"
	mkdir "$W/duckdb"
	duck_in duckdb "$L/duckdb-num.sql" "$L/duckdb-sync-create.sql" >/dev/null 2>&1 || true
	check "DuckDB: catching up: batches 1-3 at once, then 4-$RUNS, then 1-3 again (no change)" \
		catch_up duckdb duck_apply duck_snap
	odd DuckDB duckdb-odd duck_apply duck_fp duck_in duckdb-odd "$L/duckdb-num.sql" "$L/duckdb-sync-create.sql"
fi

# PostgreSQL -----------------------------------------------------------------
pg_apply() { PG_CWD="$W/$WS" pg "$L/pg-sync-apply.sql"; }
pg_snap() { PG_CWD="$W/$WS" pg "$T/snap-pg.sql"; }
pg_fp() { PG_CWD="$W/$WS" pg "$T/fp-duck.sql"; }
pg_query() { PG_CWD="$W/pg" pg "$1"; }
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
		mkdir "$W/pg"
		check "PostgreSQL: the feed's tables and view" pg "$L/pg-functions.sql" "$L/pg-sync-create.sql"
		check "PostgreSQL: after each batch in turn the table is the catalog's present meetings" \
			each_batch pg pg_apply pg_snap
		final PostgreSQL pg pg_query "$T/want-detail-pg" sum
		echo 'DROP VIEW feed_files; DROP TABLE feed_meetings, feed_state;' >"$T/pg-drop.sql"
		pg "$T/pg-drop.sql" "$L/pg-sync-create.sql" >/dev/null 2>&1 || true
		check "PostgreSQL: catching up: batches 1-3 at once, then 4-$RUNS, then 1-3 again (no change)" \
			catch_up pg pg_apply pg_snap
		echo 'CREATE DATABASE odd;' >"$T/pg-odd.sql"
		pg "$T/pg-odd.sql" >/dev/null 2>&1 || true
		PG_DB=odd
		odd PostgreSQL pg-odd pg_apply pg_fp pg "$L/pg-functions.sql" "$L/pg-sync-create.sql"
		PG_DB=""
	fi
fi

# BigQuery and Snowflake -----------------------------------------------------
# `bq load` of the files given (appends one string per line), then the apply
bq_load() {
	: >"$T/bq-load.sql"
	case $1 in
	*-*) from=${1%-*} to=${1#*-} ;;
	*) from=$1 to=$1 ;;
	esac
	n=$from
	while [ "$n" -le "$to" ]; do
		echo "INSERT INTO mydataset.feed_raw SELECT CAST(json AS VARCHAR) FROM read_ndjson_objects('batches/$(printf %06d "$n").ndjson.gz');" >>"$T/bq-load.sql"
		n=$((n + 1))
	done
}
bq_apply() { bq_load "$1" && duck_in "$WS" "$T/bq-load.sql" "$L/bq-sync-apply.sql.duck.sql"; }
bq_snap() { duck_in "$WS" "$T/snap-bq.sql"; }
bq_fp() { duck_in "$WS" "$T/fp-bq.sql"; }
bq_query() { duck_in bq "$1"; }
sf_apply() { duck_in "$WS" "$L/sf-sync-apply.sql.duck.sql"; }
sf_snap() { duck_in "$WS" "$T/snap-duck.sql"; }
sf_fp() { duck_in "$WS" "$T/fp-duck.sql"; }
sf_query() { duck_in sf "$1"; }
if ! poly_usable; then
	missing "@polyglot-sql/sdk or @duckdb/node-api (ZRX_NODE_DIR=${ZRX_NODE_DIR:-unset})" 13
else
	v=$(poly_version)
	cat "$L/sf-num.sql" "$L/sf-sync-create.sql" >"$L/sf-num-create.sql"
	check "BigQuery: every statement parses (@polyglot-sql/sdk $v)" \
		dialect bigquery "$L/bq-sync-create.sql" "$L/bq-sync-apply.sql"
	mkdir "$W/bq"
	duck_in bq "$L/bq-sync-create.sql.duck.sql" >"$T/bq.create.out" 2>&1 ||
		sed 's/^/# /' "$T/bq.create.out"
	check "BigQuery, run in DuckDB: after each batch in turn the table is the catalog's present meetings" \
		each_batch bq bq_apply bq_snap
	final "BigQuery in DuckDB" bq bq_query "$T/want-detail" sum
	rm -rf "$W/bq"
	mkdir "$W/bq"
	duck_in bq "$L/bq-sync-create.sql.duck.sql" >/dev/null 2>&1 || true
	check "BigQuery, run in DuckDB: catching up: batches 1-3 at once, then 4-$RUNS, then 1-3 again (no change)" \
		catch_up bq bq_apply bq_snap
	odd "BigQuery in DuckDB" bq-odd bq_apply bq_fp duck_in bq-odd "$L/bq-sync-create.sql.duck.sql"

	check "Snowflake: every statement parses (@polyglot-sql/sdk $v)" \
		dialect snowflake "$L/sf-num-create.sql" "$L/sf-sync-files.sql" "$L/sf-sync-apply.sql"
	mkdir "$W/sf"
	duck_in sf "$L/sf-num-create.sql.duck.sql" >"$T/sf.create.out" 2>&1 ||
		sed 's/^/# /' "$T/sf.create.out"
	check "Snowflake, run in DuckDB: after each batch in turn the table is the catalog's present meetings" \
		each_batch sf sf_apply sf_snap
	final "Snowflake in DuckDB" duck sf_query "$T/want-detail"
	rm -rf "$W/sf"
	mkdir "$W/sf"
	duck_in sf "$L/sf-num-create.sql.duck.sql" >/dev/null 2>&1 || true
	check "Snowflake, run in DuckDB: catching up: batches 1-3 at once, then 4-$RUNS, then 1-3 again (no change)" \
		catch_up sf sf_apply sf_snap
	odd "Snowflake in DuckDB" sf-odd sf_apply sf_fp duck_in sf-odd "$L/sf-num-create.sql.duck.sql"
fi
finish
