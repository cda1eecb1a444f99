/* test_api.c - libzrx through include/zrx.h alone, as a program outside
 * the tree uses it.  One case per invocation (tests/it_api.sh runs them
 * against zrx-sim): exit 0 if the case holds, 1 with a line on stderr if
 * not.
 *
 *   test_api setters
 *   test_api export BASE USER OUT      (ZOOM_ACCESS_TOKEN set)
 *   test_api interrupt BASE USER OUT
 *   test_api signals BASE USER OUT
 *   test_api secrets BASE USER OUT
 *   test_api handles BASE USER OUT1 OUT2
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zrx.h"

static int failed;

#define EXPECT(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
		failed = 1; \
	} \
} while (0)

/* ---- what the callbacks saw ---- */

struct seen {
	char *log;
	size_t loglen;
	unsigned lines;
	unsigned progress;
	unsigned finals;
	struct zrx_progress last;
};

static void
log_cb(void *ud, enum zrx_log_level level, const char *line, size_t len)
{
	struct seen *s = ud;
	char *p;

	(void)level;
	if (len == 0 || line[len - 1] != '\n') {
		fprintf(stderr, "a log line without its newline\n");
		failed = 1;
	}
	p = realloc(s->log, s->loglen + len + 1);
	if (p == NULL)
		abort();
	s->log = p;
	memcpy(s->log + s->loglen, line, len);
	s->loglen += len;
	s->log[s->loglen] = '\0';
	s->lines++;
}

static void
progress_cb(void *ud, const struct zrx_progress *p)
{
	struct seen *s = ud;

	s->progress++;
	if (p->final)
		s->finals++;
	memcpy(&s->last, p, p->size < sizeof(s->last) ? p->size : sizeof(s->last));
}

static zrx_t *
configured(const char *base, const char *user, const char *out, struct seen *s)
{
	zrx_t *h = zrx_new();
	const char *token = getenv("ZOOM_ACCESS_TOKEN");

	if (h == NULL || token == NULL)
		abort();
	EXPECT(zrx_setopt_str(h, ZRX_OPT_ACCESS_TOKEN, token) == ZRX_OK);
	EXPECT(zrx_setopt_str(h, ZRX_OPT_BASE_URL, base) == ZRX_OK);
	EXPECT(zrx_setopt_str(h, ZRX_OPT_USER, user) == ZRX_OK);
	EXPECT(zrx_setopt_str(h, ZRX_OPT_FROM, "2024-01-01") == ZRX_OK);
	EXPECT(zrx_setopt_str(h, ZRX_OPT_TO, "2024-03-31") == ZRX_OK);
	EXPECT(zrx_setopt_str(h, ZRX_OPT_OUTPUT, out) == ZRX_OK);
	EXPECT(zrx_setopt_int(h, ZRX_OPT_GZIP, 6) == ZRX_OK);
	EXPECT(zrx_setopt_double(h, ZRX_OPT_RATE, 500) == ZRX_OK);
	if (s != NULL) {
		zrx_set_log_cb(h, log_cb, s);
		zrx_set_progress_cb(h, progress_cb, s);
	}
	return h;
}

/* ---- the cases ---- */

static void
setters(void)
{
	zrx_t *h = zrx_new();

	EXPECT(h != NULL);
	EXPECT(strcmp(zrx_last_error(h), "") == 0);
	EXPECT(zrx_setopt_str(h, (enum zrx_option)9999, "x") == ZRX_E_OPTION);
	EXPECT(zrx_setopt_str(h, ZRX_OPT_CONCURRENCY, "8") == ZRX_E_TYPE);
	EXPECT(zrx_setopt_int(h, ZRX_OPT_RATE, 5) == ZRX_E_TYPE);
	EXPECT(zrx_setopt_double(h, ZRX_OPT_RATE, 0) == ZRX_E_VALUE);
	EXPECT(strlen(zrx_last_error(h)) > 0);
	EXPECT(zrx_setopt_int(h, ZRX_OPT_CONCURRENCY, 0) == ZRX_E_VALUE);
	EXPECT(zrx_setopt_int(h, ZRX_OPT_CONCURRENCY, 1025) == ZRX_E_VALUE);
	EXPECT(zrx_setopt_int(h, ZRX_OPT_PAGE_SIZE, 301) == ZRX_E_VALUE);
	EXPECT(zrx_setopt_str(h, ZRX_OPT_FROM, "2024-02-30") == ZRX_E_VALUE);
	EXPECT(strstr(zrx_last_error(h), "2024-02-30") != NULL);
	EXPECT(zrx_setopt_str(h, ZRX_OPT_FROM, NULL) != ZRX_OK);
	EXPECT(zrx_setopt_str(h, ZRX_OPT_FROM, "2024-02-29") == ZRX_OK);
	EXPECT(zrx_setopt_int(h, ZRX_OPT_FORMAT, ZRX_FORMAT_CSV) == ZRX_OK);
	EXPECT(zrx_setopt_int(h, ZRX_OPT_FORMAT, 7) == ZRX_E_VALUE);
	/* nothing to export from: a usage error before any request */
	EXPECT(zrx_run(h, ZRX_CMD_EXPORT) == ZRX_EXIT_USAGE);
	EXPECT(strlen(zrx_last_error(h)) > 0);
	EXPECT(zrx_run(h, (enum zrx_command)42) == ZRX_EXIT_USAGE);
	EXPECT(zrx_version()[0] >= '0' && zrx_version()[0] <= '9');
	zrx_free(h);
	zrx_free(NULL);
}

static void
export(const char *base, const char *user, const char *out)
{
	struct seen s;
	zrx_t *h;

	memset(&s, 0, sizeof(s));
	h = configured(base, user, out, &s);
	EXPECT(zrx_setopt_int(h, ZRX_OPT_PROGRESS_MS, 10) == ZRX_OK);
	EXPECT(zrx_run(h, ZRX_CMD_EXPORT) == ZRX_EXIT_OK);
	EXPECT(s.finals == 1);
	EXPECT(s.last.size == sizeof(struct zrx_progress));
	EXPECT(s.last.final == 1);
	EXPECT(s.last.users_done == 1 && s.last.users_failed == 0);
	EXPECT(s.last.meetings > 0);
	EXPECT(s.last.requests >= 3); /* three months: a window each */
	EXPECT(s.lines > 0);          /* the summary, at least */
	EXPECT(strcmp(zrx_last_error(h), "") == 0);
	printf("%llu\n", (unsigned long long)s.last.meetings);
	zrx_free(h);
	free(s.log);
}

static void
interrupt(const char *base, const char *user, const char *out)
{
	zrx_t *h = configured(base, user, out, NULL);

	zrx_interrupt(h); /* before the run: it stops at once */
	EXPECT(zrx_run(h, ZRX_CMD_EXPORT) == ZRX_EXIT_INTERRUPTED);
	zrx_free(h);
}

/* The library leaves the process's signal dispositions as it found them. */
static void
signals(const char *base, const char *user, const char *out)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGCHLD };
	struct sigaction before[5], after;
	zrx_t *h = configured(base, user, out, NULL);
	size_t i;

	for (i = 0; i < 5; i++)
		sigaction(sigs[i], NULL, &before[i]);
	EXPECT(zrx_run(h, ZRX_CMD_EXPORT) == ZRX_EXIT_OK);
	for (i = 0; i < 5; i++) {
		sigaction(sigs[i], NULL, &after);
		EXPECT(after.sa_handler == before[i].sa_handler);
	}
	zrx_free(h);
}

/* Verbose logs name every request, never the token. */
static void
secrets(const char *base, const char *user, const char *out)
{
	struct seen s;
	zrx_t *h;

	memset(&s, 0, sizeof(s));
	h = configured(base, user, out, &s);
	EXPECT(zrx_setopt_int(h, ZRX_OPT_VERBOSE, 2) == ZRX_OK);
	EXPECT(zrx_setopt_int(h, ZRX_OPT_LOG_FORMAT, ZRX_LOG_JSON) == ZRX_OK);
	EXPECT(zrx_run(h, ZRX_CMD_EXPORT) == ZRX_EXIT_OK);
	EXPECT(s.log != NULL && strstr(s.log, "/recordings") != NULL);
	EXPECT(s.log != NULL && strstr(s.log, getenv("ZOOM_ACCESS_TOKEN")) == NULL);
	EXPECT(s.log != NULL && s.log[0] == '{');
	zrx_free(h);
	free(s.log);
}

/* Two handles, one after the other, then both alive at once: independent. */
static void
handles(const char *base, const char *user, const char *out1, const char *out2)
{
	struct seen s1, s2;
	zrx_t *a, *b;

	memset(&s1, 0, sizeof(s1));
	memset(&s2, 0, sizeof(s2));
	a = configured(base, user, out1, &s1);
	b = configured(base, user, out2, &s2);
	EXPECT(zrx_setopt_int(b, ZRX_OPT_FORMAT, ZRX_FORMAT_CSV) == ZRX_OK);
	EXPECT(zrx_run(a, ZRX_CMD_EXPORT) == ZRX_EXIT_OK);
	EXPECT(zrx_run(b, ZRX_CMD_EXPORT) == ZRX_EXIT_OK);
	EXPECT(s1.last.meetings == s2.last.meetings && s1.last.meetings > 0);
	/* a second run of a handle that finished: the output exists, and
	 * without FORCE or a state it is kept */
	EXPECT(zrx_run(a, ZRX_CMD_EXPORT) != ZRX_EXIT_OK);
	EXPECT(strlen(zrx_last_error(a)) > 0);
	zrx_free(a);
	zrx_free(b);
	free(s1.log);
	free(s2.log);
}

int
main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";

	if (strcmp(c, "setters") == 0)
		setters();
	else if (strcmp(c, "export") == 0 && argc == 5)
		export(argv[2], argv[3], argv[4]);
	else if (strcmp(c, "interrupt") == 0 && argc == 5)
		interrupt(argv[2], argv[3], argv[4]);
	else if (strcmp(c, "signals") == 0 && argc == 5)
		signals(argv[2], argv[3], argv[4]);
	else if (strcmp(c, "secrets") == 0 && argc == 5)
		secrets(argv[2], argv[3], argv[4]);
	else if (strcmp(c, "handles") == 0 && argc == 6)
		handles(argv[2], argv[3], argv[4], argv[5]);
	else {
		fprintf(stderr, "test_api: unknown case or arguments\n");
		return 2;
	}
	return failed;
}
