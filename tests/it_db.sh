#!/bin/sh
# Loading into databases: zrx exports 60 users over 3 months as NDJSON.gz and
# CSV.gz; the DuckDB and PostgreSQL commands of README.md, run as
# printed, load both; the counts of meetings and recording files, the exact
# sum of file_size and the bytes of the topics equal the simulator's truth.
# PostgreSQL: a private server on a temporary directory (as a non-root user),
# stopped at exit. DuckDB: the npm package @duckdb/node-api, installed by
# .ci/db-setup.sh into $ZRX_NODE_DIR. A missing database is skipped, or fails
# when CI=true or ZRX_DB_REQUIRED=1.
# shellcheck disable=SC2086 # $DATA and $RANGE are lists of arguments
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 14

DATA="--seed 11 --users 60 --start 2024-01-01 --end 2024-03-31"
RANGE="--from 2024-01-01 --to 2024-03-31"
L="$T/load"
mkdir "$L"
DOC="$top_srcdir/README.md"
required=""
if [ "${CI:-}" = true ] || [ "${ZRX_DB_REQUIRED:-}" = 1 ]; then
	required=1
fi

PG_BIN=""
PG_RUN=""
PG_DIR="$T/pg"
PG_PORT=""
db_cleanup() {
	if [ -n "$PG_PORT" ]; then
		$PG_RUN "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
		PG_PORT=""
	fi
	cleanup
}
trap db_cleanup EXIT

# missing WHAT N: a database that is not installed: N skips, or N failures
missing() {
	i=0
	while [ $i -lt "$2" ]; do
		i=$((i + 1))
		if [ -n "$required" ]; then
			not_ok "$1 is not installed (run .ci/db-setup.sh)"
		else
			ok "$1 # SKIP not installed (run .ci/db-setup.sh)"
		fi
	done
}

# same WANT GOT "description": ok if the files are equal
same() {
	if cmp -s "$1" "$2"; then
		ok "$3"
	else
		not_ok "$3"
		echo "# wanted:" >&2
		sed 's/^/#   /' "$1" >&2
		echo "# got:" >&2
		sed 's/^/#   /' "$2" | head -20 >&2
	fi
}

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
# (with and without U+0000, which PostgreSQL text cannot hold).
"$SIM" list-users $DATA --status active,inactive >"$T/users.txt"
"$SIM" truth $DATA --users "$T/users.txt" $RANGE >"$T/truth.ndjson"
$PY - "$T/truth.ndjson" "$T" <<'PY'
import json, sys
meetings = files = size = 0
keys = set()
topic_bytes = topic_nuls = 0
for line in open(sys.argv[1], encoding="utf-8"):
    m = json.loads(line)
    meetings += 1
    keys.add((m.get("_user"), m.get("uuid")))
    for f in m.get("recording_files") or []:
        files += 1
        size += int(f.get("file_size", 0))  # ints: exact past 2**53
    t = m.get("topic")
    if isinstance(t, str):
        topic_bytes += len(t.encode("utf-8"))
        topic_nuls += t.count("\0")
# The CSV counts meetings as distinct (user, meeting_uuid).
assert len(keys) == meetings, f"{meetings} meetings but {len(keys)} (user, uuid)"
assert size > 2**53 and files > 1000 and topic_nuls > 0, (size, files, topic_nuls)
with open(f"{sys.argv[2]}/want-duckdb", "w") as w:
    print(f"{meetings}|{files}|{size}\n{topic_bytes}", file=w)
with open(f"{sys.argv[2]}/want-pg", "w") as w:
    print(f"{meetings}|{files}|{size}\n{topic_bytes - topic_nuls}", file=w)
PY

start_sim $DATA --access-token sim-fixed-token
use_token
zrx_export --users "$T/users.txt" $RANGE --concurrency 16 --rate 100 -o "$L/meetings.ndjson.gz"
expect_rc 0 "export to NDJSON.gz"
zrx_export --users "$T/users.txt" $RANGE --concurrency 16 --rate 100 -o "$L/recordings.csv.gz"
expect_rc 0 "export to CSV.gz"
stop_sim

# The code blocks of README.md that follow <!-- it_db: NAME --> go to
# $L/NAME.sql.
check "README.md has the DuckDB and PostgreSQL commands" $PY - "$DOC" "$L" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"<!-- it_db: ([a-z-]+) -->\n```sql\n(.*?)```\n", text, re.S)
names = [n for n, _ in blocks]
want = ["duckdb-ndjson", "duckdb-csv", "pg-ndjson", "pg-ndjson-query", "pg-csv", "pg-csv-query"]
assert sorted(names) == sorted(want), names
for name, body in blocks:
    open(f"{sys.argv[2]}/{name}.sql", "w", encoding="utf-8").write(body)
PY

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
# $ZRX_PG_BINDIR, else Debian's newest server, else initdb on the PATH
for d in /usr/lib/postgresql/*/bin ${ZRX_PG_BINDIR:-}; do
	if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
		PG_BIN=$d
	fi
done
if [ -z "$PG_BIN" ] && command -v initdb >/dev/null 2>&1; then
	PG_BIN=$(dirname "$(command -v initdb)")
fi
PSQL=$(command -v psql 2>/dev/null || true)
[ -n "$PSQL" ] || PSQL="$PG_BIN/psql"

pg_start() {
	mkdir "$PG_DIR" "$PG_DIR/sock"
	if [ "$(id -u)" = 0 ]; then
		# initdb refuses root: run the server as postgres (or nobody)
		pg_user=postgres
		id "$pg_user" >/dev/null 2>&1 || pg_user=nobody
		chmod 711 "$T"
		chown "$pg_user" "$PG_DIR" "$PG_DIR/sock"
		PG_RUN="runuser -u $pg_user --"
	fi
	$PG_RUN "$PG_BIN/initdb" -D "$PG_DIR/data" -U zrx --auth=trust -E UTF8 \
		--no-locale --no-sync --no-instructions >"$T/initdb.log" 2>&1 || {
		sed 's/^/# /' "$T/initdb.log"
		return 1
	}
	port=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	$PG_RUN "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/sock/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$PG_DIR/sock -c fsync=off" \
		start >/dev/null 2>&1 || {
		sed 's/^/# /' "$PG_DIR/sock/server.log"
		return 1
	}
	PG_PORT=$port
}

# pg FILE...: runs the files in psql in $L, prints the rows like psql -At
pg() {
	(cd "$L" && for f in "$@"; do
		"$PSQL" -X -q -At -v ON_ERROR_STOP=1 -h "$PG_DIR/sock" -p "$PG_PORT" \
			-U zrx -d postgres -f "$f" || exit 1
	done)
}

if [ -z "$PG_BIN" ] || [ ! -x "$PSQL" ]; then
	missing "the PostgreSQL server" 7
else
	check "PostgreSQL $("$PG_BIN/pg_ctl" --version | sed 's/^[^)]*) \([^ ]*\).*/\1/') starts on a temporary directory" pg_start
	if [ -z "$PG_PORT" ]; then
		i=0
		while [ $i -lt 6 ]; do
			i=$((i + 1))
			not_ok "PostgreSQL did not start"
		done
	else
		check "PostgreSQL: NDJSON loads into jsonb" pg "$L/pg-ndjson.sql"
		pg "$L/pg-ndjson-query.sql" "$T/pg-ndjson-topics.sql" >"$T/got" 2>&1 || true
		compare "$T/got" pg "PostgreSQL NDJSON" "(less U+0000)"
		check "PostgreSQL: CSV loads into the 23 columns" pg "$L/pg-csv.sql"
		pg "$L/pg-csv-query.sql" "$T/csv-topics.sql" >"$T/got" 2>&1 || true
		compare "$T/got" pg "PostgreSQL CSV" "(less NUL)"
	fi
fi

# DuckDB --------------------------------------------------------------------
# where .ci/db-setup.sh installs it: $ZRX_NODE_DIR, else its default
NODE_DIR=""
for d in "${ZRX_NODE_DIR:-/opt/zrx-node}" "$top_builddir/node_deps"; do
	if [ -f "$d/node_modules/@duckdb/node-api/package.json" ]; then
		NODE_DIR=$d
		break
	fi
done

# duck FILE...: runs the files, one after the other, in one DuckDB in $L
duck() {
	cat "$@" >"$T/duck-run.sql"
	(cd "$L" && node "$top_srcdir/tests/db_duckdb.mjs" "$NODE_DIR" "$T/duck-run.sql")
}

if [ -z "$NODE_DIR" ] || ! command -v node >/dev/null 2>&1; then
	missing "@duckdb/node-api (ZRX_NODE_DIR=${ZRX_NODE_DIR:-unset})" 4
else
	v=$(node -p "require('$NODE_DIR/node_modules/@duckdb/node-api/package.json').version" 2>/dev/null || echo '?')
	duck "$L/duckdb-ndjson.sql" "$T/duckdb-ndjson-topics.sql" >"$T/got" 2>&1 || true
	compare "$T/got" duckdb "DuckDB $v read_ndjson" ""
	duck "$L/duckdb-csv.sql" "$T/duckdb-csv-topics.sql" >"$T/got" 2>&1 || true
	compare "$T/got" duckdb "DuckDB $v read_csv" ""
fi
finish
