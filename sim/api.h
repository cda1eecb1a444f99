/* api.h - the endpoints: OAuth, /v2/users, /v2/users/{id}/recordings, stats. */
#ifndef SIM_API_H
#define SIM_API_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "hmap.h"
#include "prng.h"
#include "data.h"
#include "faults.h"
#include "stats.h"

struct sim_api_opts {
	const char *client_id;
	const char *client_secret;
	const char *account_id;
	const char *access_token;   /* an extra token always valid, or NULL */
	unsigned token_ttl;         /* seconds */
	unsigned page_token_ttl;    /* seconds */
	unsigned max_range_days;    /* clamp ranges to this many days; 0: a month */
	int to_exclusive;           /* a meeting dated `to` is not listed */
	int verbose;                /* log request lines to stderr */
	int64_t now;                /* the first simulated instant (--now);
	                               SIM_TIMELESS: the time model off */
	const char *const *unavailable; /* users whose recordings answer 503 */
	size_t nunavailable;
};

/* One parsed request; every string NUL-terminated, valid during the call. */
struct sim_req {
	const char *method;
	const char *target;         /* path and query, as sent */
	const char *authorization;  /* NULL when absent */
	const char *body;
	size_t body_len;
};

/* How the HTTP layer delivers a response. */
enum sim_action {
	SIM_SEND = 0,        /* a correct answer */
	SIM_RESET,           /* close without answering */
	SIM_RESET_BODY,      /* headers and body[0..cut), then close */
	SIM_SHORT_BODY,      /* Content-Length of body + cut, whole body, close */
	SIM_STALL,           /* headers and body[0..cut), then silence */
};

struct sim_resp {
	int status;
	const char *content_type;
	struct zrx_buf head;        /* extra header lines, each ending in CRLF */
	struct zrx_buf body;
	enum sim_action action;
	size_t cut;
	int chunked;                /* send with Transfer-Encoding: chunked */
	uint64_t chunk_seed;        /* chunk sizes */
	unsigned delay_ms;          /* wait this long before sending */
	int api;                    /* a /v2 request: call sim_api_done later */
};

struct sim_page;

struct sim_api {
	struct sim_api_opts o;
	char api_url[160];          /* "http://host:port", set once bound */
	struct sim_data *data;
	struct sim_faults faults;
	struct sim_stats stats;
	struct sim_hmap tokens;     /* access token -> expiry (struct sim_tok) */
	struct sim_hmap pages;      /* next_page_token -> struct sim_page */
	struct sim_page *fifo_head; /* pages by expiry */
	struct sim_page *fifo_tail;
	struct sim_rng rnd;         /* unpredictable: tokens, tracking ids */
	int64_t now;                /* the simulated instant; SIM_TIMELESS */
};

/* Set up; d stays owned by the caller and must outlive a. */
void sim_api_init(struct sim_api *a, const struct sim_api_opts *o,
    const struct sim_fault_opts *fo, struct sim_data *d);

/* Release everything a owns; NULL ok. */
void sim_api_free(struct sim_api *a);

/* Answer rq into rs (initialised here; the caller frees it with
 * sim_resp_free). */
void sim_api_handle(struct sim_api *a, const struct sim_req *rq,
    struct sim_resp *rs);

/* A /v2 response (rs->api) has been delivered or abandoned. */
void sim_api_done(struct sim_api *a);

/* A fresh x-zm-trackingid value into out[40]. */
void sim_api_tracking_id(struct sim_api *a, char out[40]);

/* Release a response's buffers. */
void sim_resp_free(struct sim_resp *rs);

#endif
