# dblib.sh - what the database tests share (sourced after lib.sh): the SQL
# blocks of README.md, a private PostgreSQL server, DuckDB and the SQL
# parser of BigQuery and Snowflake through Node.js.
# PostgreSQL: a private server on a temporary directory (as a non-root
# user), stopped at exit. DuckDB and the SQL parser: the npm packages
# @duckdb/node-api and @polyglot-sql/sdk, installed by .ci/db-setup.sh into
# $ZRX_NODE_DIR. A missing one is skipped, or fails when CI=true or
# ZRX_DB_REQUIRED=1.

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
		sed 's/^/#   /' "$1" | head -20 >&2
		echo "# got:" >&2
		sed 's/^/#   /' "$2" | head -20 >&2
		if [ "$(wc -l <"$1")" -gt 1 ]; then
			echo "# differences:" >&2
			diff "$1" "$2" | head -20 | sed 's/^/#   /' >&2
		fi
	fi
}

# readme_blocks DIR NAME...: the code block of README.md that follows
# <!-- it_db: NAME --> goes to DIR/NAME.sql; each NAME must be there once
readme_blocks() {
	$PY - "$DOC" "$@" <<'PY'
import collections, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"<!-- it_db: ([a-z0-9-]+) -->\n```sql\n(.*?)```\n", text, re.S)
marks = re.findall(r"<!-- it_db: ([^ ]*) -->", text)
count = collections.Counter(n for n, _ in blocks)
assert len(marks) == len(blocks), f"a mark without a SQL block after it: {marks}"
twice = [n for n, k in count.items() if k > 1]
assert not twice, f"blocks named twice: {twice}"
missing = [n for n in sys.argv[3:] if n not in count]
assert not missing, f"README.md has no block {missing}"
for name, body in blocks:
    if name in sys.argv[3:]:
        open(f"{sys.argv[2]}/{name}.sql", "w", encoding="utf-8").write(body)
PY
}

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

# pg_usable: a server and psql are installed
pg_usable() { [ -n "$PG_BIN" ] && [ -x "$PSQL" ]; }

# pg_version: the server's version, e.g. 15.8
pg_version() { "$PG_BIN/pg_ctl" --version | sed 's/^[^)]*) \([^ ]*\).*/\1/'; }

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

# pg FILE...: runs the files in psql in $L (or $PG_CWD) on the database
# postgres (or $PG_DB), prints the rows like psql -At
pg() {
	(cd "${PG_CWD:-$L}" && for f in "$@"; do
		"$PSQL" -X -q -At -v ON_ERROR_STOP=1 -h "$PG_DIR/sock" -p "$PG_PORT" \
			-U zrx -d "${PG_DB:-postgres}" -f "$f" || exit 1
	done)
}

# DuckDB and the SQL parser -------------------------------------------------
# where .ci/db-setup.sh installs them: $ZRX_NODE_DIR, else its default
NODE_DIR=""
for d in "${ZRX_NODE_DIR:-/opt/zrx-node}" "$top_builddir/node_deps"; do
	if [ -f "$d/node_modules/@duckdb/node-api/package.json" ]; then
		NODE_DIR=$d
		break
	fi
done
POLY=""
if [ -n "$NODE_DIR" ] && [ -f "$NODE_DIR/node_modules/@polyglot-sql/sdk/package.json" ]; then
	POLY=1
fi

# duck_usable, poly_usable: the packages and node are installed
duck_usable() { [ -n "$NODE_DIR" ] && command -v node >/dev/null 2>&1; }
poly_usable() { [ -n "$POLY" ] && duck_usable; }

# duck_version, poly_version: the packages' versions
duck_version() {
	node -p "require('$NODE_DIR/node_modules/@duckdb/node-api/package.json').version" 2>/dev/null || echo '?'
}
poly_version() {
	sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$NODE_DIR/node_modules/@polyglot-sql/sdk/package.json"
}

# duck FILE...: runs the files, one after the other, in one DuckDB in $L
# (or $DUCK_CWD): in memory, or in the database file $DUCK_DB
duck() {
	cat "$@" >"$T/duck-run.sql"
	(cd "${DUCK_CWD:-$L}" && node "$top_srcdir/tests/db_duckdb.mjs" "$NODE_DIR" "$T/duck-run.sql" ${DUCK_DB:+"$DUCK_DB"})
}

# dialect DIALECT FILE...: each file parses; FILE.duck.sql is its DuckDB form
dialect() {
	dl=$1
	shift
	for f in "$@"; do
		node "$top_srcdir/tests/db_dialect.mjs" "$NODE_DIR" "$dl" "$f" "$f.duck.sql" || return 1
	done
}
