# tests/db.mk: loading exports into databases. tests/it_db.sh loads zrx's
# NDJSON and CSV into PostgreSQL and DuckDB with the commands of README.md,
# and checks its BigQuery and Snowflake SQL (tests/db_dialect.mjs);
# tests/it_db_sync.sh applies a sync feed's batches with the MERGE recipes
# of README.md the same way; both share tests/dblib.sh. .ci/db-setup.sh
# installs what they need (ZRX_NODE_DIR).
TESTS += tests/it_db.sh tests/it_db_sync.sh
dist_check_SCRIPTS += tests/it_db.sh tests/it_db_sync.sh
EXTRA_DIST += tests/dblib.sh tests/db_duckdb.mjs tests/db_dialect.mjs .ci/db-setup.sh
