/* stats.h - counters served at GET /_sim/stats. */
#ifndef SIM_STATS_H
#define SIM_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "faults.h"

struct sim_stats {
	uint64_t requests;       /* every request but /_sim/... */
	uint64_t api_requests;   /* /v2 requests */
	uint64_t ok_requests;    /* /v2 requests answered 200 with a correct body */
	uint64_t tokens_issued;
	uint64_t by_status[600];
	uint64_t faults[SIM_NFAULTS];
	uint64_t chunked;
	uint64_t inflight;       /* /v2 requests in progress now */
	uint64_t max_concurrency;
	uint64_t start_ms;       /* monotonic */
	uint64_t *per_sec;       /* ok answers per second since start */
	size_t nsec;
};

/* Start counting at now_ms (monotonic). */
void sim_stats_init(struct sim_stats *s, uint64_t now_ms);

/* Release memory; NULL ok. */
void sim_stats_free(struct sim_stats *s);

/* Record one correct 200 answer to a /v2 request decided at now_ms. */
void sim_stats_accept(struct sim_stats *s, uint64_t now_ms);

/* A /v2 request started / finished (max_concurrency follows). */
void sim_stats_begin(struct sim_stats *s);
void sim_stats_end(struct sim_stats *s);

/* Append the /_sim/stats JSON object for now_ms to out. */
void sim_stats_json(const struct sim_stats *s, uint64_t now_ms, struct zrx_buf *out);

#endif
