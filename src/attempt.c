/* attempt.c - one attempt of a request: its easy handle set up (the
 * token in a header that is wiped after use, '.' and '..' kept as data),
 * what came back as verdict.c reads it, its line for -v, and its end. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attempt.h"
#include "log.h"
#include "response.h"


void
zrx_attempt_cleanup(struct zrx_client *cl, struct zrx_req *r)
{
	if (r->easy != NULL) {
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
	}
	curl_slist_free_all(r->hdrs);
	r->hdrs = NULL;
	zrx_buf_free(&r->errbody);
	(void)cl;
}

/* The attempt will not count: let the owner undo what its body did.  Called
 * once the request is where it belongs (queued again, or about to finish),
 * since the owner may stop the run from here. */
void
zrx_attempt_abandon(struct zrx_req *r)
{
	if (!r->begun)
		return;
	r->begun = 0;
	if (r->on_abandon != NULL)
		r->on_abandon(r);
}

void
zrx_attempt_finish(struct zrx_client *cl, struct zrx_req *r, struct zrx_result *res)
{
	zrx_attempt_cleanup(cl, r);
	zrx_attempt_abandon(r);
	res->attempts = r->attempts;
	r->queued = 0;
	if (r->on_done != NULL)
		r->on_done(r, res);
}

static int
set_common(struct zrx_client *cl, struct zrx_req *r, CURL *e)
{
	const struct zrx_config *cfg = cl->cfg;
	int bad = 0;

	bad |= curl_easy_setopt(e, CURLOPT_URL, r->url) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PRIVATE, r) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, zrx_resp_write_cb) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEDATA, r) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, zrx_resp_header_cb) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HEADERDATA, r) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->curl_err) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_TIMEOUT, cfg->timeout_s) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, cfg->connect_timeout_s) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, cfg->stall_timeout_s) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_USERAGENT, "zrx/" PACKAGE_VERSION) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "https") != CURLE_OK;
	/* zrx builds every path itself, with '.' and '..' segments encoded:
	 * nothing may be resolved away */
	bad |= curl_easy_setopt(e, CURLOPT_PATH_AS_IS, 1L) != CURLE_OK;
	/* over HTTP/2, wait for a connection to share rather than open one */
	bad |= curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L) != CURLE_OK;
	if (cfg->cacert != NULL)
		bad |= curl_easy_setopt(e, CURLOPT_CAINFO, cfg->cacert) != CURLE_OK;
	return bad;
}

int
zrx_attempt_start(struct zrx_client *cl, struct zrx_req *r, uint64_t now)
{
	CURL *e;
	int bad;

	e = curl_easy_init();
	if (e == NULL)
		return -1;
	r->easy = e;
	r->status = 0;
	r->body_bad = 0;
	r->body_bytes = 0;
	r->why[0] = '\0';
	r->curl_err[0] = '\0';
	zrx_resp_forget(r);
	zrx_buf_free(&r->errbody);
	r->attempts++;
	r->started = now;

	bad = set_common(cl, r, e);
	r->hdrs = curl_slist_append(NULL, "Accept: application/json");
	if (r->is_oauth) {
		bad |= zrx_oauth_setup(e, cl->cfg, cl->token.form) != 0;
	} else {
		char *auth = zrx_xasprintf("Authorization: Bearer %s",
		    cl->token.value != NULL ? cl->token.value : "");
		struct curl_slist *h = r->hdrs != NULL ? curl_slist_append(r->hdrs, auth) : NULL;

		/* the header copy is freed with the list; wipe ours */
		explicit_bzero(auth, strlen(auth));
		free(auth);
		if (h == NULL)
			bad = 1;
		else
			r->hdrs = h;
		r->token_gen = cl->token.gen;
	}
	if (r->hdrs == NULL)
		bad = 1;
	else
		bad |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->hdrs) != CURLE_OK;
	if (bad) {
		zrx_attempt_cleanup(cl, r);
		return -1;
	}
	if (r->on_begin != NULL && !r->is_oauth) {
		r->on_begin(r);
		r->begun = 1;
	}
	if (zrx_loop_add(&cl->loop, e) != 0) {
		zrx_attempt_cleanup(cl, r);
		zrx_attempt_abandon(r);
		return -1;
	}
	r->queued = 3;
	cl->stats.requests++;
	return 0;
}

/* The request line for -v (the URL carries no secret: the token travels
 * in a header). */
void
zrx_attempt_log(struct zrx_client *cl, struct zrx_req *r, CURL *easy, CURLcode cres)
{
	long st = 0;
	double secs = 0;

	if (!zrx_log_enabled(cl->log, ZRX_DEBUG))
		return;
	if (curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &st) != CURLE_OK)
		st = 0;
	if (curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME, &secs) != CURLE_OK)
		secs = 0;
	zrx_logm(cl->log, ZRX_DEBUG, &(struct zrx_logf){ .event = "request", .status = st,
	    .tracking_id = r->tracking_id }, "%s %s: %s, %.0f ms, attempt %u%s%s%s%s%s%s",
	    r->is_oauth ? "POST" : "GET", r->url,
	    cres == CURLE_OK ? "done" : curl_easy_strerror(cres), secs * 1000.0, r->attempts,
	    r->rl_type[0] ? ", rate limit " : "", r->rl_type,
	    r->rl_limit[0] ? " limit " : "", r->rl_limit,
	    r->rl_remaining[0] ? " remaining " : "", r->rl_remaining);
}

/* What came back, as verdict.c reads it. */
void
zrx_attempt_answer(struct zrx_client *cl, struct zrx_req *r, CURLcode cres, struct zrx_result *res,
            struct zrx_answer *a)
{
	memset(res, 0, sizeof(*res));
	res->status = r->status;
	res->code = -1;
	snprintf(res->tracking_id, sizeof(res->tracking_id), "%s", r->tracking_id);
	if (r->body_bad)
		snprintf(res->message, sizeof(res->message), "invalid response body: %s", r->why);
	else if (cres != CURLE_OK)
		snprintf(res->message, sizeof(res->message), "%s",
		    r->curl_err[0] ? r->curl_err : curl_easy_strerror(cres));
	else if (r->status < 200 || r->status >= 300)
		zrx_resp_error(r, res);
	if (res->message[0] == '\0' && (r->status < 200 || r->status >= 300))
		snprintf(res->message, sizeof(res->message), "HTTP %ld", r->status);
	memset(a, 0, sizeof(*a));
	a->is_oauth = r->is_oauth;
	a->cres = cres;
	a->body_bad = r->body_bad;
	a->status = r->status;
	a->code = res->code;
	a->message = res->message;
	a->retry_after = r->retry_after;
	a->rl_type = r->rl_type;
	a->rl_limit = r->rl_limit;
	a->attempts = r->attempts;
	a->throttled = r->throttled;
	a->auth_refreshes = r->auth_refreshes;
	a->s2s = cl->token.s2s;
}

