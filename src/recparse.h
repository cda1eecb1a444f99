/* recparse.h - streaming parser of list responses (recordings and users).
 *
 * Bytes arrive in any chunking; yajl turns them into events; every element
 * of the response's list ("meetings" or "users") is handed to the callback
 * the moment its closing brace arrives: the element as compact JSON exactly
 * as sent (keys in order, unknown keys kept, numbers digit for digit,
 * strings re-escaped by zrx_json_str), and the values of the known columns
 * (recfmt.c turns an item into an NDJSON line or CSV rows).  The body is
 * never held whole.
 */
#ifndef ZRX_RECPARSE_H
#define ZRX_RECPARSE_H

#include <stddef.h>
#include "options.h"
#include "zrx.h"

/* The columns whose values an item carries, in CSV order (recfmt.c): a
 * meeting's, a recording file's, a user's. */
extern const char *const zrx_meeting_cols[];
extern const char *const zrx_file_cols[];
extern const char *const zrx_user_cols[];
#define ZRX_NMEETING_COLS 11
#define ZRX_NFILE_COLS 11
#define ZRX_NUSER_COLS 13

enum zrx_vkind { ZRX_V_NONE = 0, ZRX_V_STR, ZRX_V_NUM, ZRX_V_BOOL, ZRX_V_JSON };

/* A column's value: absent/null (ZRX_V_NONE), an unescaped string, a
 * number's digits, true/false, or a nested object/array as JSON text.  Not
 * NUL-terminated; valid only during the item callback. */
struct zrx_value {
	enum zrx_vkind kind;
	const char *s;
	size_t n;
};

struct zrx_recparse;

/* One list element, valid only during the callback. Pointers are not
 * NUL-terminated; a NULL pointer means the key was absent or not a string. */
struct zrx_item {
	const char *json;       /* the element as compact JSON, "{...}" */
	size_t json_len;
	const char *key;        /* meetings: "uuid"; users: "id" */
	size_t key_len;
	const char *start_time; /* meetings: "start_time" */
	size_t start_time_len;
	const char *email;      /* users: "email" */
	size_t email_len;
	const char *status;     /* users: "status" */
	size_t status_len;
	size_t nfiles;          /* meetings: elements of "recording_files" */
	const struct zrx_recparse *p; /* for the column accessors */
};

/* Return 0 to go on; nonzero aborts the parse (feed then returns -1 and
 * zrx_recparse_error says "stopped by the item callback"). */
typedef int (*zrx_item_cb)(void *ud, const struct zrx_item *item);

/* A parser for one response body.  Never NULL. */
struct zrx_recparse *zrx_recparse_new(enum zrx_kind kind, zrx_item_cb cb, void *ud);

/* Feed the next chunk.  0, or -1 on invalid JSON, a body that is not the
 * expected shape (root not an object, list not an array of objects), an
 * element over 16 MiB, or an aborting callback; zrx_recparse_error() then
 * says why. */
int zrx_recparse_feed(struct zrx_recparse *p, const char *data, size_t len);

/* The body ended: 0 if it was a complete, valid document, else -1. */
int zrx_recparse_finish(struct zrx_recparse *p);

/* Why the last call failed (static or parser-owned text). */
const char *zrx_recparse_error(const struct zrx_recparse *p);

/* Top-level "next_page_token" (after finish): NULL when absent or null,
 * possibly "" on the last page.  Parser-owned, NUL-terminated. */
const char *zrx_recparse_next_page_token(const struct zrx_recparse *p);

/* Top-level "from" (the range the API actually served), "" when absent or
 * not a short string.  Parser-owned, NUL-terminated. */
const char *zrx_recparse_from(const struct zrx_recparse *p);

/* Items delivered so far, and lone UTF-16 surrogates replaced by U+FFFD. */
size_t zrx_recparse_items(const struct zrx_recparse *p);
size_t zrx_recparse_surrogates(const struct zrx_recparse *p);

/* The value of column col of the item's element (meetings: col indexes
 * zrx_meeting_cols; users: zrx_user_cols), and of its recording file f
 * (f < item->nfiles). */
void zrx_item_col(const struct zrx_item *it, size_t col, struct zrx_value *v);
void zrx_item_file_col(const struct zrx_item *it, size_t f, size_t col, struct zrx_value *v);

void zrx_recparse_free(struct zrx_recparse *p); /* NULL ok */

#endif
