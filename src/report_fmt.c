/* report_fmt.c - HTML escaping and number formatting for the report. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "jsonw.h"
#include "report_fmt.h"

static void
put_utf8(struct zrx_buf *b, unsigned cp)
{
	char u[3];

	/* only used for U+2400..U+2421 and U+FFFD: three bytes */
	u[0] = (char)(0xe0 | (cp >> 12));
	u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	u[2] = (char)(0x80 | (cp & 0x3f));
	zrx_buf_append(b, u, 3);
}

/* The code point of the valid sequence p[0..k). */
static unsigned
decode(const unsigned char *p, size_t k)
{
	switch (k) {
	case 1: return p[0];
	case 2: return (p[0] & 0x1fu) << 6 | (p[1] & 0x3fu);
	case 3: return (p[0] & 0x0fu) << 12 | (p[1] & 0x3fu) << 6 | (p[2] & 0x3fu);
	default:
		return (p[0] & 0x07u) << 18 | (p[1] & 0x3fu) << 12 | (p[2] & 0x3fu) << 6 |
		    (p[3] & 0x3fu);
	}
}

static int
noncharacter(unsigned cp)
{
	return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
}

void
zrx_html_esc(struct zrx_buf *b, const char *s, size_t n, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, chars = 0;
	unsigned cp;

	while (i < n) {
		if (chars++ == max) {
			zrx_buf_puts(b, "\xe2\x80\xa6"); /* … */
			return;
		}
		k = zrx_utf8_seq(p + i, n - i);
		if (k == 0) {
			put_utf8(b, 0xfffd);
			i++;
			continue;
		}
		cp = decode(p + i, k);
		switch (cp) {
		case '&': zrx_buf_puts(b, "&amp;"); break;
		case '<': zrx_buf_puts(b, "&lt;"); break;
		case '>': zrx_buf_puts(b, "&gt;"); break;
		case '"': zrx_buf_puts(b, "&quot;"); break;
		case '\'': zrx_buf_puts(b, "&#39;"); break;
		case '\t': case '\n': case '\r':
			zrx_buf_putc(b, (char)cp);
			break;
		default:
			if (cp < 0x20)
				put_utf8(b, 0x2400 + cp);
			else if (cp == 0x7f)
				put_utf8(b, 0x2421);
			else if ((cp >= 0x80 && cp <= 0x9f) || noncharacter(cp))
				put_utf8(b, 0xfffd);
			else
				zrx_buf_append(b, p + i, k);
			break;
		}
		i += k;
	}
}

void
zrx_html_cesc(struct zrx_buf *b, const char *s)
{
	zrx_html_esc(b, s, strlen(s), (size_t)-1);
}

void
zrx_fmt_count_s(char *out, size_t size, zrx_u128 v)
{
	char d[64];
	size_t n = 0, i, o = 0;

	do {
		d[n++] = (char)('0' + (unsigned)(v % 10));
		v /= 10;
	} while (v != 0);
	/* d holds the digits backwards */
	for (i = n; i > 0 && o + 1 < size; i--) {
		out[o++] = d[i - 1];
		if (i > 1 && (i - 1) % 3 == 0 && o + 1 < size)
			out[o++] = ',';
	}
	out[o] = '\0';
}

void
zrx_fmt_count(struct zrx_buf *b, zrx_u128 v)
{
	char t[64];

	zrx_fmt_count_s(t, sizeof(t), v);
	zrx_buf_puts(b, t);
}

void
zrx_fmt_bytes_s(char *out, size_t size, zrx_u128 v)
{
	static const char *const units[] = { "B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB" };
	long double x = (long double)v;
	size_t u = 0;

	if (v < 1000) {
		snprintf(out, size, "%u B", (unsigned)v);
		return;
	}
	while (x >= 999.5L && u + 1 < ZRX_ARRAY_LEN(units)) {
		x /= 1000.0L;
		u++;
	}
	if (x >= 999.5L)
		snprintf(out, size, "%.3Lg %s", x, units[u]);
	else if (x >= 99.95L)
		snprintf(out, size, "%.0Lf %s", x, units[u]);
	else if (x >= 9.995L)
		snprintf(out, size, "%.1Lf %s", x, units[u]);
	else
		snprintf(out, size, "%.2Lf %s", x, units[u]);
}

void
zrx_fmt_bytes(struct zrx_buf *b, zrx_u128 v)
{
	char t[64];

	zrx_fmt_bytes_s(t, sizeof(t), v);
	zrx_buf_puts(b, t);
}

void
zrx_fmt_hours(struct zrx_buf *b, zrx_u128 ms)
{
	zrx_u128 tenths = (ms + 180000) / 360000;

	zrx_fmt_count(b, tenths / 10);
	zrx_buf_printf(b, ".%u", (unsigned)(tenths % 10));
}
