/* csv.c - RFC 4180 fields. */
#include "config.h"

#include <string.h>

#include "csv.h"

static int
needs_quotes(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	}
	return 0;
}

void
zrx_csv_field(struct zrx_buf *b, const char *s, size_t n)
{
	const char *q, *end = s + n;

	if (!needs_quotes(s, n)) {
		if (n > 0)
			zrx_buf_append(b, s, n);
		return;
	}
	zrx_buf_putc(b, '"');
	while (s < end) {
		q = memchr(s, '"', (size_t)(end - s));
		if (q == NULL) {
			zrx_buf_append(b, s, (size_t)(end - s));
			break;
		}
		/* Copy through the quote, then double it. */
		zrx_buf_append(b, s, (size_t)(q - s) + 1);
		zrx_buf_putc(b, '"');
		s = q + 1;
	}
	zrx_buf_putc(b, '"');
}
