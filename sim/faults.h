/* faults.h - the simulator's misbehaviour: rate limits, latency, faults. */
#ifndef SIM_FAULTS_H
#define SIM_FAULTS_H

#include <stdint.h>

#include "prng.h"

enum sim_fault {
	SIM_FAULT_NONE = 0,
	SIM_FAULT_5XX,        /* 500/502/503/504, JSON or HTML body */
	SIM_FAULT_RESET,      /* close without answering */
	SIM_FAULT_RESET_BODY, /* headers and part of the body, then close */
	SIM_FAULT_SHORT_BODY, /* Content-Length beyond the body sent, then close */
	SIM_FAULT_STALL,      /* headers and part of the body, then silence */
	SIM_FAULT_BAD_JSON,   /* 200 with a body that is not JSON */
	SIM_NFAULTS
};

struct sim_fault_opts {
	double rate;              /* requests per second; 0: no QPS limit */
	double burst;             /* bucket size; 0: max(1, rate) */
	uint64_t daily_limit;     /* successful /v2 requests per UTC day; 0: off */
	unsigned latency_min;     /* ms */
	unsigned latency_max;     /* ms, >= latency_min */
	uint64_t seed;            /* --fault-seed */
	double p[SIM_NFAULTS];    /* probability of each fault (p[0] unused) */
	double p_chunked;         /* probability of a chunked (correct) answer */
	double p_expire_page;     /* probability that a valid page token is
	                             treated as expired */
};

struct sim_faults {
	struct sim_fault_opts o;
	struct sim_rng rng;
	double tokens;
	uint64_t last_ms;
	uint64_t daily_used;
	int32_t daily_day;
};

/* Start with a full bucket at now_ms (a monotonic clock). */
void sim_faults_init(struct sim_faults *f, const struct sim_fault_opts *o,
    uint64_t now_ms);

/* The QPS bucket: 1 and one token taken when a request may pass now, else 0.
 * Always 1 when no rate is set. */
int sim_faults_take(struct sim_faults *f, uint64_t now_ms);

/* 1 when today's (a UTC day number) successful requests reached the daily
 * limit; sim_faults_daily_count records one success. */
int sim_faults_daily_exhausted(struct sim_faults *f, int32_t today);
void sim_faults_daily_count(struct sim_faults *f, int32_t today);

/* The fault for the next request (independent draws, in enum order). */
enum sim_fault sim_faults_pick(struct sim_faults *f);

/* 1 when a valid next_page_token is to be refused as expired. */
int sim_faults_expire_page(struct sim_faults *f);

/* 1 when a correct answer is to be sent chunked. */
int sim_faults_chunked(struct sim_faults *f);

/* The delay before answering, ms, within [latency_min, latency_max]. */
unsigned sim_faults_latency(struct sim_faults *f);

/* A draw from the fault generator in [0, n) (fault variants). */
uint64_t sim_faults_below(struct sim_faults *f, uint64_t n);

/* "5xx", "reset", ... as in /_sim/stats; "" for SIM_FAULT_NONE. */
const char *sim_fault_name(enum sim_fault fault);

#endif
