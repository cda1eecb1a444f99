/* export.c - a month of one user's recordings to NDJSON.gz with libzrx.
 *
 *   cc export.c $(pkg-config --cflags --libs libzrx) -o export
 *   ZOOM_ACCESS_TOKEN=... ./export USER 2024-01-01 2024-01-31 out.ndjson.gz [BASE_URL]
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <zrx.h>

static zrx_t *running;

static void
on_signal(int sig)
{
	(void)sig;
	zrx_interrupt(running); /* async-signal-safe */
}

static void
on_log(void *ud, enum zrx_log_level level, const char *line, size_t len)
{
	(void)ud;
	(void)level;
	fwrite(line, 1, len, stderr);
}

static void
on_progress(void *ud, const struct zrx_progress *p)
{
	(void)ud;
	if (p->final)
		fprintf(stderr, "%llu meetings, %llu requests\n",
		    (unsigned long long)p->meetings, (unsigned long long)p->requests);
}

int
main(int argc, char **argv)
{
	const char *token = getenv("ZOOM_ACCESS_TOKEN");
	zrx_t *h;
	int rc;

	if (argc < 5 || token == NULL) {
		fprintf(stderr, "usage: ZOOM_ACCESS_TOKEN=... %s USER FROM TO OUT [BASE_URL]\n",
		    argv[0]);
		return 2;
	}
	h = zrx_new();
	if (h == NULL)
		return 1;
	if (zrx_setopt_str(h, ZRX_OPT_ACCESS_TOKEN, token) != ZRX_OK ||
	    zrx_setopt_str(h, ZRX_OPT_USER, argv[1]) != ZRX_OK ||
	    zrx_setopt_str(h, ZRX_OPT_FROM, argv[2]) != ZRX_OK ||
	    zrx_setopt_str(h, ZRX_OPT_TO, argv[3]) != ZRX_OK ||
	    zrx_setopt_str(h, ZRX_OPT_OUTPUT, argv[4]) != ZRX_OK ||
	    zrx_setopt_int(h, ZRX_OPT_GZIP, 6) != ZRX_OK ||
	    (argc > 5 && zrx_setopt_str(h, ZRX_OPT_BASE_URL, argv[5]) != ZRX_OK)) {
		fprintf(stderr, "export: %s\n", zrx_last_error(h));
		zrx_free(h);
		return 2;
	}
	zrx_set_log_cb(h, on_log, NULL);
	zrx_set_progress_cb(h, on_progress, NULL);
	running = h;
	signal(SIGINT, on_signal);
	rc = zrx_run(h, ZRX_CMD_EXPORT); /* an enum zrx_exit */
	signal(SIGINT, SIG_DFL);
	zrx_free(h);
	return rc;
}
