/* cliopt.h - the pieces of the zrx command line, shared by its files:
 * the option table (getopt.c), the help (help.c), the value parsers
 * (values.c) and the building of a handle (build.c). */
#ifndef ZRX_CLIOPT_H
#define ZRX_CLIOPT_H

#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "util.h"
#include "zrx.h"

enum opt_id {
	O_HELP, O_USER, O_USERS, O_ALL_USERS, O_USER_STATUS,
	O_FROM, O_TO, O_TRASH, O_TRASH_TYPE, O_MC, O_MEETING_ID, O_PAGE_SIZE,
	O_OUTPUT, O_FORMAT, O_GZIP, O_NO_GZIP, O_SPLIT_BYTES, O_MANIFEST,
	O_ERRORS, O_STATE, O_FORCE, O_RESTART,
	O_BASE_URL, O_OAUTH_URL, O_RATE, O_BURST, O_CONCURRENCY, O_TIMEOUT,
	O_CONNECT_TIMEOUT, O_STALL_TIMEOUT, O_RETRIES, O_CACERT, O_TOKEN_FILE,
	O_QUIET, O_VERBOSE, O_PROGRESS, O_LOG_FORMAT,
	O_SPILL_BYTES, O_TMPDIR, O_COMMIT_INTERVAL,
	O_DIR, O_SINCE, O_LOOKBACK, O_RETENTION, O_AS_OF,
	O_COUNT
};

enum opt_arg {
	ARG_NONE,       /* a flag; "--flag=x" is an error */
	ARG_REQUIRED,   /* "--opt VALUE" or "--opt=VALUE" */
	ARG_OPTIONAL    /* a value only as "--opt=VALUE" */
};

/* The commands, as bits of an option's cmds. */
#define C_EXPORT 0x1u
#define C_USERS  0x2u
#define C_SYNC   0x4u
#define C_REPORT 0x8u
#define C_ALL    (C_EXPORT | C_USERS | C_SYNC | C_REPORT)

struct opt_def {
	const char *name;   /* long name without the dashes */
	char shortc;        /* 0: none */
	enum opt_arg arg;
	enum opt_id id;
	unsigned cmds;      /* C_* bits: the commands that accept it */
};

struct who_arg {
	enum opt_id id;       /* O_USER or O_USERS */
	const char *val;
};

/* One parse of a command line. */
struct parser {
	FILE *out, *err;
	const char *cmd;            /* "export", "users", "sync" or "report"; NULL before one */
	unsigned cmdbit;
	struct zrx_cli *cli;
	zrx_t *h;                   /* what is being built */
	const char *val[O_COUNT];   /* last value given ("" for a flag) */
	int given[O_COUNT];
	struct who_arg *who;        /* --user and --users, in argv order */
	size_t nwho;
	int gzip_choice;            /* 0 unset, 1 --gzip, -1 --no-gzip */
	const char *gzip_val;       /* LEVEL of the last --gzip=LEVEL */
	const struct opt_def *last_optional; /* previous bare ARG_OPTIONAL */
	char *output_name;          /* NAME of a file output (owned), NULL for stdout */
	const char **args;          /* arguments that are not options (report's FILEs) */
	size_t nargs;
};

/* ---- getopt.c ---- */

/* Print "zrx: <message>" and the help hint to p->err; returns
 * ZRX_EXIT_USAGE.  Control characters are shown as '?', so a message is
 * always exactly one line. */
int usage(struct parser *p, const char *fmt, ...) ZRX_PRINTF(2, 3);

/* The option named name[0..n) that one of cmds accepts, or NULL. */
const struct opt_def *find_long(const char *name, size_t n, unsigned cmds);

/* Optimal string alignment distance, ASCII case folded (large past 48). */
size_t edit_distance(const char *a, size_t na, const char *b, size_t nb);

/* Split argv[first..] into options; ZRX_EXIT_USAGE, 1 (help shown), or 0. */
int tokenize(struct parser *p, int argc, char **argv, int first);

/* ---- help.c ---- */

/* The help of zrx (cmd NULL) or of a command, to out. */
void print_help(FILE *out, const char *cmd);

/* ---- values.c ---- */

/* Trim [*s, *s+*n) of surrounding ASCII whitespace. */
void trim(const char **s, size_t *n);
/* Why s[0..n) is not a good user id (NULL if it is). */
const char *token_problem(const char *s, size_t n);
/* 1 if s holds whitespace or a control character. */
int has_space_or_ctl(const char *s);
/* An integer option within lo..hi into *v; or a usage error. */
int opt_int(struct parser *p, enum opt_id id, const char *name, uint64_t lo,
            uint64_t hi, uint64_t *v);
/* "256M", "1GiB", "4096": 0 or -1. */
int parse_size(const char *s, uint64_t *v);
/* A positive decimal without sign or exponent: 0 or -1. */
int parse_decimal(const char *s, double *v);
/* A date option as YYYY-MM-DD into *days; or a usage error. */
int parse_date_opt(struct parser *p, const char *name, const char *s, int32_t *days);
/* An http(s) URL for option name, checked; or a usage error. */
int check_url(struct parser *p, const char *name, const char *s);
/* A file option that must be readable; or a usage error. */
int check_readable_file(struct parser *p, const char *name, const char *path);
/* Read a users file (or stdin for "-") and add its ids to p->h. */
int read_users_file(struct parser *p, const char *path);
/* Read a token file into *res (caller wipes and frees). */
int read_token_file(struct parser *p, const char *path, char **res);
/* An environment variable, trimmed, into *res (caller wipes and frees;
 * NULL when unset or blank). */
int env_value(struct parser *p, const char *var, char **res);

/* ---- build.c ---- */

/* The users of export and sync (--user, --users, --all-users). */
int build_who(struct parser *p);
/* The format and gzip of export, users and sync (fmt/gz from a suffix,
 * -1 when none). */
int build_format(struct parser *p, int fmt, int gz);
/* The network, reporting and auth options every command that talks to the
 * API shares. */
int build_network(struct parser *p);
int build_reporting(struct parser *p);
int build_auth(struct parser *p);
int build_tuning(struct parser *p);
/* The users --user/--users name, in order (files last). */
int add_users(struct parser *p);

/* ---- build_export.c ---- */

/* --user-status into ZRX_STATUS_* bits; or a usage error. */
int opt_user_status(struct parser *p, unsigned *bits);
/* export's --from/--to/--trash, --mc/--meeting-id, side files. */
int build_when(struct parser *p);
int build_what(struct parser *p);
int build_side_files(struct parser *p);

/* ---- build_sync.c, build_report.c ---- */

/* The rest of `zrx sync` and `zrx report` once the options are tokenized. */
int build_sync(struct parser *p);
int build_report(struct parser *p);

/* Hand a value to the handle; a refusal is a usage error naming --name. */
int set_str(struct parser *p, const char *name, enum zrx_option opt, const char *v);
int set_int(struct parser *p, const char *name, enum zrx_option opt, long long v);
int set_double(struct parser *p, const char *name, enum zrx_option opt, double v);

#endif
