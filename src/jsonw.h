/* jsonw.h - writing JSON text: the one canonical string escaping zrx uses. */
#ifndef ZRX_JSONW_H
#define ZRX_JSONW_H

#include <stddef.h>
#include "util.h"

/*
 * Append s[0..n) (which may hold NUL bytes; assumed valid UTF-8) as a JSON
 * string literal, quotes included.  Canonical escaping: \" \\ \b \f \n \r \t
 * for those characters, \u00xx (lowercase hex) for every other byte below
 * 0x20 and for 0x7f; every other byte (including '/' and all non-ASCII
 * UTF-8) is copied as is.  zrx-sim's truth uses the same function, so an
 * export compares byte for byte.
 */
void zrx_json_str(struct zrx_buf *b, const char *s, size_t n);

/* Convenience for NUL-terminated strings; NULL appends the literal null. */
void zrx_json_cstr(struct zrx_buf *b, const char *s);

#endif
