/* loop.c - libuv + libcurl multi glue, after curl's multi-uv example with its
 * known pitfalls fixed: no globals, poll errors passed to curl, every
 * finished transfer drained after every socket_action (timeouts included),
 * poll handles freed only in their close callback.  A poll handle outlives
 * its socket: curl removes a socket before closing it, the handle is
 * stopped then and serves the next socket given the same descriptor, which
 * spares the set-up and tear-down system calls of every request. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "loop.h"

struct zrx_sock {
	uv_poll_t poll;
	curl_socket_t fd;
	struct zrx_loop *loop;
};

static void
sock_close_cb(uv_handle_t *h)
{
	struct zrx_sock *sc = zrx_container_of((uv_poll_t *)h, struct zrx_sock, poll);
	struct zrx_loop *l = sc->loop;

	if (sc->fd >= 0 && (size_t)sc->fd < l->nsocks && l->socks[sc->fd] == sc)
		l->socks[sc->fd] = NULL;
	free(sc);
}

/* The handle for descriptor s: the stopped one kept for it, or a new one. */
static struct zrx_sock *
sock_get(struct zrx_loop *l, curl_socket_t s)
{
	struct zrx_sock *sc;

	if (s < 0)
		return NULL;
	if ((size_t)s >= l->nsocks) {
		size_t n = (size_t)s + 1 > l->nsocks * 2 ? (size_t)s + 1 : l->nsocks * 2;
		struct zrx_sock **t = realloc(l->socks, n * sizeof(*t));

		if (t == NULL)
			return NULL;
		memset(t + l->nsocks, 0, (n - l->nsocks) * sizeof(*t));
		l->socks = t;
		l->nsocks = n;
	}
	if (l->socks[s] != NULL)
		return l->socks[s];
	sc = malloc(sizeof(*sc));
	if (sc == NULL)
		return NULL;
	if (uv_poll_init_socket(&l->uv, &sc->poll, s) != 0) {
		free(sc);
		return NULL;
	}
	sc->fd = s;
	sc->loop = l;
	l->socks[s] = sc;
	return sc;
}

/* Keep the first error of the multi interface for the owner. */
static void
note(struct zrx_loop *l, CURLMcode rc)
{
	if (rc != CURLM_OK && l->failed == CURLM_OK)
		l->failed = rc;
}

static void
drain_done(struct zrx_loop *l)
{
	CURLMsg *msg;
	int pending;

	while ((msg = curl_multi_info_read(l->multi, &pending)) != NULL) {
		CURL *easy;
		CURLcode res;

		if (msg->msg != CURLMSG_DONE)
			continue;
		easy = msg->easy_handle;
		res = msg->data.result;
		/* msg is invalid once the handle is removed */
		note(l, curl_multi_remove_handle(l->multi, easy));
		l->done_cb(l, easy, res);
	}
}

static void
socket_action(struct zrx_loop *l, curl_socket_t fd, int ev)
{
	int running;

	note(l, curl_multi_socket_action(l->multi, fd, ev, &running));
	drain_done(l);
}

static void
poll_cb(uv_poll_t *h, int status, int events)
{
	struct zrx_sock *sc = zrx_container_of(h, struct zrx_sock, poll);
	int ev = 0;

	if (status < 0)
		ev = CURL_CSELECT_ERR;
	else {
		if (events & UV_READABLE)
			ev |= CURL_CSELECT_IN;
		if (events & UV_WRITABLE)
			ev |= CURL_CSELECT_OUT;
	}
	socket_action(sc->loop, sc->fd, ev);
}

static void
timer_cb(uv_timer_t *t)
{
	struct zrx_loop *l = zrx_container_of(t, struct zrx_loop, timer);

	socket_action(l, CURL_SOCKET_TIMEOUT, 0);
}

/* CURLMOPT_SOCKETFUNCTION: no libcurl calls in here but curl_multi_assign. */
static int
socket_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct zrx_loop *l = userp;
	struct zrx_sock *sc = socketp;
	int events = 0;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (sc != NULL) {
			/* stopped before curl closes the descriptor; kept */
			(void)uv_poll_stop(&sc->poll);
			note(l, curl_multi_assign(l->multi, s, NULL));
		}
		return 0;
	}
	if (sc == NULL) {
		sc = sock_get(l, s);
		if (sc == NULL)
			return -1;
		if (curl_multi_assign(l->multi, s, sc) != CURLM_OK)
			return -1;
	}
	if (what & CURL_POLL_IN)
		events |= UV_READABLE;
	if (what & CURL_POLL_OUT)
		events |= UV_WRITABLE;
	if (uv_poll_start(&sc->poll, events, poll_cb) != 0)
		return -1;
	return 0;
}

/* CURLMOPT_TIMERFUNCTION */
static int
timerfn_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct zrx_loop *l = userp;

	(void)multi;
	if (timeout_ms < 0)
		return uv_timer_stop(&l->timer) == 0 ? 0 : -1;
	/* 0 is fine: libuv never runs a timer callback synchronously */
	return uv_timer_start(&l->timer, timer_cb, (uint64_t)timeout_ms, 0) == 0 ? 0 : -1;
}

int
zrx_loop_init(struct zrx_loop *l, zrx_loop_done_cb done_cb, void *data)
{
	int err;

	l->initialized = 0;
	l->failed = CURLM_OK;
	l->socks = NULL;
	l->nsocks = 0;
	l->done_cb = done_cb;
	l->data = data;
	err = uv_loop_init(&l->uv);
	if (err != 0)
		return err;
	err = uv_timer_init(&l->uv, &l->timer);
	if (err != 0)
		goto fail_timer;
	l->multi = curl_multi_init();
	if (l->multi == NULL) {
		err = -ENOMEM;
		goto fail_multi;
	}
	if (curl_multi_setopt(l->multi, CURLMOPT_SOCKETFUNCTION, socket_cb) != CURLM_OK ||
	    curl_multi_setopt(l->multi, CURLMOPT_SOCKETDATA, l) != CURLM_OK ||
	    curl_multi_setopt(l->multi, CURLMOPT_TIMERFUNCTION, timerfn_cb) != CURLM_OK ||
	    curl_multi_setopt(l->multi, CURLMOPT_TIMERDATA, l) != CURLM_OK ||
	    curl_multi_setopt(l->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX) != CURLM_OK) {
		err = -EINVAL;
		goto fail_setopt;
	}
	l->initialized = 1;
	return 0;

fail_setopt:
	curl_multi_cleanup(l->multi);
fail_multi:
	uv_close((uv_handle_t *)&l->timer, NULL);
	uv_run(&l->uv, UV_RUN_DEFAULT);
fail_timer:
	uv_loop_close(&l->uv);
	return err;
}

int
zrx_loop_add(struct zrx_loop *l, CURL *easy)
{
	return curl_multi_add_handle(l->multi, easy) == CURLM_OK ? 0 : -1;
}

void
zrx_loop_abort(struct zrx_loop *l, CURL *easy)
{
	note(l, curl_multi_remove_handle(l->multi, easy));
}

static void
close_walk_cb(uv_handle_t *h, void *arg)
{
	(void)arg;
	if (!uv_is_closing(h))
		uv_close(h, h->type == UV_POLL ? sock_close_cb : NULL);
}

int
zrx_loop_close(struct zrx_loop *l)
{
	if (!l->initialized)
		return 0;
	l->initialized = 0;
	note(l, curl_multi_cleanup(l->multi));
	l->multi = NULL;
	(void)uv_timer_stop(&l->timer);
	/* whatever is still open (the timer, a poll curl never removed) */
	uv_walk(&l->uv, close_walk_cb, NULL);
	(void)uv_run(&l->uv, UV_RUN_DEFAULT);
	free(l->socks);
	l->socks = NULL;
	l->nsocks = 0;
	return uv_loop_close(&l->uv);
}
