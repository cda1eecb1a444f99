/* report_agg.c - what one meeting adds to the report's figures.
 *
 * Definitions (README, "Compliance report", says the same):
 * - A meeting is counted (totals, months, users, ages, retention, files
 *   not completed, passcodes) when its record says so: every line of an
 *   export, the present rows of a catalog.
 * - bytes: the sum of the files' file_size read as whole numbers; the
 *   meeting's total_size is not used.  Other sizes are counted apart.
 * - recorded time: the union of the files' [recording_start,
 *   recording_end] intervals that can be read (end not before start); a
 *   meeting with none has its duration in minutes (a whole number below
 *   2^32), else nothing.
 * - month and age: of start_time's UTC date; an unreadable start_time
 *   goes to the "unknown" buckets and is never past the retention.
 * - past retention: older than the retention days on the as-of day.
 * - the trash: files with a deleted_time (or every file of a catalog row
 *   in the trash); purged on deleted_time + 30 days (a catalog row's own
 *   deleted_time first); the window is the as-of day and the 6 after.
 * - not completed: a file whose status is present and not "completed".
 * - without passcode: recording_play_passcode absent, null or "". */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "report_agg.h"

#define DAY_MS 86400000LL
#define MAX_DURATION_MIN 4294967295ULL

struct ival {
	int64_t a, b;
};

/* What one meeting adds, gathered before it is added anywhere. */
struct mstate {
	struct zrx_rcount c;        /* 1 meeting, its files, bytes, recorded time */
	int start_ok;
	int64_t start_ms;
	int32_t start_day;
	uint64_t trash_files;
	zrx_u128 trash_bytes;
	uint64_t purge_files;
	zrx_u128 purge_bytes;
	int64_t first_purge;        /* the earliest purge within the window */
	int purge_in_window;
	uint64_t notdone_files;
	zrx_u128 notdone_bytes;
};

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && a < 0) ? q - 1 : q;
}

void
zrx_ragg_init(struct zrx_rdata *d, int32_t as_of, int retention_days,
    const struct zrx_rusers *users)
{
	memset(d, 0, sizeof(*d));
	d->as_of = as_of;
	d->retention_days = retention_days;
	d->users_file = users;
	d->user_map = zrx_rmap_new();
	d->month_map = zrx_rmap_new();
	d->type_map = zrx_rmap_new();
	d->status_map = zrx_rmap_new();
	zrx_rlist_init(&d->purge_list, ZRX_LIST_PURGE);
	zrx_rlist_init(&d->notdone_list, ZRX_LIST_NOTDONE);
	zrx_rlist_init(&d->nopass_list, ZRX_LIST_NOPASS);
}

static void
count_add(struct zrx_rcount *to, const struct zrx_rcount *c)
{
	to->meetings += c->meetings;
	to->files += c->files;
	to->bytes += c->bytes;
	to->rec_ms += c->rec_ms;
}

/* Grow an array of counts to hold index i. */
static struct zrx_rcount *
counts_at(struct zrx_rcount **arr, size_t *cap, size_t i)
{
	if (i >= *cap) {
		size_t n = *cap ? *cap * 2 : 16;

		while (n <= i)
			n *= 2;
		*arr = zrx_xrealloc(*arr, n * sizeof(**arr));
		memset(*arr + *cap, 0, (n - *cap) * sizeof(**arr));
		*cap = n;
	}
	return &(*arr)[i];
}

static struct zrx_ruser *
user_of(struct zrx_rdata *d, const struct zrx_value *v)
{
	const char *k = v->kind == ZRX_V_STR ? v->s : "";
	size_t n = v->kind == ZRX_V_STR ? v->n : 0, i;
	struct zrx_ruser *u;
	int added;

	i = zrx_rmap_put(d->user_map, k, n, &added);
	if (!added)
		return &d->users[i];
	if (d->nusers == d->capusers) {
		d->capusers = d->capusers ? d->capusers * 2 : 64;
		d->users = zrx_xrealloc(d->users, d->capusers * sizeof(*d->users));
	}
	u = &d->users[d->nusers++];
	memset(u, 0, sizeof(*u));
	u->id = zrx_rmap_key(d->user_map, i, &u->id_len);
	if (d->users_file != NULL)
		(void)zrx_rusers_find(d->users_file, u->id, u->id_len, &u->name, &u->name_len,
		    &u->dept, &u->dept_len);
	return u;
}

/* A bucket of a capped map: key's counts, or other when the map is full. */
static struct zrx_rcount *
capped(struct zrx_rmap *map, struct zrx_rcount **arr, size_t *cap, size_t max,
    struct zrx_rcount *other, const char *k, size_t n)
{
	size_t i = zrx_rmap_get(map, k, n);

	if (i == (size_t)-1) {
		if (zrx_rmap_count(map) >= max)
			return other;
		i = zrx_rmap_put(map, k, n, NULL);
	}
	return counts_at(arr, cap, i);
}

static int
cmp_ival(const void *a, const void *b)
{
	const struct ival *x = a, *y = b;

	return x->a < y->a ? -1 : x->a > y->a;
}

/* The union of the intervals' lengths, in ms (ivals is sorted). */
static zrx_u128
union_ms(struct ival *iv, size_t n)
{
	zrx_u128 sum = 0;
	int64_t cs, ce;
	size_t i;

	qsort(iv, n, sizeof(*iv), cmp_ival);
	cs = iv[0].a;
	ce = iv[0].b;
	for (i = 1; i < n; i++) {
		if (iv[i].a > ce) {
			sum += (zrx_u128)(ce - cs);
			cs = iv[i].a;
			ce = iv[i].b;
		} else if (iv[i].b > ce) {
			ce = iv[i].b;
		}
	}
	return sum + (zrx_u128)(ce - cs);
}

static void
recorded(const struct zrx_rmeet *m, struct mstate *s)
{
	struct ival stackv[16], *iv = stackv;
	size_t i, n = 0;
	zrx_u128 dur;

	if (m->nfiles > ZRX_ARRAY_LEN(stackv))
		iv = zrx_xmalloc(m->nfiles * sizeof(*iv));
	for (i = 0; i < m->nfiles; i++) {
		int64_t a, b;

		if (zrx_rval_time(&m->files[i].recording_start, &a) == 0 &&
		    zrx_rval_time(&m->files[i].recording_end, &b) == 0 && b >= a) {
			iv[n].a = a;
			iv[n].b = b;
			n++;
		}
	}
	if (n > 0)
		s->c.rec_ms = union_ms(iv, n);
	else if (zrx_rval_uint(&m->duration, &dur) == 0 && dur <= MAX_DURATION_MIN)
		s->c.rec_ms = dur * 60000;
	if (iv != stackv)
		free(iv);
}

static void
item_base(const struct zrx_rdata *d, const struct zrx_rmeet *m, const struct mstate *s,
    struct zrx_ritem *it)
{
	memset(it, 0, sizeof(*it));
	if (m->user.kind == ZRX_V_STR && m->user.n > 0) {
		it->user = (char *)m->user.s;
		it->user_len = m->user.n;
	}
	if (m->uuid.kind == ZRX_V_STR && m->uuid.n > 0) {
		it->uuid = (char *)m->uuid.s;
		it->uuid_len = m->uuid.n;
	}
	if (m->topic.kind == ZRX_V_STR && m->topic.n > 0) {
		it->topic = (char *)m->topic.s;
		it->topic_len = m->topic.n;
	}
	if (m->start_time.kind == ZRX_V_STR && m->start_time.n > 0) {
		it->start = (char *)m->start_time.s;
		it->start_len = m->start_time.n;
	}
	it->start_ok = s->start_ok;
	it->start_ms = s->start_ms;
	if (d->users_file != NULL) {
		const char *name = NULL, *dept;
		size_t nl = 0, dl;

		if (zrx_rusers_find(d->users_file, it->user, it->user_len, &name, &nl, &dept, &dl) &&
		    name != NULL) {
			it->name = (char *)name;
			it->name_len = nl;
		}
	}
}

/* The trash: which files are in it, when they are purged. */
static void
trash_file(struct zrx_rdata *d, const struct zrx_rmeet *m, const struct zrx_rfile *f,
    int size_ok, zrx_u128 size, struct mstate *s)
{
	int64_t del, purge, day;

	if (!m->trash_row && !zrx_rval_present(&f->deleted_time))
		return;
	s->trash_files++;
	if (size_ok)
		s->trash_bytes += size;
	if (!(m->trash_row && zrx_rval_time(&m->row_deleted, &del) == 0) &&
	    zrx_rval_time(&f->deleted_time, &del) != 0) {
		d->purge_unknown++;
		return;
	}
	purge = del + ZRX_RTRASH_DAYS * DAY_MS;
	day = floor_div(purge, DAY_MS);
	if (day < d->as_of) {
		d->purge_overdue++;
	} else if (day >= (int64_t)d->as_of + ZRX_RPURGE_DAYS) {
		d->purge_later++;
	} else {
		struct zrx_rcount *pd = &d->purge_day[day - d->as_of];

		pd->files++;
		s->purge_files++;
		if (size_ok) {
			pd->bytes += size;
			s->purge_bytes += size;
		}
		if (!s->purge_in_window || purge < s->first_purge)
			s->first_purge = purge;
		s->purge_in_window = 1;
	}
}

/* A catalog row in the trash without files: purged by its own date. */
static void
trash_row_alone(struct zrx_rdata *d, const struct zrx_rmeet *m, struct mstate *s)
{
	int64_t del, day;

	if (!m->trash_row || m->nfiles > 0 || zrx_rval_time(&m->row_deleted, &del) != 0)
		return;
	day = floor_div(del + ZRX_RTRASH_DAYS * DAY_MS, DAY_MS);
	if (day >= d->as_of && day < (int64_t)d->as_of + ZRX_RPURGE_DAYS) {
		s->first_purge = del + ZRX_RTRASH_DAYS * DAY_MS;
		s->purge_in_window = 1;
	}
}

static void
trash_meeting(struct zrx_rdata *d, const struct zrx_rmeet *m, struct mstate *s)
{
	struct zrx_ritem it;

	trash_row_alone(d, m, s);
	if (s->trash_files == 0 && !m->trash_row)
		return;
	d->trash.meetings++;
	d->trash.files += s->trash_files;
	d->trash.bytes += s->trash_bytes;
	if (!s->purge_in_window)
		return;
	d->purge.meetings++;
	d->purge.files += s->purge_files;
	d->purge.bytes += s->purge_bytes;
	d->purge_day[floor_div(s->first_purge, DAY_MS) - d->as_of].meetings++;
	item_base(d, m, s, &it);
	it.purge_ms = s->first_purge;
	it.files = s->purge_files;
	it.bytes = s->purge_bytes;
	zrx_rlist_offer(&d->purge_list, &it);
}

static void
notdone_file(struct zrx_rdata *d, const struct zrx_rmeet *m, size_t i, int size_rc,
    zrx_u128 size, struct mstate *s)
{
	const struct zrx_rfile *f = &m->files[i];
	struct zrx_rcount *c;
	struct zrx_ritem it;

	if (!zrx_rval_present(&f->status) || zrx_rval_is(&f->status, "completed"))
		return;
	s->notdone_files++;
	if (size_rc == 0)
		s->notdone_bytes += size;
	c = capped(d->status_map, &d->statuses, &d->capstatuses, ZRX_RMAX_STATUSES,
	    &d->status_other, f->status.s, f->status.n);
	c->files++;
	if (size_rc == 0)
		c->bytes += size;
	item_base(d, m, s, &it);
	it.file_index = i;
	if (f->file_type.kind == ZRX_V_STR && f->file_type.n > 0) {
		it.file_type = (char *)f->file_type.s;
		it.file_type_len = f->file_type.n;
	}
	it.status = (char *)f->status.s;
	it.status_len = f->status.n;
	it.size_state = size_rc;
	it.files = 1;
	it.bytes = size_rc == 0 ? size : 0;
	zrx_rlist_offer(&d->notdone_list, &it);
}

static enum zrx_rage
age_of(int64_t age)
{
	if (age < 0)
		return ZRX_AGE_FUTURE;
	if (age < 30)
		return ZRX_AGE_0_29;
	if (age < 90)
		return ZRX_AGE_30_89;
	if (age < 180)
		return ZRX_AGE_90_179;
	if (age < 365)
		return ZRX_AGE_180_364;
	if (age < 730)
		return ZRX_AGE_1Y;
	if (age < 1095)
		return ZRX_AGE_2Y;
	return ZRX_AGE_3Y_PLUS;
}

static void
by_time(struct zrx_rdata *d, struct zrx_ruser *u, const struct mstate *s)
{
	struct zrx_rcount *mc = &d->month_unknown;
	char key[16];
	unsigned mo, dd;
	int y;

	if (!s->start_ok) {
		d->start_unknown++;
		count_add(&d->ages[ZRX_AGE_UNKNOWN], &s->c);
		count_add(mc, &s->c);
		return;
	}
	zrx_civil_from_days(s->start_day, &y, &mo, &dd);
	if (y >= 0 && y <= 9999) {
		snprintf(key, sizeof(key), "%04d-%02u", y, mo);
		mc = counts_at(&d->months, &d->capmonths,
		    zrx_rmap_put(d->month_map, key, 7, NULL));
	}
	count_add(mc, &s->c);
	count_add(&d->ages[age_of((int64_t)d->as_of - s->start_day)], &s->c);
	if (d->retention_days > 0 && (int64_t)d->as_of - s->start_day > d->retention_days) {
		if (u->past.meetings == 0)
			d->past_users++;
		count_add(&d->past, &s->c);
		count_add(&u->past, &s->c);
	}
}

static void
passcode(struct zrx_rdata *d, const struct zrx_rmeet *m, struct zrx_ruser *u,
    const struct mstate *s)
{
	struct zrx_ritem it;

	if (!m->has_passcode || zrx_rval_present(&m->passcode))
		return;
	count_add(&d->nopass, &s->c);
	count_add(&u->nopass, &s->c);
	item_base(d, m, s, &it);
	it.files = s->c.files;
	it.bytes = s->c.bytes;
	zrx_rlist_offer(&d->nopass_list, &it);
}

/* The figures only counted meetings feed. */
static void
counted(struct zrx_rdata *d, const struct zrx_rmeet *m, struct mstate *s)
{
	struct zrx_ruser *u = user_of(d, &m->user);

	count_add(&d->total, &s->c);
	count_add(&u->all, &s->c);
	by_time(d, u, s);
	passcode(d, m, u, s);
	if (s->notdone_files > 0) {
		d->notdone.meetings++;
		d->notdone.files += s->notdone_files;
		d->notdone.bytes += s->notdone_bytes;
		u->notdone.meetings++;
		u->notdone.files += s->notdone_files;
		u->notdone.bytes += s->notdone_bytes;
	}
}

int
zrx_ragg_add(void *ud, struct zrx_rmeet *m)
{
	struct zrx_rdata *d = ud;
	struct mstate s;
	size_t i;

	memset(&s, 0, sizeof(s));
	d->records++;
	s.c.meetings = 1;
	s.c.files = m->nfiles;
	if (zrx_rval_time(&m->start_time, &s.start_ms) == 0) {
		s.start_ok = 1;
		s.start_day = (int32_t)floor_div(s.start_ms, DAY_MS);
	}
	recorded(m, &s);
	for (i = 0; i < m->nfiles; i++) {
		const struct zrx_rfile *f = &m->files[i];
		zrx_u128 size = 0;
		int rc = zrx_rval_uint(&f->file_size, &size);
		struct zrx_rcount *tc;

		trash_file(d, m, f, rc == 0, size, &s);
		if (!m->counted)
			continue;
		if (rc == 0)
			s.c.bytes += size;
		else if (rc > 0)
			d->files_no_size++;
		else
			d->files_bad_size++;
		tc = capped(d->type_map, &d->types, &d->captypes, ZRX_RMAX_TYPES, &d->type_other,
		    f->file_type.kind == ZRX_V_STR ? f->file_type.s : "",
		    f->file_type.kind == ZRX_V_STR ? f->file_type.n : 0);
		tc->files++;
		if (rc == 0)
			tc->bytes += size;
		notdone_file(d, m, i, rc, size, &s);
	}
	trash_meeting(d, m, &s);
	if (m->counted)
		counted(d, m, &s);
	return 0;
}

void
zrx_ragg_finish(struct zrx_rdata *d)
{
	zrx_rlist_sort(&d->purge_list);
	zrx_rlist_sort(&d->notdone_list);
	zrx_rlist_sort(&d->nopass_list);
	zrx_rtables_build(d);
}

void
zrx_ragg_free(struct zrx_rdata *d)
{
	zrx_rtables_free(d);
	zrx_rmap_free(d->user_map);
	zrx_rmap_free(d->month_map);
	zrx_rmap_free(d->type_map);
	zrx_rmap_free(d->status_map);
	free(d->users);
	free(d->months);
	free(d->types);
	free(d->statuses);
	zrx_rlist_free(&d->purge_list);
	zrx_rlist_free(&d->notdone_list);
	zrx_rlist_free(&d->nopass_list);
}

const char *
zrx_rage_label(enum zrx_rage a, int *min_days, int *max_days)
{
	static const struct {
		const char *label;
		int min, max;
	} ages[ZRX_NAGES] = {
		{ "0-29 days", 0, 29 }, { "30-89 days", 30, 89 }, { "90-179 days", 90, 179 },
		{ "180-364 days", 180, 364 }, { "1-2 years", 365, 729 },
		{ "2-3 years", 730, 1094 }, { "3 years or more", 1095, -1 },
		{ "after the as-of day", -1, -1 }, { "start time unreadable", -1, -1 },
	};

	*min_days = ages[a].min;
	*max_days = ages[a].max;
	return ages[a].label;
}
