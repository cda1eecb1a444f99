/* report_tables.c - the report's tables, built once every meeting is in:
 * candidates sorted by a figure (ties by label, bytewise), the first
 * ZRX_RTOP kept, the rest summed into one row.  Departments are summed
 * from the users here: a user not in the users file is "(unknown)", one
 * with an empty dept "(none)". */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report_agg.h"

static int
cmp_label(const struct zrx_rrow *a, const struct zrx_rrow *b)
{
	size_t n = a->label_len < b->label_len ? a->label_len : b->label_len;
	int c = n > 0 ? memcmp(a->label, b->label, n) : 0;

	if (c != 0)
		return c < 0 ? -1 : 1;
	return a->label_len < b->label_len ? -1 : a->label_len > b->label_len;
}

static int
by_label(const void *x, const void *y)
{
	return cmp_label(x, y);
}

static int
by_bytes(const void *x, const void *y)
{
	const struct zrx_rrow *a = x, *b = y;

	if (a->c.bytes != b->c.bytes)
		return a->c.bytes > b->c.bytes ? -1 : 1;
	return cmp_label(a, b);
}

static int
by_files(const void *x, const void *y)
{
	const struct zrx_rrow *a = x, *b = y;

	if (a->c.files != b->c.files)
		return a->c.files > b->c.files ? -1 : 1;
	return cmp_label(a, b);
}

static int
by_meetings(const void *x, const void *y)
{
	const struct zrx_rrow *a = x, *b = y;

	if (a->c.meetings != b->c.meetings)
		return a->c.meetings > b->c.meetings ? -1 : 1;
	return cmp_label(a, b);
}

static void
add_count(struct zrx_rcount *to, const struct zrx_rcount *c)
{
	to->meetings += c->meetings;
	to->files += c->files;
	to->bytes += c->bytes;
	to->rec_ms += c->rec_ms;
}

/* Sort rows[0..n) (the table takes them), keep max, sum the rest (and
 * extra, an overflow bucket, when it holds something). */
static void
cut(struct zrx_rtable *t, struct zrx_rrow *rows, size_t n, size_t max,
    int (*cmp)(const void *, const void *), const struct zrx_rcount *extra)
{
	size_t i;

	if (n > 0)
		qsort(rows, n, sizeof(*rows), cmp);
	t->rows = rows;
	t->total = n;
	t->nrows = n < max ? n : max;
	memset(&t->rest, 0, sizeof(t->rest));
	for (i = t->nrows; i < n; i++) {
		add_count(&t->rest.c, &rows[i].c);
		t->rest.users += rows[i].users;
		t->rest.entries++;
	}
	if (extra != NULL && (extra->files > 0 || extra->meetings > 0)) {
		add_count(&t->rest.c, extra);
		t->rest.entries++;
	}
	t->has_rest = t->rest.entries > 0;
	t->rest.label = "(the rest)";
	t->rest.label_len = strlen(t->rest.label);
}

/* Rows of the users whose count at offset off is not empty. */
static struct zrx_rrow *
user_rows(const struct zrx_rdata *d, size_t off, size_t *n)
{
	struct zrx_rrow *rows = zrx_xcalloc(d->nusers ? d->nusers : 1, sizeof(*rows));
	size_t i, k = 0;

	for (i = 0; i < d->nusers; i++) {
		const struct zrx_ruser *u = &d->users[i];
		const struct zrx_rcount *c = (const struct zrx_rcount *)((const char *)u + off);

		if (c->meetings == 0 && c->files == 0)
			continue;
		rows[k].label = u->id;
		rows[k].label_len = u->id_len;
		rows[k].user = u;
		rows[k].users = 1;
		rows[k].c = *c;
		k++;
	}
	*n = k;
	return rows;
}

static void
departments(struct zrx_rdata *d)
{
	struct zrx_rrow *rows = zrx_xcalloc(d->nusers ? d->nusers : 1, sizeof(*rows));
	size_t i, k, n = 0;

	d->dept_map = zrx_rmap_new();
	for (i = 0; i < d->nusers; i++) {
		const struct zrx_ruser *u = &d->users[i];
		const char *l = u->dept == NULL ? "(unknown)" : u->dept_len == 0 ? "(none)" : u->dept;
		size_t ll = u->dept == NULL || u->dept_len == 0 ? strlen(l) : u->dept_len;
		int added;

		k = zrx_rmap_put(d->dept_map, l, ll, &added);
		if (added)
			n++;
		rows[k].users++;
		add_count(&rows[k].c, &u->all);
	}
	for (k = 0; k < n; k++)
		rows[k].label = zrx_rmap_key(d->dept_map, k, &rows[k].label_len);
	cut(&d->t_depts, rows, n, ZRX_RTOP, by_bytes, NULL);
}

/* Rows of a map's keys and their counts (a count array indexed as the
 * map). */
static struct zrx_rrow *
map_rows(const struct zrx_rmap *m, const struct zrx_rcount *c, size_t *n)
{
	size_t i, k = zrx_rmap_count(m);
	struct zrx_rrow *rows = zrx_xcalloc(k ? k : 1, sizeof(*rows));

	for (i = 0; i < k; i++) {
		rows[i].label = zrx_rmap_key(m, i, &rows[i].label_len);
		rows[i].c = c[i];
	}
	*n = k;
	return rows;
}

void
zrx_rtables_build(struct zrx_rdata *d)
{
	struct zrx_rrow *rows;
	size_t n;

	rows = user_rows(d, offsetof(struct zrx_ruser, all), &n);
	cut(&d->t_users, rows, n, ZRX_RTOP, by_bytes, NULL);
	departments(d);
	rows = map_rows(d->month_map, d->months, &n);
	cut(&d->t_months, rows, n, n, by_label, NULL);
	rows = map_rows(d->type_map, d->types, &n);
	cut(&d->t_types, rows, n, ZRX_RTOP, by_bytes, &d->type_other);
	rows = user_rows(d, offsetof(struct zrx_ruser, past), &n);
	cut(&d->t_past, rows, n, ZRX_RTOP, by_bytes, NULL);
	rows = map_rows(d->status_map, d->statuses, &n);
	cut(&d->t_statuses, rows, n, ZRX_RTOP, by_files, &d->status_other);
	rows = user_rows(d, offsetof(struct zrx_ruser, notdone), &n);
	cut(&d->t_notdone_users, rows, n, ZRX_RTOP, by_files, NULL);
	rows = user_rows(d, offsetof(struct zrx_ruser, nopass), &n);
	cut(&d->t_nopass_users, rows, n, ZRX_RTOP, by_meetings, NULL);
}

void
zrx_rtables_free(struct zrx_rdata *d)
{
	free(d->t_users.rows);
	free(d->t_depts.rows);
	free(d->t_months.rows);
	free(d->t_types.rows);
	free(d->t_past.rows);
	free(d->t_statuses.rows);
	free(d->t_notdone_users.rows);
	free(d->t_nopass_users.rows);
	zrx_rmap_free(d->dept_map);
	memset(&d->t_users, 0, sizeof(d->t_users));
}
