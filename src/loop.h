/* loop.h - one libuv loop driving one libcurl multi handle (socket API). */
#ifndef ZRX_LOOP_H
#define ZRX_LOOP_H

#include <curl/curl.h>
#include <uv.h>

#include "util.h"

struct zrx_loop;

/* Called for every finished transfer, after it left the multi handle.  The
 * callback may add new transfers.  result is curl's verdict. */
typedef void (*zrx_loop_done_cb)(struct zrx_loop *l, CURL *easy, CURLcode result);

struct zrx_loop {
	uv_loop_t uv;
	CURLM *multi;
	uv_timer_t timer;      /* curl's timeout */
	zrx_loop_done_cb done_cb;
	void *data;            /* the owner's */
	int initialized;       /* stages built, for zrx_loop_close */
	CURLMcode failed;      /* the first error libcurl's multi interface
	                          reported (CURLM_OK: none); the owner stops */
	struct zrx_sock **socks; /* poll handles by descriptor, kept stopped
	                            between transfers for the next socket */
	size_t nsocks;
};

/* Build the loop, the multi handle and the timer.  0 or a negative error
 * (uv error or -ENOMEM); on error nothing is left to close. */
int zrx_loop_init(struct zrx_loop *l, zrx_loop_done_cb done_cb, void *data) ZRX_WUR;

/* Start a transfer.  0, or -1 if curl refused it (done_cb is then never
 * called for it). */
int zrx_loop_add(struct zrx_loop *l, CURL *easy) ZRX_WUR;

/* Abort a running transfer: it leaves the multi handle and done_cb is not
 * called for it.  The caller still owns easy.  A failure is kept in
 * l->failed. */
void zrx_loop_abort(struct zrx_loop *l, CURL *easy);

/* Tear down in order: multi cleanup, close the timer and every poll handle,
 * run the loop for the close callbacks.  Returns uv_loop_close()'s result
 * (0 when every handle was closed).  Call once; safe after a failed init. */
int zrx_loop_close(struct zrx_loop *l);

#endif
