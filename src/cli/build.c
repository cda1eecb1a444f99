/* build.c - a command line to a configured handle: each option checked
 * with a message that names it, then handed to the library's setters. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cliopt.h"
#include "dates.h"
#include "outname.h"

#define MAX_ID_LEN 256

int
set_str(struct parser *p, const char *name, enum zrx_option opt, const char *v)
{
	if (zrx_setopt_str(p->h, opt, v) != 0)
		return usage(p, "--%s: %s", name, zrx_last_error(p->h));
	return 0;
}

int
set_int(struct parser *p, const char *name, enum zrx_option opt, long long v)
{
	if (zrx_setopt_int(p->h, opt, v) != 0)
		return usage(p, "--%s: %s", name, zrx_last_error(p->h));
	return 0;
}

int
set_double(struct parser *p, const char *name, enum zrx_option opt, double v)
{
	if (zrx_setopt_double(p->h, opt, v) != 0)
		return usage(p, "--%s: %s", name, zrx_last_error(p->h));
	return 0;
}

int
build_format(struct parser *p, int fmt, int gz)
{
	if (p->given[O_FORMAT]) {
		const char *f = p->val[O_FORMAT];

		if (strcmp(f, "ndjson") == 0)
			fmt = ZRX_FORMAT_NDJSON;
		else if (strcmp(f, "csv") == 0)
			fmt = ZRX_FORMAT_CSV;
		else
			return usage(p, "--format must be ndjson or csv "
			    "(got '%s')", f);
	}
	if (p->gzip_choice < 0) {
		gz = -1;
	} else if (p->gzip_choice > 0) {
		gz = 6;
		if (p->gzip_val != NULL) {
			const char *g = p->gzip_val;

			if (g[0] < '0' || g[0] > '9' || g[1] != '\0')
				return usage(p, "--gzip level must be an "
				    "integer from 0 to 9 (got '%s')", g);
			gz = g[0] - '0';
		}
	}
	if (set_int(p, "format", ZRX_OPT_FORMAT, fmt < 0 ? ZRX_FORMAT_NDJSON : fmt) != 0 ||
	    set_int(p, "gzip", ZRX_OPT_GZIP, gz) != 0)
		return ZRX_EXIT_USAGE;
	return 0;
}

static int
build_output(struct parser *p)
{
	const char *out = p->given[O_OUTPUT] ? p->val[O_OUTPUT] : "-";
	int to_stdout = strcmp(out, "-") == 0;
	int fmt = -1, gz = -1, sgz;
	size_t n;

	if (*out == '\0')
		return usage(p, "--output must not be empty (use '-' for "
		    "stdout)");
	if (!to_stdout) {
		struct stat st;

		n = strlen(out);
		if (out[n - 1] == '/' || (stat(out, &st) == 0 &&
		    S_ISDIR(st.st_mode)))
			return usage(p, "--output '%s' is a directory; give a "
			    "file name", out);
		zrx_outname(out, &n, &fmt, &sgz);
		gz = sgz ? 6 : -1;
		if (n == 0 || out[n - 1] == '/')
			return usage(p, "--output '%s' has no file name before "
			    "its suffix", out);
		p->output_name = zrx_xstrndup(out, n);
	}
	if (set_str(p, "output", ZRX_OPT_OUTPUT, out) != 0)
		return ZRX_EXIT_USAGE;
	return build_format(p, fmt, gz);
}

int
build_network(struct parser *p)
{
	uint64_t v;
	double r;

	if (p->given[O_BASE_URL] &&
	    (check_url(p, "base-url", p->val[O_BASE_URL]) != 0 ||
	    set_str(p, "base-url", ZRX_OPT_BASE_URL, p->val[O_BASE_URL]) != 0))
		return ZRX_EXIT_USAGE;
	if (p->given[O_OAUTH_URL] &&
	    (check_url(p, "oauth-url", p->val[O_OAUTH_URL]) != 0 ||
	    set_str(p, "oauth-url", ZRX_OPT_OAUTH_URL, p->val[O_OAUTH_URL]) != 0))
		return ZRX_EXIT_USAGE;
	if (p->given[O_RATE]) {
		if (parse_decimal(p->val[O_RATE], &r) != 0 || !(r >= 0.1) ||
		    r > 100000)
			return usage(p, "--rate must be a number of requests "
			    "per second from 0.1 to 100000 (got '%s')",
			    p->val[O_RATE]);
		if (set_double(p, "rate", ZRX_OPT_RATE, r) != 0)
			return ZRX_EXIT_USAGE;
	}
	if (p->given[O_BURST]) {
		if (parse_decimal(p->val[O_BURST], &r) != 0 || r < 1 ||
		    r > 100000)
			return usage(p, "--burst must be a number from 1 to "
			    "100000 (got '%s')", p->val[O_BURST]);
		if (set_double(p, "burst", ZRX_OPT_BURST, r) != 0)
			return ZRX_EXIT_USAGE;
	}
	if (p->given[O_CONCURRENCY] &&
	    (opt_int(p, O_CONCURRENCY, "concurrency", 1, 1024, &v) != 0 ||
	    set_int(p, "concurrency", ZRX_OPT_CONCURRENCY, (long long)v) != 0))
		return ZRX_EXIT_USAGE;
	if (p->given[O_TIMEOUT] &&
	    (opt_int(p, O_TIMEOUT, "timeout", 1, 86400, &v) != 0 ||
	    set_int(p, "timeout", ZRX_OPT_TIMEOUT, (long long)v) != 0))
		return ZRX_EXIT_USAGE;
	if (p->given[O_CONNECT_TIMEOUT] &&
	    (opt_int(p, O_CONNECT_TIMEOUT, "connect-timeout", 1, 3600, &v) != 0 ||
	    set_int(p, "connect-timeout", ZRX_OPT_CONNECT_TIMEOUT, (long long)v) != 0))
		return ZRX_EXIT_USAGE;
	if (p->given[O_STALL_TIMEOUT] &&
	    (opt_int(p, O_STALL_TIMEOUT, "stall-timeout", 1, 86400, &v) != 0 ||
	    set_int(p, "stall-timeout", ZRX_OPT_STALL_TIMEOUT, (long long)v) != 0))
		return ZRX_EXIT_USAGE;
	if (p->given[O_RETRIES] &&
	    (opt_int(p, O_RETRIES, "retries", 0, 100, &v) != 0 ||
	    set_int(p, "retries", ZRX_OPT_RETRIES, (long long)v) != 0))
		return ZRX_EXIT_USAGE;
	if (p->given[O_CACERT] &&
	    (check_readable_file(p, "cacert", p->val[O_CACERT]) != 0 ||
	    set_str(p, "cacert", ZRX_OPT_CACERT, p->val[O_CACERT]) != 0))
		return ZRX_EXIT_USAGE;
	return 0;
}

int
build_reporting(struct parser *p)
{
	struct zrx_cli *cli = p->cli;

	if (p->given[O_QUIET] && p->given[O_VERBOSE])
		return usage(p, "--quiet and --verbose cannot be combined");
	cli->quiet = p->given[O_QUIET] ? 1 : 0;
	if (set_int(p, "quiet", ZRX_OPT_QUIET, cli->quiet) != 0 ||
	    set_int(p, "verbose", ZRX_OPT_VERBOSE, p->given[O_VERBOSE]) != 0)
		return ZRX_EXIT_USAGE;
	if (p->given[O_PROGRESS]) {
		const char *s = p->val[O_PROGRESS];

		if (strcmp(s, "auto") == 0)
			cli->progress = ZRX_CLI_PROGRESS_AUTO;
		else if (strcmp(s, "always") == 0)
			cli->progress = ZRX_CLI_PROGRESS_ALWAYS;
		else if (strcmp(s, "never") == 0)
			cli->progress = ZRX_CLI_PROGRESS_NEVER;
		else
			return usage(p, "--progress must be auto, always or "
			    "never (got '%s')", s);
	}
	if (p->given[O_LOG_FORMAT]) {
		const char *s = p->val[O_LOG_FORMAT];

		if (strcmp(s, "text") == 0)
			cli->json_logs = 0;
		else if (strcmp(s, "json") == 0)
			cli->json_logs = 1;
		else
			return usage(p, "--log-format must be text or json "
			    "(got '%s')", s);
	}
	return set_int(p, "log-format", ZRX_OPT_LOG_FORMAT,
	    cli->json_logs ? ZRX_LOG_JSON : ZRX_LOG_TEXT);
}

int
build_tuning(struct parser *p)
{
	uint64_t v;

	if (p->given[O_SPILL_BYTES]) {
		if (parse_size(p->val[O_SPILL_BYTES], &v) != 0 || v > SIZE_MAX ||
		    v > (uint64_t)INT64_MAX)
			return usage(p, "--spill-bytes must be a size such as "
			    "512K or 8M (got '%s')", p->val[O_SPILL_BYTES]);
		if (set_int(p, "spill-bytes", ZRX_OPT_SPILL_BYTES, (long long)v) != 0)
			return ZRX_EXIT_USAGE;
	}
	if (p->given[O_TMPDIR]) {
		const char *d = p->val[O_TMPDIR];
		struct stat st;

		if (*d == '\0')
			return usage(p, "--tmpdir must not be empty");
		if (stat(d, &st) != 0)
			return usage(p, "--tmpdir '%s': %s", d,
			    strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return usage(p, "--tmpdir '%s' is not a directory", d);
		if (access(d, W_OK | X_OK) != 0)
			return usage(p, "--tmpdir '%s' is not writable: %s", d,
			    strerror(errno));
		if (set_str(p, "tmpdir", ZRX_OPT_TMPDIR, d) != 0)
			return ZRX_EXIT_USAGE;
	}
	if (p->given[O_COMMIT_INTERVAL] &&
	    (opt_int(p, O_COMMIT_INTERVAL, "commit-interval", 0, 600000, &v) != 0 ||
	    set_int(p, "commit-interval", ZRX_OPT_COMMIT_INTERVAL, (long long)v) != 0))
		return ZRX_EXIT_USAGE;
	return 0;
}

/* A secret to the handle, then wiped here. */
static int
set_secret(struct parser *p, const char *what, enum zrx_option opt, char *v)
{
	int rc = 0;

	if (zrx_setopt_str(p->h, opt, v) != 0)
		rc = usage(p, "%s: %s", what, zrx_last_error(p->h));
	explicit_bzero(v, strlen(v));
	free(v);
	return rc;
}

int
build_auth(struct parser *p)
{
	static const char *const vars[3] = {
		"ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"
	};
	static const enum zrx_option opts[3] = {
		ZRX_OPT_ACCOUNT_ID, ZRX_OPT_CLIENT_ID, ZRX_OPT_CLIENT_SECRET
	};
	char *vals[3], *tok = NULL;
	const char *missing[3];
	size_t i, nmissing = 0;
	int rc = 0;

	if (p->given[O_TOKEN_FILE]) {
		if (read_token_file(p, p->val[O_TOKEN_FILE], &tok) != 0)
			return ZRX_EXIT_USAGE;
		return set_secret(p, "--token-file", ZRX_OPT_ACCESS_TOKEN, tok);
	}
	if (env_value(p, "ZOOM_ACCESS_TOKEN", &tok) != 0)
		return ZRX_EXIT_USAGE;
	if (tok != NULL)
		return set_secret(p, "ZOOM_ACCESS_TOKEN", ZRX_OPT_ACCESS_TOKEN, tok);
	for (i = 0; i < 3; i++) {
		vals[i] = NULL;
		if (rc == 0 && env_value(p, vars[i], &vals[i]) != 0)
			rc = ZRX_EXIT_USAGE;
		if (vals[i] == NULL)
			missing[nmissing++] = vars[i];
	}
	if (rc == 0 && nmissing == 3)
		rc = usage(p, "no credentials: set ZOOM_ACCOUNT_ID, "
		    "ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (Server-to-Server "
		    "OAuth), or ZOOM_ACCESS_TOKEN, or use --token-file FILE");
	else if (rc == 0 && nmissing == 2)
		rc = usage(p, "incomplete Server-to-Server OAuth "
		    "credentials: %s and %s are not set", missing[0],
		    missing[1]);
	else if (rc == 0 && nmissing == 1)
		rc = usage(p, "incomplete Server-to-Server OAuth "
		    "credentials: %s is not set", missing[0]);
	for (i = 0; i < 3; i++) {
		if (vals[i] == NULL)
			continue;
		if (rc == 0)
			rc = set_secret(p, vars[i], opts[i], vals[i]);
		else {
			explicit_bzero(vals[i], strlen(vals[i]));
			free(vals[i]);
		}
	}
	return rc;
}

static int
build_config(struct parser *p)
{
	int is_export = p->cmdbit == C_EXPORT;
	uint64_t v;

	if (is_export) {
		if (build_who(p) != 0 || build_when(p) != 0 || build_what(p) != 0)
			return ZRX_EXIT_USAGE;
	} else if (p->given[O_USER_STATUS]) {
		unsigned bits;

		if (opt_user_status(p, &bits) != 0 ||
		    set_int(p, "user-status", ZRX_OPT_USER_STATUS, bits) != 0)
			return ZRX_EXIT_USAGE;
	}
	if (p->given[O_PAGE_SIZE] &&
	    (opt_int(p, O_PAGE_SIZE, "page-size", 1, 300, &v) != 0 ||
	    set_int(p, "page-size", ZRX_OPT_PAGE_SIZE, (long long)v) != 0))
		return ZRX_EXIT_USAGE;
	if (build_output(p) != 0)
		return ZRX_EXIT_USAGE;
	if (is_export && build_side_files(p) != 0)
		return ZRX_EXIT_USAGE;
	if (p->given[O_FORCE] && set_int(p, "force", ZRX_OPT_FORCE, 1) != 0)
		return ZRX_EXIT_USAGE;
	if (build_network(p) != 0 || build_reporting(p) != 0)
		return ZRX_EXIT_USAGE;
	if (is_export && build_tuning(p) != 0)
		return ZRX_EXIT_USAGE;
	if (build_auth(p) != 0)
		return ZRX_EXIT_USAGE;
	if (is_export && !p->given[O_ALL_USERS] && add_users(p) != 0)
		return ZRX_EXIT_USAGE;
	return 0;
}

static int
top_level(struct parser *p, int argc, char **argv)
{
	const char *a = argc > 1 ? argv[1] : NULL;

	if (a == NULL)
		return usage(p, "no command given; commands: export, users, "
		    "sync, report, help");
	if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
		print_help(p->out, NULL);
		return 1;
	}
	if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
		fprintf(p->out, "zrx %s\n", zrx_version());
		return 1;
	}
	if (strcmp(a, "help") == 0) {
		const char *c = argc > 2 ? argv[2] : NULL;

		if (argc > 3)
			return usage(p, "unexpected argument '%s'", argv[3]);
		if (c == NULL) {
			print_help(p->out, NULL);
			return 1;
		}
		if (strcmp(c, "export") == 0 || strcmp(c, "users") == 0 ||
		    strcmp(c, "sync") == 0 || strcmp(c, "report") == 0) {
			print_help(p->out, c);
			return 1;
		}
		return usage(p, "no help for '%s'; commands: export, users, "
		    "sync, report, help", c);
	}
	if (a[0] == '-') {
		const char *name = a + (a[1] == '-' ? 2 : 1);
		size_t n = strcspn(name, "=");
		int shown = (int)(n + (size_t)(name - a)); /* a without =... */

		if (find_long(name, n, C_ALL) != NULL)
			return usage(p, "option '%.*s' must follow a command, "
			    "as in 'zrx export %.*s'", shown, a, shown, a);
		if (n > 0 && edit_distance(name, n, "version", 7) <= 2)
			return usage(p, "unknown option '%.*s'; did you mean "
			    "'--version'?", shown, a);
		return usage(p, "unknown option '%.*s'; commands: export, "
		    "users, sync, report, help", shown, a);
	}
	{
		size_t n = strlen(a);

		if (edit_distance(a, n, "export", 6) <= 2)
			return usage(p, "unknown command '%s'; did you mean "
			    "'export'? Commands: export, users, sync, report, help", a);
		if (edit_distance(a, n, "users", 5) <= 2)
			return usage(p, "unknown command '%s'; did you mean "
			    "'users'? Commands: export, users, sync, report, help", a);
		if (edit_distance(a, n, "sync", 4) <= 1)
			return usage(p, "unknown command '%s'; did you mean "
			    "'sync'? Commands: export, users, sync, report, help", a);
		if (edit_distance(a, n, "report", 6) <= 2)
			return usage(p, "unknown command '%s'; did you mean "
			    "'report'? Commands: export, users, sync, report, help", a);
		return usage(p, "unknown command '%s'; commands: export, "
		    "users, sync, report, help", a);
	}
}

int
zrx_cli_parse(struct zrx_cli *cli, int argc, char **argv, FILE *out, FILE *err)
{
	struct parser p;
	int rc;

	memset(cli, 0, sizeof(*cli));
	memset(&p, 0, sizeof(p));
	p.out = out;
	p.err = err;
	p.cli = cli;

	if (argc > 1 && strcmp(argv[1], "export") == 0) {
		p.cmd = "export";
		p.cmdbit = C_EXPORT;
		cli->cmd = ZRX_CLI_EXPORT;
	} else if (argc > 1 && strcmp(argv[1], "users") == 0) {
		p.cmd = "users";
		p.cmdbit = C_USERS;
		cli->cmd = ZRX_CLI_USERS;
	} else if (argc > 1 && strcmp(argv[1], "sync") == 0) {
		p.cmd = "sync";
		p.cmdbit = C_SYNC;
		cli->cmd = ZRX_CLI_SYNC;
	} else if (argc > 1 && strcmp(argv[1], "report") == 0) {
		p.cmd = "report";
		p.cmdbit = C_REPORT;
		cli->cmd = ZRX_CLI_REPORT;
	} else {
		rc = top_level(&p, argc, argv);
		fflush(out);
		return rc;
	}

	p.h = zrx_new();
	if (p.h == NULL)
		return usage(&p, "out of memory");
	p.who = zrx_xcalloc((size_t)argc, sizeof(*p.who));
	p.args = zrx_xcalloc((size_t)argc, sizeof(*p.args));
	rc = tokenize(&p, argc, argv, 2);
	if (rc == 0) {
		if (p.cmdbit == C_SYNC)
			rc = build_sync(&p);
		else if (p.cmdbit == C_REPORT)
			rc = build_report(&p);
		else
			rc = build_config(&p);
	}
	free(p.who);
	free(p.args);
	free(p.output_name);
	if (rc != 0) {
		zrx_free(p.h);
		memset(cli, 0, sizeof(*cli));
		fflush(out);
		return rc;
	}
	cli->h = p.h;
	return 0;
}

void
zrx_cli_free(struct zrx_cli *cli)
{
	if (cli == NULL)
		return;
	zrx_free(cli->h);
	cli->h = NULL;
}
