/* data.c - the deterministic dataset: users, meetings, trash.
 *
 * Users are built eagerly (they are small).  A user's meetings are kept as
 * skeletons (start time, seed, meeting id) generated on first use; meeting.c
 * renders the full object from the seed whenever it is served or printed.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "dates.h"
#include "jemit.h"
#include "prng.h"
#include "gen.h"
#include "data.h"

#define TAG_STATUS 0x5354415455ULL
#define TAG_USER   0x55534552ULL
#define TAG_MEET   0x4d454554ULL
#define TAG_ACCT   0x41434354ULL
#define TAG_PICK   0x5049434bULL

struct name {
	const char *display;
	const char *ascii;
};

static const struct name first_names[] = {
	{ "Alice", "alice" }, { "Bob", "bob" }, { "Carol", "carol" },
	{ "David", "david" }, { "Erin", "erin" }, { "Frank", "frank" },
	{ "Grace", "grace" }, { "Heidi", "heidi" }, { "Ivan", "ivan" },
	{ "Judy", "judy" }, { "Mallory", "mallory" }, { "Niaj", "niaj" },
	{ "Olivia", "olivia" }, { "Peggy", "peggy" }, { "Rupert", "rupert" },
	{ "Sybil", "sybil" }, { "Trent", "trent" }, { "Victor", "victor" },
	{ "Walter", "walter" }, { "Zoë", "zoe" }, { "José", "jose" },
	{ "Łukasz", "lukasz" }, { "Søren", "soren" }, { "Chloé", "chloe" },
	{ "Анна", "anna" }, { "美咲", "misaki" }, { "Mary-Jane", "mary-jane" },
	{ "D'Arcy", "darcy" }, { "Nguyễn", "nguyen" }, { "Aoife", "aoife" },
	{ "Björn", "bjorn" }, { "Priya", "priya" }, { "Kwame", "kwame" },
	{ "Fatima", "fatima" }, { "Mateo", "mateo" }, { "Yuki", "yuki" },
	{ "Amara", "amara" }, { "Lars", "lars" }, { "Ines", "ines" },
	{ "Omar", "omar" },
};

static const struct name last_names[] = {
	{ "Smith", "smith" }, { "O'Brien", "obrien" }, { "Müller", "muller" },
	{ "García", "garcia" }, { "Nakamura", "nakamura" },
	{ "Kowalski", "kowalski" }, { "Иванов", "ivanov" },
	{ "Dubois", "dubois" }, { "Rossi", "rossi" },
	{ "Johansson", "johansson" }, { "陈", "chen" }, { "Okafor", "okafor" },
	{ "Smith \"Jr\"", "smithjr" }, { "van der Berg", "vanderberg" },
	{ "Nowak", "nowak" }, { "Silva", "silva" }, { "Kim", "kim" },
	{ "Patel", "patel" }, { "Hernández", "hernandez" }, { "Jensen", "jensen" },
	{ "Brown", "brown" }, { "Taylor", "taylor" }, { "Wilson", "wilson" },
	{ "Novak", "novak" }, { "Horvat", "horvat" }, { "Yılmaz", "yilmaz" },
	{ "Kaya", "kaya" }, { "Cohen", "cohen" }, { "Levi", "levi" },
	{ "Murphy", "murphy" }, { "Kelly", "kelly" }, { "Sato", "sato" },
	{ "Suzuki", "suzuki" }, { "Tanaka", "tanaka" }, { "Lee", "lee" },
	{ "Wong", "wong" }, { "Mensah", "mensah" }, { "Diallo", "diallo" },
	{ "Bauer", "bauer" }, { "Fischer", "fischer" },
};

static const char *const depts[] = {
	"Engineering", "Sales", "R&D, \"Platform\"", "Ventes / Marketing",
	"Support\\Tier 2", "Finanzabteilung", "研究開発", "",
};

static const char *const client_versions[] = {
	"5.17.5.31030(mac)", "5.16.10.26186(win)", "5.15.7.21404(android)",
	"6.0.2.33403(linux)", "5.2.45120.0906(win)",
};

static const char *const languages[] = {
	"en-US", "fr-FR", "ja-JP", "de-DE", "pt-BR", "zh-CN",
};

const char *
sim_status_name(int status)
{
	switch (status) {
	case SIM_ACTIVE:
		return "active";
	case SIM_INACTIVE:
		return "inactive";
	case SIM_PENDING:
		return "pending";
	default:
		return "?";
	}
}

int
sim_status_mask(const char *s, unsigned *mask)
{
	unsigned m = 0;
	const char *p = s, *q;
	size_t n;
	int st, found;

	for (;;) {
		q = strchr(p, ',');
		n = q != NULL ? (size_t)(q - p) : strlen(p);
		found = 0;
		for (st = 0; st < SIM_NSTATUS; st++) {
			if (strlen(sim_status_name(st)) == n &&
			    strncmp(p, sim_status_name(st), n) == 0) {
				m |= 1u << st;
				found = 1;
			}
		}
		if (!found)
			return -1;
		if (q == NULL)
			break;
		p = q + 1;
	}
	*mask = m;
	return 0;
}

/* ---- users ---- */

static void
emit_user(const struct sim_data *d, struct sim_user *u, struct sim_rng *r,
    const struct name *fn, const struct name *ln, struct sim_jw *jw)
{
	char t[64], disp[128], url[128];
	int64_t created, login;
	unsigned i, ng;

	snprintf(disp, sizeof(disp), "%s %s", fn->display, ln->display);
	created = sim_rng_range(r, 1451606400, 1704067199); /* 2016..2023 */
	login = created + sim_rng_range(r, 0, 3 * 365 * SIM_DAY);
	if (login > 1735689599) /* 2024-12-31T23:59:59Z */
		login = 1735689599 - sim_rng_range(r, 0, 30 * SIM_DAY);
	sim_jw_obj(jw);
	if (u->id[0] != '\0') {
		sim_jw_key(jw, "id");
		sim_jw_cstr(jw, u->id);
	}
	sim_jw_key(jw, "first_name");
	sim_jw_cstr(jw, fn->display);
	sim_jw_key(jw, "last_name");
	sim_jw_cstr(jw, ln->display);
	sim_jw_key(jw, "display_name");
	if (sim_rng_chance(r, 0.05))
		sim_jw_cstr(jw, "🎧 on a call, \"do not disturb\"");
	else
		sim_jw_cstr(jw, disp);
	sim_jw_key(jw, "email");
	sim_jw_cstr(jw, u->email);
	sim_jw_key(jw, "type");
	sim_jw_u64(jw, sim_rng_chance(r, 0.05) ? 99 :
	    (uint64_t)sim_rng_range(r, 1, 2));
	if (u->status != SIM_PENDING) {
		sim_jw_key(jw, "pmi");
		sim_jw_u64(jw, (uint64_t)sim_rng_range(r, 1000000000LL, 9999999999LL));
	}
	sim_jw_key(jw, "timezone");
	sim_jw_cstr(jw, sim_timezones[sim_rng_below(r, sim_ntimezones)]);
	sim_jw_key(jw, "verified");
	sim_jw_u64(jw, sim_rng_below(r, 2));
	if (sim_rng_chance(r, 0.8)) {
		sim_jw_key(jw, "dept");
		sim_jw_cstr(jw, depts[sim_rng_below(r, ZRX_ARRAY_LEN(depts))]);
	}
	sim_jw_key(jw, "created_at");
	sim_fmt_utc(t, sizeof(t), created);
	sim_jw_cstr(jw, t);
	if (u->status != SIM_PENDING) {
		sim_jw_key(jw, "last_login_time");
		sim_fmt_utc(t, sizeof(t), login);
		sim_jw_cstr(jw, t);
		sim_jw_key(jw, "last_client_version");
		sim_jw_cstr(jw, client_versions[sim_rng_below(r,
		    ZRX_ARRAY_LEN(client_versions))]);
		sim_jw_key(jw, "pic_url");
		sim_rand_chars(r, t, 24, sim_alnum);
		snprintf(url, sizeof(url), "https://example.zoom.us/p/v2/%s", t);
		sim_jw_cstr(jw, url);
	}
	sim_jw_key(jw, "language");
	sim_jw_cstr(jw, languages[sim_rng_below(r, ZRX_ARRAY_LEN(languages))]);
	if (sim_rng_chance(r, 0.6)) {
		sim_jw_key(jw, "phone_number");
		snprintf(t, sizeof(t), "+1 555 %04" PRIu64, sim_rng_below(r, 10000));
		sim_jw_cstr(jw, t);
	}
	sim_jw_key(jw, "status");
	sim_jw_cstr(jw, sim_status_name(u->status));
	sim_jw_key(jw, "role_id");
	snprintf(t, sizeof(t), "%" PRIu64, sim_rng_below(r, 3));
	sim_jw_cstr(jw, t);
	if (u->status != SIM_PENDING) {
		sim_jw_key(jw, "employee_unique_id");
		sim_rand_chars(r, t, 22, sim_b64url);
		sim_jw_cstr(jw, t);
		sim_jw_key(jw, "user_created_at");
		sim_fmt_utc(t, sizeof(t), created);
		sim_jw_cstr(jw, t);
	}
	sim_jw_key(jw, "group_ids");
	sim_jw_arr(jw);
	ng = (unsigned)sim_rng_below(r, 3);
	for (i = 0; i < ng; i++) {
		sim_rand_chars(r, t, 22, sim_b64url);
		sim_jw_cstr(jw, t);
	}
	sim_jw_arr_end(jw);
	if (sim_rng_chance(r, 0.3)) {
		sim_jw_key(jw, "custom_attributes");
		sim_jw_arr(jw);
		sim_jw_obj(jw);
		sim_jw_key(jw, "key");
		sim_rand_chars(r, t, 26, "abcdefghijklmnopqrstuvwxyz0123456789");
		sim_jw_cstr(jw, t);
		sim_jw_key(jw, "name");
		sim_jw_cstr(jw, "Cost center / \"code\"");
		sim_jw_key(jw, "value");
		snprintf(t, sizeof(t), "%" PRIu64, sim_rng_below(r, 100000));
		sim_jw_cstr(jw, t);
		sim_jw_obj_end(jw);
		sim_jw_arr_end(jw);
	}
	if (sim_rng_chance(r, 0.1)) {
		sim_jw_key(jw, "x_sim_profile");
		sim_jw_obj(jw);
		sim_jw_key(jw, "badge");
		sim_jw_null(jw);
		sim_jw_key(jw, "scores");
		sim_jw_arr(jw);
		sim_jw_num(jw, "1.50");
		sim_jw_bool(jw, 1);
		sim_jw_bool(jw, 0);
		sim_jw_arr_end(jw);
		sim_jw_obj_end(jw);
	}
	sim_jw_obj_end(jw);
}

static void
lower_copy(char *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[n] = '\0';
}

static void
index_user(struct sim_data *d, struct sim_user *u)
{
	size_t n = strlen(u->email);
	char *low = zrx_xmalloc(n + 1);

	if (u->id[0] != '\0')
		(void)sim_hmap_put(&d->by_key, u->id, strlen(u->id), u);
	lower_copy(low, u->email, n);
	(void)sim_hmap_put(&d->by_key, low, n, u);
	free(low);
}

static void
make_user(struct sim_data *d, struct sim_user *u, unsigned *pair_count)
{
	struct sim_rng r;
	struct sim_jw jw;
	struct zrx_buf canon, wire;
	const struct name *fn, *ln;
	size_t fi, li;
	unsigned k;
	char local[96];
	static const struct name big_first = { "Big", "big" };
	static const struct name big_last = { "User", "user" };

	sim_rng_seed(&r, sim_mix(sim_mix(d->o.seed, TAG_USER), u->index));
	fi = sim_rng_below(&r, ZRX_ARRAY_LEN(first_names));
	li = sim_rng_below(&r, ZRX_ARRAY_LEN(last_names));
	fn = &first_names[fi];
	ln = &last_names[li];
	if (u->status != SIM_PENDING)
		sim_rand_chars(&r, u->id, 22, sim_b64url);
	else
		u->id[0] = '\0';
	if (u->big) {
		fn = &big_first;
		ln = &big_last;
		u->email = zrx_xstrdup("big@example.com");
	} else {
		k = pair_count[fi * ZRX_ARRAY_LEN(last_names) + li]++;
		if (k == 0)
			snprintf(local, sizeof(local), "%s.%s", fn->ascii, ln->ascii);
		else
			snprintf(local, sizeof(local), "%s.%s%u", fn->ascii,
			    ln->ascii, k + 1);
		u->email = zrx_xasprintf("%s%s@example.com", local,
		    sim_rng_below(&r, 3) == 0 ? "+rec" : "");
	}
	zrx_buf_init(&canon);
	zrx_buf_init(&wire);
	sim_jw_init(&jw, &canon, &wire, sim_wire_style(&r));
	emit_user(d, u, &r, fn, ln, &jw);
	u->canon = canon.data;
	u->canon_len = canon.len;
	u->wire = wire.data;
	u->wire_len = wire.len;
}

/* Choose k distinct elements of pool[0..n) in place (a partial shuffle); the
 * chosen are pool[0..k). */
static void
pick(struct sim_rng *r, uint32_t *pool, size_t n, size_t k)
{
	size_t i, j;
	uint32_t t;

	for (i = 0; i < k && i < n; i++) {
		j = i + sim_rng_below(r, n - i);
		t = pool[i];
		pool[i] = pool[j];
		pool[j] = t;
	}
}

void
sim_data_init(struct sim_data *d, const struct sim_dataset_opts *o)
{
	size_t n = o->users, total = n + (o->big_user > 0), i, npend, ninact, k;
	size_t nactive = 0, nheavy, at;
	struct sim_rng r;
	uint32_t *pool;
	uint8_t *status;
	unsigned *pair_count;
	struct sim_user *u;

	memset(d, 0, sizeof(*d));
	d->o = *o;
	sim_hmap_init(&d->by_key);
	sim_rng_seed(&r, sim_mix(o->seed, TAG_ACCT));
	sim_rand_chars(&r, d->account_id, 22, sim_b64url);

	/* Statuses: about 80/15/5, at least one of each from 10 users on. */
	npend = n >= 10 ? (n * 5 + 50) / 100 : 0;
	ninact = (n * 15 + 50) / 100;
	if (n >= 10 && npend == 0)
		npend = 1;
	if (n >= 10 && ninact == 0)
		ninact = 1;
	status = zrx_xcalloc(total, 1);
	for (i = 0; i < n; i++)
		status[i] = i < npend ? SIM_PENDING : i < npend + ninact ?
		    SIM_INACTIVE : SIM_ACTIVE;
	sim_rng_seed(&r, sim_mix(o->seed, TAG_STATUS));
	for (i = n; i > 1; i--) {
		size_t j = sim_rng_below(&r, i);
		uint8_t t = status[i - 1];

		status[i - 1] = status[j];
		status[j] = t;
	}

	d->nusers = total;
	d->users = zrx_xcalloc(total ? total : 1, sizeof(*d->users));
	pool = zrx_xcalloc(total ? total : 1, sizeof(*pool));
	for (i = 0; i < total; i++) {
		u = &d->users[i];
		u->index = (uint32_t)i;
		u->status = i < n ? status[i] : SIM_ACTIVE;
		u->big = i >= n;
		if (i < n && u->status == SIM_ACTIVE)
			pool[nactive++] = (uint32_t)i;
	}
	free(status);

	/* Heavy users and the one listed twice, among ordinary active users. */
	nheavy = o->heavy >= 0 ? (size_t)o->heavy : (n >= 1 ? 1 : 0) + n / 50;
	if (nheavy > nactive)
		nheavy = nactive;
	sim_rng_seed(&r, sim_mix(o->seed, TAG_PICK));
	pick(&r, pool, nactive, nactive);
	for (i = 0; i < nheavy; i++)
		d->users[pool[i]].heavy = 1;
	if (n >= 10 && nactive > 0)
		d->users[pool[nactive - 1]].dual = 1;
	free(pool);

	pair_count = zrx_xcalloc(ZRX_ARRAY_LEN(first_names) *
	    ZRX_ARRAY_LEN(last_names), sizeof(*pair_count));
	for (i = 0; i < total; i++) {
		make_user(d, &d->users[i], pair_count);
		index_user(d, &d->users[i]);
	}
	free(pair_count);

	/* Listings in index order; the dual user also sits mid-way through the
	 * inactive listing. */
	for (k = 0; k < SIM_NSTATUS; k++)
		d->listing[k] = zrx_xcalloc(total + 1, sizeof(uint32_t));
	for (i = 0; i < total; i++) {
		u = &d->users[i];
		d->listing[u->status][d->nlisting[u->status]++] = u->index;
	}
	for (i = 0; i < total; i++) {
		u = &d->users[i];
		if (!u->dual)
			continue;
		at = d->nlisting[SIM_INACTIVE] / 2;
		memmove(&d->listing[SIM_INACTIVE][at + 1],
		    &d->listing[SIM_INACTIVE][at],
		    (d->nlisting[SIM_INACTIVE] - at) * sizeof(uint32_t));
		d->listing[SIM_INACTIVE][at] = u->index;
		d->nlisting[SIM_INACTIVE]++;
	}
}

void
sim_data_free(struct sim_data *d)
{
	size_t i;
	int k;

	if (d == NULL)
		return;
	for (i = 0; i < d->nusers; i++) {
		free(d->users[i].email);
		free(d->users[i].canon);
		free(d->users[i].wire);
		for (k = 0; k < SIM_NSETS; k++)
			free(d->users[i].meets[k]);
	}
	free(d->users);
	for (k = 0; k < SIM_NSTATUS; k++)
		free(d->listing[k]);
	sim_hmap_free(&d->by_key, NULL);
	memset(d, 0, sizeof(*d));
}

struct sim_user *
sim_data_find(const struct sim_data *d, const char *key, size_t n)
{
	struct sim_user *u;
	char *low;

	if (n == 0)
		return NULL;
	u = sim_hmap_get(&d->by_key, key, n);
	if (u != NULL && u->id[0] != '\0' && strlen(u->id) == n &&
	    memcmp(u->id, key, n) == 0)
		return u;
	low = zrx_xmalloc(n + 1);
	lower_copy(low, key, n);
	u = sim_hmap_get(&d->by_key, low, n);
	if (u != NULL && (strlen(u->email) != n ||
	    strncasecmp(u->email, key, n) != 0))
		u = NULL;
	free(low);
	return u;
}

/* ---- meeting skeletons ---- */

struct meetvec {
	struct sim_meet *v;
	size_t n, cap;
};

static void
push_meet(struct meetvec *mv, struct sim_rng *r, int64_t start)
{
	struct sim_meet *m;

	if (mv->n == mv->cap) {
		mv->cap = mv->cap ? mv->cap * 2 : 16;
		mv->v = zrx_xrealloc(mv->v, mv->cap * sizeof(*mv->v));
	}
	m = &mv->v[mv->n];
	m->start = start;
	m->seed = sim_rng_next(r);
	/* Recurring meetings share the numeric id of an earlier instance. */
	if (mv->n > 0 && sim_rng_chance(r, 0.1))
		m->mid = mv->v[mv->n - 1 -
		    sim_rng_below(r, mv->n < 5 ? mv->n : 5)].mid;
	else
		m->mid = (uint64_t)sim_rng_range(r, 1000000000LL, 99999999999LL);
	mv->n++;
}

static int64_t
rand_time(struct sim_rng *r, int32_t from, int32_t to)
{
	int64_t day = sim_rng_range(r, from, to);

	return day * SIM_DAY + sim_rng_range(r, 0, SIM_DAY - 1);
}

static int
cmp_newest(const void *a, const void *b)
{
	const struct sim_meet *x = a, *y = b;

	if (x->start != y->start)
		return x->start > y->start ? -1 : 1;
	if (x->seed != y->seed)
		return x->seed < y->seed ? -1 : 1;
	return 0;
}

static int32_t
month_last(int32_t day)
{
	int y;
	unsigned m, d;

	zrx_civil_from_days(day, &y, &m, &d);
	if (m == 12)
		return zrx_days_from_civil(y + 1, 1, 1) - 1;
	return zrx_days_from_civil(y, m + 1, 1) - 1;
}

static int32_t
month_first(int32_t day)
{
	int y;
	unsigned m, d;

	zrx_civil_from_days(day, &y, &m, &d);
	return zrx_days_from_civil(y, m, 1);
}

static void
gen_meets(const struct sim_data *d, struct sim_user *u)
{
	const struct sim_dataset_opts *o = &d->o;
	struct meetvec mv[SIM_NSETS];
	struct sim_rng r;
	int32_t mf, ml, first, last;
	size_t nmonths = 0, mi, busy1 = SIZE_MAX, busy2 = SIZE_MAX, i, cnt;
	uint64_t mpm = o->meetings_per_month;
	int k;

	memset(mv, 0, sizeof(mv));
	u->generated = 1;
	if (u->status == SIM_PENDING)
		return;
	sim_rng_seed(&r, sim_mix(sim_mix(o->seed, TAG_MEET), u->index));
	for (mf = month_first(o->start); mf <= o->end; mf = month_last(mf) + 1)
		nmonths++;
	if (u->heavy) {
		busy1 = sim_rng_below(&r, nmonths);
		if (nmonths > 1)
			busy2 = (busy1 + 1 + sim_rng_below(&r, nmonths - 1)) % nmonths;
	}
	if (u->big) {
		for (i = 0; i < o->big_user; i++)
			push_meet(&mv[0], &r, rand_time(&r, o->start, o->end));
	} else {
		mi = 0;
		for (mf = month_first(o->start); mf <= o->end;
		    mf = month_last(mf) + 1, mi++) {
			ml = month_last(mf);
			first = mf < o->start ? o->start : mf;
			last = ml > o->end ? o->end : ml;
			if (mi == busy1)
				cnt = (size_t)sim_rng_range(&r, 610, 900);
			else if (mi == busy2)
				cnt = (size_t)sim_rng_range(&r, 301, 450);
			else if (u->heavy)
				cnt = (size_t)sim_rng_range(&r, 20, 40);
			else
				cnt = (size_t)sim_rng_below(&r, 2 * mpm + 1);
			for (i = 0; i < cnt; i++)
				push_meet(&mv[0], &r, rand_time(&r, first, last));
			/* Meetings exactly on the month's edges. */
			if (first == mf && sim_rng_chance(&r, 0.3))
				push_meet(&mv[0], &r, (int64_t)mf * SIM_DAY);
			if (last == ml && sim_rng_chance(&r, 0.3))
				push_meet(&mv[0], &r,
				    ((int64_t)ml + 1) * SIM_DAY - 1);
		}
	}
	for (k = SIM_SET_TRASH_MEETINGS; k < SIM_NSETS; k++) {
		cnt = (size_t)sim_rng_range(&r, 1, 3);
		for (i = 0; i < cnt; i++)
			push_meet(&mv[k], &r, rand_time(&r, o->start, o->end));
	}
	for (k = 0; k < SIM_NSETS; k++) {
		if (mv[k].n > 0)
			qsort(mv[k].v, mv[k].n, sizeof(*mv[k].v), cmp_newest);
		u->meets[k] = mv[k].v;
		u->nmeets[k] = mv[k].n;
	}
}

void
sim_user_meets(const struct sim_data *d, struct sim_user *u, enum sim_set set,
    const struct sim_meet **out, size_t *n)
{
	if (!u->generated)
		gen_meets(d, u);
	*out = u->meets[set];
	*n = u->nmeets[set];
}

/* First index in m[0..n) (newest first) whose start is before t. */
static size_t
first_before(const struct sim_meet *m, size_t n, int64_t t)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m[mid].start >= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
sim_meets_between(const struct sim_meet *m, size_t n, int32_t from, int32_t to,
    size_t *b, size_t *e)
{
	if (to < from) {
		*b = *e = 0;
		return;
	}
	*b = first_before(m, n, ((int64_t)to + 1) * SIM_DAY);
	*e = first_before(m, n, (int64_t)from * SIM_DAY);
}

