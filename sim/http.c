/* http.c - the libuv HTTP/1.1 server in front of the simulator's API.
 *
 * One connection handles one request at a time: it reads until a request is
 * complete, asks the API for the answer, waits the answer's latency on its
 * own timer, writes it, and then either reads the next request (keep-alive),
 * closes, or goes silent (a stall fault).  Bytes that arrive meanwhile are
 * buffered, so pipelined requests are answered in order.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>

#include <uv.h>

#include "util.h"
#include "prng.h"
#include "api.h"
#include "http.h"

#define MAX_HEAD (64 * 1024)
#define MAX_BODY (1024 * 1024)
#define MAX_BUFFERED (MAX_HEAD + MAX_BODY + 64 * 1024)
#define READ_CHUNK 16384

enum cstate {
	C_READ,     /* waiting for (the rest of) a request */
	C_WAIT,     /* answer computed, latency timer running */
	C_WRITE,    /* answer being written */
	C_STALL,    /* stalled on purpose: read and ignore until EOF */
	C_CLOSING,
};

enum then {
	THEN_READ,
	THEN_CLOSE,
	THEN_STALL,
	THEN_NOTHING,   /* an interim 100 Continue */
};

struct server;

struct conn {
	uv_tcp_t tcp;
	uv_timer_t timer;
	struct server *srv;
	struct conn *prev, *next;
	enum cstate state;
	int open_handles;
	int keepalive;
	int api_open;       /* a /v2 request is in progress */
	int sent_continue;
	int has_resp;
	struct sim_resp resp;
	struct zrx_buf in;
	char rbuf[READ_CHUNK];
};

struct wreq {
	uv_write_t req;
	struct conn *c;
	struct zrx_buf data;
	enum then then;
};

struct server {
	uv_loop_t loop;
	uv_tcp_t listener;
	uv_signal_t sigint, sigterm;
	struct sim_api *api;
	struct conn *conns;
	int stopping;
	int listening;      /* listener initialised */
	int signals;        /* signal handles initialised */
};

static void try_request(struct conn *c);

/* ---- connection lifetime ---- */

static void
finish_api(struct conn *c)
{
	if (c->api_open) {
		c->api_open = 0;
		sim_api_done(c->srv->api);
	}
}

static void
conn_close_cb(uv_handle_t *h)
{
	struct conn *c = h->data;

	if (--c->open_handles > 0)
		return;
	zrx_buf_free(&c->in);
	if (c->has_resp)
		sim_resp_free(&c->resp);
	free(c);
}

static void
conn_close(struct conn *c, int reset)
{
	if (c->state == C_CLOSING)
		return;
	c->state = C_CLOSING;
	finish_api(c);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		c->srv->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
	(void)uv_timer_stop(&c->timer);
	uv_close((uv_handle_t *)&c->timer, conn_close_cb);
	if (!reset || uv_tcp_close_reset(&c->tcp, conn_close_cb) != 0)
		uv_close((uv_handle_t *)&c->tcp, conn_close_cb);
}

/* ---- writing ---- */

static const char *
reason(int status)
{
	switch (status) {
	case 100: return "Continue";
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Payload Too Large";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	case 505: return "HTTP Version Not Supported";
	default: return "Unknown";
	}
}

static void
write_cb(uv_write_t *req, int status)
{
	struct wreq *w = zrx_container_of(req, struct wreq, req);
	struct conn *c = w->c;
	enum then then = w->then;

	zrx_buf_free(&w->data);
	free(w);
	if (c->state == C_CLOSING)
		return;
	if (status < 0) {
		conn_close(c, 0);
		return;
	}
	if (then == THEN_NOTHING)
		return;
	finish_api(c);
	switch (then) {
	case THEN_READ:
		c->state = C_READ;
		try_request(c);
		break;
	case THEN_STALL:
		c->state = C_STALL;
		break;
	default:
		conn_close(c, 0);
		break;
	}
}

/* Queue w; on failure the connection is closed and w freed. */
static void
send_wreq(struct conn *c, struct wreq *w)
{
	uv_buf_t b = uv_buf_init(w->data.data, (unsigned)w->data.len);
	int r;

	w->c = c;
	r = uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, write_cb);
	if (r < 0) {
		zrx_buf_free(&w->data);
		free(w);
		conn_close(c, 0);
	}
}

static void
put_chunked(struct zrx_buf *out, const char *body, size_t len, uint64_t seed)
{
	struct sim_rng r;
	size_t i = 0, n;

	sim_rng_seed(&r, seed);
	while (i < len) {
		n = 1 + (size_t)sim_rng_below(&r, 7);
		if (n > len - i)
			n = len - i;
		zrx_buf_printf(out, "%zx\r\n", n);
		zrx_buf_append(out, body + i, n);
		zrx_buf_puts(out, "\r\n");
		i += n;
	}
	zrx_buf_puts(out, "0\r\n\r\n");
}

/* Deliver c->resp as its action says. */
static void
send_resp(struct conn *c)
{
	struct sim_resp *rs = &c->resp;
	struct wreq *w;
	char tid[40];
	size_t clen = rs->body.len;

	if (rs->action == SIM_RESET) {
		conn_close(c, 1);
		return;
	}
	w = zrx_xcalloc(1, sizeof(*w));
	zrx_buf_init(&w->data);
	sim_api_tracking_id(c->srv->api, tid);
	zrx_buf_printf(&w->data, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\n",
	    rs->status, reason(rs->status), rs->content_type);
	if (rs->action == SIM_SEND && rs->chunked)
		zrx_buf_puts(&w->data, "Transfer-Encoding: chunked\r\n");
	else
		zrx_buf_printf(&w->data, "Content-Length: %zu\r\n",
		    clen + (rs->action == SIM_SHORT_BODY ? rs->cut : 0));
	zrx_buf_printf(&w->data, "x-zm-trackingid: %s\r\nConnection: %s\r\n",
	    tid, c->keepalive ? "keep-alive" : "close");
	if (rs->head.len > 0)
		zrx_buf_append(&w->data, rs->head.data, rs->head.len);
	zrx_buf_puts(&w->data, "\r\n");
	switch (rs->action) {
	case SIM_RESET_BODY:
	case SIM_STALL:
		zrx_buf_append(&w->data, rs->body.data,
		    rs->cut < clen ? rs->cut : clen);
		w->then = rs->action == SIM_STALL ? THEN_STALL : THEN_CLOSE;
		break;
	case SIM_SHORT_BODY:
		zrx_buf_append(&w->data, rs->body.data, clen);
		w->then = THEN_CLOSE;
		break;
	default:
		if (rs->chunked)
			put_chunked(&w->data, rs->body.data, clen, rs->chunk_seed);
		else
			zrx_buf_append(&w->data, rs->body.data, clen);
		w->then = c->keepalive ? THEN_READ : THEN_CLOSE;
		break;
	}
	sim_resp_free(rs);
	c->has_resp = 0;
	c->state = C_WRITE;
	send_wreq(c, w);
}

/* Answer a request the server could not parse, then close. */
static void
send_error(struct conn *c, int status, const char *msg)
{
	struct sim_resp *rs = &c->resp;

	if (c->has_resp)
		sim_resp_free(rs);
	memset(rs, 0, sizeof(*rs));
	zrx_buf_init(&rs->head);
	zrx_buf_init(&rs->body);
	rs->status = status;
	rs->content_type = "application/json;charset=UTF-8";
	zrx_buf_printf(&rs->body, "{\"code\":%d,\"message\":\"%s\"}", status, msg);
	c->has_resp = 1;
	c->keepalive = 0;
	send_resp(c);
}

static void
timer_cb(uv_timer_t *t)
{
	struct conn *c = t->data;

	if (c->state == C_WAIT)
		send_resp(c);
}

/* ---- parsing ---- */

struct head {
	char *method, *target, *version;
	char *authorization, *connection, *expect;
	int has_te, has_cl;
	size_t clen;
};

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Does the comma-separated header value v hold token tok (any case)? */
static int
has_token(const char *v, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = v;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		if (strncasecmp(p, tok, n) == 0 &&
		    (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return 1;
		p = strchr(p, ',');
	}
	return 0;
}

/* Parse the header block blk (NUL-terminated, modified in place): 0, or an
 * HTTP status to answer with. */
static int
parse_head(char *blk, struct head *h)
{
	char *line, *next, *colon, *name, *val, *end;
	unsigned long long v;

	memset(h, 0, sizeof(*h));
	line = blk;
	next = strchr(line, '\n');
	if (next != NULL)
		*next++ = '\0';
	line = trim(line);
	h->method = line;
	if ((h->target = strchr(line, ' ')) == NULL)
		return 400;
	*h->target++ = '\0';
	while (*h->target == ' ')
		h->target++;
	if ((h->version = strchr(h->target, ' ')) == NULL)
		return 400;
	*h->version++ = '\0';
	h->version = trim(h->version);
	if (strcmp(h->version, "HTTP/1.1") != 0 &&
	    strcmp(h->version, "HTTP/1.0") != 0)
		return 505;
	if (*h->method == '\0' || *h->target != '/')
		return 400;
	while ((line = next) != NULL && *line != '\0') {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (*line == '\r' || *line == '\0')
			break;
		if ((colon = strchr(line, ':')) == NULL)
			return 400;
		*colon = '\0';
		name = line;
		val = trim(colon + 1);
		if (strcasecmp(name, "authorization") == 0) {
			h->authorization = val;
		} else if (strcasecmp(name, "connection") == 0) {
			h->connection = val;
		} else if (strcasecmp(name, "expect") == 0) {
			h->expect = val;
		} else if (strcasecmp(name, "transfer-encoding") == 0) {
			h->has_te = 1;
		} else if (strcasecmp(name, "content-length") == 0) {
			if (*val < '0' || *val > '9')
				return 400;
			errno = 0;
			v = strtoull(val, &end, 10);
			if (errno != 0 || *end != '\0')
				return 400;
			if (v > MAX_BODY)
				return 413;
			h->clen = (size_t)v;
			h->has_cl = 1;
		}
	}
	if (h->has_te)
		return 501;
	return 0;
}

/* The end of the header block in buf[0..n) (just past the blank line), or 0. */
static size_t
head_end(const char *buf, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i + 1] == '\n')
			return i + 2;
		if (i + 2 < n && buf[i + 1] == '\r' && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

static void
try_request(struct conn *c)
{
	struct server *s = c->srv;
	struct head h;
	struct sim_req rq;
	struct wreq *w;
	size_t hend, total;
	char *blk, *body;
	int err;

	if (c->state != C_READ || c->in.len == 0)
		return;
	/* Tolerate stray CRLFs between requests (RFC 9112 2.2). */
	while (c->in.len > 0 && (c->in.data[0] == '\r' || c->in.data[0] == '\n')) {
		memmove(c->in.data, c->in.data + 1, --c->in.len);
		c->in.data[c->in.len] = '\0';
	}
	hend = head_end(c->in.data, c->in.len);
	if (hend == 0) {
		if (c->in.len > MAX_HEAD)
			send_error(c, 431, "Request header too large.");
		return;
	}
	if (hend > MAX_HEAD) {
		send_error(c, 431, "Request header too large.");
		return;
	}
	blk = zrx_xstrndup(c->in.data, hend);
	err = parse_head(blk, &h);
	if (err != 0) {
		free(blk);
		send_error(c, err, "Malformed request.");
		return;
	}
	total = hend + h.clen;
	if (c->in.len < total) {
		if (h.expect != NULL && strcasecmp(h.expect, "100-continue") == 0 &&
		    !c->sent_continue) {
			c->sent_continue = 1;
			w = zrx_xcalloc(1, sizeof(*w));
			zrx_buf_init(&w->data);
			zrx_buf_puts(&w->data, "HTTP/1.1 100 Continue\r\n\r\n");
			w->then = THEN_NOTHING;
			send_wreq(c, w);
		}
		free(blk);
		return;
	}
	c->sent_continue = 0;
	if (strcmp(h.version, "HTTP/1.1") == 0)
		c->keepalive = h.connection == NULL ||
		    !has_token(h.connection, "close");
	else
		c->keepalive = h.connection != NULL &&
		    has_token(h.connection, "keep-alive");
	body = zrx_xstrndup(c->in.data + hend, h.clen);
	rq.method = h.method;
	rq.target = h.target;
	rq.authorization = h.authorization;
	rq.body = body;
	rq.body_len = h.clen;
	sim_api_handle(s->api, &rq, &c->resp);
	c->has_resp = 1;
	c->api_open = c->resp.api;
	free(body);
	free(blk);
	memmove(c->in.data, c->in.data + total, c->in.len - total);
	c->in.len -= total;
	if (c->in.data != NULL)
		c->in.data[c->in.len] = '\0';
	if (c->resp.delay_ms > 0) {
		c->state = C_WAIT;
		if (uv_timer_start(&c->timer, timer_cb, c->resp.delay_ms, 0) < 0)
			conn_close(c, 0);
		return;
	}
	send_resp(c);
}

/* ---- reading and accepting ---- */

static void
alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct conn *c = h->data;

	(void)suggested;
	*buf = uv_buf_init(c->rbuf, sizeof(c->rbuf));
}

static void
read_cb(uv_stream_t *st, ssize_t nread, const uv_buf_t *buf)
{
	struct conn *c = st->data;

	(void)buf;
	if (c->state == C_CLOSING)
		return;
	if (nread < 0) {
		conn_close(c, 0);
		return;
	}
	if (nread == 0 || c->state == C_STALL)
		return;
	zrx_buf_append(&c->in, c->rbuf, (size_t)nread);
	if (c->in.len > MAX_BUFFERED) {
		conn_close(c, 0);
		return;
	}
	try_request(c);
}

static void
connection_cb(uv_stream_t *ls, int status)
{
	struct server *s = ls->data;
	struct conn *c;

	if (status < 0 || s->stopping) {
		if (s->api->o.verbose)
			fprintf(stderr, "zrx-sim: accept: %s\n",
			    uv_strerror(status));
		return;
	}
	c = zrx_xcalloc(1, sizeof(*c));
	c->srv = s;
	zrx_buf_init(&c->in);
	if (uv_tcp_init(&s->loop, &c->tcp) < 0) {
		free(c);
		return;
	}
	c->tcp.data = c;
	if (uv_accept(ls, (uv_stream_t *)&c->tcp) < 0) {
		c->open_handles = 1;
		c->state = C_CLOSING;
		uv_close((uv_handle_t *)&c->tcp, conn_close_cb);
		return;
	}
	if (uv_timer_init(&s->loop, &c->timer) < 0) {
		c->open_handles = 1;
		c->state = C_CLOSING;
		uv_close((uv_handle_t *)&c->tcp, conn_close_cb);
		return;
	}
	c->timer.data = c;
	c->open_handles = 2;
	c->state = C_READ;
	c->next = s->conns;
	if (s->conns != NULL)
		s->conns->prev = c;
	s->conns = c;
	(void)uv_tcp_nodelay(&c->tcp, 1);
	if (uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, read_cb) < 0)
		conn_close(c, 0);
}

/* ---- start and stop ---- */

static void
stop_server(struct server *s)
{
	if (s->stopping)
		return;
	s->stopping = 1;
	if (s->listening)
		uv_close((uv_handle_t *)&s->listener, NULL);
	if (s->signals > 0)
		uv_close((uv_handle_t *)&s->sigint, NULL);
	if (s->signals > 1)
		uv_close((uv_handle_t *)&s->sigterm, NULL);
	while (s->conns != NULL)
		conn_close(s->conns, 0);
}

static void
signal_cb(uv_signal_t *h, int signum)
{
	(void)signum;
	stop_server(h->data);
}

static void
raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_cur < 65536 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max < 65536 ? rl.rlim_max : 65536;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* Resolve host (a numeric address or a name) into sa. */
static int
resolve(uv_loop_t *loop, const char *host, int port, struct sockaddr_storage *sa)
{
	struct addrinfo hints, *ai = NULL;
	uv_getaddrinfo_t req;
	char ps[16];
	int r;

	if (uv_ip4_addr(host, port, (struct sockaddr_in *)sa) == 0)
		return 0;
	if (uv_ip6_addr(host, port, (struct sockaddr_in6 *)sa) == 0)
		return 0;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(ps, sizeof(ps), "%d", port);
	r = uv_getaddrinfo(loop, &req, NULL, host, ps, &hints);
	if (r < 0)
		return r;
	ai = req.addrinfo;
	if (ai == NULL || ai->ai_addrlen > sizeof(*sa)) {
		uv_freeaddrinfo(ai);
		return UV_EAI_NONAME;
	}
	memcpy(sa, ai->ai_addr, ai->ai_addrlen);
	uv_freeaddrinfo(ai);
	return 0;
}

int
sim_http_serve(struct sim_api *api, const char *host, int port)
{
	struct server s;
	struct sockaddr_storage sa;
	int namelen = sizeof(sa), r, rc = 1, bound_port;
	char ip[64];

	memset(&s, 0, sizeof(s));
	s.api = api;
	(void)signal(SIGPIPE, SIG_IGN);
	raise_fd_limit();
	if ((r = uv_loop_init(&s.loop)) < 0) {
		fprintf(stderr, "zrx-sim: uv_loop_init: %s\n", uv_strerror(r));
		return 1;
	}
	if ((r = uv_signal_init(&s.loop, &s.sigint)) < 0 ||
	    (s.signals = 1, r = uv_signal_init(&s.loop, &s.sigterm)) < 0) {
		fprintf(stderr, "zrx-sim: uv_signal_init: %s\n", uv_strerror(r));
		goto fail_signals;
	}
	s.signals = 2;
	s.sigint.data = s.sigterm.data = &s;
	if ((r = uv_signal_start(&s.sigint, signal_cb, SIGINT)) < 0 ||
	    (r = uv_signal_start(&s.sigterm, signal_cb, SIGTERM)) < 0) {
		fprintf(stderr, "zrx-sim: uv_signal_start: %s\n", uv_strerror(r));
		goto fail_signals;
	}
	if ((r = resolve(&s.loop, host, port, &sa)) < 0) {
		fprintf(stderr, "zrx-sim: cannot resolve --host %s: %s\n", host,
		    uv_strerror(r));
		goto fail_signals;
	}
	if ((r = uv_tcp_init(&s.loop, &s.listener)) < 0) {
		fprintf(stderr, "zrx-sim: uv_tcp_init: %s\n", uv_strerror(r));
		goto fail_signals;
	}
	s.listening = 1;
	s.listener.data = &s;
	if ((r = uv_tcp_bind(&s.listener, (struct sockaddr *)&sa, 0)) < 0 ||
	    (r = uv_listen((uv_stream_t *)&s.listener, 1024, connection_cb)) < 0) {
		fprintf(stderr, "zrx-sim: cannot listen on %s:%d: %s\n", host, port,
		    uv_strerror(r));
		goto fail_signals;
	}
	if ((r = uv_tcp_getsockname(&s.listener, (struct sockaddr *)&sa,
	    &namelen)) < 0) {
		fprintf(stderr, "zrx-sim: getsockname: %s\n", uv_strerror(r));
		goto fail_signals;
	}
	if (sa.ss_family == AF_INET6) {
		bound_port = ntohs(((struct sockaddr_in6 *)&sa)->sin6_port);
		(void)uv_ip6_name((struct sockaddr_in6 *)&sa, ip, sizeof(ip));
		snprintf(api->api_url, sizeof(api->api_url), "http://[%s]:%d", ip,
		    bound_port);
	} else {
		bound_port = ntohs(((struct sockaddr_in *)&sa)->sin_port);
		(void)uv_ip4_name((struct sockaddr_in *)&sa, ip, sizeof(ip));
		snprintf(api->api_url, sizeof(api->api_url), "http://%s:%d", ip,
		    bound_port);
	}
	if (printf("%d\n", bound_port) < 0 || fflush(stdout) != 0) {
		fprintf(stderr, "zrx-sim: cannot write the port to stdout\n");
		goto fail_signals;
	}
	if (api->o.verbose)
		fprintf(stderr, "zrx-sim: listening on %s\n", api->api_url);
	rc = 0;
	(void)uv_run(&s.loop, UV_RUN_DEFAULT);
	goto close_loop;

fail_signals:
	stop_server(&s);
	(void)uv_run(&s.loop, UV_RUN_DEFAULT);
close_loop:
	if ((r = uv_loop_close(&s.loop)) != 0) {
		fprintf(stderr, "zrx-sim: uv_loop_close: %s\n", uv_strerror(r));
		rc = 1;
	}
	return rc;
}
