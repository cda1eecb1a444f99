/* client.h - the request client: one client owns the loop, the rate
 * limiter and the token; requests wait in a two-level queue (continuations
 * of started pagination first), pass the token bucket, stream their 2xx
 * bodies to their owner, and are retried here for every transient failure,
 * as verdict.c decides. */
#ifndef ZRX_CLIENT_H
#define ZRX_CLIENT_H

#include <curl/curl.h>
#include <stdint.h>

#include "loop.h"
#include "oauth.h"
#include "options.h"
#include "ratelimit.h"
#include "util.h"
#include "verdict.h"

/* The most bytes of a 2xx body (after decompression) and of an error body
 * a response may have; past them the transfer is aborted. */
#define ZRX_MAX_BODY (256u << 20)
#define ZRX_MAX_ERRBODY (1u << 20)

enum zrx_prio {
	ZRX_PRIO_CONTINUE = 0, /* a page of a started listing: its token is ticking */
	ZRX_PRIO_NEW = 1       /* the first page of new work */
};

/* The final word on a request, given to on_done. */
struct zrx_result {
	int ok;                 /* 1 success; 0 failed for good; -1 aborted (the run stops) */
	long status;            /* HTTP status of the last attempt (0: none) */
	long code;              /* Zoom's error "code" (-1: none) */
	char message[320];      /* Zoom's "message", or what went wrong */
	char tracking_id[96];   /* x-zm-trackingid of the last answer, "" if none */
	unsigned attempts;      /* attempts made */
};

struct zrx_client;
struct zrx_req;

struct zrx_req {
	/* set by the owner before zrx_client_submit() */
	const char *url;           /* owned by the owner; must live until on_done */
	enum zrx_prio prio;
	/* a new attempt begins: reset any parse state */
	void (*on_begin)(struct zrx_req *r);
	/* bytes of a 2xx body; return -1 if they are not valid (the attempt
	 * fails, and is retried) with the reason in r->why */
	int (*on_body)(struct zrx_req *r, const char *p, size_t n);
	/* the 2xx body ended: 0 if it was complete and valid, else -1 with
	 * r->why set (retried) */
	int (*on_end)(struct zrx_req *r);
	/* an attempt failed after on_begin (before it is retried or given
	 * up): undo what its body did */
	void (*on_abandon)(struct zrx_req *r);
	/* the request is over: success, failure for good, or aborted */
	void (*on_done)(struct zrx_req *r, const struct zrx_result *res);
	void *ud;
	char why[200];

	/* private to client.c */
	struct zrx_client *cl;
	struct zrx_req *next;
	struct zrx_req *iprev, *inext; /* in-flight list */
	CURL *easy;
	struct curl_slist *hdrs;
	unsigned attempts;
	unsigned throttled;        /* 429s answered to this request */
	unsigned auth_refreshes;
	uint64_t token_gen;        /* which token the attempt carried */
	uint64_t not_before;       /* back-off: monotonic ms */
	uint64_t started;          /* monotonic ms the attempt started */
	uint64_t body_bytes;
	long status;
	int body_bad;
	int begun;                 /* on_begin ran for this attempt */
	int is_oauth;
	int queued;                /* 0 none, 1 ready, 2 delayed, 3 in flight */
	struct zrx_buf errbody;
	char retry_after[64];
	char rl_type[32];
	char rl_limit[32];
	char rl_remaining[32];
	char tracking_id[96];
	char curl_err[CURL_ERROR_SIZE];
};

/* Counters shown in progress and the summary. */
struct zrx_net_stats {
	uint64_t requests;     /* attempts started (token requests included) */
	uint64_t throttled;    /* 429 answers */
	uint64_t retries;      /* attempts repeated after a transient failure */
	uint64_t bytes_in;     /* response body bytes */
	uint64_t latency_ms;   /* sum of the latencies of answered attempts */
	uint64_t answered;     /* attempts that got an answer */
};

struct zrx_client {
	struct zrx_loop loop;
	const struct zrx_config *cfg;
	struct zrx_log *log;
	struct zrx_policy policy;
	struct zrx_rl rl;
	uv_timer_t wake;           /* rate-limit waits and back-off */
	struct zrx_req *ready[2], *ready_tail[2];
	unsigned nready;
	struct zrx_req *delayed;   /* unsorted list of back-off waits */
	unsigned ndelayed;
	unsigned inflight;
	struct zrx_req *inflight_head;
	double latency_ms;         /* smoothed time to an answer (0: none yet) */
	unsigned target;           /* requests to keep in flight (Little's law) */
	int in_pump;
	int stopping;

	/* auth */
	struct zrx_token token;
	struct zrx_req oauth;
	int oauth_state;           /* 0 idle, 1 in flight, 2 waiting to retry */
	uint64_t pause_logged;     /* the end of the last pause said in the log */

	uint64_t rng;
	struct zrx_net_stats stats;

	/* owner hooks */
	void (*on_idle)(struct zrx_client *cl);    /* room for more work */
	/* a condition that ends the run: exit code and a message (no secrets) */
	void (*on_fatal)(struct zrx_client *cl, int code, const char *msg);
	void *ud;
};

/* Set up the loop, the limiter and the token source from cfg.  0 or a
 * negative error; on error nothing needs closing. */
int zrx_client_init(struct zrx_client *cl, const struct zrx_config *cfg) ZRX_WUR;

/* Queue a request.  Its on_done will be called exactly once. */
void zrx_client_submit(struct zrx_client *cl, struct zrx_req *r);

/* Run the loop until no handle is active. */
void zrx_client_run(struct zrx_client *cl);

/* Stop: no new attempt starts; every queued and in-flight request is
 * aborted (on_done with ok = -1). */
void zrx_client_stop(struct zrx_client *cl);

/* Ask the client to look for work (calls on_idle when there is room). */
void zrx_client_kick(struct zrx_client *cl);

/* Requests queued or in flight. */
unsigned zrx_client_pending(const struct zrx_client *cl);

/* How many requests the client keeps in flight now: the rate times the
 * observed latency, with half again as headroom, within 2..--concurrency
 * (owners size their work to it). */
unsigned zrx_client_target(const struct zrx_client *cl);

/* Tear everything down; returns uv_loop_close()'s result (0 = clean). */
int zrx_client_close(struct zrx_client *cl);

#endif
