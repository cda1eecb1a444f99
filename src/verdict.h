/* verdict.h - what to do with the answer to a request: a pure function of
 * the HTTP status, libcurl's result, the headers that matter and the
 * request's history, tested as a table.  The request client (client.c)
 * asks it and acts. */
#ifndef ZRX_VERDICT_H
#define ZRX_VERDICT_H

#include <stdint.h>

/* What came back for one attempt. */
struct zrx_answer {
	int is_oauth;            /* a token request */
	int cres;                /* libcurl's CURLcode (0: the transfer completed) */
	int body_bad;            /* the owner refused a 2xx body (invalid JSON...) */
	long status;             /* HTTP status, 0 when none arrived */
	long code;               /* Zoom's error "code", -1 when none */
	const char *message;     /* Zoom's "message" or what went wrong ("" none) */
	const char *retry_after; /* the Retry-After header ("" none) */
	const char *rl_type;     /* X-RateLimit-Type ("" none) */
	const char *rl_limit;    /* X-RateLimit-Limit ("" none) */
	unsigned attempts;       /* attempts made, this one included (>= 1) */
	unsigned throttled;      /* 429s this request got before this one */
	unsigned auth_refreshes; /* fresh tokens already fetched for it */
	int s2s;                 /* tokens can be fetched anew (OAuth) */
};

/* The limits the verdict applies. */
struct zrx_policy {
	unsigned retries;        /* counted retries per request */
	uint64_t backoff_base_ms;
	uint64_t backoff_cap_ms;
	uint64_t max_wait_ms;    /* a longer wait stops the run (resumably) */
	unsigned max_throttled;  /* 429s per request before it fails */
};

/* The zrx policy: --retries, 0.5 s base, 30 s cap, 15 min, 60. */
void zrx_policy_default(struct zrx_policy *p, unsigned retries);

enum zrx_verdict_kind {
	ZRX_VERDICT_DONE = 0,     /* success: the body counts */
	ZRX_VERDICT_RETRY,        /* a transient failure: again after wait_ms (counted) */
	ZRX_VERDICT_REFRESH,      /* the token was refused: fetch a fresh one, then again */
	ZRX_VERDICT_THROTTLED,    /* 429: pause every request until until_ms, then again */
	ZRX_VERDICT_FAIL,         /* this request failed for good (its owner decides) */
	ZRX_VERDICT_FATAL,        /* the run cannot go on (exit_code, message) */
	ZRX_VERDICT_STOP          /* stop resumably (exit 6): daily limit or a wait past
	                             max_wait_ms; rerun after until_wall_ms */
};

struct zrx_verdict {
	enum zrx_verdict_kind kind;
	uint64_t wait_ms;         /* RETRY, THROTTLED: from now */
	int64_t until_wall_ms;    /* THROTTLED, STOP: the wall-clock instant */
	int exit_code;            /* FATAL, STOP */
	double server_limit;      /* THROTTLED: X-RateLimit-Limit, 0 unknown */
	int daily;                /* STOP: the account's daily limit */
	char message[320];        /* FAIL, FATAL, STOP: for the user (no secret) */
};

/*
 * Decide.  now_wall_ms is the current wall time; *rng the back-off's random
 * state (advanced).  Every number from the server is treated as hostile:
 * a Retry-After of any size or form becomes at most max_wait_ms of waiting,
 * or a STOP; an X-RateLimit-Limit that is not a plausible rate is ignored.
 */
void zrx_verdict_decide(const struct zrx_answer *a, const struct zrx_policy *pol,
                        int64_t now_wall_ms, uint64_t *rng, struct zrx_verdict *v);

#endif
