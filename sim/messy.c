/* messy.c - --messy: values real accounts hold and tidy data never shows. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "prng.h"
#include "messy.h"

#define TAG_MESSY 0x4d45535359ULL

enum vkind { MV_ABSENT, MV_NULL, MV_STR, MV_NUM, MV_ID_STR };

struct mval {
	enum vkind k;
	const char *s; /* MV_STR: the string; MV_NUM: the number as written */
};

/* Not a timestamp, for zrx or for a database: start_time, recording_start,
 * recording_end, deleted_time.  (The last two some databases do read.) */
static const struct mval bad_times[] = {
	{ MV_ABSENT, NULL }, { MV_NULL, NULL }, { MV_STR, "" },
	{ MV_STR, "TBD" }, { MV_STR, "not-a-date" },
	{ MV_STR, "2024-02-30T10:00:00Z" }, { MV_STR, "0000-00-00T00:00:00Z" },
	{ MV_NUM, "1711274400" }, { MV_STR, "2024-03-24 10:00" },
};

static const struct mval bad_types[] = {
	{ MV_STR, "webinar" }, { MV_STR, "" }, { MV_NULL, NULL },
	{ MV_STR, "TBD" }, { MV_STR, "-1" }, { MV_NUM, "8.0" },
};

static const struct mval bad_ids[] = {
	{ MV_ID_STR, NULL }, { MV_NUM, "18446744073709551615" },
	{ MV_NUM, "99999999999999999999" }, { MV_NULL, NULL },
};

static const struct mval bad_durations[] = {
	{ MV_NULL, NULL }, { MV_STR, "45" }, { MV_NUM, "-5" },
	{ MV_STR, "1:30:00" }, { MV_NUM, "2.5" },
};

/* 2^64 - 1, past 2^64, 2^63 */
static const struct mval bad_totals[] = {
	{ MV_NUM, "18446744073709551615" }, { MV_NUM, "99999999999999999999" },
	{ MV_NUM, "9223372036854775808" }, { MV_NUM, "-1" }, { MV_NUM, "1.5" },
	{ MV_NULL, NULL }, { MV_STR, "1048576" },
};

static const struct mval bad_file_ids[] = {
	{ MV_ABSENT, NULL }, { MV_NULL, NULL }, { MV_STR, "" },
	{ MV_NUM, "123456789012" },
};

static const struct mval bad_sizes[] = {
	{ MV_ABSENT, NULL }, { MV_NULL, NULL },
	{ MV_NUM, "18446744073709551615" }, { MV_NUM, "99999999999999999999" },
	{ MV_NUM, "9223372036854775808" }, { MV_NUM, "-1" }, { MV_NUM, "1.5" },
	{ MV_NUM, "2048.75" }, { MV_STR, "123456" }, { MV_STR, "" },
	{ MV_STR, "12 MB" },
};

/* One field: its key, whether it is a file's, the share of the objects of a
 * messy meeting that get a bad value, the bad values. */
struct field {
	const char *key;
	int file;
	double p;
	const struct mval *v;
	size_t nv;
};

#define F(k, file, p, v) { k, file, p, v, ZRX_ARRAY_LEN(v) }

static const struct field fields[] = {
	F("start_time", 0, 0.4, bad_times),
	F("type", 0, 0.3, bad_types),
	F("id", 0, 0.2, bad_ids),
	F("duration", 0, 0.15, bad_durations),
	F("total_size", 0, 0.3, bad_totals),
	F("id", 1, 0.15, bad_file_ids),
	F("file_size", 1, 0.3, bad_sizes),
	F("recording_start", 1, 0.15, bad_times),
	F("recording_end", 1, 0.15, bad_times),
	F("deleted_time", 1, 0.2, bad_times),
};

#define P_MESSY 0.06 /* the share of messy meetings */
#define P_EXTRA 0.4  /* of those, the share with more unknown keys */

/* The plan's byte for fields[i] (file number file for a file's field). */
static uint8_t *
slot(struct sim_messy *mz, size_t i, int file)
{
	switch (i) {
	case 0: return &mz->start_time;
	case 1: return &mz->type;
	case 2: return &mz->id;
	case 3: return &mz->duration;
	case 4: return &mz->total_size;
	case 5: return &mz->f[file].id;
	case 6: return &mz->f[file].file_size;
	case 7: return &mz->f[file].recording_start;
	case 8: return &mz->f[file].recording_end;
	default: return &mz->f[file].deleted_time;
	}
}

/* One draw: 0, or 1 + the index of a bad value. */
static uint8_t
draw(struct sim_rng *r, const struct field *f)
{
	int hit = sim_rng_chance(r, f->p);
	uint64_t k = sim_rng_below(r, f->nv);

	return hit ? (uint8_t)(1 + k) : 0;
}

void
sim_messy_plan(const struct sim_data *d, const struct sim_meet *m,
    struct sim_messy *mz)
{
	struct sim_rng r;
	size_t i;
	uint64_t kind;
	int file, messy, extra;

	memset(mz, 0, sizeof(*mz));
	mz->mid = m->mid;
	if (!d->o.messy)
		return;
	/* A fixed number of draws whatever comes out: each choice stays put. */
	sim_rng_seed(&r, sim_mix(m->seed, TAG_MESSY));
	messy = sim_rng_chance(&r, P_MESSY);
	for (i = 0; i < ZRX_ARRAY_LEN(fields); i++) {
		if (!fields[i].file) {
			*slot(mz, i, 0) = draw(&r, &fields[i]);
			continue;
		}
		for (file = 0; file < SIM_MESSY_FILES; file++)
			*slot(mz, i, file) = draw(&r, &fields[i]);
	}
	extra = sim_rng_chance(&r, P_EXTRA);
	kind = sim_rng_below(&r, 3);
	mz->extra = extra ? (uint8_t)(1 + kind) : 0;
	if (!messy) {
		memset(mz, 0, sizeof(*mz));
		mz->mid = m->mid;
	}
}

int
sim_messy_key(struct sim_jw *jw, const struct sim_messy *mz, int file,
    const char *k)
{
	const struct mval *v;
	char t[24];
	uint8_t how = 0;
	size_t i;

	for (i = 0; i < ZRX_ARRAY_LEN(fields); i++) {
		if (fields[i].file != (file >= 0) || strcmp(fields[i].key, k) != 0)
			continue;
		if (file < SIM_MESSY_FILES)
			how = *slot((struct sim_messy *)mz, i, file < 0 ? 0 : file);
		break;
	}
	if (how == 0) {
		sim_jw_key(jw, k);
		return 1;
	}
	v = &fields[i].v[how - 1];
	if (v->k == MV_ABSENT)
		return 0;
	sim_jw_key(jw, k);
	switch (v->k) {
	case MV_NULL:
		sim_jw_null(jw);
		break;
	case MV_STR:
		sim_jw_cstr(jw, v->s);
		break;
	case MV_NUM:
		sim_jw_num(jw, v->s);
		break;
	default: /* MV_ID_STR */
		snprintf(t, sizeof(t), "%" PRIu64, mz->mid);
		sim_jw_cstr(jw, t);
		break;
	}
	return 0;
}

void
sim_messy_extra(struct sim_jw *jw, const struct sim_messy *mz)
{
	if (mz->extra & 1) {
		sim_jw_key(jw, "x_sim_messy");
		sim_jw_obj(jw);
		sim_jw_key(jw, "level1");
		sim_jw_obj(jw);
		sim_jw_key(jw, "level2");
		sim_jw_arr(jw);
		sim_jw_obj(jw);
		sim_jw_key(jw, "start_time");
		sim_jw_cstr(jw, "TBD");
		sim_jw_key(jw, "file_size");
		sim_jw_num(jw, "-0.0");
		sim_jw_key(jw, "note");
		sim_jw_str(jw, "a\0b\r\n\"c\"", 9);
		sim_jw_obj_end(jw);
		sim_jw_arr(jw);
		sim_jw_arr_end(jw);
		sim_jw_null(jw);
		sim_jw_arr_end(jw);
		sim_jw_obj_end(jw);
		sim_jw_obj_end(jw);
	}
	if (mz->extra & 2) {
		sim_jw_key(jw, "");
		sim_jw_cstr(jw, "a key with no name");
		sim_jw_key(jw, "key with \"quotes\", spaces and \xc3\xa9");
		sim_jw_num(jw, "1.0e-3");
	}
}

int
sim_messy_start_unreadable(const struct sim_data *d, const struct sim_meet *m)
{
	struct sim_messy mz;

	sim_messy_plan(d, m, &mz);
	/* Every bad value of start_time is unreadable, the number included. */
	return mz.start_time != 0;
}
