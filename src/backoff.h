/* backoff.h - retry delays and Retry-After. */
#ifndef ZRX_BACKOFF_H
#define ZRX_BACKOFF_H

#include <stddef.h>
#include <stdint.h>

/* Full-jitter exponential back-off: a uniform random delay in
 * [0, min(cap_ms, base_ms * 2^attempt)] milliseconds; attempt counts from 0.
 * *rng is a xorshift state (nonzero; 0 is reseeded), advanced by the call.
 * Never overflows, whatever the attempt. */
uint64_t zrx_backoff_ms(unsigned attempt, uint64_t base_ms, uint64_t cap_ms, uint64_t *rng);

/*
 * Parse a Retry-After value (v[0..n), not NUL-terminated, surrounding space
 * allowed): delta seconds ("2"; an absurd number saturates near 31 years),
 * an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT" and the obsolete forms, read
 * by curl_getdate()), or an ISO-8601 time ("2020-05-31T00:00:00Z", fraction
 * and offsets allowed).  Independent of the TZ environment.
 * now_epoch_ms is the current wall time.  Returns 0 and sets *at_epoch_ms to
 * the absolute time the wait ends (never before now), or -1 if unreadable.
 */
int zrx_retry_after_parse(const char *v, size_t n, int64_t now_epoch_ms, int64_t *at_epoch_ms);

#endif
