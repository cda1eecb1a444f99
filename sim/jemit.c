/* jemit.c - write one JSON text twice: canonical (the truth) and as served. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "jemit.h"

void
sim_jw_init(struct sim_jw *jw, struct zrx_buf *canon, struct zrx_buf *wire,
    unsigned style)
{
	jw->canon = canon;
	jw->wire = wire;
	jw->style = style;
	jw->depth = 0;
	jw->after_key = 0;
	memset(jw->first, 1, sizeof(jw->first));
}

static void
wire_indent(struct sim_jw *jw)
{
	int i;

	zrx_buf_putc(jw->wire, '\n');
	for (i = 0; i < jw->depth; i++)
		zrx_buf_puts(jw->wire, "  ");
}

/* Separator before a value or key at the current depth. */
static void
sep(struct sim_jw *jw)
{
	if (jw->after_key) {
		jw->after_key = 0;
		return;
	}
	if (jw->depth == 0)
		return;
	if (!jw->first[jw->depth]) {
		if (jw->canon != NULL)
			zrx_buf_putc(jw->canon, ',');
		if (jw->wire != NULL) {
			zrx_buf_putc(jw->wire, ',');
			if ((jw->style & (SIM_JW_SPACES | SIM_JW_NEWLINES)) ==
			    SIM_JW_SPACES)
				zrx_buf_putc(jw->wire, ' ');
		}
	}
	jw->first[jw->depth] = 0;
	if (jw->wire != NULL && (jw->style & SIM_JW_NEWLINES))
		wire_indent(jw);
}

static void
put_both(struct sim_jw *jw, const char *s, size_t n)
{
	if (jw->canon != NULL)
		zrx_buf_append(jw->canon, s, n);
	if (jw->wire != NULL)
		zrx_buf_append(jw->wire, s, n);
}

static void
open_c(struct sim_jw *jw, char c)
{
	sep(jw);
	put_both(jw, &c, 1);
	if (jw->depth + 1 >= SIM_JW_MAXDEPTH) {
		fprintf(stderr, "zrx-sim: JSON nesting too deep\n");
		abort();
	}
	jw->depth++;
	jw->first[jw->depth] = 1;
}

static void
close_c(struct sim_jw *jw, char c)
{
	int empty = jw->first[jw->depth];

	jw->depth--;
	if (jw->wire != NULL && (jw->style & SIM_JW_NEWLINES) && !empty)
		wire_indent(jw);
	put_both(jw, &c, 1);
}

void
sim_jw_obj(struct sim_jw *jw)
{
	open_c(jw, '{');
}

void
sim_jw_obj_end(struct sim_jw *jw)
{
	close_c(jw, '}');
}

void
sim_jw_arr(struct sim_jw *jw)
{
	open_c(jw, '[');
}

void
sim_jw_arr_end(struct sim_jw *jw)
{
	close_c(jw, ']');
}

void
sim_jw_key(struct sim_jw *jw, const char *k)
{
	size_t n = strlen(k);

	sep(jw);
	if (jw->canon != NULL) {
		zrx_json_str(jw->canon, k, n);
		zrx_buf_putc(jw->canon, ':');
	}
	if (jw->wire != NULL) {
		zrx_json_str(jw->wire, k, n);
		zrx_buf_putc(jw->wire, ':');
		if (jw->style & (SIM_JW_SPACES | SIM_JW_NEWLINES))
			zrx_buf_putc(jw->wire, ' ');
	}
	jw->after_key = 1;
}

void
sim_jw_str(struct sim_jw *jw, const char *s, size_t n)
{
	sep(jw);
	if (jw->canon != NULL)
		zrx_json_str(jw->canon, s, n);
	if (jw->wire != NULL)
		sim_wire_str(jw->wire, s, n, jw->style);
}

void
sim_jw_cstr(struct sim_jw *jw, const char *s)
{
	sim_jw_str(jw, s, strlen(s));
}

void
sim_jw_num(struct sim_jw *jw, const char *literal)
{
	sep(jw);
	put_both(jw, literal, strlen(literal));
}

void
sim_jw_u64(struct sim_jw *jw, uint64_t v)
{
	char t[24];

	snprintf(t, sizeof(t), "%" PRIu64, v);
	sim_jw_num(jw, t);
}

void
sim_jw_i64(struct sim_jw *jw, int64_t v)
{
	char t[24];

	snprintf(t, sizeof(t), "%" PRId64, v);
	sim_jw_num(jw, t);
}

void
sim_jw_bool(struct sim_jw *jw, int v)
{
	sim_jw_num(jw, v ? "true" : "false");
}

void
sim_jw_null(struct sim_jw *jw)
{
	sim_jw_num(jw, "null");
}

void
sim_jw_raw(struct sim_jw *jw, const char *canon, size_t cn, const char *wire,
    size_t wn)
{
	sep(jw);
	if (jw->canon != NULL)
		zrx_buf_append(jw->canon, canon, cn);
	if (jw->wire != NULL)
		zrx_buf_append(jw->wire, wire, wn);
}

static void
put_u(struct zrx_buf *b, unsigned cp, int upper)
{
	static const char lo[] = "0123456789abcdef", up[] = "0123456789ABCDEF";
	const char *hex = upper ? up : lo;
	char e[6];

	e[0] = '\\';
	e[1] = 'u';
	e[2] = hex[(cp >> 12) & 0xf];
	e[3] = hex[(cp >> 8) & 0xf];
	e[4] = hex[(cp >> 4) & 0xf];
	e[5] = hex[cp & 0xf];
	zrx_buf_append(b, e, sizeof(e));
}

/* Decode the UTF-8 sequence at u[0..n); returns its length (1 for a stray
 * byte, which is then copied raw). */
static size_t
utf8_decode(const unsigned char *u, size_t n, unsigned *cp)
{
	size_t len, i;
	unsigned c;

	if (u[0] >= 0xf0 && u[0] < 0xf8) {
		len = 4;
		c = u[0] & 0x07;
	} else if (u[0] >= 0xe0) {
		len = 3;
		c = u[0] & 0x0f;
	} else if (u[0] >= 0xc0) {
		len = 2;
		c = u[0] & 0x1f;
	} else {
		*cp = u[0];
		return 1;
	}
	if (len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (u[i] & 0x3f);
	}
	*cp = c;
	return len;
bad:
	*cp = 0xfffd;
	return 0;
}

void
sim_wire_str(struct zrx_buf *b, const char *s, size_t n, unsigned style)
{
	const unsigned char *u = (const unsigned char *)s;
	int upper = (style & SIM_JW_CTRL_U) != 0;
	size_t i = 0, len;
	unsigned cp;

	zrx_buf_putc(b, '"');
	while (i < n) {
		unsigned char c = u[i];

		if (c >= 0x80) {
			if (!(style & SIM_JW_UNICODE) ||
			    (len = utf8_decode(u + i, n - i, &cp)) == 0) {
				zrx_buf_putc(b, (char)c);
				i++;
				continue;
			}
			if (cp >= 0x10000) {
				cp -= 0x10000;
				put_u(b, 0xd800 + (cp >> 10), upper);
				put_u(b, 0xdc00 + (cp & 0x3ff), upper);
			} else {
				put_u(b, cp, upper);
			}
			i += len;
			continue;
		}
		i++;
		if (c == '"' || c == '\\') {
			if (style & SIM_JW_QUOTE_U) {
				put_u(b, c, 1);
			} else {
				zrx_buf_putc(b, '\\');
				zrx_buf_putc(b, (char)c);
			}
		} else if (c == '/' && (style & SIM_JW_SLASH)) {
			zrx_buf_puts(b, "\\/");
		} else if (c < 0x20 || (c == 0x7f && upper)) {
			const char *e = NULL;

			if (!upper) {
				switch (c) {
				case '\b': e = "\\b"; break;
				case '\f': e = "\\f"; break;
				case '\n': e = "\\n"; break;
				case '\r': e = "\\r"; break;
				case '\t': e = "\\t"; break;
				default: break;
				}
			}
			if (e != NULL)
				zrx_buf_puts(b, e);
			else
				put_u(b, c, upper);
		} else {
			zrx_buf_putc(b, (char)c);
		}
	}
	zrx_buf_putc(b, '"');
}
