/* truth.h - print the exact dataset a query must export (truth, list-users). */
#ifndef SIM_TRUTH_H
#define SIM_TRUTH_H

#include <stdint.h>

#include "data.h"

struct sim_truth_opts {
	int32_t from, to;          /* inclusive UTC dates (days) */
	const char *users_file;    /* ids/emails, "-" = stdin; NULL: by status */
	unsigned status_mask;      /* 1 << enum sim_status */
	int trash;                 /* list trash; dates ignored */
	enum sim_set trash_set;    /* SIM_SET_TRASH_MEETINGS or _FILES */
	const char *meeting_id;    /* only meetings with this numeric id; NULL: all */
	int64_t now;               /* the instant (--now); SIM_TIMELESS: no time */
	int kind_users;            /* print user objects instead of meetings */
	int to_exclusive;          /* the server's `to` leaves its own day out */
};

/* Print the truth for o to stdout, one canonical JSON object per line.
 * Returns 0, 1 on an I/O error, 2 on a missing or bad users file; errors
 * are reported on stderr. */
int sim_truth_print(struct sim_data *d, const struct sim_truth_opts *o);

/* Print one user per line (id, or email when field_email), each once, for
 * the statuses in mask; users without an id are skipped for ids.  Returns 0
 * or 1 on an I/O error. */
int sim_list_users(struct sim_data *d, unsigned mask, int field_email);

#endif
