/* progress.h - the live progress line, periodic plain lines, the summary. */
#ifndef ZRX_PROGRESS_H
#define ZRX_PROGRESS_H

#include <stdint.h>

#include "zrx.h"

/* A snapshot of the run, filled by the exporter. */
struct zrx_progress_data {
	uint64_t users_done;      /* committed or failed, this run + before */
	uint64_t users_total;     /* 0 while unknown */
	int total_known;
	uint64_t users_failed;
	uint64_t meetings;        /* records written */
	uint64_t requests;
	uint64_t throttled;
	uint64_t retries;
	uint64_t bytes_in;
	uint64_t elapsed_ms;
};

struct zrx_progress {
	int mode;                 /* 0 off, 1 live line on a TTY, 2 plain lines */
	int drawn;                /* a live line is on screen */
	uint64_t started;
	uint64_t last_draw;
	uint64_t last_requests;
	uint64_t last_at;
	double rps;
};

/* Decide the mode from cfg (--progress, --quiet, isatty(stderr)). */
void zrx_progress_init(struct zrx_progress *p, const struct zrx_config *cfg, uint64_t now);

/* How often zrx_progress_tick wants to be called, in ms (0: never). */
uint64_t zrx_progress_interval(const struct zrx_progress *p);

/* Redraw (live) or print a line (plain) for this snapshot. */
void zrx_progress_tick(struct zrx_progress *p, const struct zrx_progress_data *d, uint64_t now);

/* Erase the live line (before another message, and at the end). */
void zrx_progress_clear(struct zrx_progress *p);

#endif
