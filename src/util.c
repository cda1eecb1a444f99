/* util.c - allocation, byte buffers, clocks. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

void
zrx_oom(size_t n)
{
	fprintf(stderr, "zrx: out of memory (%zu bytes)\n", n);
	abort();
}

void *
zrx_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		zrx_oom(n);
	return p;
}

void *
zrx_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		zrx_oom(n * size);
	return p;
}

void *
zrx_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		zrx_oom(n);
	return q;
}

char *
zrx_xstrdup(const char *s)
{
	return zrx_xstrndup(s, strlen(s));
}

char *
zrx_xstrndup(const char *s, size_t n)
{
	char *p = zrx_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
zrx_xasprintf(const char *fmt, ...)
{
	struct zrx_buf b;
	va_list ap;

	zrx_buf_init(&b);
	va_start(ap, fmt);
	zrx_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (b.data == NULL)
		return zrx_xstrdup("");
	return b.data;
}

void
zrx_buf_init(struct zrx_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

static void
buf_reserve(struct zrx_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1, cap;

	if (need < b->len)
		zrx_oom(SIZE_MAX);
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			zrx_oom(need);
		cap *= 2;
	}
	b->data = zrx_xrealloc(b->data, cap);
	b->cap = cap;
}

void
zrx_buf_grow_append(struct zrx_buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
zrx_buf_puts(struct zrx_buf *b, const char *s)
{
	zrx_buf_append(b, s, strlen(s));
}

void
zrx_buf_vprintf(struct zrx_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
zrx_buf_printf(struct zrx_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zrx_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
zrx_buf_reset(struct zrx_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
zrx_buf_free(struct zrx_buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	zrx_buf_init(b);
}

uint64_t
zrx_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int64_t
zrx_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
zrx_format_iso8601(int64_t epoch_ms, char out[21])
{
	time_t t = (time_t)(epoch_ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
zrx_parse_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

void
zrx_format_duration(char *out, size_t n, uint64_t ms)
{
	uint64_t s = ms / 1000;

	if (s >= 3600)
		snprintf(out, n, "%lluh%02llum", (unsigned long long)(s / 3600),
		    (unsigned long long)(s / 60 % 60));
	else
		snprintf(out, n, "%llum%02llus", (unsigned long long)(s / 60),
		    (unsigned long long)(s % 60));
}
