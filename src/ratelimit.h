/* ratelimit.h - the one token bucket every API request passes, with 429
 * pauses and AIMD back-off.  Pure: the clock is passed in, nothing sleeps. */
#ifndef ZRX_RATELIMIT_H
#define ZRX_RATELIMIT_H

#include <stdint.h>

struct zrx_rl {
	double rate_max;        /* the configured R */
	double rate;            /* current rate, <= rate_max, backed off after 429s */
	double burst;           /* bucket size B */
	double tokens;
	uint64_t last_ms;       /* last refill */
	uint64_t paused_until;  /* no request before this (429 pause) */
	uint64_t last_429;      /* 0 = never */
	uint64_t last_cut;      /* last multiplicative cut, 0 = never */
	uint64_t last_raise;    /* last additive recovery step */
	double server_limit;    /* X-RateLimit-Limit seen on a QPS 429, 0 = unknown */
};

/* Start full (tokens = burst) at now_ms. rate > 0, burst >= 1.  Over any
 * interval of t ms at most burst + rate * t / 1000 requests are admitted;
 * while backed off, the bucket holds at most max(1, current rate) tokens. */
void zrx_rl_init(struct zrx_rl *rl, double rate, double burst, uint64_t now_ms);

/* Take one token if a request may start at now_ms: returns 0 (token taken),
 * or the number of milliseconds (>= 1) to wait before asking again. */
uint64_t zrx_rl_acquire(struct zrx_rl *rl, uint64_t now_ms);

/* A 429 (QPS) arrived at now_ms: pause every request until resume_at_ms,
 * drop the bucket to empty, and cut the rate multiplicatively (x0.7, floor
 * max(rate_max/20, 0.1)).  At most one cut per second, so 429s of requests
 * already in flight count once; server_limit (X-RateLimit-Limit, 0 =
 * unknown) caps the rate, and its recovery, when known. */
void zrx_rl_throttled(struct zrx_rl *rl, uint64_t now_ms, uint64_t resume_at_ms,
                      double server_limit);

/* A request succeeded at now_ms: once no 429 has come for 2 s, raise the
 * rate additively (rate_max/20 per second elapsed) back toward rate_max. */
void zrx_rl_succeeded(struct zrx_rl *rl, uint64_t now_ms);

#endif
