/* timeline.h - the time model: when a meeting and its files appear, change
 * and disappear, as a pure function of the meeting's seed. */
#ifndef SIM_TIMELINE_H
#define SIM_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "data.h"

/* The instant passed around when the time model is off (no --now). */
#define SIM_TIMELESS INT64_MIN

/* An event that never happens. */
#define SIM_NEVER INT64_MAX

/* Most files a meeting can have. */
#define SIM_TL_MAXFILES 8

/* How a recording file arrives. */
enum sim_tl_class {
	SIM_TL_MEDIA = 0, /* MP4, M4A: with the meeting, maybe processing first */
	SIM_TL_LATE = 1,  /* transcripts, captions, summaries, chat: hours later */
	SIM_TL_PLAIN = 2, /* anything else: with the meeting, completed */
};

/* The life of one recording file; instants are epoch seconds. */
struct sim_tl_file {
	int64_t added;      /* in the meeting from this instant on */
	int64_t completed;  /* status "processing" before this instant */
	int bare;           /* while processing: recording_end and file_type "" */
	int64_t trashed;    /* moved to the recording_file trash; SIM_NEVER */
	int64_t recovered;  /* back in the meeting; SIM_NEVER */
	int64_t purged;     /* gone from the trash for good; SIM_NEVER */
};

/* The life of one meeting. */
struct sim_tl {
	int64_t appear;     /* first listed: end + processing delay */
	int64_t settled;    /* every file added and completed */
	int64_t trashed;    /* moved to the meeting_recordings trash; SIM_NEVER */
	int64_t recovered;  /* back in the listing; SIM_NEVER */
	int64_t purged;     /* gone from the trash for good; SIM_NEVER */
	int64_t erased;     /* deleted for good without the trash; SIM_NEVER */
	size_t nf;
	struct sim_tl_file f[SIM_TL_MAXFILES];
};

/* Where a meeting is at an instant. */
enum sim_tl_place {
	SIM_TL_NOWHERE = 0, /* not yet processed, purged or erased */
	SIM_TL_LISTED = 1,  /* in the normal listing */
	SIM_TL_TRASHED = 2, /* in the meeting_recordings trash */
};

/* The class of a file by its file_type (an unknown type is plain). */
enum sim_tl_class sim_tl_class_of(const char *file_type);

/* Plan the life of the meeting with seed seed that started at start and
 * ended at end (the latest recording_end, or start + duration), holding
 * files of the classes cls[0..nf), nf <= SIM_TL_MAXFILES, into *tl. */
void sim_tl_plan(uint64_t seed, int64_t start, int64_t end,
    const enum sim_tl_class *cls, size_t nf, struct sim_tl *tl);

/* Where the planned meeting is at now. */
enum sim_tl_place sim_tl_place(const struct sim_tl *tl, int64_t now);

/* 1 when the listing set holds the meeting at now, else 0.  The
 * recording_file trash holds a listed meeting with a file in that trash. */
int sim_tl_in(const struct sim_tl *tl, enum sim_set set, int64_t now);

/* How file i shows in set at now, for a meeting sim_tl_in that set: 0 when
 * absent; else 1, with *processing (0, or 1 with the bare look: 2) and
 * *deleted (the deleted_time of a trash set, else 0). */
int sim_tl_file(const struct sim_tl *tl, size_t i, enum sim_set set,
    int64_t now, int *processing, int64_t *deleted);

#endif
