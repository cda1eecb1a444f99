/* listing.h - which meetings of a user a listing holds at an instant. */
#ifndef SIM_LISTING_H
#define SIM_LISTING_H

#include <stddef.h>
#include <stdint.h>

#include "data.h"

/* One listing of one user, as GET .../recordings or truth asks for it. */
struct sim_listing {
	enum sim_set set;        /* the normal listing or a trash */
	int32_t from, to;        /* inclusive UTC start dates; not for trash */
	const char *meeting_id;  /* only meetings with this numeric id; NULL: all */
	int64_t now;             /* the instant; SIM_TIMELESS: the time model off */
};

/* The skeletons q draws from (*m, newest first) and the index range [*b, *e)
 * of those it may list; the skeletons stay owned by u. */
void sim_listing_range(const struct sim_data *d, struct sim_user *u,
    const struct sim_listing *q, const struct sim_meet **m, size_t *b,
    size_t *e);

/* 1 when q lists m, one of the skeletons of sim_listing_range, else 0. */
int sim_listing_has(const struct sim_data *d, const struct sim_user *u,
    const struct sim_listing *q, const struct sim_meet *m);

#endif
