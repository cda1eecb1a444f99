/* csv.h - RFC 4180 fields. */
#ifndef ZRX_CSV_H
#define ZRX_CSV_H

#include <stddef.h>
#include "util.h"

/* Append s[0..n) as one CSV field: quoted (with '"' doubled) when it holds
 * ',', '"', CR or LF, otherwise as is.  NUL bytes are copied as is.  The
 * caller adds the ',' separators and the '\n' row end. */
void zrx_csv_field(struct zrx_buf *b, const char *s, size_t n);

#endif
