/* listing.c - which meetings of a user a listing holds at an instant.
 *
 * Without time, each set has its own skeletons and a listing is a date range
 * of them.  With time, every listing draws from the user's meetings (the
 * SIM_SET_RECORDINGS skeletons) and keeps those the time model puts in the
 * set at the instant.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "timeline.h"
#include "listing.h"

void
sim_listing_range(const struct sim_data *d, struct sim_user *u,
    const struct sim_listing *q, const struct sim_meet **m, size_t *b,
    size_t *e)
{
	enum sim_set from = q->now != SIM_TIMELESS ? SIM_SET_RECORDINGS : q->set;
	size_t n;

	sim_user_meets(d, u, from, m, &n);
	if (q->set != SIM_SET_RECORDINGS) {
		*b = 0;
		*e = n;
	} else {
		sim_meets_between(*m, n, q->from, q->to, b, e);
	}
}

int
sim_listing_has(const struct sim_data *d, const struct sim_user *u,
    const struct sim_listing *q, const struct sim_meet *m)
{
	char mid[24];

	if (q->meeting_id != NULL) {
		snprintf(mid, sizeof(mid), "%" PRIu64, m->mid);
		if (strcmp(mid, q->meeting_id) != 0)
			return 0;
	}
	return sim_meet_in(d, u, q->set, m, q->now);
}
