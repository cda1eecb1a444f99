/* api.c - the endpoints: OAuth, /v2/users, /v2/users/{id}/recordings, stats.
 *
 * Every decision about a request is taken here, when it arrives: auth, the
 * daily and QPS limits, the fault, the answer.  The HTTP layer only delays
 * and delivers the result.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "jsonw.h"
#include "urlenc.h"
#include "dates.h"
#include "timeline.h"
#include "listing.h"
#include "clock.h"
#include "gen.h"
#include "api.h"

#define MAX_PAGE_SIZE 300
#define DEFAULT_PAGE_SIZE 30

struct sim_tok {
	uint64_t expires_ms;
};

struct sim_page {
	struct sim_page *next;
	char tok[40];
	char *query;
	size_t offset;
	int64_t now;                /* the instant of the listing it continues */
	uint64_t expires_ms;
};

static const char alnum[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

void
sim_api_init(struct sim_api *a, const struct sim_api_opts *o,
    const struct sim_fault_opts *fo, struct sim_data *d)
{
	uint64_t seed = (uint64_t)zrx_wall_ms() ^ ((uint64_t)zrx_now_ms() << 20);
	uint64_t now = zrx_now_ms();

	memset(a, 0, sizeof(*a));
	a->o = *o;
	a->data = d;
	a->now = o->now;
	snprintf(a->api_url, sizeof(a->api_url), "http://127.0.0.1");
	sim_faults_init(&a->faults, fo, now);
	sim_stats_init(&a->stats, now);
	sim_hmap_init(&a->tokens);
	sim_hmap_init(&a->pages);
	seed ^= (uint64_t)(uintptr_t)a;
	sim_rng_seed(&a->rnd, sim_mix(seed, (uint64_t)zrx_wall_ms()));
}

void
sim_api_free(struct sim_api *a)
{
	struct sim_page *p, *next;

	if (a == NULL)
		return;
	for (p = a->fifo_head; p != NULL; p = next) {
		next = p->next;
		free(p->query);
		free(p);
	}
	a->fifo_head = a->fifo_tail = NULL;
	sim_hmap_free(&a->pages, NULL);
	sim_hmap_free(&a->tokens, free);
	sim_stats_free(&a->stats);
}

void
sim_resp_free(struct sim_resp *rs)
{
	zrx_buf_free(&rs->head);
	zrx_buf_free(&rs->body);
}

static void
rand_str(struct sim_api *a, char *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = alnum[sim_rng_below(&a->rnd, sizeof(alnum) - 1)];
	out[n] = '\0';
}

void
sim_api_tracking_id(struct sim_api *a, char out[40])
{
	char r[21];

	rand_str(a, r, 20);
	snprintf(out, 40, "v=2.0;clid=sim;rid=%s", r);
}

void
sim_api_done(struct sim_api *a)
{
	sim_stats_end(&a->stats);
}

/* ---- small helpers ---- */

static void
json_resp(struct sim_resp *rs, int status)
{
	rs->status = status;
	rs->content_type = "application/json;charset=UTF-8";
	zrx_buf_reset(&rs->body);
}

static void
err_code(struct sim_resp *rs, int status, int code, const char *msg)
{
	json_resp(rs, status);
	zrx_buf_printf(&rs->body, "{\"code\":%d,\"message\":", code);
	zrx_json_cstr(&rs->body, msg);
	zrx_buf_putc(&rs->body, '}');
}

static void
err_oauth(struct sim_resp *rs, int status, const char *reason, const char *error)
{
	json_resp(rs, status);
	zrx_buf_puts(&rs->body, "{\"reason\":");
	zrx_json_cstr(&rs->body, reason);
	zrx_buf_puts(&rs->body, ",\"error\":");
	zrx_json_cstr(&rs->body, error);
	zrx_buf_putc(&rs->body, '}');
}

/*
 * Look up name in the query string q[0..qn) (no '?'); the first occurrence
 * wins.  Returns 1 and the decoded value in out, 0 when absent, -1 on a bad
 * escape.
 */
static int
qparam(const char *q, size_t qn, const char *name, int plus_is_space,
    struct zrx_buf *out)
{
	size_t nl = strlen(name), i = 0, j, eq;
	long len;

	while (i < qn) {
		for (j = i; j < qn && q[j] != '&'; j++)
			;
		for (eq = i; eq < j && q[eq] != '='; eq++)
			;
		if (eq - i == nl && memcmp(q + i, name, nl) == 0) {
			zrx_buf_reset(out);
			zrx_buf_append(out, eq < j ? q + eq + 1 : "",
			    eq < j ? j - eq - 1 : 0);
			len = zrx_url_decode(out->data, out->len, plus_is_space);
			if (len < 0)
				return -1;
			out->len = (size_t)len;
			out->data[out->len] = '\0';
			return 1;
		}
		i = j + 1;
	}
	return 0;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Decode base64 s into out; -1 on a bad character. */
static int
b64_decode(const char *s, struct zrx_buf *out)
{
	unsigned acc = 0;
	int bits = 0, v;

	zrx_buf_reset(out);
	for (; *s != '\0' && *s != '='; s++) {
		if ((v = b64val((unsigned char)*s)) < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			zrx_buf_putc(out, (char)((acc >> bits) & 0xff));
		}
	}
	zrx_buf_append(out, "", 0);
	return 0;
}

/* page_size: 1 and *ps when fine (clamped to 300), 0 when absent (default),
 * -1 when zero, negative or not a number. */
static int
parse_page_size(const char *q, size_t qn, struct zrx_buf *tmp, unsigned *ps)
{
	unsigned long v = 0;
	size_t i;
	int r = qparam(q, qn, "page_size", 1, tmp);

	*ps = DEFAULT_PAGE_SIZE;
	if (r == 0)
		return 0;
	if (r < 0 || tmp->len == 0 || tmp->len > 9)
		return -1;
	for (i = 0; i < tmp->len; i++) {
		if (tmp->data[i] < '0' || tmp->data[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(tmp->data[i] - '0');
	}
	if (v == 0)
		return -1;
	*ps = v > MAX_PAGE_SIZE ? MAX_PAGE_SIZE : (unsigned)v;
	return 1;
}

/* ---- tokens ---- */

/* Drop expired page tokens.  The FIFO is in issue order; expiries also
 * depend on each answer's latency, so an expired token may linger behind a
 * live one for up to the latency spread: page_lookup checks expiry itself. */
static void
page_purge(struct sim_api *a, uint64_t now)
{
	struct sim_page *p;

	while ((p = a->fifo_head) != NULL && p->expires_ms <= now) {
		a->fifo_head = p->next;
		if (a->fifo_head == NULL)
			a->fifo_tail = NULL;
		(void)sim_hmap_del(&a->pages, p->tok, strlen(p->tok));
		free(p->query);
		free(p);
	}
}

/* A next_page_token for (query, offset) of the listing at instant at;
 * stored unless dry.  Its lifetime starts when the answer carrying it is
 * sent, delay_ms from now. */
static void
page_issue(struct sim_api *a, const char *query, size_t offset, int64_t at,
    int dry, unsigned delay_ms, char out[40])
{
	uint64_t now = zrx_now_ms();
	struct sim_page *p;

	rand_str(a, out, 35);
	if (dry)
		return;
	page_purge(a, now);
	p = zrx_xcalloc(1, sizeof(*p));
	memcpy(p->tok, out, 36);
	p->query = zrx_xstrdup(query);
	p->offset = offset;
	p->now = at;
	p->expires_ms = now + delay_ms + (uint64_t)a->o.page_token_ttl * 1000;
	if (a->fifo_tail != NULL)
		a->fifo_tail->next = p;
	else
		a->fifo_head = p;
	a->fifo_tail = p;
	(void)sim_hmap_put(&a->pages, p->tok, strlen(p->tok), p);
}

/* The offset a token stands for: 0, *offset and the instant *at of its
 * listing, or -1 when it is unknown, expired or was issued for another
 * query. */
static int
page_lookup(struct sim_api *a, const char *tok, const char *query,
    size_t *offset, int64_t *at)
{
	uint64_t now = zrx_now_ms();
	struct sim_page *p;

	page_purge(a, now);
	p = sim_hmap_get(&a->pages, tok, strlen(tok));
	if (p == NULL || p->expires_ms <= now || strcmp(p->query, query) != 0)
		return -1;
	*offset = p->offset;
	*at = p->now;
	return 0;
}

static void
expire_tok_cb(const char *key, size_t klen, void *val, void *ctx)
{
	struct sim_tok *t = val;

	(void)key;
	(void)klen;
	(void)ctx;
	t->expires_ms = 0;
}

/* 0 when the Authorization header holds a valid bearer token, else the
 * 401 is written into rs and -1 returned. */
static int
check_bearer(struct sim_api *a, const struct sim_req *rq, struct sim_resp *rs)
{
	const char *h = rq->authorization, *tok;
	struct sim_tok *t;

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		goto invalid;
	tok = h + 7;
	while (*tok == ' ')
		tok++;
	if (a->o.access_token != NULL && strcmp(tok, a->o.access_token) == 0)
		return 0;
	t = sim_hmap_get(&a->tokens, tok, strlen(tok));
	if (t == NULL)
		goto invalid;
	if (t->expires_ms <= zrx_now_ms()) {
		err_code(rs, 401, 124, "Access token is expired.");
		return -1;
	}
	return 0;
invalid:
	err_code(rs, 401, 124, "Invalid access token.");
	return -1;
}

/* ---- OAuth ---- */

static void
handle_oauth(struct sim_api *a, const struct sim_req *rq, const char *query,
    size_t qn, struct sim_resp *rs)
{
	struct zrx_buf cred, v;
	const char *h = rq->authorization, *colon;
	char tok[64];
	struct sim_tok *t;
	size_t idl;
	int r;

	zrx_buf_init(&cred);
	zrx_buf_init(&v);
	if (strcmp(rq->method, "POST") != 0) {
		err_oauth(rs, 405, "Method not allowed", "invalid_request");
		goto out;
	}
	if (h == NULL || strncasecmp(h, "Basic ", 6) != 0 ||
	    b64_decode(h + 6, &cred) < 0 ||
	    (colon = memchr(cred.data, ':', cred.len)) == NULL) {
		err_oauth(rs, 401, "Invalid client_id or client_secret",
		    "invalid_client");
		goto out;
	}
	idl = (size_t)(colon - cred.data);
	if (idl != strlen(a->o.client_id) ||
	    memcmp(cred.data, a->o.client_id, idl) != 0 ||
	    strcmp(colon + 1, a->o.client_secret) != 0) {
		err_oauth(rs, 401, "Invalid client_id or client_secret",
		    "invalid_client");
		goto out;
	}
	/* grant_type and account_id from the form body, else the query. */
	r = qparam(rq->body, rq->body_len, "grant_type", 1, &v);
	if (r == 0)
		r = qparam(query, qn, "grant_type", 1, &v);
	if (r <= 0 || strcmp(v.data, "account_credentials") != 0) {
		err_oauth(rs, 400, "Unsupported grant type",
		    "unsupported_grant_type");
		goto out;
	}
	r = qparam(rq->body, rq->body_len, "account_id", 1, &v);
	if (r == 0)
		r = qparam(query, qn, "account_id", 1, &v);
	if (r <= 0 || strcmp(v.data, a->o.account_id) != 0) {
		err_oauth(rs, 400, "Invalid account_id", "invalid_request");
		goto out;
	}
	memcpy(tok, "eyJzaW0i.", 9);
	rand_str(a, tok + 9, 48);
	t = zrx_xmalloc(sizeof(*t));
	t->expires_ms = zrx_now_ms() + (uint64_t)a->o.token_ttl * 1000;
	free(sim_hmap_put(&a->tokens, tok, strlen(tok), t));
	a->stats.tokens_issued++;
	json_resp(rs, 200);
	zrx_buf_printf(&rs->body, "{\"access_token\":\"%s\",\"token_type\":"
	    "\"bearer\",\"expires_in\":%u,\"scope\":\"recording:read:admin "
	    "user:read:admin\",\"api_url\":", tok, a->o.token_ttl);
	zrx_json_cstr(&rs->body, a->api_url);
	zrx_buf_putc(&rs->body, '}');
out:
	zrx_buf_free(&cred);
	zrx_buf_free(&v);
}

/* ---- GET /v2/users ---- */

static void
handle_users(struct sim_api *a, const char *q, size_t qn, struct sim_resp *rs,
    int dry)
{
	struct sim_data *d = a->data;
	struct zrx_buf v, key;
	char next[40] = "";
	unsigned ps;
	int st = SIM_ACTIVE, r, k;
	size_t offset = 0, n, i, end;
	int64_t at = a->now;

	zrx_buf_init(&v);
	zrx_buf_init(&key);
	r = qparam(q, qn, "status", 1, &v);
	if (r < 0)
		goto bad_status;
	if (r > 0) {
		for (k = 0; k < SIM_NSTATUS; k++)
			if (strcmp(v.data, sim_status_name(k)) == 0)
				break;
		if (k == SIM_NSTATUS)
			goto bad_status;
		st = k;
	}
	if (parse_page_size(q, qn, &v, &ps) < 0) {
		err_code(rs, 400, 300, "Invalid parameter: page_size.");
		goto out;
	}
	zrx_buf_printf(&key, "users\x1f%s\x1f%u", sim_status_name(st), ps);
	if (qparam(q, qn, "role_id", 1, &v) > 0)
		zrx_buf_printf(&key, "\x1frole=%s", v.data);
	r = qparam(q, qn, "next_page_token", 1, &v);
	if (r < 0 || (r > 0 && v.len > 0 &&
	    page_lookup(a, v.data, key.data, &offset, &at) < 0)) {
		err_code(rs, 400, 300, "The next page token is invalid or expired.");
		goto out;
	}
	n = d->nlisting[st];
	end = offset + ps < n ? offset + ps : n;
	if (end < n)
		page_issue(a, key.data, end, at, dry, rs->delay_ms, next);
	json_resp(rs, 200);
	zrx_buf_printf(&rs->body, "{\"next_page_token\":\"%s\",\"page_count\":%zu,"
	    "\"page_number\":%zu,\"page_size\":%u,\"total_records\":%zu,"
	    "\"users\":[", next, (n + ps - 1) / ps, offset / ps + 1, ps, n);
	for (i = offset; i < end; i++) {
		const struct sim_user *u = &d->users[d->listing[st][i]];

		if (i > offset)
			zrx_buf_putc(&rs->body, ',');
		zrx_buf_append(&rs->body, u->wire, u->wire_len);
	}
	zrx_buf_puts(&rs->body, "]}");
	goto out;
bad_status:
	err_code(rs, 400, 300, "Invalid parameter: status.");
out:
	zrx_buf_free(&v);
	zrx_buf_free(&key);
}

/* ---- GET /v2/users/{userId}/recordings ---- */

struct rec_query {
	char from_s[16], to_s[16];
	int has_from, has_to;
	int32_t from, to;
	int trash;
	enum sim_set set;
	unsigned ps;
};

/* Read a yyyy-mm-dd parameter: 1 found and valid, 0 absent, -1 bad. */
static int
date_param(const char *q, size_t qn, const char *name, struct zrx_buf *tmp,
    char out[16], int32_t *day)
{
	int r = qparam(q, qn, name, 1, tmp);

	if (r == 0 || (r > 0 && tmp->len == 0))
		return 0;
	if (r < 0 || tmp->len != 10 || zrx_date_parse(tmp->data, day) < 0)
		return -1;
	memcpy(out, tmp->data, 11);
	return 1;
}

static void
handle_recordings(struct sim_api *a, const char *uid, const char *q, size_t qn,
    struct sim_resp *rs, int dry)
{
	struct sim_data *d = a->data;
	struct zrx_buf v, key, mid;
	struct rec_query rq;
	struct sim_user *u;
	struct sim_listing lq;
	const struct sim_meet *m;
	size_t b, e, total = 0, offset = 0, end, i, *sel = NULL;
	char next[40] = "";
	int r, has_mid;
	int32_t lo;

	memset(&rq, 0, sizeof(rq));
	zrx_buf_init(&v);
	zrx_buf_init(&key);
	zrx_buf_init(&mid);
	if (parse_page_size(q, qn, &v, &rq.ps) < 0) {
		err_code(rs, 400, 300, "Invalid parameter: page_size.");
		goto out;
	}
	r = qparam(q, qn, "trash", 1, &v);
	if (r < 0 || (r > 0 && strcmp(v.data, "true") != 0 &&
	    strcmp(v.data, "false") != 0 && v.len > 0)) {
		err_code(rs, 400, 300, "Invalid parameter: trash.");
		goto out;
	}
	rq.trash = r > 0 && strcmp(v.data, "true") == 0;
	rq.set = SIM_SET_RECORDINGS;
	if (rq.trash) {
		rq.set = SIM_SET_TRASH_MEETINGS;
		r = qparam(q, qn, "trash_type", 1, &v);
		if (r < 0 || (r > 0 && strcmp(v.data, "meeting_recordings") != 0 &&
		    strcmp(v.data, "recording_file") != 0)) {
			err_code(rs, 400, 300, "Invalid parameter: trash_type.");
			goto out;
		}
		if (r > 0 && strcmp(v.data, "recording_file") == 0)
			rq.set = SIM_SET_TRASH_FILES;
	}
	rq.has_from = date_param(q, qn, "from", &v, rq.from_s, &rq.from);
	rq.has_to = date_param(q, qn, "to", &v, rq.to_s, &rq.to);
	if (!rq.trash) {
		if (rq.has_from < 0 || rq.has_to < 0) {
			err_code(rs, 400, 300, rq.has_from < 0 ?
			    "Invalid parameter: from." : "Invalid parameter: to.");
			goto out;
		}
		if (!rq.has_from || !rq.has_to) {
			err_code(rs, 400, 300,
			    "The from and to parameters are required.");
			goto out;
		}
		if (rq.from > rq.to) {
			err_code(rs, 400, 300,
			    "The from date cannot be later than the to date.");
			goto out;
		}
		/* Zoom's silent clamp of ranges over a month. */
		lo = a->o.max_range_days > 0 ? rq.to - (int32_t)a->o.max_range_days :
		    zrx_date_minus_month(rq.to);
		if (rq.from < lo)
			rq.from = lo;
		zrx_date_format(rq.from, rq.from_s);
		zrx_date_format(rq.to, rq.to_s);
	}
	has_mid = qparam(q, qn, "meeting_id", 1, &mid) > 0 && mid.len > 0;
	u = sim_data_find(d, uid, strlen(uid));
	if (u == NULL) {
		zrx_buf_reset(&v);
		zrx_buf_printf(&v, "User does not exist: %s.", uid);
		err_code(rs, 404, 1001, v.data);
		goto out;
	}
	for (i = 0; i < a->o.nunavailable; i++) {
		if (sim_data_find(d, a->o.unavailable[i], strlen(a->o.unavailable[i])) == u) {
			err_code(rs, 503, 503, "The service is unavailable for this user.");
			goto out;
		}
	}
	/* The query a page token is bound to: everything but the token. */
	zrx_buf_printf(&key, "rec\x1f%s\x1f%u", uid, rq.ps);
	for (i = 0; i < 6; i++) {
		static const char *const names[] = { "from", "to", "trash",
		    "trash_type", "mc", "meeting_id" };

		r = qparam(q, qn, names[i], 1, &v);
		zrx_buf_printf(&key, "\x1f%s=%s", r > 0 ? "" : "!",
		    r > 0 ? v.data : "");
	}
	lq.now = a->now;
	r = qparam(q, qn, "next_page_token", 1, &v);
	if (r < 0 || (r > 0 && v.len > 0 &&
	    (page_lookup(a, v.data, key.data, &offset, &lq.now) < 0 ||
	    (!dry && sim_faults_expire_page(&a->faults))))) {
		err_code(rs, 400, 300, "The next page token is invalid or expired.");
		goto out;
	}

	/* The listing at the instant of its first page. */
	lq.set = rq.set;
	lq.from = rq.from;
	lq.to = a->o.to_exclusive ? rq.to - 1 : rq.to;
	lq.meeting_id = has_mid ? mid.data : NULL;
	sim_listing_range(d, u, &lq, &m, &b, &e);
	sel = zrx_xcalloc(e - b + 1, sizeof(*sel));
	for (i = b; i < e; i++)
		if (sim_listing_has(d, u, &lq, &m[i]))
			sel[total++] = i;
	if (offset > total)
		offset = total;
	end = offset + rq.ps < total ? offset + rq.ps : total;
	if (end < total)
		page_issue(a, key.data, end, lq.now, dry, rs->delay_ms, next);

	json_resp(rs, 200);
	zrx_buf_puts(&rs->body, "{\"from\":");
	zrx_json_cstr(&rs->body, rq.from_s);
	zrx_buf_puts(&rs->body, ",\"to\":");
	zrx_json_cstr(&rs->body, rq.to_s);
	zrx_buf_printf(&rs->body, ",\"page_count\":%zu,\"page_size\":%u,"
	    "\"total_records\":%zu,\"next_page_token\":\"%s\",\"meetings\":[",
	    (total + rq.ps - 1) / rq.ps, rq.ps, total, next);
	for (i = offset; i < end; i++) {
		if (i > offset)
			zrx_buf_putc(&rs->body, ',');
		sim_meet_render(d, u, rq.set, &m[sel[i]], lq.now, NULL,
		    &rs->body);
	}
	zrx_buf_puts(&rs->body, "]}");
out:
	free(sel);
	zrx_buf_free(&v);
	zrx_buf_free(&key);
	zrx_buf_free(&mid);
}

/* ---- /_sim/now ---- */

/* GET answers the simulated instant; POST sets it from ?t=TIME or the body
 * (see sim_time_from_body).  Without --now there is no instant to set. */
static void
handle_now(struct sim_api *a, const struct sim_req *rq, const char *q,
    size_t qn, struct sim_resp *rs)
{
	struct zrx_buf v;
	int64_t t = 0;
	char s[32];
	int r, post = strcmp(rq->method, "POST") == 0;

	if (!post && strcmp(rq->method, "GET") != 0) {
		err_code(rs, 405, 405, "Method not allowed.");
		return;
	}
	if (a->now == SIM_TIMELESS) {
		if (post) {
			err_code(rs, 409, 409, "The time model is off: start "
			    "zrx-sim with --now.");
			return;
		}
		json_resp(rs, 200);
		zrx_buf_puts(&rs->body, "{\"now\":null}");
		return;
	}
	if (post) {
		zrx_buf_init(&v);
		r = qparam(q, qn, "t", 1, &v);
		if (r > 0)
			r = sim_time_parse(v.data, v.len, &t);
		else if (r == 0)
			r = sim_time_from_body(rq->body, rq->body_len, &t);
		zrx_buf_free(&v);
		if (r < 0) {
			err_code(rs, 400, 300, "Invalid time: use "
			    "YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DD.");
			return;
		}
		a->now = t;
	}
	sim_fmt_utc(s, sizeof(s), a->now);
	json_resp(rs, 200);
	zrx_buf_printf(&rs->body, "{\"now\":\"%s\"}", s);
}

/* ---- dispatch ---- */

/* Answer a /v2 request that passed auth and the limits. */
static void
route_v2(struct sim_api *a, const struct sim_req *rq, const char *path,
    size_t pn, const char *q, size_t qn, struct sim_resp *rs, int dry)
{
	static const char users[] = "/v2/users", suffix[] = "/recordings";
	size_t ul = sizeof(users) - 1, sl = sizeof(suffix) - 1;
	char *uid;
	long len;

	if (strcmp(rq->method, "GET") != 0) {
		err_code(rs, 405, 405, "Method not allowed.");
		return;
	}
	if (pn == ul && memcmp(path, users, ul) == 0) {
		handle_users(a, q, qn, rs, dry);
		return;
	}
	if (pn > ul + 1 + sl && memcmp(path, users, ul) == 0 && path[ul] == '/' &&
	    memcmp(path + pn - sl, suffix, sl) == 0 &&
	    memchr(path + ul + 1, '/', pn - sl - ul - 1) == NULL) {
		uid = zrx_xstrndup(path + ul + 1, pn - sl - ul - 1);
		len = zrx_url_decode(uid, strlen(uid), 0);
		if (len < 0) {
			err_code(rs, 400, 300, "Invalid parameter: userId.");
		} else {
			uid[len] = '\0';
			handle_recordings(a, uid, q, qn, rs, dry);
		}
		free(uid);
		return;
	}
	err_code(rs, 404, 404, "Not Found.");
}

static void
answer_5xx(struct sim_api *a, struct sim_resp *rs)
{
	static const int codes[] = { 500, 502, 503, 504 };
	static const char *const titles[] = { "Internal Server Error",
	    "Bad Gateway", "Service Unavailable", "Gateway Timeout" };
	size_t k = sim_faults_below(&a->faults, ZRX_ARRAY_LEN(codes));

	json_resp(rs, codes[k]);
	if (sim_faults_below(&a->faults, 2) == 0) {
		zrx_buf_printf(&rs->body, "{\"code\":%d,\"message\":\"%s\"}",
		    codes[k], titles[k]);
	} else {
		rs->content_type = "text/html";
		zrx_buf_printf(&rs->body, "<html>\r\n<head><title>%d %s</title>"
		    "</head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n"
		    "</body>\r\n</html>\r\n", codes[k], titles[k], codes[k],
		    titles[k]);
	}
}

/* Turn a computed answer into the fault's delivery. */
static void
apply_fault(struct sim_api *a, enum sim_fault f, struct sim_resp *rs)
{
	size_t len = rs->body.len, cut;
	struct zrx_buf nb;

	cut = len > 1 ? 1 + (size_t)sim_faults_below(&a->faults, len - 1) : 0;
	switch (f) {
	case SIM_FAULT_RESET_BODY:
		rs->action = SIM_RESET_BODY;
		rs->cut = cut;
		break;
	case SIM_FAULT_STALL:
		rs->action = SIM_STALL;
		rs->cut = cut;
		break;
	case SIM_FAULT_SHORT_BODY:
		rs->action = SIM_SHORT_BODY;
		rs->cut = 1 + (size_t)sim_faults_below(&a->faults, 4096);
		break;
	case SIM_FAULT_BAD_JSON:
		rs->status = 200;
		switch (sim_faults_below(&a->faults, 3)) {
		case 0:
			rs->body.len = cut;
			break;
		case 1:
			zrx_buf_reset(&rs->body);
			zrx_buf_puts(&rs->body, "<html><body><h1>Service "
			    "temporarily unavailable</h1></body></html>");
			break;
		default:
			zrx_buf_init(&nb);
			zrx_buf_append(&nb, rs->body.data, len);
			zrx_buf_puts(&nb, "\"}]}garbage");
			zrx_buf_free(&rs->body);
			rs->body = nb;
			break;
		}
		break;
	default:
		break;
	}
}

/* "zrx-sim: METHOD target -> " with the next_page_token value hidden. */
static void
log_request(const struct sim_req *rq, const char *t, size_t pn, const char *q,
    size_t qn)
{
	size_t i = 0, j;

	fprintf(stderr, "zrx-sim: %s %.*s", rq->method, (int)pn, t);
	while (i < qn) {
		for (j = i; j < qn && q[j] != '&'; j++)
			;
		fputc(i == 0 ? '?' : '&', stderr);
		if (j - i > 16 && strncmp(q + i, "next_page_token=", 16) == 0)
			fputs("next_page_token=*", stderr);
		else
			fprintf(stderr, "%.*s", (int)(j - i), q + i);
		i = j + 1;
	}
	fputs(" -> ", stderr);
}

void
sim_api_handle(struct sim_api *a, const struct sim_req *rq, struct sim_resp *rs)
{
	const char *t = rq->target, *qm = strchr(t, '?');
	size_t pn = qm != NULL ? (size_t)(qm - t) : strlen(t);
	const char *q = qm != NULL ? qm + 1 : "";
	size_t qn = strlen(q);
	enum sim_fault f = SIM_FAULT_NONE;
	uint64_t now = zrx_now_ms();
	int32_t today = (int32_t)(zrx_wall_ms() / 86400000);
	char day[11];

	memset(rs, 0, sizeof(*rs));
	zrx_buf_init(&rs->head);
	zrx_buf_init(&rs->body);
	rs->content_type = "application/json;charset=UTF-8";

	if (pn >= 6 && strncmp(t, "/_sim/", 6) == 0) {
		json_resp(rs, 200);
		if (pn == 11 && strncmp(t, "/_sim/stats", 11) == 0) {
			sim_stats_json(&a->stats, now, &rs->body);
		} else if (pn == 19 && strncmp(t, "/_sim/expire-tokens", 19) == 0 &&
		    strcmp(rq->method, "POST") == 0) {
			sim_hmap_each(&a->tokens, expire_tok_cb, NULL);
			zrx_buf_puts(&rs->body, "{}");
		} else if (pn == 24 &&
		    strncmp(t, "/_sim/expire-page-tokens", 24) == 0 &&
		    strcmp(rq->method, "POST") == 0) {
			page_purge(a, UINT64_MAX);
			zrx_buf_puts(&rs->body, "{}");
		} else if (pn == 9 && strncmp(t, "/_sim/now", 9) == 0) {
			handle_now(a, rq, q, qn, rs);
		} else {
			err_code(rs, 404, 404, "Not Found.");
		}
		return;
	}

	a->stats.requests++;
	if (pn == 12 && strncmp(t, "/oauth/token", 12) == 0) {
		handle_oauth(a, rq, q, qn, rs);
	} else if (pn >= 4 && strncmp(t, "/v2/", 4) == 0) {
		a->stats.api_requests++;
		rs->api = 1;
		sim_stats_begin(&a->stats);
		rs->delay_ms = sim_faults_latency(&a->faults);
		if (check_bearer(a, rq, rs) < 0) {
			/* 401 written */
		} else if (sim_faults_daily_exhausted(&a->faults, today)) {
			err_code(rs, 429, 429, "You have reached the maximum daily "
			    "rate limit for this API. Try again later.");
			zrx_date_format(today + 1, day);
			zrx_buf_printf(&rs->head, "X-RateLimit-Category: Medium\r\n"
			    "X-RateLimit-Type: Daily-limit\r\n"
			    "X-RateLimit-Limit: %" PRIu64 "\r\n"
			    "X-RateLimit-Remaining: 0\r\n"
			    "Retry-After: %sT00:00:00Z\r\n",
			    a->faults.o.daily_limit, day);
		} else if (!sim_faults_take(&a->faults, now)) {
			err_code(rs, 429, 429, "You have reached the maximum "
			    "per-second rate limit for this API. Try again later.");
			zrx_buf_printf(&rs->head, "X-RateLimit-Category: Medium\r\n"
			    "X-RateLimit-Type: QPS\r\n"
			    "X-RateLimit-Limit: %g\r\n"
			    "X-RateLimit-Remaining: 0\r\n"
			    "Retry-After: 1\r\n", a->faults.o.rate);
		} else {
			f = sim_faults_pick(&a->faults);
			if (f == SIM_FAULT_5XX) {
				answer_5xx(a, rs);
			} else if (f == SIM_FAULT_RESET) {
				rs->action = SIM_RESET;
			} else {
				route_v2(a, rq, t, pn, q, qn, rs,
				    f != SIM_FAULT_NONE);
				if (f != SIM_FAULT_NONE)
					apply_fault(a, f, rs);
			}
			if (f != SIM_FAULT_NONE) {
				a->stats.faults[f]++;
			} else {
				rs->chunked = sim_faults_chunked(&a->faults);
				rs->chunk_seed = sim_faults_below(&a->faults,
				    UINT64_MAX);
				if (rs->chunked)
					a->stats.chunked++;
				if (rs->status == 200) {
					sim_stats_accept(&a->stats, now);
					sim_faults_daily_count(&a->faults, today);
				}
			}
		}
	} else {
		err_code(rs, 404, 404, "Not Found.");
	}
	if (rs->action != SIM_RESET && rs->status > 0 &&
	    (size_t)rs->status < ZRX_ARRAY_LEN(a->stats.by_status))
		a->stats.by_status[rs->status]++;
	if (a->o.verbose) {
		log_request(rq, t, pn, q, qn);
		if (rs->action == SIM_RESET)
			fprintf(stderr, "reset");
		else
			fprintf(stderr, "%d", rs->status);
		if (f != SIM_FAULT_NONE && f != SIM_FAULT_RESET)
			fprintf(stderr, " (%s)", sim_fault_name(f));
		if (rs->chunked)
			fprintf(stderr, " (chunked)");
		if (rs->delay_ms > 0)
			fprintf(stderr, " +%ums", rs->delay_ms);
		fprintf(stderr, "\n");
	}
}
