/* urlcheck.h - the rules a base or OAuth URL must follow: http(s) only, a
 * host, no query or fragment, and plain http:// only for a loopback host
 * (a literal 127.0.0.0/8 or ::1 address, or the exact name localhost:
 * "localhost." and other names go through DNS). */
#ifndef ZRX_URLCHECK_H
#define ZRX_URLCHECK_H

#include <stddef.h>

/* NULL if s is acceptable; else a message that follows the option's name,
 * starting with " " or ": " (e.g. " must be an https:// URL (got 'x')"),
 * written into buf[0..n). */
const char *zrx_url_problem(const char *s, char *buf, size_t n);

/* 1 if h[0..n) is a loopback host as above. */
int zrx_host_is_loopback(const char *h, size_t n);

#endif
