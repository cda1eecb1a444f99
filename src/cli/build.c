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

static int
opt_user_status(struct parser *p, unsigned *bits)
{
	const char *s = p->val[O_USER_STATUS];
	unsigned v = 0;

	if (*s == '\0')
		return usage(p, "--user-status must list active, inactive "
		    "and/or pending");
	while (*s != '\0') {
		size_t n = strcspn(s, ",");

		if (n == 6 && strncmp(s, "active", 6) == 0)
			v |= ZRX_STATUS_ACTIVE;
		else if (n == 8 && strncmp(s, "inactive", 8) == 0)
			v |= ZRX_STATUS_INACTIVE;
		else if (n == 7 && strncmp(s, "pending", 7) == 0)
			v |= ZRX_STATUS_PENDING;
		else if (n == 0)
			return usage(p, "--user-status: empty item in '%s'",
			    p->val[O_USER_STATUS]);
		else
			return usage(p, "--user-status: unknown status '%.*s' "
			    "(use active, inactive, pending)", (int)n, s);
		s += n;
		if (*s == ',') {
			s++;
			if (*s == '\0')
				return usage(p, "--user-status: empty item in "
				    "'%s'", p->val[O_USER_STATUS]);
		}
	}
	*bits = v;
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

/* A side-file path option (--manifest, --errors, --state). */
static int
side_file(struct parser *p, enum opt_id id, const char *name,
    const char *suffix, enum zrx_option opt, char **res)
{
	const char *v = p->val[id];

	*res = NULL;
	if (p->given[id]) {
		if (*v == '\0')
			return usage(p, "--%s must not be empty", name);
		if (strcmp(v, "-") == 0)
			return usage(p, "--%s must be a file path, not '-'",
			    name);
		*res = zrx_xstrdup(v);
	} else if (p->output_name != NULL) {
		*res = zrx_xasprintf("%s%s", p->output_name, suffix);
	}
	if (*res != NULL && set_str(p, name, opt, *res) != 0)
		return ZRX_EXIT_USAGE;
	return 0;
}

int
build_who(struct parser *p)
{
	size_t i, stdin_uses = 0;

	if (p->nwho > 0 && p->given[O_ALL_USERS])
		return usage(p, "--all-users cannot be combined with --user "
		    "or --users");
	if (p->nwho == 0 && !p->given[O_ALL_USERS])
		return usage(p, "say whose recordings to export: --user ID, "
		    "--users FILE or --all-users");
	if (p->given[O_USER_STATUS] && !p->given[O_ALL_USERS])
		return usage(p, "--user-status applies only with --all-users");
	if (p->given[O_ALL_USERS]) {
		unsigned bits;

		if (set_int(p, "all-users", ZRX_OPT_ALL_USERS, 1) != 0 ||
		    set_str(p, "all-users", ZRX_OPT_USERS_SOURCE, "all-users") != 0)
			return ZRX_EXIT_USAGE;
		if (p->given[O_USER_STATUS] && (opt_user_status(p, &bits) != 0 ||
		    set_int(p, "user-status", ZRX_OPT_USER_STATUS, bits) != 0))
			return ZRX_EXIT_USAGE;
		return 0;
	}
	for (i = 0; i < p->nwho; i++) {
		const char *s = p->who[i].val, *why;
		size_t n = strlen(s);

		if (p->who[i].id == O_USERS) {
			if (strcmp(s, "-") == 0 && ++stdin_uses > 1)
				return usage(p, "--users -: stdin can "
				    "be read only once");
			continue;
		}
		trim(&s, &n);
		if (n == 0)
			return usage(p, "--user must not be empty");
		why = token_problem(s, n);
		if (why == NULL && n > MAX_ID_LEN)
			why = "user id longer than 256 bytes";
		if (why != NULL)
			return usage(p, "--user '%s': %s",
			    p->who[i].val, why);
	}
	for (i = 0; i < p->nwho; i++) {
		if (p->who[i].id == O_USERS) {
			char *src = zrx_xasprintf("file:%s", p->who[i].val);
			int rc = set_str(p, "users", ZRX_OPT_USERS_SOURCE, src);

			free(src);
			return rc;
		}
	}
	return 0;
}

static int
build_when(struct parser *p)
{
	int32_t from, to;

	if (p->given[O_TRASH]) {
		if (set_int(p, "trash", ZRX_OPT_TRASH, 1) != 0)
			return ZRX_EXIT_USAGE;
		if (p->given[O_FROM] || p->given[O_TO])
			return usage(p, "%s: dates do not apply to --trash",
			    p->given[O_FROM] ? "--from" : "--to");
		if (p->given[O_TRASH_TYPE]) {
			const char *t = p->val[O_TRASH_TYPE];

			if (strcmp(t, "meeting_recordings") != 0 &&
			    strcmp(t, "recording_file") != 0)
				return usage(p, "--trash-type must be "
				    "meeting_recordings or recording_file "
				    "(got '%s')", t);
			return set_str(p, "trash-type", ZRX_OPT_TRASH_TYPE, t);
		}
		return 0;
	}
	if (p->given[O_TRASH_TYPE])
		return usage(p, "--trash-type requires --trash");
	if (!p->given[O_FROM])
		return usage(p, "--from YYYY-MM-DD is required (or "
		    "--trash)");
	if (parse_date_opt(p, "from", p->val[O_FROM], &from) != 0)
		return ZRX_EXIT_USAGE;
	to = zrx_date_today_utc();
	if (p->given[O_TO]) {
		if (parse_date_opt(p, "to", p->val[O_TO], &to) != 0)
			return ZRX_EXIT_USAGE;
		if (from > to)
			return usage(p, "--from %s is after --to %s",
			    p->val[O_FROM], p->val[O_TO]);
	} else if (from > to) {
		char today[11];

		zrx_date_format(to, today);
		return usage(p, "--from %s is after --to %s "
		    "(today, UTC)", p->val[O_FROM], today);
	}
	if (set_str(p, "from", ZRX_OPT_FROM, p->val[O_FROM]) != 0)
		return ZRX_EXIT_USAGE;
	if (p->given[O_TO])
		return set_str(p, "to", ZRX_OPT_TO, p->val[O_TO]);
	{
		char today[11];

		zrx_date_format(to, today);
		return set_str(p, "to", ZRX_OPT_TO, today);
	}
}

static int
build_what(struct parser *p)
{
	if (p->given[O_MC]) {
		const char *m = p->val[O_MC];

		if (*m == '\0' || strcmp(m, "true") == 0)
			m = "true";
		else if (strcmp(m, "false") != 0)
			return usage(p, "--mc must be true or false (got '%s')",
			    m);
		if (set_str(p, "mc", ZRX_OPT_MC, m) != 0)
			return ZRX_EXIT_USAGE;
	}
	if (p->given[O_MEETING_ID]) {
		const char *m = p->val[O_MEETING_ID];

		if (*m == '\0')
			return usage(p, "--meeting-id must not be empty");
		if (has_space_or_ctl(m))
			return usage(p, "--meeting-id must not contain "
			    "whitespace or control characters");
		return set_str(p, "meeting-id", ZRX_OPT_MEETING_ID, m);
	}
	return 0;
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

/* The output, manifest, errors and state files must all differ. */
static int
check_distinct(struct parser *p, const char *const paths[4])
{
	static const char *const names[4] = { "output", "manifest", "errors", "state" };
	size_t i, j;

	for (i = 0; i < 4; i++) {
		for (j = i + 1; j < 4; j++) {
			if (paths[i] == NULL || paths[j] == NULL ||
			    strcmp(paths[i], paths[j]) != 0)
				continue;
			return usage(p, "--%s and --%s name the same file '%s'",
			    names[i], names[j], paths[i]);
		}
	}
	return 0;
}

static int
build_side_files(struct parser *p)
{
	char *side[3] = { NULL, NULL, NULL };
	const char *paths[4];
	uint64_t v;
	int rc;

	if (p->given[O_SPLIT_BYTES]) {
		if (p->output_name == NULL)
			return usage(p, "--split-bytes needs a file "
			    "output (-o PATH), not stdout");
		if (parse_size(p->val[O_SPLIT_BYTES], &v) != 0 ||
		    v < 1024 || v > (uint64_t)INT64_MAX)
			return usage(p, "--split-bytes must be a size "
			    "of at least 1K, such as 256M or 1G "
			    "(got '%s')", p->val[O_SPLIT_BYTES]);
		if (set_int(p, "split-bytes", ZRX_OPT_SPLIT_BYTES, (long long)v) != 0)
			return ZRX_EXIT_USAGE;
	}
	if (p->output_name == NULL && p->given[O_STATE])
		return usage(p, "--state needs a file output (-o "
		    "PATH): stdout cannot be resumed");
	if (p->output_name == NULL && p->given[O_RESTART])
		return usage(p, "--restart needs a file output (-o "
		    "PATH): stdout cannot be resumed");
	rc = side_file(p, O_MANIFEST, "manifest", ".manifest.json", ZRX_OPT_MANIFEST,
	    &side[0]);
	if (rc == 0)
		rc = side_file(p, O_ERRORS, "errors", ".errors.ndjson", ZRX_OPT_ERRORS, &side[1]);
	if (rc == 0)
		rc = side_file(p, O_STATE, "state", ".state", ZRX_OPT_STATE, &side[2]);
	if (rc == 0) {
		paths[0] = p->output_name != NULL ? p->val[O_OUTPUT] : NULL;
		paths[1] = side[0];
		paths[2] = side[1];
		paths[3] = side[2];
		rc = check_distinct(p, paths);
	}
	for (int i = 0; i < 3; i++)
		free(side[i]);
	if (rc == 0 && p->given[O_RESTART])
		rc = set_int(p, "restart", ZRX_OPT_RESTART, 1);
	return rc;
}

/* The users given with --user and --users, in order (files last: they may
 * be large, or stdin). */
int
add_users(struct parser *p)
{
	size_t i;

	for (i = 0; i < p->nwho; i++) {
		if (p->who[i].id == O_USERS) {
			if (read_users_file(p, p->who[i].val) != 0)
				return ZRX_EXIT_USAGE;
		} else {
			const char *s = p->who[i].val;
			size_t n = strlen(s);
			char *id;
			int rc;

			trim(&s, &n);
			id = zrx_xstrndup(s, n);
			rc = set_str(p, "user", ZRX_OPT_USER, id);
			free(id);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
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
