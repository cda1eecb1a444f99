// db_dialect.mjs NODE_DIR DIALECT SQLFILE [DUCKFILE]: the BigQuery or
// Snowflake SQL of README.md without those engines.
//
// Every statement of SQLFILE must parse in DIALECT (bigquery, snowflake)
// with the npm package @polyglot-sql/sdk installed under NODE_DIR; a
// statement that does not is printed and the exit status is 1 (2: the
// package cannot be loaded).  With DUCKFILE, the statements are also
// written there in DuckDB's dialect, for tests/it_db.sh and
// tests/it_db_sync.sh to run on the same files: a few renames (SAFE_CAST,
// raw strings, types, JSON_VALUE, SHA-256 in hex, backquoted and
// VARIANT:key::TYPE paths, a function definition as a macro, UNNEST's
// alias), the rest left to macros named after the engine's functions (see
// PRELUDE), and the statements that load a stage (PUT, COPY INTO) replaced
// by reading the files the PUT names into the table: a CSV with its
// header, or each line as one field.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [nodeDir, dialect, sqlFile, duckFile] = process.argv.slice(2);
if (!nodeDir || !dialect || !sqlFile) {
	console.error('usage: node db_dialect.mjs NODE_DIR bigquery|snowflake SQLFILE [DUCKFILE]');
	process.exit(2);
}

let poly;
try {
	const require = createRequire(path.resolve(nodeDir, 'package.json'));
	poly = require('@polyglot-sql/sdk');
	await poly.init();
} catch (e) {
	console.error(`cannot load @polyglot-sql/sdk from ${nodeDir}: ${e.message}`);
	process.exit(2);
}
const dialects = { bigquery: poly.Dialect.BigQuery, snowflake: poly.Dialect.Snowflake };
if (!(dialect in dialects)) {
	console.error(`unknown dialect ${dialect}`);
	process.exit(2);
}

// Statements end with ';' at the end of a line (as in README.md).
const stmts = readFileSync(sqlFile, 'utf8').split(/;[ \t]*\n/)
	.map((s) => s.trim()).filter((s) => s !== '');
let bad = 0;
for (const s of stmts) {
	const r = poly.parse(s, dialects[dialect]);
	if (!r.success || !r.ast || r.ast.length !== 1) {
		console.log(`${dialect} does not parse: ${r.error || 'not one statement'}\n  ${s.replace(/\n/g, '\n  ')}`);
		bad = 1;
	}
}

// Functions of the engines that DuckDB has under other names.
const PRELUDE = {
	bigquery: `
CREATE SCHEMA IF NOT EXISTS mydataset;
CREATE OR REPLACE MACRO json_query_array(j, p) AS CAST(json_extract(j, p) AS JSON[]);
`,
	snowflake: `
CREATE OR REPLACE MACRO iff(c, a, b) AS CASE WHEN c THEN a ELSE b END;
CREATE OR REPLACE MACRO nvl(a, b) AS coalesce(a, b);
CREATE OR REPLACE MACRO regexp_like(s, p) AS regexp_full_match(s, p);
CREATE OR REPLACE MACRO try_to_number(x, p, s) AS TRY_CAST(x AS DECIMAL(38, 0));
CREATE OR REPLACE MACRO try_to_timestamp_tz(x) AS TRY_CAST(x AS TIMESTAMPTZ);
CREATE OR REPLACE MACRO parse_json(x) AS CAST(x AS JSON);
CREATE OR REPLACE MACRO sha2(x, n) AS sha256(x);
`,
};

// The files the PUTs sent to each stage, for the COPY INTO that reads them.
const staged = {};

// COPY INTO TABLE of FILES: the CSV export with its header, or (FIELD_DELIMITER
// = NONE) each line of the files as the table's one column; nothing from an
// empty stage.
function copyInto(table, files, s) {
	if (files === undefined)
		return null;
	const list = '[' + files.map((f) => `'${f}'`).join(', ') + ']';
	if (/FIELD_DELIMITER\s*=\s*NONE/.test(s))
		return `INSERT INTO ${table} SELECT * FROM read_csv(${list}, columns = {'line': 'VARCHAR'}, ` +
		    `header = false, delim = '\\t', quote = '', escape = '', auto_detect = false)`;
	return `INSERT INTO ${table} SELECT * FROM read_csv(${list}, header = true, ` +
	    `delim = ',', quote = '"', escape = '"', all_varchar = true)`;
}

function toDuck(s) {
	if (dialect === 'bigquery') {
		s = s.replace(/^CREATE (?:OR REPLACE |TEMP )*FUNCTION ([\w.]+)\((\w+) STRING\) AS/,
		    'CREATE OR REPLACE MACRO $1($2) AS');
		s = s.replace(/\bSAFE_CAST\(/g, 'TRY_CAST(');
		s = s.replace(/\br'/g, "'");
		s = s.replace(/\bNUMERIC\b/g, 'DECIMAL(38, 9)');
		s = s.replace(/\bTIMESTAMP\b/g, 'TIMESTAMPTZ');
		s = s.replace(/\bINT64\b/g, 'BIGINT');
		s = s.replace(/ NOT ENFORCED\b/g, '');
		s = s.replace(/`(\w+)`/g, '"$1"');
		s = s.replace(/\bREGEXP_CONTAINS\(/g, 'regexp_matches(');
		s = s.replace(/\bJSON_VALUE\(/g, 'json_extract_string(');
		// DuckDB's sha256 gives the hex digits already
		s = s.replace(/\bTO_HEX\(SHA256\(/g, '(sha256(');
		// DuckDB names the element of UNNEST(...) AS f by a column list
		s = s.replace(/(\bUNNEST\(.*\) AS )(\w+)$/s, '$1unnested($2)');
		return s;
	}
	let m = /^PUT '?file:\/\/([^' ]+)'? @(\S+)/.exec(s);
	if (m) {
		(staged[m[2]] = staged[m[2]] || []).push(m[1]);
		return null;
	}
	m = /^COPY INTO (\w+) FROM @(\S+)/.exec(s);
	if (m)
		return copyInto(m[1], staged[m[2]], s);
	m = /^CREATE OR REPLACE FUNCTION (\w+)\((\w+) VARCHAR\) RETURNS [^']* AS\s*'(.*)'$/s.exec(s);
	if (m)
		return `CREATE OR REPLACE MACRO ${m[1]}(${m[2]}) AS ${m[3].replace(/''/g, "'")}`;
	// a backslash is written twice in a string
	s = s.replace(/\\\\/g, '\\');
	// VARIANT:key::TYPE
	s = s.replace(/(\w+(?:\([^()]*\))?):(\w+)::(\w+)/g, "CAST($1->>'$2' AS $3)");
	s = s.replace(/\bVARIANT\b/g, 'JSON');
	s = s.replace(/\bTIMESTAMP_TZ\b/g, 'TIMESTAMPTZ');
	s = s.replace(/\bNUMBER\(/g, 'DECIMAL(');
	return s.replace(/count\(DISTINCT ("user", meeting_uuid)\)/, 'count(DISTINCT ($1))');
}

if (duckFile) {
	const out = stmts.map(toDuck).filter((s) => s !== null).map((s) => s + ';\n');
	writeFileSync(duckFile, PRELUDE[dialect] + out.join(''));
}
process.exit(bad);
