/* urlenc.c - percent-encoding for URL path segments and query values. */
#include "config.h"

#include "urlenc.h"

static int
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '.' || c == '_' || c == '~';
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

void
zrx_url_encode(struct zrx_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	char esc[3];
	size_t i, run;

	for (i = 0; i < n; i = run) {
		/* copy runs of unreserved bytes in one append */
		for (run = i; run < n && unreserved((unsigned char)s[run]); run++)
			;
		if (run > i)
			zrx_buf_append(b, s + i, run - i);
		if (run < n) {
			unsigned char c = (unsigned char)s[run];

			esc[0] = '%';
			esc[1] = hex[c >> 4];
			esc[2] = hex[c & 15];
			zrx_buf_append(b, esc, 3);
			run++;
		}
	}
	if (n == 0)
		zrx_buf_append(b, "", 0);
}

long
zrx_url_decode(char *s, size_t n, int plus_is_space)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi, lo;

			if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
				return -1;
			s[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus_is_space)
			s[o++] = ' ';
		else
			s[o++] = s[i];
	}
	if (o < n)
		s[o] = '\0';
	return (long)o;
}

void
zrx_url_encode_segment(struct zrx_buf *b, const char *s, size_t n)
{
	/* "." and ".." would be resolved away as dot-segments (RFC 3986
	 * 5.2.4): as %2E they are plain data */
	if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.')) {
		zrx_buf_puts(b, n == 1 ? "%2E" : "%2E%2E");
		return;
	}
	zrx_url_encode(b, s, n);
}
