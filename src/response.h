/* response.h - what comes back for an attempt (the request client's curl
 * callbacks and Zoom's error body). */
#ifndef ZRX_RESPONSE_H
#define ZRX_RESPONSE_H

#include "client.h"

/* CURLOPT_WRITEFUNCTION with the request as data: a 2xx body goes to the
 * owner's on_body (over ZRX_MAX_BODY it is refused); another body is kept
 * (the first 64 KiB; over ZRX_MAX_ERRBODY the transfer is aborted). */
size_t zrx_resp_write_cb(char *p, size_t size, size_t nmemb, void *ud);

/* CURLOPT_HEADERFUNCTION: Retry-After, X-RateLimit-*, x-zm-trackingid. */
size_t zrx_resp_header_cb(char *p, size_t size, size_t nmemb, void *ud);

/* Forget the headers of an earlier answer. */
void zrx_resp_forget(struct zrx_req *r);

/* Zoom's error body {"code":N,"message":"..."}, or the OAuth server's
 * {"reason":"..."}, into res->code and res->message. */
void zrx_resp_error(const struct zrx_req *r, struct zrx_result *res);

#endif
