/* cli.c - the zrx command line: argv, users files and the environment to a
 * struct zrx_config.  Every problem is a usage error (exit 2) that names the
 * option at fault; no secret is ever printed. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"
#include "windows.h"
#include "zrx.h"

#define MAX_ID_LEN 256          /* longer than any Zoom id or e-mail */
#define MAX_TOKEN_FILE (64 * 1024)

/* ---------------------------------------------------------------------- */
/* Option table                                                            */

enum opt_id {
	O_HELP, O_USER, O_USERS, O_ALL_USERS, O_USER_STATUS,
	O_FROM, O_TO, O_TRASH, O_TRASH_TYPE, O_MC, O_MEETING_ID, O_PAGE_SIZE,
	O_OUTPUT, O_FORMAT, O_GZIP, O_NO_GZIP, O_SPLIT_BYTES, O_MANIFEST,
	O_ERRORS, O_STATE, O_FORCE, O_RESTART,
	O_BASE_URL, O_OAUTH_URL, O_RATE, O_BURST, O_CONCURRENCY, O_TIMEOUT,
	O_CONNECT_TIMEOUT, O_STALL_TIMEOUT, O_RETRIES, O_CACERT, O_TOKEN_FILE,
	O_QUIET, O_VERBOSE, O_PROGRESS, O_LOG_FORMAT,
	O_SPILL_BYTES, O_TMPDIR, O_COMMIT_INTERVAL,
	O_COUNT
};

enum opt_arg {
	ARG_NONE,       /* a flag; "--flag=x" is an error */
	ARG_REQUIRED,   /* "--opt VALUE" or "--opt=VALUE" */
	ARG_OPTIONAL    /* a value only as "--opt=VALUE" */
};

#define C_EXPORT 0x1u
#define C_USERS  0x2u
#define C_BOTH   (C_EXPORT | C_USERS)

struct opt_def {
	const char *name;   /* long name without the dashes */
	char shortc;        /* 0: none */
	enum opt_arg arg;
	enum opt_id id;
	unsigned cmds;      /* C_* bits: the commands that accept it */
};

static const struct opt_def opt_table[] = {
	{ "help",            'h', ARG_NONE,     O_HELP,            C_BOTH },
	{ "user",            0,   ARG_REQUIRED, O_USER,            C_EXPORT },
	{ "users",           0,   ARG_REQUIRED, O_USERS,           C_EXPORT },
	{ "all-users",       0,   ARG_NONE,     O_ALL_USERS,       C_EXPORT },
	{ "user-status",     0,   ARG_REQUIRED, O_USER_STATUS,     C_BOTH },
	{ "from",            0,   ARG_REQUIRED, O_FROM,            C_EXPORT },
	{ "to",              0,   ARG_REQUIRED, O_TO,              C_EXPORT },
	{ "trash",           0,   ARG_NONE,     O_TRASH,           C_EXPORT },
	{ "trash-type",      0,   ARG_REQUIRED, O_TRASH_TYPE,      C_EXPORT },
	{ "mc",              0,   ARG_OPTIONAL, O_MC,              C_EXPORT },
	{ "meeting-id",      0,   ARG_REQUIRED, O_MEETING_ID,      C_EXPORT },
	{ "page-size",       0,   ARG_REQUIRED, O_PAGE_SIZE,       C_BOTH },
	{ "output",          'o', ARG_REQUIRED, O_OUTPUT,          C_BOTH },
	{ "format",          0,   ARG_REQUIRED, O_FORMAT,          C_BOTH },
	{ "gzip",            0,   ARG_OPTIONAL, O_GZIP,            C_BOTH },
	{ "no-gzip",         0,   ARG_NONE,     O_NO_GZIP,         C_BOTH },
	{ "split-bytes",     0,   ARG_REQUIRED, O_SPLIT_BYTES,     C_EXPORT },
	{ "manifest",        0,   ARG_REQUIRED, O_MANIFEST,        C_EXPORT },
	{ "errors",          0,   ARG_REQUIRED, O_ERRORS,          C_EXPORT },
	{ "state",           0,   ARG_REQUIRED, O_STATE,           C_EXPORT },
	{ "force",           0,   ARG_NONE,     O_FORCE,           C_BOTH },
	{ "restart",         0,   ARG_NONE,     O_RESTART,         C_EXPORT },
	{ "base-url",        0,   ARG_REQUIRED, O_BASE_URL,        C_BOTH },
	{ "oauth-url",       0,   ARG_REQUIRED, O_OAUTH_URL,       C_BOTH },
	{ "rate",            0,   ARG_REQUIRED, O_RATE,            C_BOTH },
	{ "burst",           0,   ARG_REQUIRED, O_BURST,           C_BOTH },
	{ "concurrency",     0,   ARG_REQUIRED, O_CONCURRENCY,     C_BOTH },
	{ "timeout",         0,   ARG_REQUIRED, O_TIMEOUT,         C_BOTH },
	{ "connect-timeout", 0,   ARG_REQUIRED, O_CONNECT_TIMEOUT, C_BOTH },
	{ "stall-timeout",   0,   ARG_REQUIRED, O_STALL_TIMEOUT,   C_BOTH },
	{ "retries",         0,   ARG_REQUIRED, O_RETRIES,         C_BOTH },
	{ "cacert",          0,   ARG_REQUIRED, O_CACERT,          C_BOTH },
	{ "token-file",      0,   ARG_REQUIRED, O_TOKEN_FILE,      C_BOTH },
	{ "quiet",           'q', ARG_NONE,     O_QUIET,           C_BOTH },
	{ "verbose",         'v', ARG_NONE,     O_VERBOSE,         C_BOTH },
	{ "progress",        0,   ARG_REQUIRED, O_PROGRESS,        C_BOTH },
	{ "log-format",      0,   ARG_REQUIRED, O_LOG_FORMAT,      C_BOTH },
	{ "spill-bytes",     0,   ARG_REQUIRED, O_SPILL_BYTES,     C_EXPORT },
	{ "tmpdir",          0,   ARG_REQUIRED, O_TMPDIR,          C_EXPORT },
	{ "commit-interval", 0,   ARG_REQUIRED, O_COMMIT_INTERVAL, C_EXPORT },
};

/* ---------------------------------------------------------------------- */
/* Help texts (kept under 80 columns; defaults match zrx_config_init)       */

static const char help_auth[] =
"Authentication (never on the command line), first match wins:\n"
"      --token-file FILE    a fixed access token read from FILE\n"
"  ZOOM_ACCESS_TOKEN        a fixed access token (environment)\n"
"  ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET\n"
"                           Server-to-Server OAuth (environment); the token\n"
"                           is fetched and refreshed as needed\n";

static const char help_exit[] =
"Exit status:\n"
"  0  every user exported\n"
"  1  fatal runtime error (disk full, cannot write, internal error)\n"
"  2  usage error or bad input (nothing was requested)\n"
"  3  finished, but some users failed (see the errors file)\n"
"  4  authentication failed (credentials rejected, token refused)\n"
"  5  interrupted by SIGINT/SIGTERM; state saved, rerun resumes\n"
"  6  the account's daily rate limit is reached; state saved, rerun after\n"
"     the time printed\n";

static const char help_main[] =
"Usage: zrx COMMAND [OPTIONS]\n"
"\n"
"Export the cloud-recording listings of a whole Zoom account to NDJSON or\n"
"CSV, optionally gzip-compressed; crash-safe and resumable.\n"
"\n"
"Commands:\n"
"  export           list the recordings of many users\n"
"  users            list the account's users\n"
"  help [COMMAND]   show the help of zrx or of a command\n"
"\n"
"Options:\n"
"  -h, --help       show this help\n"
"  -V, --version    print the version\n"
"\n";

static const char help_main_tail[] =
"\n"
"Run 'zrx help export' or 'zrx export --help' for the options of a command.\n";

/* The network options, the same for both commands. */
static const char help_network[] =
"Network and limits:\n"
"      --base-url URL       API base [https://api.zoom.us/v2]\n"
"      --oauth-url URL      token endpoint [https://zoom.us/oauth/token]\n"
"                           (plain http:// only for a loopback host)\n"
"      --rate R             requests per second, all requests [10]\n"
"      --burst B            requests allowed at once, >= 1 [R, rounded up]\n"
"      --concurrency N      requests in flight, 1..1024 [16]\n"
"      --timeout S          seconds per request, 1..86400 [120]\n"
"      --connect-timeout S  seconds to connect, 1..3600 [10]\n"
"      --stall-timeout S    abort a response idle this long, 1..86400 [60]\n"
"      --retries N          retries per request, 0..100 [6]\n"
"      --cacert FILE        CA certificates [the system store]\n"
"\n";

static const char help_export[] =
"Usage: zrx export WHO --from YYYY-MM-DD [--to YYYY-MM-DD] [OPTIONS]\n"
"       zrx export WHO --trash [OPTIONS]\n"
"  WHO is --user ID (repeatable), --users FILE, or --all-users.\n"
"\n"
"List the cloud recordings of many users and write them as NDJSON (one\n"
"meeting per line) or CSV (one recording file per row).  Running the same\n"
"command again after a crash or an interrupt resumes where it stopped.\n"
"\n"
"Who:\n"
"      --user ID            a user id or e-mail; repeatable\n"
"      --users FILE         ids or e-mails, one per line, '-' = stdin; blank\n"
"                           lines and '#' comments are ignored; repeatable,\n"
"                           combined with --user; duplicates collapse\n"
"      --all-users          every user of the account (GET /users)\n"
"      --user-status LIST   with --all-users: comma list of active, inactive,\n"
"                           pending [active,inactive]\n"
"\n"
"When and what:\n"
"      --from YYYY-MM-DD    first day, UTC (required unless --trash)\n"
"      --to YYYY-MM-DD      last day, inclusive, UTC [today]\n"
"      --trash              list the trash instead (dates do not apply)\n"
"      --trash-type TYPE    with --trash: meeting_recordings or\n"
"                           recording_file [the API's default]\n"
"      --mc[=true|false]    pass mc to the API (--mc means true) [not sent]\n"
"      --meeting-id ID      pass meeting_id to the API [not sent]\n"
"      --page-size N        records per page, 1..300 [300]\n"
"\n"
"Output:\n"
"  -o, --output PATH        output file, '-' = stdout [-]; the suffix picks\n"
"                           the format (.ndjson, .jsonl, .csv) and gzip (.gz)\n"
"      --format FMT         ndjson or csv [from the suffix, else ndjson]\n"
"      --gzip[=LEVEL]       gzip at LEVEL 0..9 [6 for a .gz suffix]\n"
"      --no-gzip            do not compress [without a .gz suffix]\n"
"      --split-bytes SIZE   new part past SIZE bytes (K, M, G, T; min 1K):\n"
"                           NAME-00000.ndjson.gz, ... [one file]\n"
"      --manifest PATH      summary of the run [NAME.manifest.json]\n"
"      --errors PATH        users that failed [NAME.errors.ndjson]\n"
"      --force              overwrite an output that has no state file\n"
"  NAME is PATH without its format and .gz suffixes.  With stdout there is\n"
"  no manifest, no errors file and no state unless given.\n"
"\n"
"Resume:\n"
"      --state PATH         resume journal [NAME.state]; not with stdout\n"
"      --restart            discard a state written by a different query\n"
"\n";

static const char help_export_tail[] =
"\n"
"Reporting (stderr only):\n"
"  -q, --quiet              errors only: no progress line, no summary\n"
"  -v, --verbose            more detail; repeat for more\n"
"      --progress WHEN      auto, always or never [auto: live line on a\n"
"                           terminal, a plain line every 10 s otherwise]\n"
"      --log-format FMT     text or json [text]\n"
"\n"
"Tuning:\n"
"      --spill-bytes SIZE   per-user buffer before it spills to disk [8M]\n"
"      --tmpdir DIR         spill files [beside the output, else $TMPDIR]\n"
"      --commit-interval MS group commit period, 0..600000 [1000]\n"
"\n"
"  -h, --help               show this help\n"
"\n";

static const char help_users[] =
"Usage: zrx users [OPTIONS]\n"
"\n"
"List the users of the account (GET /users) as NDJSON (one user per line)\n"
"or CSV.\n"
"\n"
"Options:\n"
"      --user-status LIST   comma list of active, inactive, pending\n"
"                           [active,inactive]\n"
"      --page-size N        records per page, 1..300 [300]\n"
"  -o, --output PATH        output file, '-' = stdout [-]; the suffix picks\n"
"                           the format (.ndjson, .jsonl, .csv) and gzip (.gz)\n"
"      --format FMT         ndjson or csv [from the suffix, else ndjson]\n"
"      --gzip[=LEVEL]       gzip at LEVEL 0..9 [6 for a .gz suffix]\n"
"      --no-gzip            do not compress [without a .gz suffix]\n"
"      --force              overwrite an existing output\n"
"\n";

static const char help_users_tail[] =
"\n"
"Reporting (stderr only):\n"
"  -q, --quiet              errors only: no progress line, no summary\n"
"  -v, --verbose            more detail; repeat for more\n"
"      --progress WHEN      auto, always or never [auto]\n"
"      --log-format FMT     text or json [text]\n"
"\n"
"  -h, --help               show this help\n"
"\n";

static void
print_help(FILE *out, const char *cmd)
{
	if (cmd == NULL) {
		fputs(help_main, out);
		fputs(help_auth, out);
		fputs("\n", out);
		fputs(help_exit, out);
		fputs(help_main_tail, out);
	} else if (strcmp(cmd, "export") == 0) {
		fputs(help_export, out);
		fputs(help_network, out);
		fputs(help_auth, out);
		fputs(help_export_tail, out);
		fputs(help_exit, out);
	} else {
		fputs(help_users, out);
		fputs(help_network, out);
		fputs(help_auth, out);
		fputs(help_users_tail, out);
		fputs(help_exit, out);
	}
}

/* ---------------------------------------------------------------------- */
/* Owned storage                                                           */

struct cli_own {
	char **strs;          /* every string cfg points to, except users */
	size_t nstrs, capstrs;
	char **users;         /* cfg->users */
	size_t nusers, capusers;
	size_t *set;          /* index + 1 into users; 0 = free slot */
	size_t setcap;        /* power of two */
};

static char *
own_take(struct cli_own *o, char *s)
{
	if (o->nstrs == o->capstrs) {
		o->capstrs = o->capstrs ? o->capstrs * 2 : 16;
		o->strs = zrx_xrealloc(o->strs, o->capstrs * sizeof(*o->strs));
	}
	o->strs[o->nstrs++] = s;
	return s;
}

static const char *
own_dup(struct cli_own *o, const char *s)
{
	return own_take(o, zrx_xstrdup(s));
}

static const char *
own_dupn(struct cli_own *o, const char *s, size_t n)
{
	return own_take(o, zrx_xstrndup(s, n));
}

static const char *own_printf(struct cli_own *o, const char *fmt, ...)
    ZRX_PRINTF(2, 3);

static const char *
own_printf(struct cli_own *o, const char *fmt, ...)
{
	struct zrx_buf b;
	va_list ap;

	zrx_buf_init(&b);
	va_start(ap, fmt);
	zrx_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return b.data != NULL ? own_take(o, b.data) : own_dup(o, "");
}

static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static void
set_insert(size_t *set, size_t cap, uint64_t h, size_t idx1)
{
	size_t i = (size_t)h & (cap - 1);

	while (set[i] != 0)
		i = (i + 1) & (cap - 1);
	set[i] = idx1;
}

/* Add a user id (n bytes) unless already present; first-seen order kept. */
static void
own_add_user(struct cli_own *o, const char *id, size_t n)
{
	uint64_t h = hash_bytes(id, n);
	size_t i, k;

	if ((o->nusers + 1) * 2 > o->setcap) {
		size_t ncap = o->setcap ? o->setcap * 2 : 64;
		size_t *nset = zrx_xcalloc(ncap, sizeof(*nset));

		for (k = 0; k < o->nusers; k++)
			set_insert(nset, ncap, hash_bytes(o->users[k],
			    strlen(o->users[k])), k + 1);
		free(o->set);
		o->set = nset;
		o->setcap = ncap;
	}
	for (i = (size_t)h & (o->setcap - 1); o->set[i] != 0;
	    i = (i + 1) & (o->setcap - 1)) {
		const char *u = o->users[o->set[i] - 1];

		if (strncmp(u, id, n) == 0 && u[n] == '\0')
			return;
	}
	if (o->nusers == o->capusers) {
		o->capusers = o->capusers ? o->capusers * 2 : 16;
		o->users = zrx_xrealloc(o->users,
		    o->capusers * sizeof(*o->users));
	}
	o->users[o->nusers++] = zrx_xstrndup(id, n);
	o->set[i] = o->nusers;
}

static void
own_free(struct cli_own *o)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < o->nstrs; i++) {
		/* some of these are credentials: leave nothing behind */
		explicit_bzero(o->strs[i], strlen(o->strs[i]));
		free(o->strs[i]);
	}
	free(o->strs);
	for (i = 0; i < o->nusers; i++)
		free(o->users[i]);
	free(o->users);
	free(o->set);
	free(o);
}

/* ---------------------------------------------------------------------- */
/* Parser state and messages                                               */

struct who_arg {
	enum opt_id id;       /* O_USER or O_USERS */
	const char *val;
};

struct parser {
	FILE *out, *err;
	const char *cmd;      /* "export" or "users" */
	unsigned cmdbit;
	struct zrx_cli *cli;
	struct cli_own *own;
	const char *val[O_COUNT];   /* last value given ("" for a flag) */
	int given[O_COUNT];
	struct who_arg *who;        /* --user and --users, in argv order */
	size_t nwho;
	int gzip_choice;            /* 0 unset, 1 --gzip, -1 --no-gzip */
	const char *gzip_val;       /* LEVEL of the last --gzip=LEVEL */
	const struct opt_def *last_optional; /* previous bare ARG_OPTIONAL */
};

static int usage(struct parser *p, const char *fmt, ...) ZRX_PRINTF(2, 3);

/* Print "zrx: <message>" and the help hint to err; returns ZRX_EXIT_USAGE.
 * Control characters that came from the command line or a file are shown
 * as '?', so a message is always exactly one line. */
static int
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

/* ---------------------------------------------------------------------- */
/* Option lookup and suggestions                                           */

static const struct opt_def *
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
static size_t
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

	if (p->cmd != NULL && find_long(arg, n, C_BOTH) != NULL)
		return usage(p, "option '--%.*s' does not apply to 'zrx %s'",
		    (int)n, arg, p->cmd);
	s = suggest(arg, n, p->cmdbit);
	if (s != NULL)
		return usage(p, "unknown option '--%.*s'; did you mean '--%s'?",
		    (int)n, arg, s);
	return usage(p, "unknown option '--%.*s'", (int)n, arg);
}

/* ---------------------------------------------------------------------- */
/* Small validators                                                        */

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

/* Trim [*s, *s+*n) of surrounding ASCII whitespace. */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && is_space((unsigned char)(*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* Why s[0..n) is not a good single-token value: NULL if it is.  Rejects
 * ASCII whitespace, control characters, NUL, and the UTF-8 encodings of
 * no-break space (U+00A0) and C1 controls (U+0080..U+009F). */
static const char *
token_problem(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\0')
			return "NUL byte inside a user id";
		if (is_space(c))
			return "whitespace inside a user id";
		if (c < 0x20 || c == 0x7f)
			return "control character inside a user id";
		if (c == 0xc2 && i + 1 < n) {
			unsigned char c2 = (unsigned char)s[i + 1];

			if (c2 == 0xa0)
				return "whitespace inside a user id";
			if (c2 >= 0x80 && c2 <= 0x9f)
				return "control character inside a user id";
		}
	}
	return NULL;
}

static int
has_space_or_ctl(const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c == 0x7f)
			return 1;
	}
	return 0;
}

/* A decimal integer without sign or garbage, 0..UINT64_MAX.  0 or -1. */
static int
parse_u64(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		unsigned d;

		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned)(*s - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

static int
opt_int(struct parser *p, enum opt_id id, const char *name, uint64_t lo,
    uint64_t hi, uint64_t *v)
{
	const char *s = p->val[id];

	if (parse_u64(s, v) < 0 || *v < lo || *v > hi)
		return usage(p, "--%s must be an integer from %llu to %llu "
		    "(got '%s')", name, (unsigned long long)lo,
		    (unsigned long long)hi, s);
	return 0;
}

/*
 * A size: digits, then an optional K, M, G or T (powers of 1024, any case),
 * then an optional "B" (or "iB" after a unit).  "256M", "1GiB", "4096".
 * 0 or -1 (bad syntax or overflow).
 */
static int
parse_size(const char *s, uint64_t *v)
{
	uint64_t x = 0, mult = 1;
	const char *q = s;

	if (*q < '0' || *q > '9')
		return -1;
	for (; *q >= '0' && *q <= '9'; q++) {
		unsigned d = (unsigned)(*q - '0');

		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	switch (*q) {
	case 'k': case 'K': mult = 1ull << 10; q++; break;
	case 'm': case 'M': mult = 1ull << 20; q++; break;
	case 'g': case 'G': mult = 1ull << 30; q++; break;
	case 't': case 'T': mult = 1ull << 40; q++; break;
	default: break;
	}
	if (mult > 1 && *q == 'i' && (q[1] == 'B' || q[1] == 'b'))
		q += 2;
	else if (*q == 'B' || *q == 'b')
		q++;
	if (*q != '\0')
		return -1;
	if (x > UINT64_MAX / mult)
		return -1;
	*v = x * mult;
	return 0;
}

/* A positive decimal number: digits with an optional fraction, no sign, no
 * exponent.  0 or -1. */
static int
parse_decimal(const char *s, double *v)
{
	const char *q;
	int digits = 0, dots = 0;
	char *end;

	for (q = s; *q != '\0'; q++) {
		if (*q >= '0' && *q <= '9')
			digits++;
		else if (*q == '.' && dots == 0)
			dots++;
		else
			return -1;
	}
	if (digits == 0 || digits > 30)
		return -1;
	errno = 0;
	*v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(*v))
		return -1;
	return 0;
}

static int
parse_date_opt(struct parser *p, const char *name, const char *s, int32_t *days)
{
	size_t i;
	int shape = strlen(s) == 10;

	if (zrx_date_parse(s, days) == 0)
		return 0;
	for (i = 0; shape && i < 10; i++) {
		if (i == 4 || i == 7)
			shape = s[i] == '-';
		else
			shape = s[i] >= '0' && s[i] <= '9';
	}
	if (!shape)
		return usage(p, "--%s must be a date as YYYY-MM-DD (got '%s')",
		    name, s);
	if (strncmp(s, "1970", 4) < 0)
		return usage(p, "--%s must be 1970-01-01 or later (got '%s')",
		    name, s);
	return usage(p, "--%s: '%s' is not a calendar date", name, s);
}

/* ---------------------------------------------------------------------- */
/* URLs                                                                    */

static int
host_is_loopback(const char *h, size_t n)
{
	char buf[64];
	struct in_addr a4;
	struct in6_addr a6;

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, h, n);
	buf[n] = '\0';
	if (buf[0] == '[') {
		if (n < 3 || buf[n - 1] != ']')
			return 0;
		buf[n - 1] = '\0';
		if (inet_pton(AF_INET6, buf + 1, &a6) != 1)
			return 0;
		if (IN6_IS_ADDR_LOOPBACK(&a6))
			return 1;
		return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
	}
	if (buf[n - 1] == '.')
		buf[--n] = '\0';
	if (strcasecmp(buf, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, buf, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return 0;
}

/* Validate an http(s) URL for option name; strip_slash removes one
 * trailing '/'.  Stores an owned copy in *res. */
static int
opt_url(struct parser *p, const char *name, const char *s, int strip_slash,
    const char **res)
{
	const char *auth, *end, *host, *hend, *q;
	size_t len = strlen(s);
	int plain;

	if (len == 0)
		return usage(p, "--%s must not be empty", name);
	if (has_space_or_ctl(s))
		return usage(p, "--%s: a URL cannot contain whitespace or "
		    "control characters", name);
	if (strncasecmp(s, "https://", 8) == 0) {
		plain = 0;
		auth = s + 8;
	} else if (strncasecmp(s, "http://", 7) == 0) {
		plain = 1;
		auth = s + 7;
	} else {
		return usage(p, "--%s must be an https:// URL (got '%s')",
		    name, s);
	}
	if (strpbrk(s, "?#") != NULL)
		return usage(p, "--%s must not have a query or fragment "
		    "(got '%s')", name, s);
	end = auth + strcspn(auth, "/");
	host = auth;
	for (q = auth; q < end; q++)
		if (*q == '@')
			host = q + 1;
	if (*host == '[') {
		hend = memchr(host, ']', (size_t)(end - host));
		hend = hend != NULL ? hend + 1 : end;
	} else {
		hend = memchr(host, ':', (size_t)(end - host));
		if (hend == NULL)
			hend = end;
	}
	if (hend == host)
		return usage(p, "--%s has no host (got '%s')", name, s);
	if (plain && !host_is_loopback(host, (size_t)(hend - host)))
		return usage(p, "--%s: plain http:// is refused for '%.*s', "
		    "which is not a loopback host; use https://", name,
		    (int)(hend - host), host);
	if (strip_slash && len > 0 && s[len - 1] == '/' &&
	    (size_t)(end - s) < len)
		len--;
	*res = own_dupn(p->own, s, len);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Files                                                                   */

static int
check_readable_file(struct parser *p, const char *name, const char *path)
{
	struct stat st;
	int fd;

	if (*path == '\0')
		return usage(p, "--%s must not be empty", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return usage(p, "--%s: cannot read '%s': %s", name, path,
		    strerror(errno));
	if (fstat(fd, &st) != 0) {
		int e = errno;

		(void)close(fd);
		return usage(p, "--%s: cannot read '%s': %s", name, path,
		    strerror(e));
	}
	if (close(fd) != 0)
		return usage(p, "--%s: cannot read '%s': %s", name, path,
		    strerror(errno));
	if (S_ISDIR(st.st_mode))
		return usage(p, "--%s: '%s' is a directory", name, path);
	return 0;
}

/* Read one users file (or stdin for "-") and add its ids. */
static int
read_users_file(struct parser *p, const char *path)
{
	const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
	FILE *f;
	char *line = NULL;
	size_t cap = 0, lineno = 0, ids = 0;
	ssize_t got;
	int rc = 0;

	if (*path == '\0')
		return usage(p, "--users must not be empty");
	if (strcmp(path, "-") == 0) {
		f = stdin;
	} else {
		f = fopen(path, "re");
		if (f == NULL)
			return usage(p, "--users: cannot read '%s': %s", path,
			    strerror(errno));
	}
	errno = 0;
	while ((got = getline(&line, &cap, f)) >= 0) {
		const char *s = line, *why;
		size_t n = (size_t)got;

		lineno++;
		if (lineno == 1 && n >= 3 &&
		    memcmp(s, "\xef\xbb\xbf", 3) == 0) {
			s += 3; /* a UTF-8 byte-order mark */
			n -= 3;
		}
		trim(&s, &n);
		if (n == 0 || s[0] == '#')
			continue;
		why = token_problem(s, n);
		if (why == NULL && n > MAX_ID_LEN)
			why = "user id longer than 256 bytes";
		if (why != NULL) {
			rc = usage(p, "%s:%zu: %s", shown, lineno, why);
			goto done;
		}
		own_add_user(p->own, s, n);
		ids++;
	}
	if (ferror(f)) {
		rc = usage(p, "--users: cannot read '%s': %s", shown,
		    strerror(errno ? errno : EIO));
		goto done;
	}
	if (ids == 0)
		rc = usage(p, "%s: no user ids in the file (only blank lines "
		    "and comments)", shown);
done:
	free(line);
	if (f != stdin && fclose(f) != 0 && rc == 0)
		rc = usage(p, "--users: cannot read '%s': %s", shown,
		    strerror(errno));
	return rc;
}

/* Read a token file: trimmed, one token, never printed. */
static int
read_token_file(struct parser *p, const char *path, const char **res)
{
	char *buf;
	size_t len = 0, n;
	const char *s;
	FILE *f;
	int rc = 0;

	if (*path == '\0')
		return usage(p, "--token-file must not be empty");
	f = fopen(path, "re");
	if (f == NULL)
		return usage(p, "--token-file: cannot read '%s': %s", path,
		    strerror(errno));
	buf = zrx_xmalloc(MAX_TOKEN_FILE + 1);
	while (len <= MAX_TOKEN_FILE &&
	    (n = fread(buf + len, 1, MAX_TOKEN_FILE + 1 - len, f)) > 0)
		len += n;
	if (ferror(f)) {
		rc = usage(p, "--token-file: cannot read '%s': %s", path,
		    strerror(errno ? errno : EIO));
		goto done;
	}
	if (len > MAX_TOKEN_FILE) {
		rc = usage(p, "--token-file '%s' is too large to hold a token",
		    path);
		goto done;
	}
	s = buf;
	trim(&s, &len);
	if (len == 0) {
		rc = usage(p, "--token-file '%s' is empty", path);
		goto done;
	}
	for (n = 0; n < len; n++) {
		unsigned char c = (unsigned char)s[n];

		if (c <= 0x20 || c == 0x7f) {
			rc = usage(p, "--token-file '%s' must hold one token "
			    "on one line, without spaces", path);
			goto done;
		}
	}
	*res = own_dupn(p->own, s, len);
done:
	explicit_bzero(buf, MAX_TOKEN_FILE + 1);
	free(buf);
	if (fclose(f) != 0 && rc == 0)
		rc = usage(p, "--token-file: cannot read '%s': %s", path,
		    strerror(errno));
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Tokenizer                                                               */

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
static int
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

/* ---------------------------------------------------------------------- */
/* Building the config                                                     */

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

static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n > k && strncasecmp(s + n - k, suffix, k) == 0;
}

static int
build_output(struct parser *p, struct zrx_config *cfg)
{
	const char *out = p->given[O_OUTPUT] ? p->val[O_OUTPUT] : "-";
	int to_stdout = strcmp(out, "-") == 0;
	int fmt = -1, gz = -1;

	if (*out == '\0')
		return usage(p, "--output must not be empty (use '-' for "
		    "stdout)");
	cfg->output = to_stdout ? "-" : own_dup(p->own, out);
	if (!to_stdout) {
		size_t n = strlen(out);
		struct stat st;

		if (out[n - 1] == '/' || (stat(out, &st) == 0 &&
		    S_ISDIR(st.st_mode)))
			return usage(p, "--output '%s' is a directory; give a "
			    "file name", out);
		if (ends_with(out, n, ".gz")) {
			n -= 3;
			gz = 6;
		}
		if (ends_with(out, n, ".ndjson")) {
			n -= 7;
			fmt = ZRX_FORMAT_NDJSON;
		} else if (ends_with(out, n, ".jsonl")) {
			n -= 6;
			fmt = ZRX_FORMAT_NDJSON;
		} else if (ends_with(out, n, ".csv")) {
			n -= 4;
			fmt = ZRX_FORMAT_CSV;
		}
		if (out[n - 1] == '/')
			return usage(p, "--output '%s' has no file name before "
			    "its suffix", out);
		cfg->output_name = own_dupn(p->own, out, n);
	}

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
	cfg->format = fmt < 0 ? ZRX_FORMAT_NDJSON : (enum zrx_format)fmt;

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
	cfg->gzip_level = gz;
	cfg->output_ext = own_printf(p->own, "%s%s",
	    cfg->format == ZRX_FORMAT_CSV ? ".csv" : ".ndjson",
	    gz >= 0 ? ".gz" : "");
	return 0;
}

/* A side-file path option (--manifest, --errors, --state). */
static int
side_file(struct parser *p, enum opt_id id, const char *name,
    const char *suffix, const char **res)
{
	const char *v = p->val[id];

	*res = NULL;
	if (p->given[id]) {
		if (*v == '\0')
			return usage(p, "--%s must not be empty", name);
		if (strcmp(v, "-") == 0)
			return usage(p, "--%s must be a file path, not '-'",
			    name);
		*res = own_dup(p->own, v);
	} else if (p->cli->cfg.output_name != NULL) {
		*res = own_printf(p->own, "%s%s", p->cli->cfg.output_name,
		    suffix);
	}
	return 0;
}

static int
build_export_what(struct parser *p, struct zrx_config *cfg)
{
	int32_t from, to;

	/* who */
	if (p->nwho > 0 && p->given[O_ALL_USERS])
		return usage(p, "--all-users cannot be combined with --user "
		    "or --users");
	if (p->nwho == 0 && !p->given[O_ALL_USERS])
		return usage(p, "say whose recordings to export: --user ID, "
		    "--users FILE or --all-users");
	if (p->given[O_USER_STATUS] && !p->given[O_ALL_USERS])
		return usage(p, "--user-status applies only with --all-users");
	if (p->given[O_ALL_USERS]) {
		cfg->all_users = 1;
		cfg->users_source = "all-users";
		if (p->given[O_USER_STATUS] &&
		    opt_user_status(p, &cfg->user_status) != 0)
			return ZRX_EXIT_USAGE;
	} else {
		size_t i, stdin_uses = 0;

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
			if (p->who[i].id == O_USERS &&
			    strcmp(cfg->users_source, "list") == 0)
				cfg->users_source = own_printf(p->own,
				    "file:%s", p->who[i].val);
		}
	}

	/* when and what */
	if (p->given[O_TRASH]) {
		cfg->trash = 1;
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
			cfg->trash_type = own_dup(p->own, t);
		}
	} else {
		if (p->given[O_TRASH_TYPE])
			return usage(p, "--trash-type requires --trash");
		if (!p->given[O_FROM])
			return usage(p, "--from YYYY-MM-DD is required (or "
			    "--trash)");
		if (parse_date_opt(p, "from", p->val[O_FROM], &from) != 0)
			return ZRX_EXIT_USAGE;
		if (p->given[O_TO]) {
			if (parse_date_opt(p, "to", p->val[O_TO], &to) != 0)
				return ZRX_EXIT_USAGE;
			if (from > to)
				return usage(p, "--from %s is after --to %s",
				    p->val[O_FROM], p->val[O_TO]);
		} else {
			char today[11];

			to = zrx_date_today_utc();
			if (from > to) {
				zrx_date_format(to, today);
				return usage(p, "--from %s is after --to %s "
				    "(today, UTC)", p->val[O_FROM], today);
			}
		}
		cfg->from_days = from;
		cfg->to_days = to;
	}
	if (p->given[O_MC]) {
		const char *m = p->val[O_MC];

		if (*m == '\0' || strcmp(m, "true") == 0)
			cfg->mc = "true";
		else if (strcmp(m, "false") == 0)
			cfg->mc = "false";
		else
			return usage(p, "--mc must be true or false (got '%s')",
			    m);
	}
	if (p->given[O_MEETING_ID]) {
		const char *m = p->val[O_MEETING_ID];

		if (*m == '\0')
			return usage(p, "--meeting-id must not be empty");
		if (has_space_or_ctl(m))
			return usage(p, "--meeting-id must not contain "
			    "whitespace or control characters");
		cfg->meeting_id = own_dup(p->own, m);
	}
	return 0;
}

static int
build_network(struct parser *p, struct zrx_config *cfg)
{
	uint64_t v;

	if (p->given[O_BASE_URL] &&
	    opt_url(p, "base-url", p->val[O_BASE_URL], 1, &cfg->base_url) != 0)
		return ZRX_EXIT_USAGE;
	if (p->given[O_OAUTH_URL] &&
	    opt_url(p, "oauth-url", p->val[O_OAUTH_URL], 0,
	    &cfg->oauth_url) != 0)
		return ZRX_EXIT_USAGE;
	if (p->given[O_RATE]) {
		double r;

		if (parse_decimal(p->val[O_RATE], &r) != 0 || !(r > 0) ||
		    r > 100000)
			return usage(p, "--rate must be a number of requests "
			    "per second above 0, at most 100000 (got '%s')",
			    p->val[O_RATE]);
		cfg->rate = r;
	}
	if (p->given[O_BURST]) {
		double b;

		if (parse_decimal(p->val[O_BURST], &b) != 0 || b < 1 ||
		    b > 100000)
			return usage(p, "--burst must be a number from 1 to "
			    "100000 (got '%s')", p->val[O_BURST]);
		cfg->burst = b;
	} else {
		cfg->burst = ceil(cfg->rate);
		if (cfg->burst < 1)
			cfg->burst = 1;
	}
	if (p->given[O_CONCURRENCY]) {
		if (opt_int(p, O_CONCURRENCY, "concurrency", 1, 1024, &v) != 0)
			return ZRX_EXIT_USAGE;
		cfg->concurrency = (int)v;
	}
	if (p->given[O_TIMEOUT]) {
		if (opt_int(p, O_TIMEOUT, "timeout", 1, 86400, &v) != 0)
			return ZRX_EXIT_USAGE;
		cfg->timeout_s = (long)v;
	}
	if (p->given[O_CONNECT_TIMEOUT]) {
		if (opt_int(p, O_CONNECT_TIMEOUT, "connect-timeout", 1, 3600,
		    &v) != 0)
			return ZRX_EXIT_USAGE;
		cfg->connect_timeout_s = (long)v;
	}
	if (p->given[O_STALL_TIMEOUT]) {
		if (opt_int(p, O_STALL_TIMEOUT, "stall-timeout", 1, 86400,
		    &v) != 0)
			return ZRX_EXIT_USAGE;
		cfg->stall_timeout_s = (long)v;
	}
	if (p->given[O_RETRIES]) {
		if (opt_int(p, O_RETRIES, "retries", 0, 100, &v) != 0)
			return ZRX_EXIT_USAGE;
		cfg->retries = (int)v;
	}
	if (p->given[O_CACERT]) {
		if (check_readable_file(p, "cacert", p->val[O_CACERT]) != 0)
			return ZRX_EXIT_USAGE;
		cfg->cacert = own_dup(p->own, p->val[O_CACERT]);
	}
	return 0;
}

static int
build_reporting(struct parser *p, struct zrx_config *cfg)
{
	if (p->given[O_QUIET] && p->given[O_VERBOSE])
		return usage(p, "--quiet and --verbose cannot be combined");
	cfg->quiet = p->given[O_QUIET] ? 1 : 0;
	cfg->verbose = p->given[O_VERBOSE];
	if (p->given[O_PROGRESS]) {
		const char *s = p->val[O_PROGRESS];

		if (strcmp(s, "auto") == 0)
			cfg->progress = ZRX_PROGRESS_AUTO;
		else if (strcmp(s, "always") == 0)
			cfg->progress = ZRX_PROGRESS_ALWAYS;
		else if (strcmp(s, "never") == 0)
			cfg->progress = ZRX_PROGRESS_NEVER;
		else
			return usage(p, "--progress must be auto, always or "
			    "never (got '%s')", s);
	}
	if (p->given[O_LOG_FORMAT]) {
		const char *s = p->val[O_LOG_FORMAT];

		if (strcmp(s, "text") == 0)
			cfg->log_format = ZRX_LOG_TEXT;
		else if (strcmp(s, "json") == 0)
			cfg->log_format = ZRX_LOG_JSON;
		else
			return usage(p, "--log-format must be text or json "
			    "(got '%s')", s);
	}
	return 0;
}

static int
build_tuning(struct parser *p, struct zrx_config *cfg)
{
	uint64_t v;

	if (p->given[O_SPILL_BYTES]) {
		if (parse_size(p->val[O_SPILL_BYTES], &v) != 0 || v > SIZE_MAX)
			return usage(p, "--spill-bytes must be a size such as "
			    "512K or 8M (got '%s')", p->val[O_SPILL_BYTES]);
		cfg->spill_bytes = (size_t)v;
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
		cfg->tmpdir = own_dup(p->own, d);
	}
	if (p->given[O_COMMIT_INTERVAL]) {
		if (opt_int(p, O_COMMIT_INTERVAL, "commit-interval", 0, 600000,
		    &v) != 0)
			return ZRX_EXIT_USAGE;
		cfg->commit_interval_ms = (unsigned)v;
	}
	return 0;
}

/* An environment variable, trimmed; NULL when unset or blank.  Its value
 * is never printed. */
static int
env_value(struct parser *p, const char *var, const char **res)
{
	const char *s = getenv(var);
	size_t n, i;

	*res = NULL;
	if (s == NULL)
		return 0;
	n = strlen(s);
	trim(&s, &n);
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c == 0x7f)
			return usage(p, "%s contains whitespace or a control "
			    "character", var);
	}
	*res = own_dupn(p->own, s, n);
	return 0;
}

static int
build_auth(struct parser *p, struct zrx_config *cfg)
{
	static const char *const vars[3] = {
		"ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"
	};
	const char *vals[3], *missing[3];
	size_t i, nmissing = 0;

	if (p->given[O_TOKEN_FILE])
		return read_token_file(p, p->val[O_TOKEN_FILE],
		    &cfg->access_token);
	if (env_value(p, "ZOOM_ACCESS_TOKEN", &cfg->access_token) != 0)
		return ZRX_EXIT_USAGE;
	if (cfg->access_token != NULL)
		return 0;
	for (i = 0; i < 3; i++) {
		if (env_value(p, vars[i], &vals[i]) != 0)
			return ZRX_EXIT_USAGE;
		if (vals[i] == NULL)
			missing[nmissing++] = vars[i];
	}
	if (nmissing == 3)
		return usage(p, "no credentials: set ZOOM_ACCOUNT_ID, "
		    "ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (Server-to-Server "
		    "OAuth), or ZOOM_ACCESS_TOKEN, or use --token-file FILE");
	if (nmissing == 2)
		return usage(p, "incomplete Server-to-Server OAuth "
		    "credentials: %s and %s are not set", missing[0],
		    missing[1]);
	if (nmissing == 1)
		return usage(p, "incomplete Server-to-Server OAuth "
		    "credentials: %s is not set", missing[0]);
	cfg->account_id = vals[0];
	cfg->client_id = vals[1];
	cfg->client_secret = vals[2];
	return 0;
}

/* The output, manifest, errors and state files must all differ. */
static int
check_distinct(struct parser *p, const struct zrx_config *cfg)
{
	const char *names[4] = { "output", "manifest", "errors", "state" };
	const char *paths[4];
	size_t i, j;

	paths[0] = cfg->output_name != NULL ? cfg->output : NULL;
	paths[1] = cfg->manifest;
	paths[2] = cfg->errors;
	paths[3] = cfg->state;
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
build_config(struct parser *p)
{
	struct zrx_config *cfg = &p->cli->cfg;
	int is_export = p->cmdbit == C_EXPORT;
	uint64_t v;

	if (is_export) {
		if (build_export_what(p, cfg) != 0)
			return ZRX_EXIT_USAGE;
	} else if (p->given[O_USER_STATUS]) {
		if (opt_user_status(p, &cfg->user_status) != 0)
			return ZRX_EXIT_USAGE;
	}
	if (p->given[O_PAGE_SIZE]) {
		if (opt_int(p, O_PAGE_SIZE, "page-size", 1, 300, &v) != 0)
			return ZRX_EXIT_USAGE;
		cfg->page_size = (int)v;
	}

	if (build_output(p, cfg) != 0)
		return ZRX_EXIT_USAGE;
	if (is_export) {
		if (p->given[O_SPLIT_BYTES]) {
			if (cfg->output_name == NULL)
				return usage(p, "--split-bytes needs a file "
				    "output (-o PATH), not stdout");
			if (parse_size(p->val[O_SPLIT_BYTES], &v) != 0 ||
			    v < 1024)
				return usage(p, "--split-bytes must be a size "
				    "of at least 1K, such as 256M or 1G "
				    "(got '%s')", p->val[O_SPLIT_BYTES]);
			cfg->split_bytes = v;
		}
		if (cfg->output_name == NULL && p->given[O_STATE])
			return usage(p, "--state needs a file output (-o "
			    "PATH): stdout cannot be resumed");
		if (cfg->output_name == NULL && p->given[O_RESTART])
			return usage(p, "--restart needs a file output (-o "
			    "PATH): stdout cannot be resumed");
		if (side_file(p, O_MANIFEST, "manifest", ".manifest.json",
		    &cfg->manifest) != 0 ||
		    side_file(p, O_ERRORS, "errors", ".errors.ndjson",
		    &cfg->errors) != 0 ||
		    side_file(p, O_STATE, "state", ".state", &cfg->state) != 0)
			return ZRX_EXIT_USAGE;
		if (check_distinct(p, cfg) != 0)
			return ZRX_EXIT_USAGE;
		cfg->restart = p->given[O_RESTART] ? 1 : 0;
	}
	cfg->force = p->given[O_FORCE] ? 1 : 0;

	if (build_network(p, cfg) != 0 || build_reporting(p, cfg) != 0)
		return ZRX_EXIT_USAGE;
	if (is_export && build_tuning(p, cfg) != 0)
		return ZRX_EXIT_USAGE;
	if (build_auth(p, cfg) != 0)
		return ZRX_EXIT_USAGE;

	/* last: users files may be large, or stdin */
	if (is_export && !cfg->all_users) {
		size_t i;

		for (i = 0; i < p->nwho; i++) {
			if (p->who[i].id == O_USERS) {
				if (read_users_file(p, p->who[i].val) != 0)
					return ZRX_EXIT_USAGE;
			} else {
				const char *s = p->who[i].val;
				size_t n = strlen(s);

				trim(&s, &n);
				own_add_user(p->own, s, n);
			}
		}
		cfg->users = p->own->users;
		cfg->nusers = p->own->nusers;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Entry points                                                            */

static int
top_level(struct parser *p, int argc, char **argv)
{
	const char *a = argc > 1 ? argv[1] : NULL;

	if (a == NULL)
		return usage(p, "no command given; commands: export, users, "
		    "help");
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
		if (strcmp(c, "export") == 0 || strcmp(c, "users") == 0) {
			print_help(p->out, c);
			return 1;
		}
		return usage(p, "no help for '%s'; commands: export, users, "
		    "help", c);
	}
	if (a[0] == '-') {
		const char *name = a + (a[1] == '-' ? 2 : 1);
		size_t n = strcspn(name, "=");
		int shown = (int)(n + (size_t)(name - a)); /* a without =... */

		if (find_long(name, n, C_BOTH) != NULL)
			return usage(p, "option '%.*s' must follow a command, "
			    "as in 'zrx export %.*s'", shown, a, shown, a);
		if (n > 0 && edit_distance(name, n, "version", 7) <= 2)
			return usage(p, "unknown option '%.*s'; did you mean "
			    "'--version'?", shown, a);
		return usage(p, "unknown option '%.*s'; commands: export, "
		    "users, help", shown, a);
	}
	{
		size_t n = strlen(a);

		if (edit_distance(a, n, "export", 6) <= 2)
			return usage(p, "unknown command '%s'; did you mean "
			    "'export'? Commands: export, users, help", a);
		if (edit_distance(a, n, "users", 5) <= 2)
			return usage(p, "unknown command '%s'; did you mean "
			    "'users'? Commands: export, users, help", a);
		return usage(p, "unknown command '%s'; commands: export, "
		    "users, help", a);
	}
}

int
zrx_cli_parse(struct zrx_cli *cli, int argc, char **argv, FILE *out, FILE *err)
{
	struct parser p;
	int rc;

	memset(cli, 0, sizeof(*cli));
	zrx_config_init(&cli->cfg);
	memset(&p, 0, sizeof(p));
	p.out = out;
	p.err = err;
	p.cli = cli;

	if (argc > 1 && strcmp(argv[1], "export") == 0) {
		p.cmd = "export";
		p.cmdbit = C_EXPORT;
		cli->cmd = ZRX_CMD_EXPORT;
	} else if (argc > 1 && strcmp(argv[1], "users") == 0) {
		p.cmd = "users";
		p.cmdbit = C_USERS;
		cli->cmd = ZRX_CMD_USERS;
	} else {
		rc = top_level(&p, argc, argv);
		fflush(out);
		return rc;
	}

	p.own = zrx_xcalloc(1, sizeof(*p.own));
	p.who = zrx_xcalloc((size_t)argc, sizeof(*p.who));
	rc = tokenize(&p, argc, argv, 2);
	if (rc == 0)
		rc = build_config(&p);
	free(p.who);
	if (rc != 0) {
		own_free(p.own);
		memset(cli, 0, sizeof(*cli));
		zrx_config_init(&cli->cfg);
		fflush(out);
		return rc;
	}
	cli->own = p.own;
	return 0;
}

void
zrx_cli_free(struct zrx_cli *cli)
{
	if (cli == NULL)
		return;
	own_free(cli->own);
	cli->own = NULL;
	memset(&cli->cfg, 0, sizeof(cli->cfg));
}
