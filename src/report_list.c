/* report_list.c - the bounded lists of the report: the ZRX_RTOP first
 * meetings (or files) of a kind in a fixed order, whatever the order they
 * are read in.  A max-heap holds the kept items, its root the last one: a
 * candidate that does not come before the root is counted and forgotten
 * without a copy, so a list costs ZRX_RTOP items however many meetings
 * qualify.
 *
 * Orders: the trash, by purge instant; files not completed, by the
 * meeting's start (unreadable last); meetings without passcode, by bytes,
 * largest first.  Ties: by user, then uuid (bytes), then file index. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report_agg.h"

#define SHORT_MAX 64

void
zrx_rlist_init(struct zrx_rlist *l, enum zrx_rlist_kind kind)
{
	memset(l, 0, sizeof(*l));
	l->kind = kind;
}

static int
cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	int c = n > 0 ? memcmp(a, b, n) : 0;

	if (c != 0)
		return c < 0 ? -1 : 1;
	return an < bn ? -1 : an > bn;
}

static int
cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* <0 when a comes before b in l's order. */
static int
cmp_item(enum zrx_rlist_kind kind, const struct zrx_ritem *a, const struct zrx_ritem *b)
{
	int c = 0;

	switch (kind) {
	case ZRX_LIST_PURGE:
		c = cmp_i64(a->purge_ms, b->purge_ms);
		break;
	case ZRX_LIST_NOTDONE:
		c = a->start_ok != b->start_ok ? (a->start_ok ? -1 : 1) :
		    a->start_ok ? cmp_i64(a->start_ms, b->start_ms) : 0;
		break;
	case ZRX_LIST_NOPASS:
		c = a->bytes > b->bytes ? -1 : a->bytes < b->bytes;
		break;
	}
	if (c == 0)
		c = cmp_bytes(a->user, a->user_len, b->user, b->user_len);
	if (c == 0)
		c = cmp_bytes(a->uuid, a->uuid_len, b->uuid, b->uuid_len);
	if (c == 0)
		c = a->file_index < b->file_index ? -1 : a->file_index > b->file_index;
	return c;
}

/* A copy of s[0..n), cut to max bytes on a UTF-8 character boundary;
 * *cut says whether it was.  NULL stays NULL. */
static char *
copy_cut(const char *s, size_t *n, size_t max, int *cut)
{
	size_t k = *n;

	if (cut != NULL)
		*cut = 0;
	if (s == NULL)
		return NULL;
	if (k > max) {
		k = max;
		while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
		if (cut != NULL)
			*cut = 1;
	}
	*n = k;
	return zrx_xstrndup(s, k);
}

static void
item_copy(struct zrx_ritem *to, const struct zrx_ritem *from)
{
	*to = *from;
	to->user = copy_cut(from->user, &to->user_len, (size_t)-1, NULL);
	to->uuid = copy_cut(from->uuid, &to->uuid_len, (size_t)-1, NULL);
	to->name = copy_cut(from->name, &to->name_len, (size_t)-1, NULL);
	to->topic = copy_cut(from->topic, &to->topic_len, ZRX_RTOPIC_MAX, &to->topic_cut);
	to->start = copy_cut(from->start, &to->start_len, SHORT_MAX, NULL);
	to->file_type = copy_cut(from->file_type, &to->file_type_len, SHORT_MAX, NULL);
	to->status = copy_cut(from->status, &to->status_len, SHORT_MAX, NULL);
}

static void
item_free(struct zrx_ritem *it)
{
	free(it->user);
	free(it->uuid);
	free(it->name);
	free(it->topic);
	free(it->start);
	free(it->file_type);
	free(it->status);
}

static void
swap(struct zrx_ritem *a, struct zrx_ritem *b)
{
	struct zrx_ritem t = *a;

	*a = *b;
	*b = t;
}

/* Max-heap on cmp_item: the root is the item that comes last. */
static void
sift_up(struct zrx_rlist *l, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;

		if (cmp_item(l->kind, &l->items[p], &l->items[i]) >= 0)
			break;
		swap(&l->items[p], &l->items[i]);
		i = p;
	}
}

static void
sift_down(struct zrx_rlist *l, size_t i)
{
	for (;;) {
		size_t a = 2 * i + 1, b = a + 1, m = i;

		if (a < l->n && cmp_item(l->kind, &l->items[a], &l->items[m]) > 0)
			m = a;
		if (b < l->n && cmp_item(l->kind, &l->items[b], &l->items[m]) > 0)
			m = b;
		if (m == i)
			return;
		swap(&l->items[m], &l->items[i]);
		i = m;
	}
}

void
zrx_rlist_offer(struct zrx_rlist *l, const struct zrx_ritem *it)
{
	l->total++;
	if (l->items == NULL)
		l->items = zrx_xcalloc(ZRX_RTOP, sizeof(*l->items));
	if (l->n < ZRX_RTOP) {
		item_copy(&l->items[l->n], it);
		sift_up(l, l->n++);
		return;
	}
	if (cmp_item(l->kind, it, &l->items[0]) >= 0)
		return;
	item_free(&l->items[0]);
	item_copy(&l->items[0], it);
	sift_down(l, 0);
}

void
zrx_rlist_sort(struct zrx_rlist *l)
{
	size_t i, j;

	/* insertion sort: ZRX_RTOP items at most, and qsort has no context
	 * argument for the list's kind */
	for (i = 1; i < l->n; i++)
		for (j = i; j > 0 && cmp_item(l->kind, &l->items[j - 1], &l->items[j]) > 0; j--)
			swap(&l->items[j - 1], &l->items[j]);
}

void
zrx_rlist_free(struct zrx_rlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		item_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}
