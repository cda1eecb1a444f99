/* report_fmt.h - text for the report page: HTML escaping of strings that
 * come from Zoom or the user, and numbers as people read them. */
#ifndef ZRX_REPORT_FMT_H
#define ZRX_REPORT_FMT_H

#include <stddef.h>

#include "report_rec.h"
#include "util.h"

/*
 * Append s[0..n) escaped for HTML text and for a double-quoted attribute
 * (also inside inline SVG): & < > " ' as character references; bytes that
 * are not valid UTF-8, C1 controls and noncharacters as U+FFFD; the other
 * controls (NUL included, TAB, LF and CR excepted) and DEL as their
 * visible Unicode pictures (U+2400..U+2421).  At most max characters are
 * written (then an ellipsis); (size_t)-1 for all.
 */
void zrx_html_esc(struct zrx_buf *b, const char *s, size_t n, size_t max);

/* zrx_html_esc of a C string, whole. */
void zrx_html_cesc(struct zrx_buf *b, const char *s);

/* v with thousands separators: "1,234,567". */
void zrx_fmt_count(struct zrx_buf *b, zrx_u128 v);

/* Bytes in decimal units, three significant digits: "512 B", "1.23 GB". */
void zrx_fmt_bytes(struct zrx_buf *b, zrx_u128 v);

/* Milliseconds as hours, one decimal, with separators: "1,234.5". */
void zrx_fmt_hours(struct zrx_buf *b, zrx_u128 ms);

/* The same texts into a fixed buffer (cut to size, NUL-terminated). */
void zrx_fmt_count_s(char *out, size_t size, zrx_u128 v);
void zrx_fmt_bytes_s(char *out, size_t size, zrx_u128 v);

#endif
