/* recparse.h - streaming parser of list responses (recordings and users).
 *
 * Bytes arrive in any chunking; yajl turns them into events; every element
 * of the response's list ("meetings" or "users") is re-emitted as one output
 * record the moment its closing brace arrives: an NDJSON line (the object
 * exactly as sent: keys in order, unknown keys kept, numbers digit for digit,
 * strings re-escaped by zrx_json_str, plus "_user" for meetings) or CSV rows.
 * The body is never held whole.
 */
#ifndef ZRX_RECPARSE_H
#define ZRX_RECPARSE_H

#include <stddef.h>
#include "zrx.h"

enum zrx_kind {
	ZRX_KIND_MEETINGS = 0, /* GET /users/{id}/recordings: list "meetings" */
	ZRX_KIND_USERS = 1     /* GET /users: list "users" */
};

/* The CSV header row (with its '\n') of each kind. Static storage. */
const char *zrx_csv_header(enum zrx_kind kind);

/* One list element, valid only during the callback. Pointers are not
 * NUL-terminated; a NULL pointer means the key was absent or not a string. */
struct zrx_item {
	const char *key;        /* meetings: "uuid"; users: "id" */
	size_t key_len;
	const char *start_time; /* meetings: "start_time" */
	size_t start_time_len;
	const char *email;      /* users: "email" */
	size_t email_len;
	const char *status;     /* users: "status" */
	size_t status_len;
	const char *rec;        /* the formatted record: one NDJSON line, or one or
	                           more CSV rows, each ending in '\n' */
	size_t rec_len;
	size_t nfiles;          /* meetings: elements of "recording_files" */
};

/* Return 0 to go on; nonzero aborts the parse (feed then returns -1). */
typedef int (*zrx_item_cb)(void *ud, const struct zrx_item *item);

struct zrx_recparse;

/* A parser for one response body.  user (user_len bytes) is the "_user"
 * value appended to meetings (ignored for users).  Never NULL. */
struct zrx_recparse *zrx_recparse_new(enum zrx_kind kind, enum zrx_format fmt,
                                      const char *user, size_t user_len,
                                      zrx_item_cb cb, void *ud);

/* Feed the next chunk.  0, or -1 on invalid JSON, a body that is not the
 * expected shape (root not an object, list not an array of objects), or an
 * aborting callback; zrx_recparse_error() then says why. */
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

/* Top-level "total_records" as a number (after finish), -1 if absent. */
long long zrx_recparse_total_records(const struct zrx_recparse *p);

/* Number of items delivered so far. */
size_t zrx_recparse_items(const struct zrx_recparse *p);

void zrx_recparse_free(struct zrx_recparse *p); /* NULL ok */

#endif
