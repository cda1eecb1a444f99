/* log.h - the messages of a run, as text or JSON lines, handed to the
 * caller's callback.  Never given a secret: callers pass user ids, windows,
 * statuses and server messages.  Control characters in what the server or
 * the user sent are escaped, so a line is always one line and can never
 * drive a terminal. */
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

/* One run's logger; owned by the handle. */
struct zrx_log {
	enum zrx_log_format fmt;
	int verbose;
	int quiet;
	zrx_log_cb cb;           /* NULL: nothing is printed */
	void *ud;
	char last_error[512];    /* the text of the last ERROR message */
};

/* 1 if a message at lvl would be delivered. */
int zrx_log_enabled(const struct zrx_log *lg, enum zrx_level lvl);

/* Deliver one message (no trailing newline in fmt); f may be NULL.  An
 * ERROR is also kept in lg->last_error.  lg NULL: nothing happens. */
void zrx_logm(struct zrx_log *lg, enum zrx_level lvl, const struct zrx_logf *f,
              const char *fmt, ...) ZRX_PRINTF(4, 5);

/* Append s[0..n) for a text line: bytes below 0x20, DEL and the C1
 * controls (UTF-8 U+0080..U+009F) as \xNN, invalid UTF-8 bytes as \xNN;
 * everything else as is. */
void zrx_log_text_escape(struct zrx_buf *b, const char *s, size_t n);

#endif
