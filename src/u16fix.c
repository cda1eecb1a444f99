/* u16fix.c - lone UTF-16 surrogate escapes rewritten to \ufffd. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "u16fix.h"

void
zrx_u16fix_init(struct zrx_u16fix *f)
{
	memset(f, 0, sizeof(*f));
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The code unit of "\\uXXXX" at e[0..6), or -1 if it is not one. */
static long
escape_unit(const unsigned char *e)
{
	long v = 0;
	int i, h;

	if (e[0] != '\\' || e[1] != 'u')
		return -1;
	for (i = 2; i < 6; i++) {
		h = hexval(e[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * How many bytes at e[0..n) (which starts with a backslash that escapes)
 * make one escape, rewritten in place if it holds a lone surrogate; 0 if
 * more bytes are needed to decide (n < 12).  An escape that is not \\u
 * is 2 bytes; yajl judges malformed ones.
 */
static size_t
settle_escape(struct zrx_u16fix *f, unsigned char *e, size_t n)
{
	static const unsigned char fffd[6] = { '\\', 'u', 'f', 'f', 'f', 'd' };
	long u, lo;

	if (n < 2)
		return 0;
	if (e[1] != 'u')
		return 2;
	if (n < 6)
		return 0;
	u = escape_unit(e);
	if (u < 0xd800 || u > 0xdfff)
		return 6;
	if (u >= 0xdc00) {
		memcpy(e, fffd, 6); /* a low surrogate alone */
		f->count++;
		return 6;
	}
	if (n < 12) {
		/* a high surrogate: is a low one next? decide on the first
		 * byte that cannot start one */
		if ((n > 6 && e[6] != '\\') || (n > 7 && e[7] != 'u'))
			goto lone;
		return 0;
	}
	lo = escape_unit(e + 6);
	if (lo >= 0xdc00 && lo <= 0xdfff)
		return 12;
lone:
	memcpy(e, fffd, 6);
	f->count++;
	return 6;
}

/* Settle the held escape (f->pend starts with its backslash) with the
 * first bytes of d[0..n).  Returns how many bytes of d were used, or
 * SIZE_MAX on a parse error; f->npend is 0 after it unless d was too short
 * to decide (then all of d is held). */
static size_t
settle_pending(struct zrx_u16fix *f, const unsigned char *d, size_t n, zrx_u16fix_out out,
               void *ud)
{
	unsigned char comb[24];
	const unsigned char *bs;
	size_t take, total, k, left;

	while (f->npend > 0) {
		take = n < 12 ? n : 12;
		memcpy(comb, f->pend, f->npend);
		memcpy(comb + f->npend, d, take);
		total = f->npend + take;
		k = settle_escape(f, comb, total < 12 ? total : 12);
		if (k == 0) {
			memcpy(f->pend, comb, total);
			f->npend = total;
			return n;
		}
		if (out(ud, comb, k) != 0)
			return SIZE_MAX;
		if (k >= f->npend) {
			k -= f->npend;
			f->npend = 0;
			return k;
		}
		/* the escape ended inside the held bytes: go on from there */
		left = f->npend - k;
		bs = memchr(comb + k, '\\', left);
		if (bs == NULL) {
			f->npend = 0;
			return out(ud, comb + k, left) != 0 ? SIZE_MAX : 0;
		}
		if (out(ud, comb + k, (size_t)(bs - (comb + k))) != 0)
			return SIZE_MAX;
		f->npend = left - (size_t)(bs - (comb + k));
		memmove(f->pend, bs, f->npend);
	}
	return 0;
}

/* Feed d[0..n) to yajl with lone surrogate escapes rewritten.  Bytes are
 * passed straight through; only an escape that straddles the chunk's end
 * is held back (at most 11 bytes). */
int
zrx_u16fix_feed(struct zrx_u16fix *f, const unsigned char *d, size_t n, zrx_u16fix_out out,
                void *ud)
{
	size_t i = 0, start, k, take;

	if (f->npend > 0) {
		i = settle_pending(f, d, n, out, ud);
		if (i == SIZE_MAX)
			return -1;
	}
	start = i;
	while (i < n) {
		const unsigned char *bs = memchr(d + i, '\\', n - i);
		unsigned char tmp[12];

		if (bs == NULL)
			break;
		i = (size_t)(bs - d);
		take = n - i < sizeof(tmp) ? n - i : sizeof(tmp);
		memcpy(tmp, d + i, take);
		k = settle_escape(f, tmp, take);
		if (k == 0) {
			/* held until the next chunk */
			if (out(ud, d + start, i - start) != 0)
				return -1;
			memcpy(f->pend, d + i, take);
			f->npend = take;
			return 0;
		}
		if (memcmp(tmp, d + i, k) != 0) {
			/* rewritten: feed what came before, then the new escape */
			if (out(ud, d + start, i - start) != 0 || out(ud, tmp, k) != 0)
				return -1;
			start = i + k;
		}
		i += k;
	}
	return out(ud, d + start, n - start);
}


int
zrx_u16fix_finish(struct zrx_u16fix *f, zrx_u16fix_out out, void *ud)
{
	size_t n = f->npend;

	f->npend = 0;
	return n > 0 && out(ud, f->pend, n) != 0 ? -1 : 0;
}
