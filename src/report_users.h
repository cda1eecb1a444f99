/* report_users.h - names and departments for the report, from a `zrx
 * users` NDJSON output (gzip or plain), read with the list parser of API
 * responses (recparse.c).  Memory grows with the account's users. */
#ifndef ZRX_REPORT_USERS_H
#define ZRX_REPORT_USERS_H

#include <stddef.h>

#include "util.h"

struct zrx_rusers;

/* Load path.  0 and *out (caller frees with zrx_rusers_free), or -1 with
 * the reason appended to err (a line number where there is one). */
int zrx_rusers_load(const char *path, struct zrx_rusers **out, struct zrx_buf *err) ZRX_WUR;

/* The user a "_user" value names: its id, else its e-mail (ASCII letters
 * in any case).  1 and *name (display_name, else first and last name,
 * else NULL) and *dept ("" when the user has none), or 0.  Strings are
 * owned by u. */
int zrx_rusers_find(const struct zrx_rusers *u, const char *key, size_t len,
                    const char **name, size_t *name_len,
                    const char **dept, size_t *dept_len);

/* Users the file held. */
size_t zrx_rusers_count(const struct zrx_rusers *u);

void zrx_rusers_free(struct zrx_rusers *u); /* NULL ok */

#endif
