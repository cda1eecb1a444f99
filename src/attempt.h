/* attempt.h - one attempt of a request, for the request client. */
#ifndef ZRX_ATTEMPT_H
#define ZRX_ATTEMPT_H

#include "client.h"

/* Set up the easy handle of r's next attempt and add it to the loop (the
 * owner's on_begin runs first).  0, or -1 (nothing is left running). */
int zrx_attempt_start(struct zrx_client *cl, struct zrx_req *r, uint64_t now);

/* Release the attempt's easy handle, headers and kept body. */
void zrx_attempt_cleanup(struct zrx_client *cl, struct zrx_req *r);

/* The attempt will not count: the owner's on_abandon (once). */
void zrx_attempt_abandon(struct zrx_req *r);

/* The request is over: clean up, abandon, then the owner's on_done. */
void zrx_attempt_finish(struct zrx_client *cl, struct zrx_req *r, struct zrx_result *res);

/* The request line -v prints. */
void zrx_attempt_log(struct zrx_client *cl, struct zrx_req *r, CURL *easy, CURLcode cres);

/* What came back: res for the owner, a for verdict.c (a points into res). */
void zrx_attempt_answer(struct zrx_client *cl, struct zrx_req *r, CURLcode cres,
                        struct zrx_result *res, struct zrx_answer *a);

#endif
