#!/usr/bin/env bash
# .ci/db-setup.sh: installs what tests/it_db.sh needs on Debian 12, as root
# (or through sudo): the PostgreSQL server, Node.js and npm (only those that
# are missing: a newer npm already there is kept), and the npm packages
# @duckdb/node-api and @polyglot-sql/sdk (a SQL parser that knows BigQuery's
# and Snowflake's dialects) at pinned versions in $ZRX_NODE_DIR (default
# /opt/zrx-node, outside the source tree). Quick when all is there already.
# The test looks in $ZRX_NODE_DIR (else /opt/zrx-node): export the same value.
set -euo pipefail

DUCKDB_NODE_API_VERSION=1.5.6-r.1
POLYGLOT_SQL_VERSION=0.12.1
ZRX_NODE_DIR=${ZRX_NODE_DIR:-/opt/zrx-node}

export DEBIAN_FRONTEND=noninteractive
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo

need=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v psql >/dev/null || need+=(postgresql-client)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
command -v zcat >/dev/null || need+=(gzip)
command -v runuser >/dev/null || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
	echo "db-setup: apt-get install ${need[*]}"
	$sudo apt-get update -q
	$sudo apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# loads the package and opens a database: the native binding works
duckdb_works() {
	node -e '
const { createRequire } = require("node:module");
const req = createRequire(process.argv[1] + "/package.json");
const pkg = req("@duckdb/node-api/package.json");
if (pkg.version !== process.argv[2]) process.exit(1);
req("@duckdb/node-api").DuckDBInstance.create(":memory:")
	.then(() => process.exit(0), () => process.exit(1));
' "$ZRX_NODE_DIR" "$DUCKDB_NODE_API_VERSION" >/dev/null 2>&1
}

# loads the parser and parses a statement of each dialect
polyglot_works() {
	node -e '
const { createRequire } = require("node:module");
const req = createRequire(process.argv[1] + "/package.json");
const fs = require("node:fs");
const pkg = JSON.parse(fs.readFileSync(process.argv[1] +
	"/node_modules/@polyglot-sql/sdk/package.json", "utf8"));
if (pkg.version !== process.argv[2]) process.exit(1);
const p = req("@polyglot-sql/sdk");
p.init().then(() => {
	const ok = p.parse("SELECT SAFE_CAST(x AS INT64) FROM t", p.Dialect.BigQuery).success &&
		p.parse("SELECT doc:a::VARCHAR FROM t", p.Dialect.Snowflake).success;
	process.exit(ok ? 0 : 1);
}, () => process.exit(1));
' "$ZRX_NODE_DIR" "$POLYGLOT_SQL_VERSION" >/dev/null 2>&1
}

if ! duckdb_works || ! polyglot_works; then
	echo "db-setup: npm install @duckdb/node-api@$DUCKDB_NODE_API_VERSION" \
		"@polyglot-sql/sdk@$POLYGLOT_SQL_VERSION into $ZRX_NODE_DIR"
	$sudo mkdir -p "$ZRX_NODE_DIR"
	$sudo npm install --prefix "$ZRX_NODE_DIR" --save-exact --no-audit --no-fund \
		--loglevel=error "@duckdb/node-api@$DUCKDB_NODE_API_VERSION" \
		"@polyglot-sql/sdk@$POLYGLOT_SQL_VERSION"
	duckdb_works || {
		echo "db-setup: @duckdb/node-api does not load from $ZRX_NODE_DIR" >&2
		exit 1
	}
	polyglot_works || {
		echo "db-setup: @polyglot-sql/sdk does not load from $ZRX_NODE_DIR" >&2
		exit 1
	}
fi
echo "db-setup: $(psql --version | head -n 1)," \
	"node $(node --version), npm $(npm --version)," \
	"@duckdb/node-api $DUCKDB_NODE_API_VERSION," \
	"@polyglot-sql/sdk $POLYGLOT_SQL_VERSION in $ZRX_NODE_DIR"
