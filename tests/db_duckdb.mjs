// db_duckdb.mjs NODE_DIR SQLFILE [DBFILE]: runs the statements of SQLFILE in
// an in-memory DuckDB (or in the database file DBFILE, created if missing)
// through the npm package @duckdb/node-api installed under NODE_DIR (npm
// install --prefix NODE_DIR), relative paths resolved from the current
// directory. Prints each row of each SELECT like `psql -At`: values
// joined by '|', NULL as nothing. Exit 2: the package cannot be loaded;
// exit 1: a statement failed.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [nodeDir, sqlFile, dbFile] = process.argv.slice(2);
if (!nodeDir || !sqlFile) {
	console.error('usage: node db_duckdb.mjs NODE_DIR SQLFILE [DBFILE]');
	process.exit(2);
}

let duckdb;
try {
	const require = createRequire(path.resolve(nodeDir, 'package.json'));
	duckdb = require('@duckdb/node-api');
} catch (e) {
	console.error(`cannot load @duckdb/node-api from ${nodeDir}: ${e.message}`);
	process.exit(2);
}

function text(v) {
	if (v === null || v === undefined)
		return '';
	if (typeof v === 'object')
		return JSON.stringify(v);
	return String(v);
}

try {
	const instance = await duckdb.DuckDBInstance.create(dbFile || ':memory:');
	const conn = await instance.connect();
	const stmts = await conn.extractStatements(readFileSync(sqlFile, 'utf8'));
	for (let i = 0; i < stmts.count; i++) {
		const prepared = await stmts.prepare(i);
		const select = prepared.statementType === duckdb.StatementType.SELECT;
		const reader = await prepared.runAndReadAll();
		if (!select)
			continue;
		for (const row of reader.getRowsJson())
			console.log(row.map(text).join('|'));
	}
	conn.closeSync();
	instance.closeSync();
} catch (e) {
	console.error(`duckdb: ${e.message}`);
	process.exit(1);
}
