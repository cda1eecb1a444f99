/* main.c - the zrx command: parse the command line, wire the library's log
 * and progress to stderr, turn SIGINT/SIGTERM into zrx_interrupt(), run. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"
#include "zrx.h"

static zrx_t *running;

/* The first signal asks the run to stop (it commits what is finished and
 * returns 5); SA_RESETHAND gives a second one the default action. */
static void
on_signal(int sig)
{
	(void)sig;
	if (running != NULL)
		zrx_interrupt(running);
}

static int
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
		return -1;
	/* output to a closed pipe is a write error (EPIPE), not death */
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	return sigaction(SIGPIPE, &sa, NULL);
}

static void
log_line(void *ud, enum zrx_log_level level, const char *line, size_t len)
{
	struct zrx_live *lv = ud;

	(void)level;
	zrx_live_clear(lv);
	fwrite(line, 1, len, stderr);
	fflush(stderr);
}

/* Where progress goes: a live line on a terminal (or with --progress
 * always), a plain line in the log every 10 s otherwise. */
static void
wire_progress(struct zrx_cli *cli, struct zrx_live *lv)
{
	int live;

	if (cli->quiet || cli->progress == ZRX_CLI_PROGRESS_NEVER)
		return;
	live = !cli->json_logs && (cli->progress == ZRX_CLI_PROGRESS_ALWAYS ||
	    isatty(STDERR_FILENO));
	if (live) {
		(void)zrx_setopt_int(cli->h, ZRX_OPT_PROGRESS_MS, 100);
		zrx_set_progress_cb(cli->h, zrx_live_draw, lv);
	} else {
		(void)zrx_setopt_int(cli->h, ZRX_OPT_PROGRESS_LOG_MS, 10000);
	}
}

int
main(int argc, char **argv)
{
	struct zrx_cli cli;
	struct zrx_live lv;
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
	if (rc != 0)
		return ZRX_EXIT_USAGE;
	zrx_live_init(&lv, stderr);
	zrx_set_log_cb(cli.h, log_line, &lv);
	wire_progress(&cli, &lv);
	running = cli.h;
	if (catch_signals() != 0) {
		fprintf(stderr, "zrx: cannot install signal handlers: %s\n", strerror(errno));
		zrx_cli_free(&cli);
		return ZRX_EXIT_FATAL;
	}
	rc = zrx_run(cli.h, cli.cmd == ZRX_CLI_EXPORT ? ZRX_CMD_EXPORT :
	    cli.cmd == ZRX_CLI_USERS ? ZRX_CMD_USERS :
	    cli.cmd == ZRX_CLI_SYNC ? ZRX_CMD_SYNC : ZRX_CMD_REPORT);
	zrx_live_clear(&lv);
	running = NULL;
	zrx_cli_free(&cli);
	return rc;
}
