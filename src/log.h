/* log.h - messages on stderr, as text or as JSON lines.  Never given a
 * secret: callers pass user ids, windows, statuses and server messages. */
#ifndef ZRX_LOG_H
#define ZRX_LOG_H

#include "util.h"
#include "zrx.h"

enum zrx_level { ZRX_ERROR = 0, ZRX_WARN = 1, ZRX_INFO = 2, ZRX_DEBUG = 3 };

/* Optional context of a message; zero/NULL fields are left out. */
struct zrx_logf {
	const char *event;       /* short machine name, e.g. "user_failed" */
	const char *user;
	const char *window;      /* "2024-01-01..2024-01-31" */
	long status;             /* HTTP status */
	long code;               /* Zoom error code; 0 or -1 = none */
	const char *tracking_id;
};

/* Configure: format, verbosity (-v count), quiet (errors only). */
void zrx_log_init(enum zrx_log_format fmt, int verbose, int quiet);

/* A function called before each message is printed (the progress line
 * clears itself); NULL to remove. */
void zrx_log_set_hook(void (*hook)(void *ud), void *ud);

/* 1 if a message at lvl would be printed. */
int zrx_log_enabled(enum zrx_level lvl);

/* Print one message (no trailing newline in fmt). f may be NULL. */
void zrx_logm(enum zrx_level lvl, const struct zrx_logf *f, const char *fmt, ...)
    ZRX_PRINTF(3, 4);

/* The configured format. */
enum zrx_log_format zrx_log_format(void);

#endif
