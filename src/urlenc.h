/* urlenc.h - percent-encoding for URL path segments and query values. */
#ifndef ZRX_URLENC_H
#define ZRX_URLENC_H

#include <stddef.h>
#include "util.h"

/* Append s[0..n) percent-encoded: every byte but A-Z a-z 0-9 - . _ ~ becomes
 * %XX (uppercase hex), so '+', '@', '/', '=' and spaces are all encoded.
 * b->data is NUL-terminated afterwards, even when n == 0. */
void zrx_url_encode(struct zrx_buf *b, const char *s, size_t n);

/* Append s[0..n) as one URL path segment: as zrx_url_encode, and a
 * segment that is exactly "." or ".." is written %2E / %2E%2E, so it names
 * a user instead of a directory. */
void zrx_url_encode_segment(struct zrx_buf *b, const char *s, size_t n);

/* Decode %XX escapes (and '+' as space when plus_is_space) in place; returns
 * the new length (a NUL follows it when shorter than n), or -1 on a malformed
 * escape (s is then partly rewritten). */
long zrx_url_decode(char *s, size_t n, int plus_is_space);

#endif
