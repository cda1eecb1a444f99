/* test_cli.c - the zrx command line: options, defaults, users files, auth,
 * and the messages a user sees. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "handle.h"
#include "options.h"
#include "util.h"
#include "zrx.h"

/* What the parse gave the handle. */
#define CFG zrx_handle_config(g_cli.h)

/* Secrets that must never appear in anything zrx prints. */
#define MARKER "S3CR3T-client-secret-marker"
#define MARKER_TOKEN "T0KEN-access-token-marker"

static char *g_out, *g_err;
static struct zrx_cli g_cli;
static char g_dir[] = "/tmp/zrx-test-cli-XXXXXX";
static char *g_files[64];
static size_t g_nfiles;

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static size_t
count_char(const char *s, char c)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == c;
	return n;
}

/* Run "zrx args..." and check what every run must satisfy. */
static int
run_v(const char *const *args)
{
	char *argv[64];
	int argc = 0, rc;
	size_t olen, elen;
	FILE *o, *e;

	argv[argc++] = (char *)"zrx";
	for (; *args != NULL; args++) {
		assert_true(argc < 63);
		argv[argc++] = (char *)*args;
	}
	argv[argc] = NULL;

	free(g_out);
	free(g_err);
	g_out = g_err = NULL;
	zrx_cli_free(&g_cli);
	o = open_memstream(&g_out, &olen);
	e = open_memstream(&g_err, &elen);
	assert_non_null(o);
	assert_non_null(e);
	rc = zrx_cli_parse(&g_cli, argc, argv, o, e);
	assert_int_equal(fclose(o), 0);
	assert_int_equal(fclose(e), 0);

	/* never a secret, whatever happened */
	assert_null(strstr(g_out, MARKER));
	assert_null(strstr(g_err, MARKER));
	assert_null(strstr(g_out, MARKER_TOKEN));
	assert_null(strstr(g_err, MARKER_TOKEN));

	if (rc == 0) {
		assert_string_equal(g_err, "");
		assert_string_equal(g_out, "");
	} else if (rc == 1) {
		assert_string_equal(g_err, "");
		assert_true(strlen(g_out) > 0);
	} else {
		char hint[64];

		assert_int_equal(rc, ZRX_EXIT_USAGE);
		assert_string_equal(g_out, "");
		/* "zrx: <problem>\nTry 'zrx CMD --help'.\n", two lines */
		assert_memory_equal(g_err, "zrx: ", 5);
		assert_int_equal(count_char(g_err, '\n'), 2);
		if (argc > 1 && (strcmp(argv[1], "export") == 0 ||
		    strcmp(argv[1], "users") == 0))
			snprintf(hint, sizeof(hint), "\nTry 'zrx %s --help'.\n",
			    argv[1]);
		else
			snprintf(hint, sizeof(hint), "\nTry 'zrx --help'.\n");
		assert_true(strlen(g_err) > strlen(hint));
		assert_string_equal(g_err + strlen(g_err) - strlen(hint), hint);
		/* a failed parse leaves nothing to free and defaults behind */
		assert_null(g_cli.h);
	}
	return rc;
}

#define RUN(...) run_v((const char *const[]){ __VA_ARGS__, NULL })

/* Like RUN for "zrx export --all-users --from 2024-01-01 ..." */
#define EXPORT(...) RUN("export", "--all-users", "--from", "2024-01-01", \
	__VA_ARGS__)

#define assert_err_contains(s) do { \
	if (strstr(g_err, (s)) == NULL) \
		fail_msg("stderr lacks \"%s\": %s", (s), g_err); \
} while (0)

#define assert_out_contains(s) do { \
	if (strstr(g_out, (s)) == NULL) \
		fail_msg("stdout lacks \"%s\"", (s)); \
} while (0)

/* Create a file in the test directory; returns its path (freed at the end). */
static const char *
write_file(const char *name, const void *data, size_t len)
{
	char *path = zrx_xasprintf("%s/%s", g_dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	assert_true(g_nfiles < ZRX_ARRAY_LEN(g_files));
	g_files[g_nfiles++] = path;
	return path;
}

#define WRITE_STR(name, s) write_file((name), (s), sizeof(s) - 1)

static void
set_s2s_env(void)
{
	assert_int_equal(setenv("ZOOM_ACCOUNT_ID", "acct-1", 1), 0);
	assert_int_equal(setenv("ZOOM_CLIENT_ID", "client-1", 1), 0);
	assert_int_equal(setenv("ZOOM_CLIENT_SECRET", MARKER, 1), 0);
	assert_int_equal(unsetenv("ZOOM_ACCESS_TOKEN"), 0);
}

static int
setup(void **state)
{
	(void)state;
	set_s2s_env();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	zrx_cli_free(&g_cli);
	return 0;
}

static int
group_setup(void **state)
{
	(void)state;
	if (mkdtemp(g_dir) == NULL)
		return -1;
	return 0;
}

static int
group_teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < g_nfiles; i++) {
		unlink(g_files[i]);
		free(g_files[i]);
	}
	rmdir(g_dir);
	free(g_out);
	free(g_err);
	zrx_cli_free(&g_cli);
	return 0;
}

/* 2024-01-01 and 2024-01-31 as days since 1970-01-01. */
#define D_2024_01_01 19723
#define D_2024_01_31 19753

/* ---------------------------------------------------------------------- */
/* Defaults                                                                */

static void
test_export_defaults(void **state)
{

	(void)state;
	assert_int_equal(RUN("export", "--all-users", "--from", "2024-01-01",
	    "--to", "2024-01-31"), 0);
	assert_int_equal(g_cli.cmd, ZRX_CLI_EXPORT);
	assert_int_equal(CFG->all_users, 1);
	assert_int_equal(CFG->nusers, 0);
	assert_int_equal(CFG->user_status, ZRX_STATUS_ACTIVE | ZRX_STATUS_INACTIVE);
	assert_string_equal(CFG->users_source, "all-users");
	assert_int_equal(CFG->from_days, D_2024_01_01);
	assert_int_equal(CFG->to_days, D_2024_01_31);
	assert_int_equal(CFG->trash, 0);
	assert_null(CFG->trash_type);
	assert_null(CFG->mc);
	assert_null(CFG->meeting_id);
	assert_int_equal(CFG->page_size, 300);
	assert_string_equal(CFG->output, "-");
	assert_null(CFG->output_name);
	assert_int_equal(CFG->format, ZRX_FORMAT_NDJSON);
	assert_int_equal(CFG->gzip_level, -1);
	assert_int_equal(CFG->split_bytes, 0);
	assert_null(CFG->manifest);
	assert_null(CFG->errors);
	assert_null(CFG->state);
	assert_int_equal(CFG->force, 0);
	assert_int_equal(CFG->restart, 0);
	assert_string_equal(CFG->base_url, "https://api.zoom.us/v2");
	assert_string_equal(CFG->oauth_url, "https://zoom.us/oauth/token");
	assert_true(CFG->rate == 10.0);
	assert_true(zrx_config_burst(CFG) == 10.0);
	assert_int_equal(CFG->concurrency, 128);
	assert_int_equal(CFG->timeout_s, 120);
	assert_int_equal(CFG->connect_timeout_s, 10);
	assert_int_equal(CFG->stall_timeout_s, 60);
	assert_int_equal(CFG->retries, 6);
	assert_null(CFG->cacert);
	assert_null(CFG->access_token);
	assert_string_equal(CFG->account_id, "acct-1");
	assert_string_equal(CFG->client_id, "client-1");
	assert_string_equal(CFG->client_secret, MARKER);
	assert_int_equal(CFG->log->quiet, 0);
	assert_int_equal(CFG->log->verbose, 0);
	assert_int_equal(g_cli.progress, ZRX_CLI_PROGRESS_AUTO);
	assert_int_equal(CFG->log->fmt, ZRX_LOG_TEXT);
	assert_int_equal(CFG->spill_bytes, 8u << 20);
	assert_null(CFG->tmpdir);
	assert_int_equal(CFG->commit_interval_ms, 1000);
}

static void
test_to_defaults_to_today(void **state)
{
	int32_t before, after;

	(void)state;
	before = (int32_t)(time(NULL) / 86400);
	assert_int_equal(RUN("export", "--all-users", "--from", "2024-01-01"), 0);
	after = (int32_t)(time(NULL) / 86400);
	assert_true(CFG->to_days == before || CFG->to_days == after);
	assert_true(CFG->to_days >= D_2024_01_01);
}

static void
test_users_command_defaults(void **state)
{

	(void)state;
	assert_int_equal(RUN("users"), 0);
	assert_int_equal(g_cli.cmd, ZRX_CLI_USERS);
	assert_int_equal(CFG->user_status, ZRX_STATUS_ACTIVE | ZRX_STATUS_INACTIVE);
	assert_string_equal(CFG->output, "-");
	assert_null(CFG->manifest);
	assert_null(CFG->errors);
	assert_null(CFG->state);

	assert_int_equal(RUN("users", "--user-status", "active,pending", "-o",
	    "u.csv.gz", "--page-size", "100"), 0);
	assert_int_equal(CFG->user_status, ZRX_STATUS_ACTIVE | ZRX_STATUS_PENDING);
	assert_int_equal(CFG->format, ZRX_FORMAT_CSV);
	assert_int_equal(CFG->gzip_level, 6);
	assert_int_equal(CFG->page_size, 100);
	assert_null(CFG->manifest);
	assert_null(CFG->state);

	/* export-only options are unknown here */
	assert_int_equal(RUN("users", "--from", "2024-01-01"), ZRX_EXIT_USAGE);
	assert_err_contains("'--from'");
	assert_int_equal(RUN("users", "--all-users"), ZRX_EXIT_USAGE);
	assert_err_contains("'--all-users'");
	assert_int_equal(RUN("users", "--split-bytes", "1G"), ZRX_EXIT_USAGE);
	assert_int_equal(RUN("users", "--user-status", "deleted"),
	    ZRX_EXIT_USAGE);
	assert_err_contains("'deleted'");
}

/* ---------------------------------------------------------------------- */
/* Output: suffixes, NAME, side files                                      */

struct suffix_case {
	const char *path;
	const char *extra;        /* one more option, or NULL */
	enum zrx_format format;
	int gzip;
	const char *name;
	const char *ext;
};

static void
test_output_suffixes(void **state)
{
	static const struct suffix_case cases[] = {
		{ "rec.ndjson.gz", NULL, ZRX_FORMAT_NDJSON, 6, "rec", ".ndjson.gz" },
		{ "rec.ndjson", NULL, ZRX_FORMAT_NDJSON, -1, "rec", ".ndjson" },
		{ "rec.jsonl", NULL, ZRX_FORMAT_NDJSON, -1, "rec", ".ndjson" },
		{ "rec.jsonl.gz", NULL, ZRX_FORMAT_NDJSON, 6, "rec", ".ndjson.gz" },
		{ "rec.csv", NULL, ZRX_FORMAT_CSV, -1, "rec", ".csv" },
		{ "rec.csv.gz", NULL, ZRX_FORMAT_CSV, 6, "rec", ".csv.gz" },
		{ "rec.gz", NULL, ZRX_FORMAT_NDJSON, 6, "rec", ".ndjson.gz" },
		{ "out.txt", NULL, ZRX_FORMAT_NDJSON, -1, "out.txt", ".ndjson" },
		{ "REC.CSV.GZ", NULL, ZRX_FORMAT_CSV, 6, "REC", ".csv.gz" },
		{ "exports/rec.ndjson.gz", NULL, ZRX_FORMAT_NDJSON, 6,
		    "exports/rec", ".ndjson.gz" },
		{ "a.b.csv.gz", NULL, ZRX_FORMAT_CSV, 6, "a.b", ".csv.gz" },
		{ "rec.gz.csv", NULL, ZRX_FORMAT_CSV, -1, "rec.gz", ".csv" },
		/* overrides */
		{ "rec.csv", "--format=ndjson", ZRX_FORMAT_NDJSON, -1, "rec",
		    ".ndjson" },
		{ "rec.ndjson.gz", "--format=csv", ZRX_FORMAT_CSV, 6, "rec",
		    ".csv.gz" },
		{ "out.txt", "--format=csv", ZRX_FORMAT_CSV, -1, "out.txt", ".csv" },
		{ "rec.ndjson.gz", "--no-gzip", ZRX_FORMAT_NDJSON, -1, "rec",
		    ".ndjson" },
		{ "rec.ndjson", "--gzip", ZRX_FORMAT_NDJSON, 6, "rec",
		    ".ndjson.gz" },
		{ "rec.csv", "--gzip=9", ZRX_FORMAT_CSV, 9, "rec", ".csv.gz" },
		{ "rec.csv.gz", "--gzip=0", ZRX_FORMAT_CSV, 0, "rec", ".csv.gz" },
		{ "rec.csv.gz", "--gzip=1", ZRX_FORMAT_CSV, 1, "rec", ".csv.gz" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ZRX_ARRAY_LEN(cases); i++) {
		const struct suffix_case *k = &cases[i];
		int rc;

		if (k->extra != NULL)
			rc = EXPORT("-o", k->path, k->extra);
		else
			rc = EXPORT("-o", k->path);
		if (rc != 0)
			fail_msg("case %zu (%s): %s", i, k->path, g_err);
		assert_string_equal(CFG->output, k->path);
		assert_int_equal(CFG->format, k->format);
		assert_int_equal(CFG->gzip_level, k->gzip);
		assert_string_equal(CFG->output_name, k->name);
		assert_string_equal(CFG->output_ext, k->ext);
	}

	/* --output=PATH and -oPATH spell the same */
	assert_int_equal(EXPORT("--output=x.csv"), 0);
	assert_int_equal(CFG->format, ZRX_FORMAT_CSV);
	assert_int_equal(EXPORT("-ox.csv"), 0);
	assert_string_equal(CFG->output_name, "x");

	/* the last of --gzip / --no-gzip wins */
	assert_int_equal(EXPORT("-o", "r.ndjson", "--gzip", "--no-gzip"), 0);
	assert_int_equal(CFG->gzip_level, -1);
	assert_int_equal(EXPORT("-o", "r.ndjson.gz", "--no-gzip", "--gzip=3"), 0);
	assert_int_equal(CFG->gzip_level, 3);
}

static void
test_output_stdout(void **state)
{
	(void)state;
	assert_int_equal(EXPORT("--format", "csv"), 0);
	assert_string_equal(CFG->output, "-");
	assert_null(CFG->output_name);
	assert_int_equal(CFG->format, ZRX_FORMAT_CSV);
	assert_int_equal(CFG->gzip_level, -1);

	assert_int_equal(EXPORT("-o", "-", "--gzip"), 0);
	assert_int_equal(CFG->format, ZRX_FORMAT_NDJSON);
	assert_int_equal(CFG->gzip_level, 6);
	assert_null(CFG->state);
}

static void
test_output_errors(void **state)
{
	(void)state;
	assert_int_equal(EXPORT("--format", "json"), ZRX_EXIT_USAGE);
	assert_err_contains("--format must be ndjson or csv (got 'json')");
	assert_int_equal(EXPORT("--gzip=10"), ZRX_EXIT_USAGE);
	assert_err_contains("--gzip");
	assert_err_contains("'10'");
	assert_int_equal(EXPORT("--gzip=x"), ZRX_EXIT_USAGE);
	assert_int_equal(EXPORT("--gzip="), ZRX_EXIT_USAGE);
	/* --gzip takes its level only with '=' */
	assert_int_equal(EXPORT("--gzip", "9"), ZRX_EXIT_USAGE);
	assert_err_contains("unexpected argument '9'");
	assert_err_contains("--gzip=VALUE");
	assert_int_equal(EXPORT("--no-gzip=1"), ZRX_EXIT_USAGE);
	assert_err_contains("'--no-gzip' does not take a value");
	assert_int_equal(EXPORT("-o", ""), ZRX_EXIT_USAGE);
	assert_err_contains("--output");
	assert_int_equal(EXPORT("-o", g_dir), ZRX_EXIT_USAGE);
	assert_err_contains("is a directory");
	assert_int_equal(EXPORT("-o", "exports/.csv"), ZRX_EXIT_USAGE);
	assert_err_contains("no file name");
	assert_int_equal(EXPORT("-o", "a.csv", "--manifest", "a.csv"),
	    ZRX_EXIT_USAGE);
	assert_err_contains("--output and --manifest name the same file");
	assert_int_equal(EXPORT("-o", "a.csv", "--errors", "e", "--state", "e"),
	    ZRX_EXIT_USAGE);
	assert_err_contains("--errors and --state");
	assert_int_equal(EXPORT("-o", "a.csv", "--manifest", "-"),
	    ZRX_EXIT_USAGE);
}

static void
test_side_files(void **state)
{

	(void)state;
	assert_int_equal(EXPORT("-o", "exports/rec.ndjson.gz"), 0);
	assert_string_equal(CFG->output_name, "exports/rec");
	assert_string_equal(CFG->manifest, "exports/rec.manifest.json");
	assert_string_equal(CFG->errors, "exports/rec.errors.ndjson");
	assert_string_equal(CFG->state, "exports/rec.state");

	assert_int_equal(EXPORT("-o", "out.txt"), 0);
	assert_string_equal(CFG->manifest, "out.txt.manifest.json");
	assert_string_equal(CFG->state, "out.txt.state");

	assert_int_equal(EXPORT("-o", "r.csv", "--manifest", "m.json",
	    "--errors=err.ndjson", "--state", "s.state", "--restart",
	    "--force"), 0);
	assert_string_equal(CFG->manifest, "m.json");
	assert_string_equal(CFG->errors, "err.ndjson");
	assert_string_equal(CFG->state, "s.state");
	assert_int_equal(CFG->restart, 1);
	assert_int_equal(CFG->force, 1);

	/* stdout: nothing beside it unless asked; no resume at all */
	assert_int_equal(EXPORT("--manifest", "m.json", "--errors", "e.ndjson"),
	    0);
	assert_string_equal(CFG->manifest, "m.json");
	assert_string_equal(CFG->errors, "e.ndjson");
	assert_null(CFG->state);
	assert_int_equal(EXPORT("--state", "s.state"), ZRX_EXIT_USAGE);
	assert_err_contains("--state");
	assert_err_contains("stdout cannot be resumed");
	assert_int_equal(EXPORT("--restart"), ZRX_EXIT_USAGE);
	assert_err_contains("--restart");
}

static void
test_split_bytes(void **state)
{
	static const struct {
		const char *s;
		uint64_t v;
	} good[] = {
		{ "256M", 256ull << 20 }, { "1G", 1ull << 30 }, { "1K", 1024 },
		{ "1k", 1024 }, { "1KiB", 1024 }, { "2MB", 2ull << 20 },
		{ "1024", 1024 }, { "4096B", 4096 }, { "1T", 1ull << 40 },
	};
	static const char *const bad[] = {
		"", "1023", "0", "1.5G", "12Q", "-1G", "1 G", "G", "1Gx",
		"99999999999999999999", "20000000T", "1iB",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ZRX_ARRAY_LEN(good); i++) {
		if (EXPORT("-o", "r.ndjson.gz", "--split-bytes", good[i].s) != 0)
			fail_msg("%s: %s", good[i].s, g_err);
		assert_int_equal(CFG->split_bytes, good[i].v);
	}
	for (i = 0; i < ZRX_ARRAY_LEN(bad); i++) {
		char arg[64];

		snprintf(arg, sizeof(arg), "--split-bytes=%s", bad[i]);
		if (EXPORT("-o", "r.ndjson.gz", arg) != ZRX_EXIT_USAGE)
			fail_msg("'%s' was accepted", bad[i]);
		assert_err_contains("--split-bytes");
	}
	assert_int_equal(EXPORT("--split-bytes", "1G"), ZRX_EXIT_USAGE);
	assert_err_contains("not stdout");
}

/* ---------------------------------------------------------------------- */
/* Who                                                                     */

static void
test_users_file(void **state)
{
	static const char text[] =
	    "# exported from HR\r\n"
	    "\r\n"
	    "  alice@example.com  \r\n"
	    "bob\r\n"
	    "\talice@example.com\r\n"
	    "   # an indented comment\n"
	    "\n"
	    "KDcuGIm1QgePTO8WbOqwIQ\n"
	    "carol@example.com"; /* no final newline */
	const char *path = WRITE_STR("users.txt", text);
	char *src;

	(void)state;
	assert_int_equal(RUN("export", "--from", "2024-01-01", "--users", path),
	    0);
	assert_int_equal(CFG->nusers, 4);
	assert_string_equal(CFG->users[0], "alice@example.com");
	assert_string_equal(CFG->users[1], "bob");
	assert_string_equal(CFG->users[2], "KDcuGIm1QgePTO8WbOqwIQ");
	assert_string_equal(CFG->users[3], "carol@example.com");
	assert_int_equal(CFG->all_users, 0);
	src = zrx_xasprintf("file:%s", path);
	assert_string_equal(CFG->users_source, src);
	free(src);

	/* --user and --users: a union in command-line order */
	assert_int_equal(RUN("export", "--from", "2024-01-01", "--user", "dave",
	    "--users", path, "--user", "bob", "--user=erin"), 0);
	assert_int_equal(CFG->nusers, 6);
	assert_string_equal(CFG->users[0], "dave");
	assert_string_equal(CFG->users[1], "alice@example.com");
	assert_string_equal(CFG->users[5], "erin");

	/* --user alone: source "list"; surrounding blanks trimmed */
	assert_int_equal(RUN("export", "--from", "2024-01-01", "--user", " bob ",
	    "--user", "bob"), 0);
	assert_int_equal(CFG->nusers, 1);
	assert_string_equal(CFG->users[0], "bob");
	assert_string_equal(CFG->users_source, "list");
}

static void
test_users_file_bom_and_two_files(void **state)
{
	const char *a = WRITE_STR("bom.txt", "\xef\xbb\xbfu1\nu2\n");
	const char *b = WRITE_STR("second.txt", "u2\nu3\n");
	char *src;

	(void)state;
	assert_int_equal(RUN("export", "--from", "2024-01-01", "--users", a,
	    "--users", b), 0);
	assert_int_equal(CFG->nusers, 3);
	assert_string_equal(CFG->users[0], "u1");
	assert_string_equal(CFG->users[2], "u3");
	src = zrx_xasprintf("file:%s", a);
	assert_string_equal(CFG->users_source, src);
	free(src);
}

static void
test_users_file_errors(void **state)
{
	const char *ws = WRITE_STR("ws.txt", "a\nb\n\n# c d\nc d\n");
	const char *ctl = WRITE_STR("ctl.txt", "a\nb\x01" "c\n");
	const char *nul = write_file("nul.txt", "a\nb\0c\n", 6);
	const char *nbsp = WRITE_STR("nbsp.txt", "x\xc2\xa0y\n");
	const char *empty = WRITE_STR("empty.txt", "# nobody yet\n\n   \r\n");
	char *missing = zrx_xasprintf("%s/no-such-file", g_dir);
	char *expect;

	(void)state;
	assert_int_equal(RUN("export", "--from", "2024-01-01", "--users", ws),
	    ZRX_EXIT_USAGE);
	expect = zrx_xasprintf("zrx: %s:5: whitespace inside a user id\n", ws);
	assert_memory_equal(g_err, expect, strlen(expect));
	free(expect);

	assert_int_equal(RUN("export", "--from", "2024-01-01", "--users", ctl),
	    ZRX_EXIT_USAGE);
	expect = zrx_xasprintf("%s:2: control character", ctl);
	assert_err_contains(expect);
	free(expect);

	assert_int_equal(RUN("export", "--from", "2024-01-01", "--users", nul),
	    ZRX_EXIT_USAGE);
	expect = zrx_xasprintf("%s:2: NUL byte", nul);
	assert_err_contains(expect);
	free(expect);

	assert_int_equal(RUN("export", "--from", "2024-01-01", "--users", nbsp),
	    ZRX_EXIT_USAGE);
	assert_err_contains(":1: whitespace inside a user id");

	assert_int_equal(RUN("export", "--from", "2024-01-01", "--users", empty),
	    ZRX_EXIT_USAGE);
	assert_err_contains("empty.txt");
	assert_err_contains("no user ids");

	assert_int_equal(RUN("export", "--from", "2024-01-01", "--users",
	    missing), ZRX_EXIT_USAGE);
	assert_err_contains(missing);
	assert_err_contains("No such file or directory");
	free(missing);

	assert_int_equal(RUN("export", "--from", "2024-01-01", "--users", g_dir),
	    ZRX_EXIT_USAGE);
	assert_err_contains("Is a directory");

	/* --user gets the same checks */
	assert_int_equal(RUN("export", "--from", "2024-01-01", "--user", "a b"),
	    ZRX_EXIT_USAGE);
	assert_err_contains("--user 'a b': whitespace inside a user id");
	assert_int_equal(RUN("export", "--from", "2024-01-01", "--user", "a\tb"),
	    ZRX_EXIT_USAGE);
	assert_err_contains("'a?b'");
	assert_int_equal(RUN("export", "--from", "2024-01-01", "--user", "  "),
	    ZRX_EXIT_USAGE);
	assert_err_contains("--user must not be empty");
	assert_int_equal(RUN("export", "--from", "2024-01-01", "--users", "-",
	    "--users", "-"), ZRX_EXIT_USAGE);
	assert_err_contains("only once");
}

static void
test_users_many_duplicates(void **state)
{
	const size_t n = 100000;
	struct zrx_buf b;
	const char *path;
	size_t i;

	(void)state;
	zrx_buf_init(&b);
	for (i = 0; i < n; i++)
		zrx_buf_printf(&b, "user%zu@example.com\n", i);
	for (i = n; i-- > 0;)
		zrx_buf_printf(&b, " user%zu@example.com \r\n", i);
	path = write_file("many.txt", b.data, b.len);
	zrx_buf_free(&b);
	assert_int_equal(RUN("export", "--from", "2024-01-01", "--users", path),
	    0);
	assert_int_equal(CFG->nusers, n);
	assert_string_equal(CFG->users[0], "user0@example.com");
	assert_string_equal(CFG->users[n - 1], "user99999@example.com");
}

static void
test_who_rules(void **state)
{
	const char *f = WRITE_STR("one.txt", "x\n");

	(void)state;
	assert_int_equal(RUN("export", "--from", "2024-01-01"), ZRX_EXIT_USAGE);
	assert_err_contains("--user ID, --users FILE or --all-users");
	assert_int_equal(RUN("export", "--from", "2024-01-01", "--all-users",
	    "--user", "x"), ZRX_EXIT_USAGE);
	assert_err_contains("--all-users cannot be combined");
	assert_int_equal(RUN("export", "--from", "2024-01-01", "--all-users",
	    "--users", f), ZRX_EXIT_USAGE);
	assert_int_equal(RUN("export", "--from", "2024-01-01", "--user", "x",
	    "--user-status", "active"), ZRX_EXIT_USAGE);
	assert_err_contains("--user-status applies only with --all-users");

	assert_int_equal(EXPORT("--user-status", "pending,active"), 0);
	assert_int_equal(CFG->user_status,
	    ZRX_STATUS_ACTIVE | ZRX_STATUS_PENDING);
	assert_int_equal(EXPORT("--user-status", "inactive"), 0);
	assert_int_equal(CFG->user_status, ZRX_STATUS_INACTIVE);
	assert_int_equal(EXPORT("--user-status", "active,"), ZRX_EXIT_USAGE);
	assert_int_equal(EXPORT("--user-status", "active,deleted"),
	    ZRX_EXIT_USAGE);
	assert_err_contains("unknown status 'deleted'");
	assert_int_equal(EXPORT("--user-status="), ZRX_EXIT_USAGE);
}

/* ---------------------------------------------------------------------- */
/* When and what                                                           */

static void
test_dates(void **state)
{
	(void)state;
	assert_int_equal(RUN("export", "--all-users", "--from", "2023-02-29"),
	    ZRX_EXIT_USAGE);
	assert_err_contains("--from");
	assert_err_contains("'2023-02-29' is not a calendar date");

	assert_int_equal(RUN("export", "--all-users", "--from", "2024-1-01"),
	    ZRX_EXIT_USAGE);
	assert_err_contains("--from must be a date as YYYY-MM-DD (got "
	    "'2024-1-01')");

	assert_int_equal(RUN("export", "--all-users", "--from", "2024-02-01",
	    "--to", "2024-01-31"), ZRX_EXIT_USAGE);
	assert_err_contains("--from 2024-02-01 is after --to 2024-01-31");

	assert_int_equal(RUN("export", "--all-users", "--from", "2024-01-01",
	    "--to", "2024-13-01"), ZRX_EXIT_USAGE);
	assert_err_contains("--to");

	assert_int_equal(RUN("export", "--all-users", "--from", "1969-12-31"),
	    ZRX_EXIT_USAGE);
	assert_err_contains("1970-01-01");

	assert_int_equal(RUN("export", "--all-users", "--from", "9999-01-01"),
	    ZRX_EXIT_USAGE);
	assert_err_contains("(today, UTC)");

	assert_int_equal(RUN("export", "--all-users", "--to", "2024-01-31"),
	    ZRX_EXIT_USAGE);
	assert_err_contains("--from YYYY-MM-DD is required");

	/* a leap day, and one-day ranges */
	assert_int_equal(RUN("export", "--all-users", "--from", "2024-02-29",
	    "--to", "2024-02-29"), 0);
	assert_int_equal(CFG->from_days, D_2024_01_01 + 59);
	assert_int_equal(CFG->to_days, D_2024_01_01 + 59);
}

static void
test_trash(void **state)
{
	(void)state;
	assert_int_equal(RUN("export", "--all-users", "--trash"), 0);
	assert_int_equal(CFG->trash, 1);
	assert_null(CFG->trash_type);

	assert_int_equal(RUN("export", "--all-users", "--trash", "--trash-type",
	    "recording_file"), 0);
	assert_string_equal(CFG->trash_type, "recording_file");

	assert_int_equal(RUN("export", "--all-users", "--trash", "--from",
	    "2024-01-01"), ZRX_EXIT_USAGE);
	assert_err_contains("--from: dates do not apply to --trash");
	assert_int_equal(RUN("export", "--all-users", "--trash", "--to",
	    "2024-01-01"), ZRX_EXIT_USAGE);
	assert_err_contains("--to: dates do not apply to --trash");

	assert_int_equal(EXPORT("--trash-type", "recording_file"),
	    ZRX_EXIT_USAGE);
	assert_err_contains("--trash-type requires --trash");
	assert_int_equal(RUN("export", "--all-users", "--trash", "--trash-type",
	    "everything"), ZRX_EXIT_USAGE);
	assert_err_contains("'everything'");
}

static void
test_mc_meeting_id(void **state)
{
	(void)state;
	assert_int_equal(EXPORT("--mc"), 0);
	assert_string_equal(CFG->mc, "true");
	assert_int_equal(EXPORT("--mc=false"), 0);
	assert_string_equal(CFG->mc, "false");
	assert_int_equal(EXPORT("--mc=true"), 0);
	assert_string_equal(CFG->mc, "true");
	assert_int_equal(EXPORT("--mc=maybe"), ZRX_EXIT_USAGE);
	assert_err_contains("--mc must be true or false");
	assert_int_equal(EXPORT("--mc", "false"), ZRX_EXIT_USAGE);
	assert_err_contains("--mc=VALUE");

	assert_int_equal(EXPORT("--meeting-id", "85746065432"), 0);
	assert_string_equal(CFG->meeting_id, "85746065432");
	assert_int_equal(EXPORT("--meeting-id", "/ajXp112QmuoKj4854875=="), 0);
	assert_string_equal(CFG->meeting_id, "/ajXp112QmuoKj4854875==");
	assert_int_equal(EXPORT("--meeting-id", "a b"), ZRX_EXIT_USAGE);
	assert_err_contains("--meeting-id");
	assert_int_equal(EXPORT("--meeting-id="), ZRX_EXIT_USAGE);
}

static void
test_page_size(void **state)
{
	static const char *const bad[] = {
		"0", "301", "-1", "", "30x", " 30", "+30", "3e2",
		"99999999999999999999999",
	};
	size_t i;

	(void)state;
	assert_int_equal(EXPORT("--page-size", "0"), ZRX_EXIT_USAGE);
	assert_string_equal(g_err, "zrx: --page-size must be an integer from 1 "
	    "to 300 (got '0')\nTry 'zrx export --help'.\n");
	for (i = 0; i < ZRX_ARRAY_LEN(bad); i++) {
		char arg[64];

		snprintf(arg, sizeof(arg), "--page-size=%s", bad[i]);
		if (EXPORT(arg) != ZRX_EXIT_USAGE)
			fail_msg("page size '%s' accepted", bad[i]);
		assert_err_contains("--page-size must be an integer from 1 to 300");
	}
	assert_int_equal(EXPORT("--page-size", "1"), 0);
	assert_int_equal(CFG->page_size, 1);
	assert_int_equal(EXPORT("--page-size=300"), 0);
	assert_int_equal(CFG->page_size, 300);
}

/* ---------------------------------------------------------------------- */
/* Network, limits, reporting, tuning                                      */

static void
test_urls(void **state)
{
	static const char *const refused[] = {
		"http://api.example.com/v2", "http://128.0.0.1/v2",
		"http://localhost.example.com/", "http://127.0.0.1@evil.example/",
		"http://[::2]/v2", "http://10.0.0.1",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ZRX_ARRAY_LEN(refused); i++) {
		if (EXPORT("--base-url", refused[i]) != ZRX_EXIT_USAGE)
			fail_msg("%s accepted", refused[i]);
		assert_err_contains("--base-url: plain http:// is refused");
	}
	assert_int_equal(EXPORT("--oauth-url", "http://zoom.example/oauth"),
	    ZRX_EXIT_USAGE);
	assert_err_contains("--oauth-url: plain http:// is refused");
	assert_int_equal(EXPORT("--base-url", "ftp://127.0.0.1/v2"),
	    ZRX_EXIT_USAGE);
	assert_err_contains("--base-url must be an https:// URL");
	assert_int_equal(EXPORT("--base-url", "https:///v2"), ZRX_EXIT_USAGE);
	assert_err_contains("no host");
	assert_int_equal(EXPORT("--base-url", "https://a.example/v2?x=1"),
	    ZRX_EXIT_USAGE);

	assert_int_equal(EXPORT("--base-url", "http://127.0.0.1:8080/v2/"), 0);
	assert_string_equal(CFG->base_url, "http://127.0.0.1:8080/v2");
	assert_int_equal(EXPORT("--base-url", "http://127.9.8.7/v2"), 0);
	assert_int_equal(EXPORT("--base-url", "http://localhost:1234/v2"), 0);
	assert_int_equal(EXPORT("--base-url", "HTTP://[::1]:1234/v2"), 0);
	assert_string_equal(CFG->base_url, "HTTP://[::1]:1234/v2");
	assert_int_equal(EXPORT("--base-url", "https://api.example.com/v2",
	    "--oauth-url", "http://127.0.0.1:9/oauth/token"), 0);
	assert_string_equal(CFG->base_url, "https://api.example.com/v2");
	assert_string_equal(CFG->oauth_url, "http://127.0.0.1:9/oauth/token");
}

static void
test_limits(void **state)
{
	const char *ca = WRITE_STR("ca.pem", "-----BEGIN CERTIFICATE-----\n");
	char *nodir = zrx_xasprintf("%s/nope", g_dir);

	(void)state;
	assert_int_equal(EXPORT("--rate", "2.5"), 0);
	assert_true(CFG->rate == 2.5);
	assert_true(zrx_config_burst(CFG) == 3.0);
	assert_int_equal(EXPORT("--rate", "0.5"), 0);
	assert_true(zrx_config_burst(CFG) == 1.0);
	assert_int_equal(EXPORT("--rate", "20", "--burst", "40"), 0);
	assert_true(CFG->rate == 20.0 && zrx_config_burst(CFG) == 40.0);
	assert_int_equal(EXPORT("--rate", "0"), ZRX_EXIT_USAGE);
	assert_err_contains("--rate");
	assert_int_equal(EXPORT("--rate", "nan"), ZRX_EXIT_USAGE);
	assert_int_equal(EXPORT("--rate", "1e3"), ZRX_EXIT_USAGE);
	assert_int_equal(EXPORT("--burst", "0.5"), ZRX_EXIT_USAGE);
	assert_err_contains("--burst");

	assert_int_equal(EXPORT("--concurrency", "1024", "--retries", "0",
	    "--timeout", "30", "--connect-timeout", "5", "--stall-timeout", "7"),
	    0);
	assert_int_equal(CFG->concurrency, 1024);
	assert_int_equal(CFG->retries, 0);
	assert_int_equal(CFG->timeout_s, 30);
	assert_int_equal(CFG->connect_timeout_s, 5);
	assert_int_equal(CFG->stall_timeout_s, 7);
	assert_int_equal(EXPORT("--concurrency", "1025"), ZRX_EXIT_USAGE);
	assert_err_contains("--concurrency must be an integer from 1 to 1024 "
	    "(got '1025')");
	assert_int_equal(EXPORT("--concurrency", "0"), ZRX_EXIT_USAGE);
	assert_int_equal(EXPORT("--retries", "101"), ZRX_EXIT_USAGE);
	assert_int_equal(EXPORT("--timeout", "0"), ZRX_EXIT_USAGE);

	assert_int_equal(EXPORT("--cacert", ca), 0);
	assert_string_equal(CFG->cacert, ca);
	assert_int_equal(EXPORT("--cacert", nodir), ZRX_EXIT_USAGE);
	assert_err_contains("--cacert: cannot read");
	assert_err_contains("No such file or directory");

	assert_int_equal(EXPORT("--tmpdir", g_dir, "--spill-bytes", "64K",
	    "--commit-interval", "0"), 0);
	assert_string_equal(CFG->tmpdir, g_dir);
	assert_int_equal(CFG->spill_bytes, 65536);
	assert_int_equal(CFG->commit_interval_ms, 0);
	assert_int_equal(EXPORT("--tmpdir", nodir), ZRX_EXIT_USAGE);
	assert_err_contains("--tmpdir");
	assert_int_equal(EXPORT("--tmpdir", ca), ZRX_EXIT_USAGE);
	assert_err_contains("not a directory");
	assert_int_equal(EXPORT("--spill-bytes", "lots"), ZRX_EXIT_USAGE);
	free(nodir);
}

static void
test_reporting(void **state)
{
	(void)state;
	assert_int_equal(EXPORT("-vvv"), 0);
	assert_int_equal(CFG->log->verbose, 3);
	assert_int_equal(EXPORT("-v", "--verbose"), 0);
	assert_int_equal(CFG->log->verbose, 2);
	assert_int_equal(EXPORT("-q", "--progress", "never", "--log-format",
	    "json"), 0);
	assert_int_equal(CFG->log->quiet, 1);
	assert_int_equal(g_cli.progress, ZRX_CLI_PROGRESS_NEVER);
	assert_int_equal(CFG->log->fmt, ZRX_LOG_JSON);
	assert_int_equal(EXPORT("--progress=always"), 0);
	assert_int_equal(g_cli.progress, ZRX_CLI_PROGRESS_ALWAYS);
	assert_int_equal(EXPORT("-qv"), ZRX_EXIT_USAGE);
	assert_err_contains("--quiet and --verbose");
	assert_int_equal(EXPORT("--progress", "sometimes"), ZRX_EXIT_USAGE);
	assert_err_contains("--progress must be auto, always or never");
	assert_int_equal(EXPORT("--log-format", "xml"), ZRX_EXIT_USAGE);
}

/* ---------------------------------------------------------------------- */
/* The parser itself                                                       */

static void
test_unknown_option_suggestion(void **state)
{
	(void)state;
	assert_int_equal(EXPORT("--concurency", "4"), ZRX_EXIT_USAGE);
	assert_string_equal(g_err, "zrx: unknown option '--concurency'; did you "
	    "mean '--concurrency'?\nTry 'zrx export --help'.\n");
	assert_int_equal(EXPORT("--concurency=4"), ZRX_EXIT_USAGE);
	assert_err_contains("'--concurency'; did you mean '--concurrency'?");
	assert_int_equal(EXPORT("--ouptut", "x"), ZRX_EXIT_USAGE);
	assert_err_contains("did you mean '--output'?");
	assert_int_equal(EXPORT("--pagesize", "3"), ZRX_EXIT_USAGE);
	assert_err_contains("did you mean '--page-size'?");
	assert_int_equal(EXPORT("-from", "x"), ZRX_EXIT_USAGE);
	assert_err_contains("unknown option '-from'; did you mean '--from'?");

	/* nothing close: no suggestion */
	assert_int_equal(EXPORT("--xyzzy"), ZRX_EXIT_USAGE);
	assert_string_equal(g_err, "zrx: unknown option '--xyzzy'\n"
	    "Try 'zrx export --help'.\n");
	assert_int_equal(EXPORT("-x"), ZRX_EXIT_USAGE);
	assert_err_contains("unknown option '-x'");

	/* a token is never an option; its value is not echoed */
	assert_int_equal(EXPORT("--token", MARKER_TOKEN), ZRX_EXIT_USAGE);
	assert_err_contains("unknown option '--token'");
	assert_int_equal(EXPORT("--token=" MARKER_TOKEN), ZRX_EXIT_USAGE);
	assert_int_equal(EXPORT("--client-secret=" MARKER), ZRX_EXIT_USAGE);
	assert_err_contains("'--client-secret'");
}

static void
test_parser_edges(void **state)
{
	(void)state;
	assert_int_equal(RUN("export", "--all-users", "--from"), ZRX_EXIT_USAGE);
	assert_err_contains("option '--from' requires a value");
	assert_int_equal(RUN("export", "--user", "--all-users", "--from",
	    "2024-01-01"), ZRX_EXIT_USAGE);
	assert_err_contains("option '--user' requires a value");
	assert_int_equal(RUN("export", "--from", "2024-01-01", "--user=-odd"), 0);
	assert_string_equal(CFG->users[0], "-odd");
	assert_int_equal(EXPORT("stray"), ZRX_EXIT_USAGE);
	assert_err_contains("unexpected argument 'stray'");
	assert_int_equal(EXPORT("--", "--force"), ZRX_EXIT_USAGE);
	assert_err_contains("unexpected argument '--force'");
	assert_int_equal(EXPORT("--force=yes"), ZRX_EXIT_USAGE);
	assert_err_contains("'--force' does not take a value");
	/* the last value of a repeated option wins */
	assert_int_equal(EXPORT("--page-size", "10", "--page-size", "20"), 0);
	assert_int_equal(CFG->page_size, 20);
}

static void
test_commands(void **state)
{
	char *ver;

	(void)state;
	assert_int_equal(RUN("--version"), 1);
	ver = zrx_xasprintf("zrx %s\n", zrx_version());
	assert_string_equal(g_out, ver);
	assert_int_equal(RUN("-V"), 1);
	assert_string_equal(g_out, ver);
	free(ver);

	assert_int_equal(run_v((const char *const[]){ NULL }), ZRX_EXIT_USAGE);
	assert_err_contains("no command");
	assert_err_contains("export");
	assert_err_contains("users");
	assert_int_equal(RUN("exprot"), ZRX_EXIT_USAGE);
	assert_err_contains("unknown command 'exprot'; did you mean 'export'?");
	assert_int_equal(RUN("frobnicate"), ZRX_EXIT_USAGE);
	assert_err_contains("export, users");
	assert_int_equal(RUN("--from", "2024-01-01"), ZRX_EXIT_USAGE);
	assert_err_contains("must follow a command");
	assert_int_equal(RUN("--verison"), ZRX_EXIT_USAGE);
	assert_err_contains("did you mean '--version'?");
	assert_int_equal(RUN("help", "nope"), ZRX_EXIT_USAGE);
}

/* Every line of a help text fits 80 columns; returns the number of lines. */
static size_t
check_width(const char *s)
{
	size_t lines = 0;

	while (*s != '\0') {
		const char *nl = strchr(s, '\n');

		assert_non_null(nl);
		if (nl - s > 79)
			fail_msg("help line too long: %.*s", (int)(nl - s), s);
		s = nl + 1;
		lines++;
	}
	return lines;
}

static void
test_help(void **state)
{
	static const char *const export_opts[] = {
		"--user ID", "--users FILE", "--all-users", "--user-status",
		"--from", "--to", "--trash", "--trash-type", "--mc",
		"--meeting-id", "--page-size", "-o, --output", "--format",
		"--gzip", "--no-gzip", "--split-bytes", "--manifest", "--errors",
		"--state", "--force", "--restart", "--base-url", "--oauth-url",
		"--rate", "--burst", "--concurrency", "--timeout",
		"--connect-timeout", "--stall-timeout", "--retries", "--cacert",
		"--token-file", "-q, --quiet", "-v, --verbose", "--progress",
		"--log-format", "--spill-bytes", "--tmpdir", "--commit-interval",
		"-h, --help",
		/* defaults */
		"[300]", "[-]", "[128]", "[120]", "[10]", "[60]", "[6]", "[8M]",
		"[1000]", "[https://api.zoom.us/v2]",
		"[https://zoom.us/oauth/token]", "[active,inactive]",
		"NAME.manifest.json", "NAME.errors.ndjson", "NAME.state",
		"ZOOM_ACCESS_TOKEN", "ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID",
		"ZOOM_CLIENT_SECRET",
	};
	static const char *const exit_lines[] = {
		"\n  0  every user exported", "\n  1  fatal", "\n  2  usage error",
		"\n  3  finished, but some users failed", "\n  4  authentication",
		"\n  5  interrupted", "\n  6  the account's daily rate limit",
	};
	char *help_export;
	size_t i;

	(void)state;
	assert_int_equal(RUN("export", "--help"), 1);
	help_export = zrx_xstrdup(g_out);
	check_width(help_export);
	for (i = 0; i < ZRX_ARRAY_LEN(export_opts); i++)
		if (strstr(help_export, export_opts[i]) == NULL)
			fail_msg("export help lacks %s", export_opts[i]);
	for (i = 0; i < ZRX_ARRAY_LEN(exit_lines); i++)
		assert_non_null(strstr(help_export, exit_lines[i]));

	/* the same text from every spelling; --help wins over bad values */
	assert_int_equal(RUN("help", "export"), 1);
	assert_string_equal(g_out, help_export);
	assert_int_equal(RUN("export", "--page-size", "0", "-h"), 1);
	assert_string_equal(g_out, help_export);
	free(help_export);

	assert_int_equal(RUN("users", "--help"), 1);
	check_width(g_out);
	assert_out_contains("Usage: zrx users");
	assert_out_contains("--user-status");
	assert_out_contains("--token-file");
	assert_out_contains("ZOOM_CLIENT_SECRET");
	assert_out_contains("\n  6  ");
	assert_null(strstr(g_out, "--from"));
	assert_null(strstr(g_out, "--split-bytes"));

	assert_int_equal(RUN("--help"), 1);
	check_width(g_out);
	assert_out_contains("Usage: zrx COMMAND");
	assert_out_contains("export");
	assert_out_contains("users");
	assert_out_contains("ZOOM_ACCOUNT_ID");
	assert_out_contains("\n  2  usage error");
	assert_int_equal(RUN("-h"), 1);
	assert_int_equal(RUN("help"), 1);
	assert_out_contains("Usage: zrx COMMAND");
}

/* ---------------------------------------------------------------------- */
/* Auth                                                                    */

static void
test_auth_precedence(void **state)
{
	const char *tf = WRITE_STR("token", "  tok-from-file\r\n");

	(void)state;
	/* --token-file beats everything */
	assert_int_equal(setenv("ZOOM_ACCESS_TOKEN", MARKER_TOKEN, 1), 0);
	assert_int_equal(EXPORT("--token-file", tf), 0);
	assert_string_equal(CFG->access_token, "tok-from-file");
	assert_null(CFG->account_id);
	assert_null(CFG->client_secret);

	/* then ZOOM_ACCESS_TOKEN */
	assert_int_equal(EXPORT("--page-size", "5"), 0);
	assert_string_equal(CFG->access_token, MARKER_TOKEN);
	assert_null(CFG->client_id);
	assert_null(CFG->client_secret);

	/* then the three OAuth values */
	assert_int_equal(unsetenv("ZOOM_ACCESS_TOKEN"), 0);
	assert_int_equal(EXPORT("--page-size", "5"), 0);
	assert_null(CFG->access_token);
	assert_string_equal(CFG->account_id, "acct-1");
	assert_string_equal(CFG->client_id, "client-1");
	assert_string_equal(CFG->client_secret, MARKER);

	/* a blank ZOOM_ACCESS_TOKEN counts as unset */
	assert_int_equal(setenv("ZOOM_ACCESS_TOKEN", "  ", 1), 0);
	assert_int_equal(EXPORT("--page-size", "5"), 0);
	assert_null(CFG->access_token);
	assert_string_equal(CFG->client_secret, MARKER);

	/* a token file wins even when the OAuth values are incomplete */
	assert_int_equal(unsetenv("ZOOM_CLIENT_ID"), 0);
	assert_int_equal(EXPORT("--token-file", tf), 0);
	assert_string_equal(CFG->access_token, "tok-from-file");
}

static void
test_auth_missing(void **state)
{
	(void)state;
	assert_int_equal(unsetenv("ZOOM_ACCOUNT_ID"), 0);
	assert_int_equal(unsetenv("ZOOM_CLIENT_ID"), 0);
	assert_int_equal(unsetenv("ZOOM_CLIENT_SECRET"), 0);
	assert_int_equal(EXPORT("-q"), ZRX_EXIT_USAGE);
	assert_err_contains("no credentials");
	assert_err_contains("ZOOM_ACCOUNT_ID");
	assert_err_contains("ZOOM_CLIENT_ID");
	assert_err_contains("ZOOM_CLIENT_SECRET");
	assert_err_contains("ZOOM_ACCESS_TOKEN");
	assert_err_contains("--token-file");
	assert_int_equal(RUN("users"), ZRX_EXIT_USAGE);
	assert_err_contains("no credentials");

	/* only the secret: name exactly the two missing */
	assert_int_equal(setenv("ZOOM_CLIENT_SECRET", MARKER, 1), 0);
	assert_int_equal(EXPORT("-q"), ZRX_EXIT_USAGE);
	assert_string_equal(g_err, "zrx: incomplete Server-to-Server OAuth "
	    "credentials: ZOOM_ACCOUNT_ID and ZOOM_CLIENT_ID are not set\n"
	    "Try 'zrx export --help'.\n");

	/* all but the secret */
	assert_int_equal(setenv("ZOOM_ACCOUNT_ID", "acct-1", 1), 0);
	assert_int_equal(setenv("ZOOM_CLIENT_ID", "client-1", 1), 0);
	assert_int_equal(unsetenv("ZOOM_CLIENT_SECRET"), 0);
	assert_int_equal(EXPORT("-q"), ZRX_EXIT_USAGE);
	assert_err_contains("ZOOM_CLIENT_SECRET is not set");
	assert_null(strstr(g_err, "ZOOM_ACCOUNT_ID"));
	assert_null(strstr(g_err, "ZOOM_CLIENT_ID"));

	/* a secret with a newline inside is refused, by name only */
	assert_int_equal(setenv("ZOOM_CLIENT_SECRET", MARKER "\n" MARKER, 1), 0);
	assert_int_equal(EXPORT("-q"), ZRX_EXIT_USAGE);
	assert_err_contains("ZOOM_CLIENT_SECRET contains whitespace");
}

static void
test_token_file_errors(void **state)
{
	const char *empty = WRITE_STR("empty-token", " \r\n\n");
	const char *two = WRITE_STR("two-tokens", MARKER_TOKEN " " MARKER_TOKEN
	    "\n");
	char *missing = zrx_xasprintf("%s/no-token", g_dir);

	(void)state;
	assert_int_equal(EXPORT("--token-file", empty), ZRX_EXIT_USAGE);
	assert_err_contains(empty);
	assert_err_contains("is empty");
	assert_int_equal(EXPORT("--token-file", two), ZRX_EXIT_USAGE);
	assert_err_contains(two);
	assert_int_equal(EXPORT("--token-file", missing), ZRX_EXIT_USAGE);
	assert_err_contains(missing);
	assert_err_contains("No such file or directory");
	assert_int_equal(EXPORT("--token-file", g_dir), ZRX_EXIT_USAGE);
	assert_err_contains("--token-file");
	free(missing);
}

static void
test_free_is_safe(void **state)
{
	struct zrx_cli z;

	(void)state;
	memset(&z, 0, sizeof(z));
	zrx_cli_free(&z);
	zrx_cli_free(&z);
	zrx_cli_free(NULL);
	assert_int_equal(EXPORT("-o", "a.csv"), 0);
	zrx_cli_free(&g_cli);
	assert_null(g_cli.h);
	zrx_cli_free(&g_cli);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_export_defaults),
		T(test_to_defaults_to_today),
		T(test_users_command_defaults),
		T(test_output_suffixes),
		T(test_output_stdout),
		T(test_output_errors),
		T(test_side_files),
		T(test_split_bytes),
		T(test_users_file),
		T(test_users_file_bom_and_two_files),
		T(test_users_file_errors),
		T(test_users_many_duplicates),
		T(test_who_rules),
		T(test_dates),
		T(test_trash),
		T(test_mc_meeting_id),
		T(test_page_size),
		T(test_urls),
		T(test_limits),
		T(test_reporting),
		T(test_unknown_option_suggestion),
		T(test_parser_edges),
		T(test_commands),
		T(test_help),
		T(test_auth_precedence),
		T(test_auth_missing),
		T(test_token_file_errors),
		T(test_free_is_safe),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
