/* getopt.c - the option table and the tokenizer: long options exactly
 * (abbreviations are refused, with a suggestion), short options bundled,
 * values attached or separate, and messages that name what is wrong. */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "cliopt.h"

/* Which commands take an option: E export, U users, S sync, R report. */
#define E C_EXPORT
#define U C_USERS
#define S C_SYNC
#define R C_REPORT
#define NET (E | U | S)       /* the network, rate and auth options */

static const struct opt_def opt_table[] = {
	{ "help",            'h', ARG_NONE,     O_HELP,            E | U | S | R },
	{ "user",            0,   ARG_REQUIRED, O_USER,            E | S },
	{ "users",           0,   ARG_REQUIRED, O_USERS,           E | S | R },
	{ "all-users",       0,   ARG_NONE,     O_ALL_USERS,       E | S },
	{ "user-status",     0,   ARG_REQUIRED, O_USER_STATUS,     E | U | S },
	{ "from",            0,   ARG_REQUIRED, O_FROM,            E },
	{ "to",              0,   ARG_REQUIRED, O_TO,              E },
	{ "trash",           0,   ARG_NONE,     O_TRASH,           E },
	{ "trash-type",      0,   ARG_REQUIRED, O_TRASH_TYPE,      E },
	{ "mc",              0,   ARG_OPTIONAL, O_MC,              E },
	{ "meeting-id",      0,   ARG_REQUIRED, O_MEETING_ID,      E },
	{ "page-size",       0,   ARG_REQUIRED, O_PAGE_SIZE,       NET },
	{ "output",          'o', ARG_REQUIRED, O_OUTPUT,          E | U | R },
	{ "format",          0,   ARG_REQUIRED, O_FORMAT,          E | U | S },
	{ "gzip",            0,   ARG_OPTIONAL, O_GZIP,            E | U | S },
	{ "no-gzip",         0,   ARG_NONE,     O_NO_GZIP,         E | U | S },
	{ "split-bytes",     0,   ARG_REQUIRED, O_SPLIT_BYTES,     E },
	{ "manifest",        0,   ARG_REQUIRED, O_MANIFEST,        E },
	{ "errors",          0,   ARG_REQUIRED, O_ERRORS,          E },
	{ "state",           0,   ARG_REQUIRED, O_STATE,           E },
	{ "force",           0,   ARG_NONE,     O_FORCE,           E | U | R },
	{ "restart",         0,   ARG_NONE,     O_RESTART,         E },
	{ "dir",             0,   ARG_REQUIRED, O_DIR,             S | R },
	{ "since",           0,   ARG_REQUIRED, O_SINCE,           S },
	{ "lookback",        0,   ARG_REQUIRED, O_LOOKBACK,        S },
	{ "retention",       0,   ARG_REQUIRED, O_RETENTION,       R },
	{ "as-of",           0,   ARG_REQUIRED, O_AS_OF,           R },
	{ "base-url",        0,   ARG_REQUIRED, O_BASE_URL,        NET },
	{ "oauth-url",       0,   ARG_REQUIRED, O_OAUTH_URL,       NET },
	{ "rate",            0,   ARG_REQUIRED, O_RATE,            NET },
	{ "burst",           0,   ARG_REQUIRED, O_BURST,           NET },
	{ "concurrency",     0,   ARG_REQUIRED, O_CONCURRENCY,     NET },
	{ "timeout",         0,   ARG_REQUIRED, O_TIMEOUT,         NET },
	{ "connect-timeout", 0,   ARG_REQUIRED, O_CONNECT_TIMEOUT, NET },
	{ "stall-timeout",   0,   ARG_REQUIRED, O_STALL_TIMEOUT,   NET },
	{ "retries",         0,   ARG_REQUIRED, O_RETRIES,         NET },
	{ "cacert",          0,   ARG_REQUIRED, O_CACERT,          NET },
	{ "token-file",      0,   ARG_REQUIRED, O_TOKEN_FILE,      NET },
	{ "quiet",           'q', ARG_NONE,     O_QUIET,           E | U | S | R },
	{ "verbose",         'v', ARG_NONE,     O_VERBOSE,         E | U | S | R },
	{ "progress",        0,   ARG_REQUIRED, O_PROGRESS,        NET },
	{ "log-format",      0,   ARG_REQUIRED, O_LOG_FORMAT,      E | U | S | R },
	{ "spill-bytes",     0,   ARG_REQUIRED, O_SPILL_BYTES,     E | S },
	{ "tmpdir",          0,   ARG_REQUIRED, O_TMPDIR,          E | S },
	{ "commit-interval", 0,   ARG_REQUIRED, O_COMMIT_INTERVAL, E | S },
};

#undef E
#undef U
#undef S
#undef R
#undef NET


/* Print "zrx: <message>" and the help hint to err; returns ZRX_EXIT_USAGE.
 * Control characters that came from the command line or a file are shown
 * as '?', so a message is always exactly one line. */
int
usage(struct parser *p, const char *fmt, ...)
{
	struct zrx_buf b;
	va_list ap;
	size_t i;

	zrx_buf_init(&b);
	zrx_buf_puts(&b, "zrx: ");
	va_start(ap, fmt);
	zrx_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	for (i = 0; i < b.len; i++)
		if ((unsigned char)b.data[i] < 0x20 || b.data[i] == 0x7f)
			b.data[i] = '?';
	fputs(b.data, p->err);
	zrx_buf_free(&b);
	if (p->cmd != NULL)
		fprintf(p->err, "\nTry 'zrx %s --help'.\n", p->cmd);
	else
		fputs("\nTry 'zrx --help'.\n", p->err);
	fflush(p->err);
	return ZRX_EXIT_USAGE;
}


const struct opt_def *
find_long(const char *name, size_t n, unsigned cmds)
{
	size_t i;

	for (i = 0; i < ZRX_ARRAY_LEN(opt_table); i++) {
		const struct opt_def *d = &opt_table[i];

		if ((d->cmds & cmds) && strlen(d->name) == n &&
		    memcmp(d->name, name, n) == 0)
			return d;
	}
	return NULL;
}

static const struct opt_def *
find_short(char c, unsigned cmds)
{
	size_t i;

	for (i = 0; i < ZRX_ARRAY_LEN(opt_table); i++)
		if (opt_table[i].shortc == c && (opt_table[i].cmds & cmds))
			return &opt_table[i];
	return NULL;
}

#define EDIT_MAX 48

static int
fold(char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Optimal string alignment distance (an adjacent swap costs 1), ASCII case
 * folded.  Inputs longer than EDIT_MAX give a large distance. */
size_t
edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
	static const size_t far = 1000;
	size_t d[EDIT_MAX + 1][EDIT_MAX + 1];
	size_t i, j;

	if (na > EDIT_MAX || nb > EDIT_MAX)
		return far;
	for (i = 0; i <= na; i++)
		d[i][0] = i;
	for (j = 0; j <= nb; j++)
		d[0][j] = j;
	for (i = 1; i <= na; i++) {
		for (j = 1; j <= nb; j++) {
			size_t cost, best;

			cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
			best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 &&
			    fold(a[i - 1]) == fold(b[j - 2]) &&
			    fold(a[i - 2]) == fold(b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[na][nb];
}

/* The option name of cmds closest to name[0..n), or NULL if none is close:
 * a unique prefix match of at least 3 characters, or a small edit distance
 * (1 for short names, up to 3 for long ones). */
static const char *
suggest(const char *name, size_t n, unsigned cmds)
{
	const char *best = NULL, *prefix = NULL;
	size_t bestd = (size_t)-1, i, nprefix = 0;

	for (i = 0; i < ZRX_ARRAY_LEN(opt_table); i++) {
		const struct opt_def *d = &opt_table[i];
		size_t len = strlen(d->name), dist, longest, limit;

		if (!(d->cmds & cmds))
			continue;
		if (n >= 3 && n < len && strncasecmp(d->name, name, n) == 0) {
			prefix = d->name;
			nprefix++;
		}
		dist = edit_distance(name, n, d->name, len);
		longest = n > len ? n : len;
		limit = longest <= 4 ? 1 : longest <= 8 ? 2 : 3;
		if (dist <= limit && dist < bestd) {
			bestd = dist;
			best = d->name;
		}
	}
	if (best != NULL)
		return best;
	return nprefix == 1 ? prefix : NULL;
}

static int
unknown_long(struct parser *p, const char *arg, size_t n)
{
	const char *s;

	if (p->cmd != NULL && find_long(arg, n, C_ALL) != NULL)
		return usage(p, "option '--%.*s' does not apply to 'zrx %s'",
		    (int)n, arg, p->cmd);
	s = suggest(arg, n, p->cmdbit);
	if (s != NULL)
		return usage(p, "unknown option '--%.*s'; did you mean '--%s'?",
		    (int)n, arg, s);
	return usage(p, "unknown option '--%.*s'", (int)n, arg);
}


/* True for an argument that looks like an option rather than a value. */
static int
looks_like_option(const char *s)
{
	if (s[0] != '-')
		return 0;
	if (s[1] == '-')
		s++;
	return (s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z');
}

/* Record one option; returns 1 after printing help, 0 to go on. */
static int
record(struct parser *p, const struct opt_def *d, const char *value)
{
	switch (d->id) {
	case O_HELP:
		print_help(p->out, p->cmd);
		return 1;
	case O_USER:
	case O_USERS:
		p->who[p->nwho].id = d->id;
		p->who[p->nwho].val = value;
		p->nwho++;
		break;
	case O_GZIP:
		p->gzip_choice = 1;
		p->gzip_val = value;
		break;
	case O_NO_GZIP:
		p->gzip_choice = -1;
		p->gzip_val = NULL;
		break;
	default:
		break;
	}
	p->given[d->id]++;
	p->val[d->id] = value != NULL ? value : "";
	return 0;
}

/* The value of d from argv[*i + 1], consuming it; NULL after printing a
 * usage error when there is none (or it looks like another option). */
static const char *
next_value(struct parser *p, const struct opt_def *d, int argc, char **argv,
    int *i)
{
	const char *next = *i + 1 < argc ? argv[*i + 1] : NULL;

	if (next != NULL && !looks_like_option(next)) {
		(*i)++;
		return next;
	}
	if (next != NULL)
		usage(p, "option '--%s' requires a value, not the option '%s' "
		    "(write --%s=VALUE for a value that starts with '-')",
		    d->name, next, d->name);
	else
		usage(p, "option '--%s' requires a value", d->name);
	return NULL;
}

/* "--name", "--name=value" or "--name value" at argv[*i]. */
static int
tokenize_long(struct parser *p, int argc, char **argv, int *i)
{
	const char *name = argv[*i] + 2, *eq = strchr(name, '=');
	size_t n = eq != NULL ? (size_t)(eq - name) : strlen(name);
	const char *value = NULL;
	const struct opt_def *d;

	d = find_long(name, n, p->cmdbit);
	if (d == NULL)
		return unknown_long(p, name, n);
	switch (d->arg) {
	case ARG_NONE:
		if (eq != NULL)
			return usage(p, "option '--%s' does not take a value",
			    d->name);
		break;
	case ARG_REQUIRED:
		value = eq != NULL ? eq + 1 : next_value(p, d, argc, argv, i);
		if (value == NULL)
			return ZRX_EXIT_USAGE;
		break;
	case ARG_OPTIONAL:
		if (eq != NULL)
			value = eq + 1;
		else
			p->last_optional = d;
		break;
	}
	return record(p, d, value);
}

/* "-qv", "-o PATH", "-oPATH" at argv[*i]. */
static int
tokenize_short(struct parser *p, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *eq = strchr(a + 1, '='), *c;
	size_t n = eq != NULL ? (size_t)(eq - a - 1) : strlen(a + 1);
	const struct opt_def *d;

	/* "-from": a long option with one dash */
	if (n > 1 && find_long(a + 1, n, p->cmdbit) != NULL)
		return usage(p, "unknown option '%.*s'; did you mean '--%.*s'?",
		    (int)n + 1, a, (int)n, a + 1);
	for (c = a + 1; *c != '\0'; c++) {
		const char *value = NULL;
		int rc;

		d = find_short(*c, p->cmdbit);
		if (d == NULL)
			return usage(p, "unknown option '-%c'", *c);
		if (d->arg == ARG_REQUIRED) {
			value = c[1] != '\0' ? c + 1 :
			    next_value(p, d, argc, argv, i);
			if (value == NULL)
				return ZRX_EXIT_USAGE;
		}
		rc = record(p, d, value);
		if (rc != 0 || value != NULL)
			return rc;
	}
	return 0;
}

/* Split argv[first..] into options; ZRX_EXIT_USAGE, 1 (help shown), or 0. */
int
tokenize(struct parser *p, int argc, char **argv, int first)
{
	int i, only_args = 0, rc;

	for (i = first; i < argc; i++) {
		const char *a = argv[i];
		const struct opt_def *prev = p->last_optional;

		p->last_optional = NULL;
		if (!only_args && strcmp(a, "--") == 0) {
			only_args = 1;
			continue;
		}
		if (only_args || a[0] != '-' || a[1] == '\0') {
			if (p->cmdbit == C_REPORT && prev == NULL) {
				/* report's FILE arguments */
				p->args[p->nargs++] = a;
				continue;
			}
			if (prev != NULL)
				return usage(p, "unexpected argument '%s' "
				    "(--%s takes a value only as --%s=VALUE)",
				    a, prev->name, prev->name);
			return usage(p, "unexpected argument '%s'", a);
		}
		if (a[1] == '-')
			rc = tokenize_long(p, argc, argv, &i);
		else
			rc = tokenize_short(p, argc, argv, &i);
		if (rc != 0)
			return rc;
	}
	return 0;
}

