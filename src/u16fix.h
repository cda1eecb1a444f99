/* u16fix.h - a filter over a JSON byte stream that rewrites every lone
 * UTF-16 surrogate escape (\ud800..\udbff not followed by a low one, or a
 * low one alone) to \ufffd, so the string decoder after it makes valid
 * UTF-8 (yajl turns the first into '?', eating the next character, and the
 * second into bytes that are not UTF-8).  Only escapes are looked at: in
 * valid JSON a backslash occurs only inside strings.  Bytes pass through in
 * place; only an escape that straddles a chunk's end is held (at most 11
 * bytes). */
#ifndef ZRX_U16FIX_H
#define ZRX_U16FIX_H

#include <stddef.h>

struct zrx_u16fix {
	unsigned char pend[12]; /* an escape not yet complete at a chunk's end */
	size_t npend;
	size_t count;           /* lone surrogates rewritten */
};

/* Where the filtered bytes go: 0 to go on, nonzero to stop. */
typedef int (*zrx_u16fix_out)(void *ud, const unsigned char *p, size_t n);

void zrx_u16fix_init(struct zrx_u16fix *f);

/* Filter d[0..n) into out.  0, or -1 when out stopped. */
int zrx_u16fix_feed(struct zrx_u16fix *f, const unsigned char *d, size_t n, zrx_u16fix_out out,
                    void *ud);

/* The stream ended: hand on what is held, as it is.  0 or -1. */
int zrx_u16fix_finish(struct zrx_u16fix *f, zrx_u16fix_out out, void *ud);

#endif
