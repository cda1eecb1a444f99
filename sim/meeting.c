/* meeting.c - render a meeting from its skeleton: canonical and wire forms.
 *
 * Everything but the start time and the numeric id is drawn from the
 * meeting's seed, in one fixed order, so a meeting renders the same every
 * time; both forms are written in one pass, so they always agree.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "dates.h"
#include "jemit.h"
#include "prng.h"
#include "gen.h"
#include "data.h"
#include "messy.h"
#include "timeline.h"

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

struct rfile {
	const struct file_kind *k;
	char id[40];
	int64_t rstart, rend;
	uint64_t size;
	int huge;
	int in_progress;
	int processing;  /* status "processing" (time model) */
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
		out[o++] = sim_b64std[(v >> 18) & 63];
		out[o++] = sim_b64std[(v >> 12) & 63];
		out[o++] = sim_b64std[(v >> 6) & 63];
		out[o++] = sim_b64std[v & 63];
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
	int64_t tod = t - sim_floor_div(t, SIM_DAY) * SIM_DAY;
	double x = sim_rng_unit(r);
	char frac[12] = "";
	int cand[5], nc = 0, off;
	size_t i;

	if (x < 0.84) {
		sim_fmt_time(out, sz, t, 0, "", 1);
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
		sim_fmt_time(out, sz, t, 0, frac, 1);
		return;
	}
	if (tod >= 12 * 3600) {
		for (i = 0; i < ZRX_ARRAY_LEN(pos); i++)
			if (tod + pos[i] * 60 >= SIM_DAY)
				cand[nc++] = pos[i];
	} else {
		for (i = 0; i < ZRX_ARRAY_LEN(neg); i++)
			if (tod + neg[i] * 60 < 0)
				cand[nc++] = neg[i];
	}
	off = cand[sim_rng_below(r, (uint64_t)nc)];
	sim_fmt_time(out, sz, t, off, frac, 0);
}

static void
emit_files(struct sim_jw *jw, const char *uuid, const struct rfile *f, size_t nf,
    int trash, const struct sim_messy *mz)
{
	char t[64], url[128];
	size_t i;

	sim_jw_arr(jw);
	for (i = 0; i < nf; i++) {
		const struct file_kind *k = f[i].k;

		sim_jw_obj(jw);
		if (!k->minimal && sim_messy_key(jw, mz, (int)i, "id"))
			sim_jw_cstr(jw, f[i].id);
		sim_jw_key(jw, "meeting_id");
		sim_jw_cstr(jw, uuid);
		sim_fmt_utc(t, sizeof(t), f[i].rstart);
		if (sim_messy_key(jw, mz, (int)i, "recording_start"))
			sim_jw_cstr(jw, t);
		if (!sim_messy_key(jw, mz, (int)i, "recording_end")) {
			/* a messy value */
		} else if (f[i].in_progress) {
			sim_jw_cstr(jw, "");
		} else {
			sim_fmt_utc(t, sizeof(t), f[i].rend);
			sim_jw_cstr(jw, t);
		}
		sim_jw_key(jw, "file_type");
		sim_jw_cstr(jw, f[i].in_progress ? "" : k->type);
		sim_jw_key(jw, "file_extension");
		sim_jw_cstr(jw, k->ext);
		if (!k->minimal) {
			if (sim_messy_key(jw, mz, (int)i, "file_size"))
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
			sim_jw_cstr(jw, f[i].in_progress || f[i].processing ?
			    "processing" : "completed");
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
			sim_fmt_utc(t, sizeof(t), f[i].deleted);
			if (sim_messy_key(jw, mz, (int)i, "deleted_time"))
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

/*
 * The time model applied to the files drawn for m: keep those set shows at
 * now, with their status and deleted_time, and recount *total.  Returns 1
 * when set holds the meeting at now, else 0.
 */
static int
at_instant(const struct sim_meet *m, enum sim_set set, int64_t now,
    uint64_t duration, struct rfile *f, size_t *nf, uint64_t *total)
{
	enum sim_tl_class cls[SIM_TL_MAXFILES];
	int64_t end = m->start + (int64_t)duration * 60;
	struct sim_tl tl;
	size_t i, k = 0;
	int proc;

	for (i = 0; i < *nf && i < SIM_TL_MAXFILES; i++) {
		cls[i] = sim_tl_class_of(f[i].k->type);
		if (f[i].rend > end)
			end = f[i].rend;
	}
	sim_tl_plan(m->seed, m->start, end, cls, i, &tl);
	*total = 0;
	for (i = 0; i < tl.nf; i++) {
		if (!sim_tl_file(&tl, i, set, now, &proc, &f[i].deleted))
			continue;
		f[k] = f[i];
		f[k].processing = proc != 0;
		f[k].in_progress = proc == 2;
		if (!f[k].k->minimal)
			*total += f[k].size;
		k++;
	}
	*nf = k;
	return sim_tl_in(&tl, set, now);
}

/* Render m at now (SIM_TIMELESS: the time model off) into canon and wire
 * (either may be NULL); with probe, render nothing.  Returns 1 when set
 * holds the meeting at now (always, time model off). */
static int
render(const struct sim_data *d, const struct sim_user *u, enum sim_set set,
    const struct sim_meet *m, int64_t now, struct zrx_buf *canon,
    struct zrx_buf *wire, int probe)
{
	struct sim_rng r;
	struct sim_jw jw;
	struct sim_messy mz;
	struct zrx_buf topic;
	struct rfile files[8];
	char uuid[25], st[64], passcode[40], sharetok[48], t[32];
	size_t nf = 0, i;
	int files_mode, files_first, id_first, type_str, topic_null, extra;
	int extra_mid, flag, has_tz, has_share, password, auto_del;
	uint64_t type, duration, total = 0;
	int huge_total, trash = set != SIM_SET_RECORDINGS, in_set = 1;
	const char *tz;
	/* With time, a meeting is one meeting wherever it is listed. */
	enum sim_set draw = now != SIM_TIMELESS ? SIM_SET_RECORDINGS : set;

	sim_messy_plan(d, m, &mz);
	sim_rng_seed(&r, m->seed);
	sim_jw_init(&jw, canon, wire, sim_wire_style(&r));
	make_uuid(&r, uuid);
	zrx_buf_init(&topic);
	make_topic(&r, &topic);
	topic_null = sim_rng_chance(&r, 0.01);
	type = sim_rng_chance(&r, 0.15) ? 8 : 2;
	if (sim_rng_chance(&r, 0.08)) {
		static const uint64_t odd[] = { 1, 3, 4, 5, 6, 9, 99, 100 };

		type = odd[sim_rng_below(&r, ZRX_ARRAY_LEN(odd))];
	}
	type_str = sim_rng_chance(&r, 0.3);
	make_start_time(&r, m->start, st, sizeof(st));
	tz = sim_timezones[sim_rng_below(&r, sim_ntimezones)];
	has_tz = !sim_rng_chance(&r, 0.05);
	duration = (uint64_t)sim_rng_range(&r, 0, 240);
	has_share = !sim_rng_chance(&r, 0.05);
	sim_rand_chars(&r, sharetok, 43, sim_b64url);
	sim_rand_chars(&r, passcode, 32, sim_b64url);
	password = sim_rng_chance(&r, 0.1);
	auto_del = sim_rng_chance(&r, 0.3);
	extra = sim_rng_chance(&r, 0.15);
	extra_mid = sim_rng_chance(&r, 0.5);
	flag = (int)sim_rng_below(&r, 12);
	files_first = sim_rng_chance(&r, 0.1);
	id_first = sim_rng_chance(&r, 0.05);

	/* files_mode: 0 key absent, 1 empty array, 2 files */
	files_mode = 2;
	if (draw == SIM_SET_RECORDINGS) {
		double x = sim_rng_unit(&r);

		if (x < 0.04)
			files_mode = 0;
		else if (x < 0.08)
			files_mode = 1;
		nf = files_mode == 2 ? (size_t)sim_rng_range(&r, 1, 6) : 0;
	} else if (draw == SIM_SET_TRASH_MEETINGS) {
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
		f->processing = 0;
		f->deleted = m->start + sim_rng_range(&r, SIM_DAY, 30 * SIM_DAY);
		f->extra = sim_rng_chance(&r, 0.03);
		sim_rand_chars(&r, f->token, 40, sim_b64url);
		if (!f->k->minimal)
			total += f->size;
	}
	if (draw == SIM_SET_RECORDINGS && nf > 0 && sim_rng_chance(&r, 0.03))
		files[nf - 1].in_progress = 1;
	huge_total = sim_rng_chance(&r, 0.03);
	if (now != SIM_TIMELESS)
		in_set = at_instant(m, set, now, duration, files, &nf, &total);
	if (probe) {
		zrx_buf_free(&topic);
		return in_set;
	}

	sim_jw_obj(&jw);
	if (files_first && files_mode != 0) {
		sim_jw_key(&jw, "recording_files");
		emit_files(&jw, uuid, files, nf, trash, &mz);
	}
	if (id_first) {
		if (sim_messy_key(&jw, &mz, -1, "id"))
			sim_jw_u64(&jw, m->mid);
	}
	sim_jw_key(&jw, "uuid");
	sim_jw_cstr(&jw, uuid);
	if (!id_first) {
		if (sim_messy_key(&jw, &mz, -1, "id"))
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
	if (!sim_messy_key(&jw, &mz, -1, "type")) {
		/* a messy value */
	} else if (type_str) {
		snprintf(t, sizeof(t), "%" PRIu64, type);
		sim_jw_cstr(&jw, t);
	} else {
		sim_jw_u64(&jw, type);
	}
	if (sim_messy_key(&jw, &mz, -1, "start_time"))
		sim_jw_cstr(&jw, st);
	if (has_tz) {
		sim_jw_key(&jw, "timezone");
		sim_jw_cstr(&jw, tz);
	}
	if (sim_messy_key(&jw, &mz, -1, "duration"))
		sim_jw_u64(&jw, duration);
	if (sim_messy_key(&jw, &mz, -1, "total_size"))
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
		emit_files(&jw, uuid, files, nf, trash, &mz);
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
		zrx_date_format((int32_t)sim_floor_div(m->start, SIM_DAY) + 120, t);
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
	sim_messy_extra(&jw, &mz);
	sim_jw_obj_end(&jw);
	zrx_buf_free(&topic);
	return in_set;
}

void
sim_meet_render(const struct sim_data *d, const struct sim_user *u,
    enum sim_set set, const struct sim_meet *m, int64_t now,
    struct zrx_buf *canon, struct zrx_buf *wire)
{
	(void)render(d, u, set, m, now, canon, wire, 0);
}

int
sim_meet_in(const struct sim_data *d, const struct sim_user *u,
    enum sim_set set, const struct sim_meet *m, int64_t now)
{
	return now == SIM_TIMELESS || render(d, u, set, m, now, NULL, NULL, 1);
}
