/* jsonw.c - the one JSON writer: canonical escaping and a streaming writer. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "jsonw.h"

/* 1 for a byte that cannot be copied as is: an escape, or non-ASCII (which
 * is validated as UTF-8 first). */
static const unsigned char special[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* '"' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* '\\' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, /* DEL */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

size_t
zrx_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c < 0xc2 || c > 0xf4)
		return 0; /* a continuation byte, an overlong lead, beyond U+10FFFF */
	len = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	if (n < len)
		return 0;
	cp = c & (len == 2 ? 0x1f : len == 3 ? 0x0f : 0x07);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0; /* overlong */
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0; /* a UTF-16 surrogate has no UTF-8 form */
	return len;
}

size_t
zrx_json_str(struct zrx_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run, k, bad = 0;
	char esc[6];

	zrx_buf_putc(b, '"');
	while (i < n) {
		run = i;
		while (run < n && !special[u[run]])
			run++;
		if (run > i)
			zrx_buf_append(b, s + i, run - i);
		if (run == n)
			break;
		i = run;
		if (u[i] >= 0x80) {
			k = zrx_utf8_seq(u + i, n - i);
			if (k == 0) {
				zrx_buf_append(b, "\xef\xbf\xbd", 3); /* U+FFFD */
				bad++;
				i++;
			} else {
				zrx_buf_append(b, s + i, k);
				i += k;
			}
			continue;
		}
		esc[0] = '\\';
		switch (u[i]) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[u[i] >> 4];
			esc[5] = hex[u[i] & 0xf];
			zrx_buf_append(b, esc, 6);
			i++;
			continue;
		}
		zrx_buf_append(b, esc, 2);
		i++;
	}
	zrx_buf_putc(b, '"');
	return bad;
}

void
zrx_json_cstr(struct zrx_buf *b, const char *s)
{
	if (s == NULL) {
		zrx_buf_puts(b, "null");
		return;
	}
	zrx_json_str(b, s, strlen(s));
}

/* ---- the writer ---- */

void
zrx_jw_init(struct zrx_jw *w, struct zrx_buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
	w->first[0] = 1;
}

/* The separator a value (or a key) needs here. */
static void
sep(struct zrx_jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (!w->first[w->depth])
		zrx_buf_putc(w->b, ',');
	w->first[w->depth] = 0;
}

static void
open_(struct zrx_jw *w, char c)
{
	sep(w);
	zrx_buf_putc(w->b, c);
	if (w->depth < ZRX_JW_DEPTH)
		w->depth++;
	w->first[w->depth] = 1;
}

static void
close_(struct zrx_jw *w, char c)
{
	zrx_buf_putc(w->b, c);
	if (w->depth > 0)
		w->depth--;
}

void zrx_jw_obj(struct zrx_jw *w) { open_(w, '{'); }
void zrx_jw_obj_end(struct zrx_jw *w) { close_(w, '}'); }
void zrx_jw_arr(struct zrx_jw *w) { open_(w, '['); }
void zrx_jw_arr_end(struct zrx_jw *w) { close_(w, ']'); }

void
zrx_jw_key(struct zrx_jw *w, const char *k)
{
	sep(w);
	zrx_json_cstr(w->b, k);
	zrx_buf_putc(w->b, ':');
	w->after_key = 1;
}

void
zrx_jw_str(struct zrx_jw *w, const char *s, size_t n)
{
	sep(w);
	zrx_json_str(w->b, s, n);
}

void
zrx_jw_cstr(struct zrx_jw *w, const char *s)
{
	sep(w);
	zrx_json_cstr(w->b, s);
}

void
zrx_jw_u64(struct zrx_jw *w, uint64_t v)
{
	sep(w);
	zrx_buf_printf(w->b, "%" PRIu64, v);
}

void
zrx_jw_i64(struct zrx_jw *w, int64_t v)
{
	sep(w);
	zrx_buf_printf(w->b, "%" PRId64, v);
}

void
zrx_jw_double(struct zrx_jw *w, double v, int decimals)
{
	sep(w);
	if (v != v || v > 1e300 || v < -1e300)
		zrx_buf_puts(w->b, "null"); /* JSON has no NaN or infinity */
	else
		zrx_buf_printf(w->b, "%.*f", decimals, v);
}

void
zrx_jw_bool(struct zrx_jw *w, int v)
{
	sep(w);
	zrx_buf_puts(w->b, v ? "true" : "false");
}

void
zrx_jw_null(struct zrx_jw *w)
{
	sep(w);
	zrx_buf_puts(w->b, "null");
}

void
zrx_jw_raw(struct zrx_jw *w, const char *json, size_t n)
{
	sep(w);
	zrx_buf_append(w->b, json, n);
}

void
zrx_jw_date(struct zrx_jw *w, int32_t days)
{
	char d[11];

	zrx_date_format(days, d);
	zrx_jw_cstr(w, d);
}

void
zrx_jw_time(struct zrx_jw *w, int64_t epoch_ms)
{
	char t[21];

	zrx_format_iso8601(epoch_ms, t);
	zrx_jw_cstr(w, t);
}
