/* timeline.c - the time model: when a meeting and its files appear, change
 * and disappear, as a pure function of the meeting's seed.
 *
 * A plan is drawn from its own generator (the meeting's seed mixed with a
 * tag), so it never disturbs what meeting.c draws, and it holds absolute
 * instants; the state at an instant is read from it without drawing.
 *
 * A meeting appears once it has ended and been processed; its media files
 * may be processing first; its transcript-like files come hours later.
 * Once settled, at most one fate happens to it: the meeting is moved to
 * the trash (recovered later, or purged 30 days after), one or two of its
 * files are moved to the trash (each recovered, or purged 30 days after),
 * or it is deleted for good.  Every file-level change and every deletion
 * for good happens before start + 10 days.
 */
#include "config.h"

#include <string.h>

#include "util.h"
#include "prng.h"
#include "gen.h"
#include "timeline.h"

#define TAG_TIME 0x54494d45ULL

#define MINUTE 60
#define HOUR 3600

/* Processing delay after the end: most minutes, some hours, a few days. */
#define P_DELAY_MINUTES 0.80
#define P_DELAY_HOURS   0.16   /* the rest: 1..3 days */

/* A media file is first "processing" with this chance; of those, this
 * share also shows an empty recording_end and file_type. */
#define P_PROCESSING 0.30
#define P_BARE       (1.0 / 3)

/* Fates, one draw per meeting. */
#define P_TRASH      0.05       /* the meeting goes to the trash */
#define P_FILE_TRASH 0.05       /* one or two files go to the trash */
#define P_ERASE      0.015      /* deleted for good, never in the trash */
#define P_RECOVER    (1.0 / 3)  /* of trashed meetings */
#define P_FILE_RECOVER 0.4      /* of trashed files */
#define P_TWO_FILES  0.25       /* two files trashed, when three or more */

#define PURGE_AFTER (30 * SIM_DAY)
#define FILE_WINDOW (10 * SIM_DAY) /* file changes end before start + this */

enum sim_tl_class
sim_tl_class_of(const char *t)
{
	static const char *const late[] = { "TRANSCRIPT", "CC", "SUMMARY",
	    "AI_COMPANION_NOTES", "TIMELINE", "CHAT" };
	size_t i;

	if (strcmp(t, "MP4") == 0 || strcmp(t, "M4A") == 0)
		return SIM_TL_MEDIA;
	for (i = 0; i < ZRX_ARRAY_LEN(late); i++)
		if (strcmp(t, late[i]) == 0)
			return SIM_TL_LATE;
	return SIM_TL_PLAIN;
}

static int64_t
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* Uniform in [lo, hi], or lo when hi < lo. */
static int64_t
between(struct sim_rng *r, int64_t lo, int64_t hi)
{
	return sim_rng_range(r, lo, hi > lo ? hi : lo);
}

static int64_t
processing_delay(struct sim_rng *r)
{
	double x = sim_rng_unit(r);

	if (x < P_DELAY_MINUTES)
		return sim_rng_range(r, 5 * MINUTE, 90 * MINUTE);
	if (x < P_DELAY_MINUTES + P_DELAY_HOURS)
		return sim_rng_range(r, 90 * MINUTE + 1, 24 * HOUR);
	return sim_rng_range(r, SIM_DAY, 3 * SIM_DAY);
}

/* Arrival and status of every file; sets appear and settled.  Each file
 * takes the same number of draws whatever its class. */
static void
plan_files(struct sim_rng *r, const enum sim_tl_class *cls, struct sim_tl *tl)
{
	int64_t video = tl->appear, wait, late;
	size_t i;
	int proc;

	for (i = 0; i < tl->nf; i++) {
		struct sim_tl_file *f = &tl->f[i];

		proc = sim_rng_chance(r, P_PROCESSING);
		wait = sim_rng_chance(r, 0.6) ?
		    sim_rng_range(r, 10 * MINUTE, 90 * MINUTE) :
		    sim_rng_range(r, 90 * MINUTE + 1, 6 * HOUR);
		f->bare = sim_rng_chance(r, P_BARE);
		f->added = f->completed = tl->appear;
		f->trashed = f->recovered = f->purged = SIM_NEVER;
		if (cls[i] == SIM_TL_MEDIA && proc) {
			f->completed = tl->appear + wait;
			video = max64(video, f->completed);
		}
	}
	tl->settled = video;
	for (i = 0; i < tl->nf; i++) {
		late = sim_rng_range(r, HOUR, 12 * HOUR);
		if (cls[i] != SIM_TL_LATE)
			continue;
		tl->f[i].added = tl->f[i].completed = video + late;
		tl->settled = max64(tl->settled, video + late);
	}
}

/* Trash one or two of the files (never all of them). */
static void
plan_file_trash(struct sim_rng *r, int64_t start, struct sim_tl *tl)
{
	int64_t limit = start + FILE_WINDOW;
	size_t k, n, j, first = SIZE_MAX;
	struct sim_tl_file *f;

	n = tl->nf >= 3 && sim_rng_chance(r, P_TWO_FILES) ? 2 : 1;
	for (k = 0; k < n; k++) {
		do
			j = (size_t)sim_rng_below(r, tl->nf);
		while (j == first);
		first = j;
		f = &tl->f[j];
		f->trashed = between(r, tl->settled + HOUR, limit - 2 * HOUR);
		if (sim_rng_chance(r, P_FILE_RECOVER))
			f->recovered = between(r, f->trashed + HOUR, limit - 1);
		else
			f->purged = f->trashed + PURGE_AFTER;
	}
}

void
sim_tl_plan(uint64_t seed, int64_t start, int64_t end,
    const enum sim_tl_class *cls, size_t nf, struct sim_tl *tl)
{
	struct sim_rng r;
	double fate;

	memset(tl, 0, sizeof(*tl));
	sim_rng_seed(&r, sim_mix(seed, TAG_TIME));
	tl->nf = nf < SIM_TL_MAXFILES ? nf : SIM_TL_MAXFILES;
	tl->appear = max64(end, start) + processing_delay(&r);
	tl->trashed = tl->recovered = tl->purged = tl->erased = SIM_NEVER;
	plan_files(&r, cls, tl);
	fate = sim_rng_unit(&r);
	if (fate < P_TRASH) {
		tl->trashed = tl->settled + (sim_rng_chance(&r, 0.5) ?
		    sim_rng_range(&r, HOUR, 3 * SIM_DAY) :
		    sim_rng_range(&r, 3 * SIM_DAY, 60 * SIM_DAY));
		if (sim_rng_chance(&r, P_RECOVER))
			tl->recovered = tl->trashed +
			    sim_rng_range(&r, HOUR, 25 * SIM_DAY);
		else
			tl->purged = tl->trashed + PURGE_AFTER;
	} else if (fate < P_TRASH + P_FILE_TRASH) {
		if (tl->nf >= 2)
			plan_file_trash(&r, start, tl);
	} else if (fate < P_TRASH + P_FILE_TRASH + P_ERASE) {
		tl->erased = between(&r, tl->settled + HOUR,
		    start + FILE_WINDOW - 1);
	}
}

enum sim_tl_place
sim_tl_place(const struct sim_tl *tl, int64_t now)
{
	if (now < tl->appear || now >= tl->erased)
		return SIM_TL_NOWHERE;
	if (now < tl->trashed || now >= tl->recovered)
		return SIM_TL_LISTED;
	if (now < tl->purged)
		return SIM_TL_TRASHED;
	return SIM_TL_NOWHERE;
}

/* 1 when file f sits in the recording_file trash at now. */
static int
file_in_trash(const struct sim_tl_file *f, int64_t now)
{
	return now >= f->trashed && now < f->recovered && now < f->purged;
}

int
sim_tl_in(const struct sim_tl *tl, enum sim_set set, int64_t now)
{
	enum sim_tl_place p = sim_tl_place(tl, now);
	size_t i;

	switch (set) {
	case SIM_SET_RECORDINGS:
		return p == SIM_TL_LISTED;
	case SIM_SET_TRASH_MEETINGS:
		return p == SIM_TL_TRASHED;
	default:
		if (p != SIM_TL_LISTED)
			return 0;
		for (i = 0; i < tl->nf; i++)
			if (file_in_trash(&tl->f[i], now))
				return 1;
		return 0;
	}
}

int
sim_tl_file(const struct sim_tl *tl, size_t i, enum sim_set set,
    int64_t now, int *processing, int64_t *deleted)
{
	const struct sim_tl_file *f;

	*processing = 0;
	*deleted = 0;
	if (i >= tl->nf)
		return 0;
	f = &tl->f[i];
	if (now < f->added)
		return 0;
	switch (set) {
	case SIM_SET_RECORDINGS:
		if (now >= f->trashed && now < f->recovered)
			return 0;
		if (now < f->completed)
			*processing = f->bare ? 2 : 1;
		return 1;
	case SIM_SET_TRASH_MEETINGS:
		*deleted = tl->trashed;
		return 1;
	default:
		if (!file_in_trash(f, now))
			return 0;
		*deleted = f->trashed;
		return 1;
	}
}
