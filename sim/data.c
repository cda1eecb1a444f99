/* data.c - the deterministic dataset: users, meetings, trash.
 *
 * Users are built eagerly (they are small).  A user's meetings are kept as
 * skeletons (start time, seed, meeting id) generated on first use; the full
 * meeting object is rendered from its seed whenever it is served or printed,
 * canonical and wire forms in one pass, so both always agree.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "windows.h"
#include "jemit.h"
#include "prng.h"
#include "data.h"

#define TAG_STATUS 0x5354415455ULL
#define TAG_USER   0x55534552ULL
#define TAG_MEET   0x4d454554ULL
#define TAG_ACCT   0x41434354ULL
#define TAG_PICK   0x5049434bULL

#define DAY 86400

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

static const char *const timezones[] = {
	"America/Los_Angeles", "America/New_York", "Europe/London",
	"Europe/Berlin", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney",
	"America/Sao_Paulo", "Pacific/Auckland", "Asia/Kathmandu", "UTC", "",
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

struct bytes {
	const char *s;
	size_t n;
};

#define B(x) { x, sizeof(x) - 1 }

static const struct bytes plain_topics[] = {
	B("Weekly sync"), B("Daily standup"), B("1:1"), B("Customer call"),
	B("Sprint review"), B("All hands"), B("Interview"), B("Board meeting"),
	B("Office hours"), B("Onboarding"), B("Q3 planning"),
	B("Design review"), B("Incident postmortem"), B("My Personal Meeting"),
};

static const struct bytes hostile_topics[] = {
	B("Budget, Q3, \"final\" numbers"),
	B("Line one\nLine two"),
	B("CR\rLF\nCRLF\r\n end"),
	B("Tab\tseparated\tvalues"),
	B("C:\\Users\\zoom\\Recordings\\"),
	B("nul\0inside"),
	B("R\xc3\xa9union d\xe2\x80\x99\xc3\xa9quipe \xe2\x80\x94 \xc3\xa9t\xc3\xa9"),
	B("週次ミーティング（東京）"),
	B("Совещание по проекту"),
	B("Pizza 🍕 party 🎉"),
	B("Family 👨‍👩‍👧‍👦 & 🏳️‍🌈"),
	B("𝄞 music 𝕏"),
	B("\xe2\x80\xa8 line sep \xe2\x80\xa9 para sep"),
	B("<script>alert('x')</script>"),
	B("=HYPERLINK(\"http://x\")"),
	B("  padded  "),
	B(""),
	B("ctrl \x01\x02\x1f and del \x7f"),
	B("slash / back \\ quote \" apostrophe '"),
	B("a,b;c|d\te"),
	B("https://example.com/a/b?c=d&e=f"),
	B("\\u0000 literally"),
	B("\xc2\xa0non-breaking\xc2\xa0space"),
	B("BOM \xef\xbb\xbf here"),
	B("\"quoted\""),
	B("trailing backslash \\"),
	B("form\ffeed and back\bspace"),
};

static const char *const float_literals[] = {
	"12.50", "1E+2", "-0.0005", "3.0e-7", "0", "-17", "1.7976931348623157e308",
	"0.1", "100000000000000000000",
};

struct file_kind {
	const char *type;
	const char *ext;
	const char *rtype;
	int minimal; /* CC and TIMELINE: no id, status, file_size, recording_type, play_url */
};

static const struct file_kind file_kinds[] = {
	{ "MP4", "MP4", "shared_screen_with_speaker_view", 0 },
	{ "MP4", "MP4", "active_speaker", 0 },
	{ "MP4", "MP4", "gallery_view", 0 },
	{ "MP4", "MP4", "shared_screen_with_speaker_view(CC)", 0 },
	{ "M4A", "M4A", "audio_only", 0 },
	{ "TRANSCRIPT", "VTT", "audio_transcript", 0 },
	{ "CHAT", "TXT", "chat_file", 0 },
	{ "CC", "VTT", "closed_caption", 1 },
	{ "TIMELINE", "JSON", "timeline", 1 },
	{ "SUMMARY", "JSON", "summary", 0 },
	{ "CSV", "CSV", "poll", 0 },
	{ "AI_COMPANION_NOTES", "MD", "summary_smart_recap", 0 },
	{ "MP4", "MP4", "production_studio_v2", 0 },
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

/* ---- small helpers ---- */

static void
rand_chars(struct sim_rng *r, char *out, size_t n, const char *alphabet)
{
	size_t k = strlen(alphabet), i;

	for (i = 0; i < n; i++)
		out[i] = alphabet[sim_rng_below(r, k)];
	out[n] = '\0';
}

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char b64std[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char alnum[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* "YYYY-MM-DDTHH:MM:SS" of t + off_min minutes, then frac, then the zone
 * ("Z" when utc, else "+hh:mm"/"-hh:mm" of off_min). */
static void
fmt_time(char *out, size_t sz, int64_t t, int off_min, const char *frac, int utc)
{
	int64_t lt = t + (int64_t)off_min * 60, day = floor_div(lt, DAY);
	int64_t sec = lt - day * DAY;
	unsigned m, d;
	int y, a = off_min < 0 ? -off_min : off_min;
	char zone[8];

	zrx_civil_from_days((int32_t)day, &y, &m, &d);
	if (utc)
		snprintf(zone, sizeof(zone), "Z");
	else
		snprintf(zone, sizeof(zone), "%c%02d:%02d", off_min < 0 ? '-' : '+',
		    a / 60, a % 60);
	snprintf(out, sz, "%04d-%02u-%02uT%02d:%02d:%02d%s%s", y, m, d,
	    (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60), frac, zone);
}

static void
fmt_utc(char *out, size_t sz, int64_t t)
{
	fmt_time(out, sz, t, 0, "", 1);
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
	login = created + sim_rng_range(r, 0, 3 * 365 * DAY);
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
	sim_jw_cstr(jw, timezones[sim_rng_below(r, ZRX_ARRAY_LEN(timezones))]);
	sim_jw_key(jw, "verified");
	sim_jw_u64(jw, sim_rng_below(r, 2));
	if (sim_rng_chance(r, 0.8)) {
		sim_jw_key(jw, "dept");
		sim_jw_cstr(jw, depts[sim_rng_below(r, ZRX_ARRAY_LEN(depts))]);
	}
	sim_jw_key(jw, "created_at");
	fmt_utc(t, sizeof(t), created);
	sim_jw_cstr(jw, t);
	if (u->status != SIM_PENDING) {
		sim_jw_key(jw, "last_login_time");
		fmt_utc(t, sizeof(t), login);
		sim_jw_cstr(jw, t);
		sim_jw_key(jw, "last_client_version");
		sim_jw_cstr(jw, client_versions[sim_rng_below(r,
		    ZRX_ARRAY_LEN(client_versions))]);
		sim_jw_key(jw, "pic_url");
		rand_chars(r, t, 24, alnum);
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
		rand_chars(r, t, 22, b64url);
		sim_jw_cstr(jw, t);
		sim_jw_key(jw, "user_created_at");
		fmt_utc(t, sizeof(t), created);
		sim_jw_cstr(jw, t);
	}
	sim_jw_key(jw, "group_ids");
	sim_jw_arr(jw);
	ng = (unsigned)sim_rng_below(r, 3);
	for (i = 0; i < ng; i++) {
		rand_chars(r, t, 22, b64url);
		sim_jw_cstr(jw, t);
	}
	sim_jw_arr_end(jw);
	if (sim_rng_chance(r, 0.3)) {
		sim_jw_key(jw, "custom_attributes");
		sim_jw_arr(jw);
		sim_jw_obj(jw);
		sim_jw_key(jw, "key");
		rand_chars(r, t, 26, "abcdefghijklmnopqrstuvwxyz0123456789");
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
	sim_jw_key(jw, "account");
	sim_jw_cstr(jw, d->account_id);
	sim_jw_obj_end(jw);
}

static unsigned
wire_style(struct sim_rng *r)
{
	unsigned s = 0;

	if (sim_rng_chance(r, 0.3))
		s |= SIM_JW_UNICODE;
	if (sim_rng_chance(r, 0.3))
		s |= SIM_JW_SLASH;
	if (sim_rng_chance(r, 0.2))
		s |= SIM_JW_QUOTE_U;
	if (sim_rng_chance(r, 0.2))
		s |= SIM_JW_CTRL_U;
	if (sim_rng_chance(r, 0.1))
		s |= SIM_JW_SPACES;
	if (sim_rng_chance(r, 0.04))
		s |= SIM_JW_NEWLINES;
	return s;
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
		rand_chars(&r, u->id, 22, b64url);
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
	sim_jw_init(&jw, &canon, &wire, wire_style(&r));
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
	rand_chars(&r, d->account_id, 22, b64url);

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
		m->mid = mv->v[mv->n - 1 - sim_rng_below(r, mv->n < 5 ? mv->n : 5)].mid;
	else
		m->mid = (uint64_t)sim_rng_range(r, 1000000000LL, 99999999999LL);
	mv->n++;
}

static int64_t
rand_time(struct sim_rng *r, int32_t from, int32_t to)
{
	return (int64_t)sim_rng_range(r, from, to) * DAY + sim_rng_range(r, 0, DAY - 1);
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
				push_meet(&mv[0], &r, (int64_t)mf * DAY);
			if (last == ml && sim_rng_chance(&r, 0.3))
				push_meet(&mv[0], &r, (int64_t)ml * DAY + DAY - 1);
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
	*b = first_before(m, n, ((int64_t)to + 1) * DAY);
	*e = first_before(m, n, (int64_t)from * DAY);
}

/* ---- meeting rendering ---- */

struct rfile {
	const struct file_kind *k;
	char id[40];
	int64_t rstart, rend;
	uint64_t size;
	int huge;
	int in_progress;
	int64_t deleted;
	int extra;
	char token[48];
};

static void
make_uuid(struct sim_rng *r, char out[25])
{
	uint8_t raw[18];
	size_t i, o = 0;
	uint32_t v;

	for (i = 0; i < 16; i++)
		raw[i] = (uint8_t)sim_rng_next(r);
	raw[16] = raw[17] = 0;
	for (i = 0; i < 18; i += 3) {
		v = (uint32_t)raw[i] << 16 | (uint32_t)raw[i + 1] << 8 | raw[i + 2];
		out[o++] = b64std[(v >> 18) & 63];
		out[o++] = b64std[(v >> 12) & 63];
		out[o++] = b64std[(v >> 6) & 63];
		out[o++] = b64std[v & 63];
	}
	out[22] = '=';
	out[23] = '=';
	out[24] = '\0';
	if (sim_rng_chance(r, 0.07))
		out[0] = '/';
	if (sim_rng_chance(r, 0.07)) {
		out[9] = '/';
		out[10] = '/';
	}
	if (sim_rng_chance(r, 0.1))
		out[5] = '+';
}

static void
make_file_id(struct sim_rng *r, char out[40])
{
	static const char hex[] = "0123456789abcdef";
	static const int groups[] = { 8, 4, 4, 4, 12 };
	size_t o = 0, g;
	int i;

	for (g = 0; g < ZRX_ARRAY_LEN(groups); g++) {
		if (g > 0)
			out[o++] = '-';
		for (i = 0; i < groups[g]; i++)
			out[o++] = hex[sim_rng_below(r, 16)];
	}
	out[o] = '\0';
}

static void
make_topic(struct sim_rng *r, struct zrx_buf *t)
{
	const struct bytes *p;
	size_t target;
	double x = sim_rng_unit(r);

	zrx_buf_reset(t);
	if (x < 0.015) {
		/* Very long: whole pieces so UTF-8 stays valid. */
		target = (size_t)sim_rng_range(r, 1000, 8000);
		while (t->len < target) {
			if (sim_rng_chance(r, 0.5))
				p = &hostile_topics[sim_rng_below(r,
				    ZRX_ARRAY_LEN(hostile_topics))];
			else
				p = &plain_topics[sim_rng_below(r,
				    ZRX_ARRAY_LEN(plain_topics))];
			zrx_buf_append(t, p->s, p->n);
			zrx_buf_puts(t, " | ");
		}
	} else if (x < 0.35) {
		p = &hostile_topics[sim_rng_below(r, ZRX_ARRAY_LEN(hostile_topics))];
		zrx_buf_append(t, p->s, p->n);
	} else {
		p = &plain_topics[sim_rng_below(r, ZRX_ARRAY_LEN(plain_topics))];
		zrx_buf_append(t, p->s, p->n);
		if (sim_rng_chance(r, 0.5))
			zrx_buf_printf(t, " #%" PRIu64, sim_rng_below(r, 1000));
	}
	/* Make sure the buffer exists even for an empty topic. */
	zrx_buf_append(t, "", 0);
}

/* start_time as Zoom may send it: mostly "...Z"; some with fractional
 * seconds; some with an offset that puts the local date on another day. */
static void
make_start_time(struct sim_rng *r, int64_t t, char *out, size_t sz)
{
	static const int pos[] = { 330, 540, 600, 765, 840 };
	static const int neg[] = { -480, -300, -210, -660, -720 };
	int64_t tod = t - floor_div(t, DAY) * DAY;
	double x = sim_rng_unit(r);
	char frac[12] = "";
	int cand[5], nc = 0, off;
	size_t i;

	if (x < 0.84) {
		fmt_time(out, sz, t, 0, "", 1);
		return;
	}
	if (x < 0.92 || sim_rng_chance(r, 0.2)) {
		if (sim_rng_chance(r, 0.3))
			snprintf(frac, sizeof(frac), ".%06" PRIu64,
			    sim_rng_below(r, 1000000));
		else
			snprintf(frac, sizeof(frac), ".%03" PRIu64,
			    sim_rng_below(r, 1000));
	}
	if (x < 0.92) {
		fmt_time(out, sz, t, 0, frac, 1);
		return;
	}
	if (tod >= 12 * 3600) {
		for (i = 0; i < ZRX_ARRAY_LEN(pos); i++)
			if (tod + pos[i] * 60 >= DAY)
				cand[nc++] = pos[i];
	} else {
		for (i = 0; i < ZRX_ARRAY_LEN(neg); i++)
			if (tod + neg[i] * 60 < 0)
				cand[nc++] = neg[i];
	}
	off = cand[sim_rng_below(r, (uint64_t)nc)];
	fmt_time(out, sz, t, off, frac, 0);
}

static void
emit_files(struct sim_jw *jw, const char *uuid, const struct rfile *f, size_t nf,
    int trash)
{
	char t[64], url[128];
	size_t i;

	sim_jw_arr(jw);
	for (i = 0; i < nf; i++) {
		const struct file_kind *k = f[i].k;

		sim_jw_obj(jw);
		if (!k->minimal) {
			sim_jw_key(jw, "id");
			sim_jw_cstr(jw, f[i].id);
		}
		sim_jw_key(jw, "meeting_id");
		sim_jw_cstr(jw, uuid);
		sim_jw_key(jw, "recording_start");
		fmt_utc(t, sizeof(t), f[i].rstart);
		sim_jw_cstr(jw, t);
		sim_jw_key(jw, "recording_end");
		if (f[i].in_progress) {
			sim_jw_cstr(jw, "");
		} else {
			fmt_utc(t, sizeof(t), f[i].rend);
			sim_jw_cstr(jw, t);
		}
		sim_jw_key(jw, "file_type");
		sim_jw_cstr(jw, f[i].in_progress ? "" : k->type);
		sim_jw_key(jw, "file_extension");
		sim_jw_cstr(jw, k->ext);
		if (!k->minimal) {
			sim_jw_key(jw, "file_size");
			sim_jw_u64(jw, f[i].size);
			sim_jw_key(jw, "play_url");
			snprintf(url, sizeof(url),
			    "https://example.zoom.us/rec/play/%s", f[i].token);
			sim_jw_cstr(jw, url);
		}
		sim_jw_key(jw, "download_url");
		snprintf(url, sizeof(url),
		    "https://example.zoom.us/rec/download/%s?pwd=a%%2Fb&x=1",
		    f[i].token);
		sim_jw_cstr(jw, url);
		if (!k->minimal) {
			sim_jw_key(jw, "status");
			sim_jw_cstr(jw, f[i].in_progress ? "processing" : "completed");
			sim_jw_key(jw, "recording_type");
			sim_jw_cstr(jw, k->rtype);
		}
		if (f[i].extra) {
			sim_jw_key(jw, "x_sim_file_meta");
			sim_jw_obj(jw);
			sim_jw_key(jw, "codec");
			sim_jw_cstr(jw, "h264");
			sim_jw_key(jw, "tracks");
			sim_jw_arr(jw);
			sim_jw_num(jw, "1");
			sim_jw_num(jw, "2");
			sim_jw_arr_end(jw);
			sim_jw_key(jw, "encrypted");
			sim_jw_bool(jw, 0);
			sim_jw_obj_end(jw);
		}
		if (trash) {
			sim_jw_key(jw, "deleted_time");
			fmt_utc(t, sizeof(t), f[i].deleted);
			sim_jw_cstr(jw, t);
		}
		sim_jw_obj_end(jw);
	}
	sim_jw_arr_end(jw);
}

static void
emit_extra(struct sim_jw *jw, struct sim_rng *r)
{
	sim_jw_key(jw, "x_sim_extra");
	sim_jw_obj(jw);
	sim_jw_key(jw, "nested");
	sim_jw_arr(jw);
	sim_jw_num(jw, "1");
	sim_jw_cstr(jw, "b/\"c\"");
	sim_jw_null(jw);
	sim_jw_bool(jw, 1);
	sim_jw_bool(jw, 0);
	sim_jw_obj(jw);
	sim_jw_key(jw, "deep");
	sim_jw_obj(jw);
	sim_jw_obj_end(jw);
	sim_jw_key(jw, "list");
	sim_jw_arr(jw);
	sim_jw_arr_end(jw);
	sim_jw_obj_end(jw);
	sim_jw_arr_end(jw);
	sim_jw_key(jw, "ratio");
	sim_jw_num(jw, float_literals[sim_rng_below(r, ZRX_ARRAY_LEN(float_literals))]);
	sim_jw_key(jw, "none");
	sim_jw_null(jw);
	sim_jw_obj_end(jw);
}

void
sim_meet_render(const struct sim_data *d, const struct sim_user *u,
    enum sim_set set, const struct sim_meet *m, struct zrx_buf *canon,
    struct zrx_buf *wire)
{
	struct sim_rng r;
	struct sim_jw jw;
	struct zrx_buf topic;
	struct rfile files[8];
	char uuid[25], st[64], passcode[40], sharetok[48], t[32];
	size_t nf = 0, i;
	int files_mode, files_first, id_first, type_str, topic_null, extra;
	int extra_mid, flag, has_tz, has_share, password, auto_del;
	uint64_t type, duration, total = 0;
	int huge_total = 0, any_huge = 0, trash = set != SIM_SET_RECORDINGS;
	const char *tz;

	sim_rng_seed(&r, m->seed);
	sim_jw_init(&jw, canon, wire, wire_style(&r));
	make_uuid(&r, uuid);
	zrx_buf_init(&topic);
	make_topic(&r, &topic);
	topic_null = sim_rng_chance(&r, 0.01);
	type = 2;
	if (m->mid != 0 && sim_rng_chance(&r, 0.15))
		type = 8;
	if (sim_rng_chance(&r, 0.08)) {
		static const uint64_t odd[] = { 1, 3, 4, 5, 6, 9, 99, 100 };

		type = odd[sim_rng_below(&r, ZRX_ARRAY_LEN(odd))];
	}
	type_str = sim_rng_chance(&r, 0.3);
	make_start_time(&r, m->start, st, sizeof(st));
	tz = timezones[sim_rng_below(&r, ZRX_ARRAY_LEN(timezones))];
	has_tz = !sim_rng_chance(&r, 0.05);
	duration = (uint64_t)sim_rng_range(&r, 0, 240);
	has_share = !sim_rng_chance(&r, 0.05);
	rand_chars(&r, sharetok, 43, b64url);
	rand_chars(&r, passcode, 32, b64url);
	password = sim_rng_chance(&r, 0.1);
	auto_del = sim_rng_chance(&r, 0.3);
	extra = sim_rng_chance(&r, 0.15);
	extra_mid = sim_rng_chance(&r, 0.5);
	flag = (int)sim_rng_below(&r, 12);
	files_first = sim_rng_chance(&r, 0.1);
	id_first = sim_rng_chance(&r, 0.05);

	/* files_mode: 0 key absent, 1 empty array, 2 files */
	files_mode = 2;
	if (set == SIM_SET_RECORDINGS) {
		double x = sim_rng_unit(&r);

		if (x < 0.04)
			files_mode = 0;
		else if (x < 0.08)
			files_mode = 1;
		nf = files_mode == 2 ? (size_t)sim_rng_range(&r, 1, 6) : 0;
	} else if (set == SIM_SET_TRASH_MEETINGS) {
		nf = (size_t)sim_rng_range(&r, 1, 4);
	} else {
		nf = (size_t)sim_rng_range(&r, 1, 2);
	}
	for (i = 0; i < nf; i++) {
		struct rfile *f = &files[i];

		f->k = &file_kinds[sim_rng_below(&r, ZRX_ARRAY_LEN(file_kinds))];
		make_file_id(&r, f->id);
		f->rstart = m->start + sim_rng_range(&r, 0, 120);
		f->rend = f->rstart + (int64_t)duration * 60 + sim_rng_range(&r, 0, 59);
		f->huge = sim_rng_chance(&r, 0.03);
		f->size = f->huge ? 9007199254740993ULL + sim_rng_below(&r, 1000000) :
		    (uint64_t)sim_rng_range(&r, 1000, 3000000000LL);
		f->in_progress = 0;
		f->deleted = m->start + sim_rng_range(&r, DAY, 30 * DAY);
		f->extra = sim_rng_chance(&r, 0.03);
		rand_chars(&r, f->token, 40, b64url);
		if (!f->k->minimal) {
			total += f->size;
			any_huge |= f->huge;
		}
	}
	if (set == SIM_SET_RECORDINGS && nf > 0 && sim_rng_chance(&r, 0.03))
		files[nf - 1].in_progress = 1;
	huge_total = sim_rng_chance(&r, 0.03);
	(void)any_huge;

	sim_jw_obj(&jw);
	if (files_first && files_mode != 0) {
		sim_jw_key(&jw, "recording_files");
		emit_files(&jw, uuid, files, nf, trash);
	}
	if (id_first) {
		sim_jw_key(&jw, "id");
		sim_jw_u64(&jw, m->mid);
	}
	sim_jw_key(&jw, "uuid");
	sim_jw_cstr(&jw, uuid);
	if (!id_first) {
		sim_jw_key(&jw, "id");
		sim_jw_u64(&jw, m->mid);
	}
	sim_jw_key(&jw, "account_id");
	sim_jw_cstr(&jw, d->account_id);
	sim_jw_key(&jw, "host_id");
	sim_jw_cstr(&jw, u->id);
	sim_jw_key(&jw, "topic");
	if (topic_null)
		sim_jw_null(&jw);
	else
		sim_jw_str(&jw, topic.data, topic.len);
	if (extra && extra_mid)
		emit_extra(&jw, &r);
	sim_jw_key(&jw, "type");
	if (type_str) {
		snprintf(t, sizeof(t), "%" PRIu64, type);
		sim_jw_cstr(&jw, t);
	} else {
		sim_jw_u64(&jw, type);
	}
	sim_jw_key(&jw, "start_time");
	sim_jw_cstr(&jw, st);
	if (has_tz) {
		sim_jw_key(&jw, "timezone");
		sim_jw_cstr(&jw, tz);
	}
	sim_jw_key(&jw, "duration");
	sim_jw_u64(&jw, duration);
	sim_jw_key(&jw, "total_size");
	sim_jw_u64(&jw, huge_total ? 9007199254740993ULL +
	    sim_rng_below(&r, 1u << 20) * 2 : total);
	sim_jw_key(&jw, "recording_count");
	sim_jw_u64(&jw, nf);
	if (has_share) {
		sim_jw_key(&jw, "share_url");
		snprintf(t, sizeof(t), "%.20s", sharetok);
		zrx_buf_reset(&topic);
		zrx_buf_printf(&topic, "https://example.zoom.us/rec/share/%s.%s",
		    sharetok, t);
		sim_jw_str(&jw, topic.data, topic.len);
	}
	if (!files_first && files_mode != 0) {
		sim_jw_key(&jw, "recording_files");
		emit_files(&jw, uuid, files, nf, trash);
	}
	if (password) {
		sim_jw_key(&jw, "password");
		sim_jw_cstr(&jw, "p@ss\"w/rd\\1");
	}
	sim_jw_key(&jw, "recording_play_passcode");
	sim_jw_cstr(&jw, passcode);
	if (auto_del) {
		sim_jw_key(&jw, "auto_delete");
		sim_jw_bool(&jw, 1);
		sim_jw_key(&jw, "auto_delete_date");
		zrx_date_format((int32_t)floor_div(m->start, DAY) + 120, t);
		sim_jw_cstr(&jw, t);
	}
	if (extra && !extra_mid)
		emit_extra(&jw, &r);
	switch (flag) {
	case 0:
		sim_jw_key(&jw, "x_sim_flag");
		sim_jw_bool(&jw, 1);
		break;
	case 1:
		sim_jw_key(&jw, "x_sim_flag");
		sim_jw_bool(&jw, 0);
		break;
	case 2:
		sim_jw_key(&jw, "x_sim_flag");
		sim_jw_null(&jw);
		break;
	case 3:
		sim_jw_key(&jw, "x_sim_huge");
		sim_jw_num(&jw, "123456789012345678901234567890");
		break;
	default:
		break;
	}
	sim_jw_obj_end(&jw);
	zrx_buf_free(&topic);
}
