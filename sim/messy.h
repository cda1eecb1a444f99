/* messy.h - --messy: values real accounts hold and tidy data never shows.
 *
 * With the dataset option messy on, about 6% of the meetings are messy: in
 * each, some fields of the meeting and of its files get values a loader
 * must survive: a start_time, recording_start,
 * recording_end or deleted_time that is no timestamp ("", null, "TBD",
 * garbage, a number, absent); type as an odd string or null; ids as strings
 * or past 2^63; sizes past 2^63, negative, fractional, strings or null;
 * files without id or file_size; duration as a string, negative or null;
 * nested unknown keys, one with an empty name.  The choices come from the
 * meeting's seed through a generator of their own, so the rest of the
 * meeting renders exactly as without messy, and the truth stays exact.
 */
#ifndef SIM_MESSY_H
#define SIM_MESSY_H

#include <stdint.h>

#include "jemit.h"
#include "data.h"

#define SIM_MESSY_FILES 8 /* files of a meeting that may be messed with */

/* What to do to one meeting: 0 everywhere leaves it as it is. */
struct sim_messy {
	uint64_t mid; /* the meeting's numeric id (for it as a string) */
	uint8_t start_time, type, id, duration, total_size, extra;
	struct {
		uint8_t id, file_size, recording_start, recording_end,
		    deleted_time;
	} f[SIM_MESSY_FILES];
};

/* The plan for meeting m of dataset d: all zero unless d->o.messy. */
void sim_messy_plan(const struct sim_data *d, const struct sim_meet *m,
    struct sim_messy *mz);

/* Writes the key k of the meeting (file < 0) or of its file number `file`:
 * returns 1 when the caller writes the value as usual, 0 when the key and
 * a messy value were written here, or the key left out. */
int sim_messy_key(struct sim_jw *jw, const struct sim_messy *mz, int file,
    const char *k);

/* Unknown keys the plan adds at the end of the meeting object (or none). */
void sim_messy_extra(struct sim_jw *jw, const struct sim_messy *mz);

/* True when the start_time that meeting m is served with cannot be read
 * as a timestamp (zrx keeps such a meeting from whichever window lists it). */
int sim_messy_start_unreadable(const struct sim_data *d,
    const struct sim_meet *m);

#endif
