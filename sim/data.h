/* data.h - the deterministic dataset: users, meetings, trash. */
#ifndef SIM_DATA_H
#define SIM_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "hmap.h"

/* The dataset is a pure function of these. */
struct sim_dataset_opts {
	uint64_t seed;
	uint32_t users;               /* ordinary users */
	int32_t start, end;           /* span of meeting dates, days since epoch */
	int32_t heavy;                /* heavy users; -1: 1 + users/50 */
	uint32_t big_user;            /* meetings of big@example.com; 0: no such user */
	uint32_t meetings_per_month;  /* mean per ordinary user per month */
	int messy;                    /* messy values (messy.h) */
};

enum sim_status { SIM_ACTIVE = 0, SIM_INACTIVE = 1, SIM_PENDING = 2, SIM_NSTATUS };

/* The three meeting sets of a user. */
enum sim_set {
	SIM_SET_RECORDINGS = 0,     /* the normal listing */
	SIM_SET_TRASH_MEETINGS = 1, /* trash, trash_type=meeting_recordings */
	SIM_SET_TRASH_FILES = 2,    /* trash, trash_type=recording_file */
	SIM_NSETS
};

/* A meeting's skeleton; everything else is derived from seed on demand. */
struct sim_meet {
	int64_t start;  /* start time, seconds since the epoch (UTC) */
	uint64_t seed;
	uint64_t mid;   /* the numeric meeting id */
};

struct sim_user {
	uint32_t index;
	uint8_t status;            /* enum sim_status */
	uint8_t heavy;
	uint8_t big;
	uint8_t dual;              /* active, and also listed under inactive */
	char id[23];               /* "" for pending users */
	char *email;
	char *canon;               /* canonical user object */
	size_t canon_len;
	char *wire;                /* the user object as served */
	size_t wire_len;
	int generated;             /* meets[] filled */
	struct sim_meet *meets[SIM_NSETS]; /* newest first */
	size_t nmeets[SIM_NSETS];
};

struct sim_data {
	struct sim_dataset_opts o;
	char account_id[23];
	struct sim_user *users;
	size_t nusers;
	uint32_t *listing[SIM_NSTATUS]; /* GET /users order per status */
	size_t nlisting[SIM_NSTATUS];
	struct sim_hmap by_key;         /* id and lowercased email -> user */
};

/* Build the users of the dataset (meetings come lazily).  o must be valid:
 * start <= end. */
void sim_data_init(struct sim_data *d, const struct sim_dataset_opts *o);

/* Release everything; NULL ok. */
void sim_data_free(struct sim_data *d);

/* The user whose id is key[0..n), or whose email is, ignoring case; NULL. */
struct sim_user *sim_data_find(const struct sim_data *d, const char *key, size_t n);

/* The user's meetings of a set, newest first (generated on first use and
 * kept).  Pending users have none. */
void sim_user_meets(const struct sim_data *d, struct sim_user *u, enum sim_set set,
    const struct sim_meet **out, size_t *n);

/* Within m[0..n) (newest first), the index range [*b, *e) of the meetings
 * whose UTC start date lies in [from, to] (days; to < from gives nothing). */
void sim_meets_between(const struct sim_meet *m, size_t n, int32_t from, int32_t to,
    size_t *b, size_t *e);

/* (meeting.c) Render one meeting as it stands at now (SIM_TIMELESS in
 * timeline.h: the time model off): canonical text into canon, served text
 * into wire (either may be NULL); appends.  With time, m is one of the
 * user's SIM_SET_RECORDINGS skeletons whatever set lists it. */
void sim_meet_render(const struct sim_data *d, const struct sim_user *u,
    enum sim_set set, const struct sim_meet *m, int64_t now,
    struct zrx_buf *canon, struct zrx_buf *wire);

/* (meeting.c) 1 when set lists m at now, else 0; always 1 at SIM_TIMELESS. */
int sim_meet_in(const struct sim_data *d, const struct sim_user *u,
    enum sim_set set, const struct sim_meet *m, int64_t now);

/* "active", "inactive", "pending". */
const char *sim_status_name(int status);

/* Parse a comma-separated status list into a bit mask (1 << status);
 * returns 0 or -1 on an unknown or empty list. */
int sim_status_mask(const char *s, unsigned *mask);

#endif
