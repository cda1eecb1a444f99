/* report_rec.c - reading the values of a report record: present or not,
 * an exact unsigned integer, a timestamp; decimal text of a 128-bit sum. */
#include "config.h"

#include <string.h>

#include "dates.h"
#include "report_rec.h"

int
zrx_rval_present(const struct zrx_value *v)
{
	return v->kind != ZRX_V_NONE && v->n > 0;
}

int
zrx_rval_uint(const struct zrx_value *v, zrx_u128 *out)
{
	const zrx_u128 limit = (zrx_u128)1 << 96;
	zrx_u128 x = 0;
	size_t i;

	if (v->kind == ZRX_V_NONE || (v->kind == ZRX_V_STR && v->n == 0))
		return 1;
	if ((v->kind != ZRX_V_NUM && v->kind != ZRX_V_STR) || v->n == 0)
		return -1;
	for (i = 0; i < v->n; i++) {
		unsigned char c = (unsigned char)v->s[i];

		if (c < '0' || c > '9')
			return -1;
		x = x * 10 + (c - '0');
		if (x >= limit)
			return -1;
	}
	*out = x;
	return 0;
}

int
zrx_rval_time(const struct zrx_value *v, int64_t *ms)
{
	if (v->kind != ZRX_V_STR)
		return -1;
	return zrx_time_parse_epoch_ms(v->s, v->n, ms);
}

int
zrx_rval_is(const struct zrx_value *v, const char *s)
{
	size_t n = strlen(s);

	return v->kind == ZRX_V_STR && v->n == n && memcmp(v->s, s, n) == 0;
}

void
zrx_u128_put(struct zrx_buf *b, zrx_u128 v)
{
	char d[40];
	size_t i = sizeof(d);

	do {
		d[--i] = (char)('0' + (unsigned)(v % 10));
		v /= 10;
	} while (v != 0);
	zrx_buf_append(b, d + i, sizeof(d) - i);
}
