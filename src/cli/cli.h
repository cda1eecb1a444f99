/* cli.h - the zrx command line: argv, users files and the environment to
 * a configured libzrx handle. */
#ifndef ZRX_CLI_H
#define ZRX_CLI_H

#include <stdio.h>
#include "zrx.h"

enum zrx_cli_cmd { ZRX_CLI_EXPORT = 0, ZRX_CLI_USERS, ZRX_CLI_SYNC, ZRX_CLI_REPORT };

/* How the progress line is shown. */
enum zrx_cli_progress {
	ZRX_CLI_PROGRESS_AUTO = 0, /* live line on a TTY, a plain line every 10 s otherwise */
	ZRX_CLI_PROGRESS_ALWAYS,
	ZRX_CLI_PROGRESS_NEVER
};

/* What zrx_cli_parse() produced; release with zrx_cli_free(). */
struct zrx_cli {
	enum zrx_cli_cmd cmd;
	zrx_t *h;                        /* configured for cmd */
	enum zrx_cli_progress progress;
	int quiet;
	int json_logs;
};

/*
 * Parse the whole command line (argv[0] is the program name, argv[1] the
 * command).  Reads --users files and --token-file, and the environment
 * (ZOOM_ACCESS_TOKEN, ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET).
 * Returns 0 with *cli filled; 1 when --help or --version was printed to out
 * (exit 0); or ZRX_EXIT_USAGE after printing "zrx: <what is wrong>" and a
 * hint to err (cli->h is then NULL).  Never prints a secret.
 */
int zrx_cli_parse(struct zrx_cli *cli, int argc, char **argv, FILE *out, FILE *err);

/* Release what zrx_cli_parse() allocated.  Safe on a zeroed struct. */
void zrx_cli_free(struct zrx_cli *cli);

#endif
