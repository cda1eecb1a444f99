# tests/db.mk: loading exports into databases. tests/it_db.sh loads zrx's
# NDJSON and CSV into PostgreSQL and DuckDB with the commands of README.md,
# and checks its BigQuery and Snowflake SQL (tests/db_dialect.mjs);
# .ci/db-setup.sh installs what it needs (ZRX_NODE_DIR).
TESTS += tests/it_db.sh
dist_check_SCRIPTS += tests/it_db.sh
EXTRA_DIST += tests/dblib.sh tests/db_duckdb.mjs tests/db_dialect.mjs .ci/db-setup.sh
