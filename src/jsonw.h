/* jsonw.h - the one JSON writer: canonical string escaping, and a small
 * streaming writer of objects and arrays that places the separators, used
 * for every JSON text zrx writes (manifests, errors files, the state
 * journal, JSON logs, the keys zrx appends to records). */
#ifndef ZRX_JSONW_H
#define ZRX_JSONW_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

/*
 * Append s[0..n) (which may hold NUL bytes) as a JSON string literal,
 * quotes included.  Canonical escaping: \" \\ \b \f \n \r \t for those
 * characters, \u00xx (lowercase hex) for every other byte below 0x20 and
 * for 0x7f; '/' and valid non-ASCII UTF-8 are copied as they are.  A byte
 * that is not part of valid UTF-8 (overlong forms, surrogates, beyond
 * U+10FFFF, truncated sequences) becomes U+FFFD, so the output is always
 * valid UTF-8.  Returns the number of such replacements.  zrx-sim's truth
 * uses the same function, so an export compares byte for byte.
 */
size_t zrx_json_str(struct zrx_buf *b, const char *s, size_t n);

/* Convenience for NUL-terminated strings; NULL appends the literal null. */
void zrx_json_cstr(struct zrx_buf *b, const char *s);

/* Length of the valid UTF-8 sequence at s[0..n) (1..4), or 0 if s does
 * not start one (n > 0). */
size_t zrx_utf8_seq(const unsigned char *s, size_t n);

#define ZRX_JW_DEPTH 16

/* A writer of one JSON value into b: separators and nesting are tracked,
 * so callers only say what comes next.  Misuse (a key outside an object,
 * more than ZRX_JW_DEPTH levels) is a programming error the writer
 * ignores. */
struct zrx_jw {
	struct zrx_buf *b;
	int depth;
	unsigned char first[ZRX_JW_DEPTH + 1]; /* nothing written at this level */
	int after_key;                          /* a key was written, its value comes */
};

void zrx_jw_init(struct zrx_jw *w, struct zrx_buf *b);
void zrx_jw_obj(struct zrx_jw *w);       /* '{' */
void zrx_jw_obj_end(struct zrx_jw *w);   /* '}' */
void zrx_jw_arr(struct zrx_jw *w);       /* '[' */
void zrx_jw_arr_end(struct zrx_jw *w);   /* ']' */
void zrx_jw_key(struct zrx_jw *w, const char *k);             /* "k": */
void zrx_jw_str(struct zrx_jw *w, const char *s, size_t n);
void zrx_jw_cstr(struct zrx_jw *w, const char *s);            /* NULL: null */
void zrx_jw_u64(struct zrx_jw *w, uint64_t v);
void zrx_jw_i64(struct zrx_jw *w, int64_t v);
void zrx_jw_double(struct zrx_jw *w, double v, int decimals); /* fixed point */
void zrx_jw_bool(struct zrx_jw *w, int v);
void zrx_jw_null(struct zrx_jw *w);
/* A value that is already JSON text (a number's digits, an object). */
void zrx_jw_raw(struct zrx_jw *w, const char *json, size_t n);
/* A date (days since 1970-01-01) as "YYYY-MM-DD". */
void zrx_jw_date(struct zrx_jw *w, int32_t days);
/* Epoch milliseconds as "YYYY-MM-DDTHH:MM:SSZ". */
void zrx_jw_time(struct zrx_jw *w, int64_t epoch_ms);

#endif
