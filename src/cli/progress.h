/* progress.h - the live progress line on a terminal, drawn from the
 * library's progress snapshots, and cleared before every log line. */
#ifndef ZRX_CLI_PROGRESS_H
#define ZRX_CLI_PROGRESS_H

#include <stdio.h>

#include "zrx.h"

struct zrx_live {
	FILE *out;
	int drawn;                /* a line is on screen */
	uint64_t last_requests;
	uint64_t last_ms;
	double rps;
};

/* A live line on out (stderr). */
void zrx_live_init(struct zrx_live *lv, FILE *out);

/* Redraw for snapshot p (a progress callback). */
void zrx_live_draw(void *ud, const struct zrx_progress *p);

/* Erase the line (before a log line, and at the end). */
void zrx_live_clear(struct zrx_live *lv);

#endif
