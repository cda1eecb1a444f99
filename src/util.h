/* util.h - allocation that cannot fail, and a growable byte buffer. */
#ifndef ZRX_UTIL_H
#define ZRX_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ZRX_WUR __attribute__((warn_unused_result))
#define ZRX_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ZRX_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define zrx_container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* Out of memory: libzrx's one policy, as in git and tmux, is to print a
 * message and abort; an allocation never returns NULL. */
void zrx_oom(size_t n) __attribute__((noreturn));

/* Allocators that call zrx_oom on exhaustion; never NULL. */
void *zrx_xmalloc(size_t n);
void *zrx_xcalloc(size_t n, size_t size);
void *zrx_xrealloc(void *p, size_t n);
char *zrx_xstrdup(const char *s);            /* caller owns the result */
char *zrx_xstrndup(const char *s, size_t n); /* caller owns; NUL-terminated */
char *zrx_xasprintf(const char *fmt, ...) ZRX_PRINTF(1, 2); /* caller owns */

/* A growable byte buffer.  data is NUL-terminated whenever len > 0 or after
 * any append, so it may be used as a C string when it holds no NUL. */
struct zrx_buf {
	char *data;
	size_t len;
	size_t cap;
};

void zrx_buf_init(struct zrx_buf *b);                              /* empty, no allocation */
void zrx_buf_grow_append(struct zrx_buf *b, const void *p, size_t n);
void zrx_buf_puts(struct zrx_buf *b, const char *s);               /* appends a C string */

/* Copies n bytes (inline while they fit: the parser's hot path). */
static inline void
zrx_buf_append(struct zrx_buf *b, const void *p, size_t n)
{
	if (n < b->cap - b->len) { /* cap > len always holds once allocated */
		if (n > 0)
			memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else {
		zrx_buf_grow_append(b, p, n);
	}
}

static inline void
zrx_buf_putc(struct zrx_buf *b, char c)
{
	zrx_buf_append(b, &c, 1);
}

void zrx_buf_printf(struct zrx_buf *b, const char *fmt, ...) ZRX_PRINTF(2, 3);
void zrx_buf_vprintf(struct zrx_buf *b, const char *fmt, va_list ap) ZRX_PRINTF(2, 0);
void zrx_buf_reset(struct zrx_buf *b);                             /* len = 0, keeps memory */
void zrx_buf_free(struct zrx_buf *b);                              /* releases memory; NULL ok */

/* Milliseconds: CLOCK_MONOTONIC, and CLOCK_REALTIME since the epoch. */
uint64_t zrx_now_ms(void);
int64_t zrx_wall_ms(void);

/* A duration as the progress line shows it: "12m05s", or "3h07m". */
void zrx_format_duration(char *out, size_t n, uint64_t ms);

/* Format epoch milliseconds as "YYYY-MM-DDTHH:MM:SSZ" into out[21]. */
void zrx_format_iso8601(int64_t epoch_ms, char out[21]);

/* A decimal number without sign, space or anything else, in 0..UINT64_MAX:
 * 0 with *out, or -1 (empty, not digits, overflow).  s[0..n). */
int zrx_parse_u64(const char *s, size_t n, uint64_t *out) ZRX_WUR;

#endif
