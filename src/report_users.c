/* report_users.c - the users file of the report.
 *
 * A `zrx users` NDJSON output is one user object per line.  The list
 * parser of API responses reads it when framed as the response it came
 * from: '{"users":[' first, a comma before every line that holds
 * something but the first, ']}' at the end; so the users file goes
 * through the same yajl parser and column accessors as GET /users. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "recparse.h"
#include "report_map.h"
#include "report_read.h"
#include "report_users.h"

/* Columns of zrx_user_cols. */
enum { UC_FIRST = 2, UC_LAST = 3, UC_DISPLAY = 4, UC_DEPT = 8 };

struct uent {
	char *name; /* NULL: none */
	size_t name_len;
	char *dept;
	size_t dept_len;
};

struct zrx_rusers {
	struct zrx_rmap *ids;
	struct zrx_rmap *emails; /* lowercase */
	size_t *id_ent, *email_ent; /* map index -> entry */
	struct uent *e;
	size_t n, cap;
};

struct loader {
	struct zrx_rusers *u;
	struct zrx_recparse *p;
	int line_start;  /* nothing but blanks on this line yet */
	int started;     /* a user object was fed */
	unsigned long long line;
};

static void
lower_ascii(char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
}

static void
map_to(struct zrx_rmap *m, size_t **ent, const char *k, size_t n, size_t e)
{
	int added;
	size_t i = zrx_rmap_put(m, k, n, &added);

	if (!added)
		return; /* the first user with a key keeps it */
	*ent = zrx_xrealloc(*ent, (i + 1) * sizeof(**ent));
	(*ent)[i] = e;
}

static char *
str_col(const struct zrx_item *it, size_t col, size_t *n)
{
	struct zrx_value v;

	zrx_item_col(it, col, &v);
	if (v.kind != ZRX_V_STR || v.n == 0) {
		*n = 0;
		return NULL;
	}
	*n = v.n;
	return zrx_xstrndup(v.s, v.n);
}

static void
set_name(struct uent *e, const struct zrx_item *it)
{
	size_t fn, ln;
	char *first, *last;

	e->name = str_col(it, UC_DISPLAY, &e->name_len);
	if (e->name != NULL)
		return;
	first = str_col(it, UC_FIRST, &fn);
	last = str_col(it, UC_LAST, &ln);
	if (first != NULL || last != NULL) {
		e->name = zrx_xasprintf("%s%s%s", first ? first : "", first && last ? " " : "",
		    last ? last : "");
		e->name_len = strlen(e->name); /* a NUL inside cuts it short, harmlessly */
	}
	free(first);
	free(last);
}

static int
user_cb(void *ud, const struct zrx_item *it)
{
	struct zrx_rusers *u = ud;
	struct uent *e;
	char *mail;

	if (u->n == u->cap) {
		u->cap = u->cap ? u->cap * 2 : 64;
		u->e = zrx_xrealloc(u->e, u->cap * sizeof(*u->e));
	}
	e = &u->e[u->n];
	memset(e, 0, sizeof(*e));
	set_name(e, it);
	e->dept = str_col(it, UC_DEPT, &e->dept_len);
	if (it->key != NULL && it->key_len > 0)
		map_to(u->ids, &u->id_ent, it->key, it->key_len, u->n);
	if (it->email != NULL && it->email_len > 0) {
		mail = zrx_xstrndup(it->email, it->email_len);
		lower_ascii(mail, it->email_len);
		map_to(u->emails, &u->email_ent, mail, it->email_len, u->n);
		free(mail);
	}
	u->n++;
	return 0;
}

static int
feed(struct loader *l, const char *p, size_t n)
{
	return zrx_recparse_feed(l->p, p, n);
}

/* Frame the lines as one {"users":[...]} body. */
static int
users_sink(void *ud, const char *p, size_t n)
{
	struct loader *l = ud;
	size_t i, from = 0;

	for (i = 0; i < n; i++) {
		char c = p[i];

		if (c == '\n') {
			l->line++;
			l->line_start = 1;
		} else if (l->line_start && c != ' ' && c != '\t' && c != '\r') {
			l->line_start = 0;
			if (l->started) {
				if (feed(l, p + from, i - from) != 0 || feed(l, ",", 1) != 0)
					return -1;
				from = i;
			}
			l->started = 1;
		}
	}
	return feed(l, p + from, n - from);
}

int
zrx_rusers_load(const char *path, struct zrx_rusers **out, struct zrx_buf *err)
{
	struct zrx_rusers *u = zrx_xcalloc(1, sizeof(*u));
	struct loader l;
	int rc;

	u->ids = zrx_rmap_new();
	u->emails = zrx_rmap_new();
	memset(&l, 0, sizeof(l));
	l.u = u;
	l.p = zrx_recparse_new(ZRX_KIND_USERS, user_cb, u);
	l.line_start = 1;
	l.line = 1;
	rc = feed(&l, "{\"users\":[", 10);
	if (rc == 0)
		rc = zrx_rread_stream(path, users_sink, &l, err);
	if (rc > 0 || (rc == 0 && (feed(&l, "]}", 2) != 0 || zrx_recparse_finish(l.p) != 0))) {
		zrx_buf_printf(err, "near line %llu: %s (a `zrx users` NDJSON output is one user "
		    "object per line)", l.line, zrx_recparse_error(l.p));
		rc = -1;
	}
	zrx_recparse_free(l.p);
	if (rc != 0) {
		zrx_rusers_free(u);
		return -1;
	}
	*out = u;
	return 0;
}

int
zrx_rusers_find(const struct zrx_rusers *u, const char *key, size_t len,
    const char **name, size_t *name_len, const char **dept, size_t *dept_len)
{
	size_t i = key != NULL ? zrx_rmap_get(u->ids, key, len) : (size_t)-1, e;
	char *mail;

	if (i != (size_t)-1) {
		e = u->id_ent[i];
	} else {
		if (key == NULL)
			return 0;
		mail = zrx_xstrndup(key, len);
		lower_ascii(mail, len);
		i = zrx_rmap_get(u->emails, mail, len);
		free(mail);
		if (i == (size_t)-1)
			return 0;
		e = u->email_ent[i];
	}
	*name = u->e[e].name;
	*name_len = u->e[e].name_len;
	*dept = u->e[e].dept != NULL ? u->e[e].dept : "";
	*dept_len = u->e[e].dept_len;
	return 1;
}

size_t
zrx_rusers_count(const struct zrx_rusers *u)
{
	return u->n;
}

void
zrx_rusers_free(struct zrx_rusers *u)
{
	size_t i;

	if (u == NULL)
		return;
	for (i = 0; i < u->n; i++) {
		free(u->e[i].name);
		free(u->e[i].dept);
	}
	free(u->e);
	free(u->id_ent);
	free(u->email_ent);
	zrx_rmap_free(u->ids);
	zrx_rmap_free(u->emails);
	free(u);
}
