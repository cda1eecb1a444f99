/* main.c - the zrx command: parse the command line, run the command. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "zrx.h"

int
main(int argc, char **argv)
{
	struct zrx_cli cli;
	int rc;

	rc = zrx_cli_parse(&cli, argc, argv, stdout, stderr);
	if (rc == 1) {
		/* help or version was printed: a failed write is fatal */
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr, "zrx: cannot write to stdout: %s\n",
			    strerror(errno));
			return ZRX_EXIT_FATAL;
		}
		return ZRX_EXIT_OK;
	}
	if (rc != 0) {
		zrx_cli_free(&cli);
		return ZRX_EXIT_USAGE;
	}
	if (cli.cmd == ZRX_CMD_EXPORT)
		rc = zrx_export_run(&cli.cfg);
	else
		rc = zrx_users_run(&cli.cfg);
	zrx_cli_free(&cli);
	return rc;
}
