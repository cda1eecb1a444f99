/* run.h - the scaffolding every command that talks to the API shares: the
 * request client on its loop, the group-commit and progress timers, the
 * interrupt from zrx_interrupt(), a stop that is safe from any callback,
 * and an orderly close.  The command (export.c, sync.c) fills in what is
 * its own through the callbacks. */
#ifndef ZRX_RUN_H
#define ZRX_RUN_H

#include <stdint.h>
#include <uv.h>

#include "client.h"
#include "options.h"

struct zrx_run;

struct zrx_run_ops {
	/* room for more requests: submit some (client's on_idle) */
	void (*idle)(struct zrx_run *run);
	/* 1 while work remains (listings, users not finished or not started) */
	int (*work_left)(struct zrx_run *run);
	/* the group-commit period elapsed: commit what is finished; 0 or -errno */
	int (*commit)(struct zrx_run *run);
	/* fill the counters a progress snapshot shows that are the command's */
	void (*progress)(struct zrx_run *run, struct zrx_progress *p);
};

struct zrx_run {
	const struct zrx_config *cfg;
	struct zrx_log *log;
	struct zrx_client cl;
	const struct zrx_run_ops *ops;
	void *owner;
	uv_timer_t commit_timer;
	uv_timer_t progress_timer;
	uv_timer_t progress_log_timer;
	uv_timer_t later;          /* a stop asked from inside a callback */
	int handles_open;
	int exit_code;             /* the first reason to stop (0: none) */
	int pending_stop;          /* a stop waiting for the later timer */
	int stopping;
	int finished;              /* no more work: handles closed */
	uint64_t started_ms;       /* monotonic */
	int64_t started_wall;      /* epoch ms */
	uint64_t last_requests;    /* for the progress line's rate */
	uint64_t last_at;
	double rps;
};

/* Set up the client, timers and the interrupt.  0, or an exit code after
 * logging why (nothing is left to close then). */
int zrx_run_init(struct zrx_run *run, const struct zrx_config *cfg,
                 const struct zrx_run_ops *ops, void *owner) ZRX_WUR;

/* Run the loop until the work is done or the run stops.  Returns the exit
 * code the run ended with so far (0 when nothing stopped it). */
int zrx_run_loop(struct zrx_run *run);

/* Stop the run with code (the first code wins, but a fatal error beats a
 * partial success).  Safe from any callback but libcurl's own: the
 * requests are aborted on the next turn of the loop. */
void zrx_run_stop(struct zrx_run *run, int code);

/* Close when there is nothing left to do (or the run is stopping and no
 * request is pending).  Call after work completes. */
void zrx_run_maybe_finish(struct zrx_run *run);

/* The final progress snapshot (and callback), then tear down.  Returns
 * uv_loop_close()'s result (0: clean). */
int zrx_run_close(struct zrx_run *run);

/* Fill p with the run's counters and the command's. */
void zrx_run_snapshot(struct zrx_run *run, struct zrx_progress *p);

/* Failures every command meets the same way, logged and (the first two)
 * stopping the run with ZRX_EXIT_FATAL: the account's listing of `what`
 * failed (res may be NULL); a temporary spill file could not be written;
 * the API listed a user id that cannot be `done` ("exported", "synced"),
 * named with its control characters escaped. */
void zrx_run_listing_failed(struct zrx_run *run, const char *what,
                            const struct zrx_result *res, const char *why);
void zrx_run_spill_failed(struct zrx_run *run, int err);
void zrx_run_bad_user(struct zrx_run *run, const char *id, size_t len, const char *done,
                      const char *why);

#endif
