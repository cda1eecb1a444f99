/* cli.h - the zrx command line: argv to a zrx_config. */
#ifndef ZRX_CLI_H
#define ZRX_CLI_H

#include <stdio.h>
#include "zrx.h"

enum zrx_cmd { ZRX_CMD_EXPORT = 0, ZRX_CMD_USERS = 1 };

/* What zrx_cli_parse() produced.  cfg's strings point into storage that this
 * struct owns; release it all with zrx_cli_free(). */
struct zrx_cli {
	enum zrx_cmd cmd;
	struct zrx_config cfg;
	void *own; /* private: owned storage */
};

/*
 * Parse the whole command line (argv[0] is the program name, argv[1] the
 * command).  Reads --users files and --token-file, and the environment
 * (ZOOM_ACCESS_TOKEN, ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET).
 * Returns 0 with *cli filled; 1 when --help or --version was printed to out
 * (exit 0); or ZRX_EXIT_USAGE after printing "zrx: <what is wrong>" and a
 * hint to err.  Never prints a secret.
 */
int zrx_cli_parse(struct zrx_cli *cli, int argc, char **argv, FILE *out, FILE *err);

/* Release what zrx_cli_parse() allocated.  Safe on a zeroed struct. */
void zrx_cli_free(struct zrx_cli *cli);

#endif
