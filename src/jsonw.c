/* jsonw.c - writing JSON text: the one canonical string escaping zrx uses. */
#include "config.h"

#include <string.h>

#include "jsonw.h"

/* The escape of byte c, or NULL when c is copied as is. */
static const char *
short_escape(unsigned char c)
{
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	default:
		return NULL;
	}
}

static int
needs_escape(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == '"' || c == '\\';
}

void
zrx_json_str(struct zrx_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run;
	char esc[6];
	const char *e;

	zrx_buf_putc(b, '"');
	while (i < n) {
		run = i;
		while (run < n && !needs_escape(u[run]))
			run++;
		if (run > i)
			zrx_buf_append(b, s + i, run - i);
		if (run == n)
			break;
		e = short_escape(u[run]);
		if (e != NULL) {
			zrx_buf_append(b, e, 2);
		} else {
			esc[0] = '\\';
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[u[run] >> 4];
			esc[5] = hex[u[run] & 0xf];
			zrx_buf_append(b, esc, sizeof(esc));
		}
		i = run + 1;
	}
	zrx_buf_putc(b, '"');
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
