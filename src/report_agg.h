/* report_agg.h - the report's figures: what every meeting adds to them
 * (report_agg.c), the bounded lists of meetings and files
 * (report_list.c), and the sorted tables built at the end
 * (report_tables.c).  The JSON and the HTML writers both read the one
 * struct zrx_rdata, so their figures cannot differ.  Memory grows with the
 * users, months, file types and statuses seen, never with the meetings. */
#ifndef ZRX_REPORT_AGG_H
#define ZRX_REPORT_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "report_map.h"
#include "report_rec.h"
#include "report_users.h"

#define ZRX_RTOP 50           /* rows of a top table, entries of a list */
#define ZRX_RMAX_TYPES 256    /* distinct file types; more go to "(other)" */
#define ZRX_RMAX_STATUSES 64  /* distinct statuses; more go to "(other)" */
#define ZRX_RTOPIC_MAX 300    /* bytes of a topic kept in a list */
#define ZRX_RPURGE_DAYS 7     /* the trash window: as-of .. as-of + 6 */
#define ZRX_RTRASH_DAYS 30    /* the trash is purged this long after deleted_time */

/* Ages, in days before the as-of day. */
enum zrx_rage {
	ZRX_AGE_0_29, ZRX_AGE_30_89, ZRX_AGE_90_179, ZRX_AGE_180_364,
	ZRX_AGE_1Y, ZRX_AGE_2Y, ZRX_AGE_3Y_PLUS, ZRX_AGE_FUTURE, ZRX_AGE_UNKNOWN,
	ZRX_NAGES
};

/* Counts of one bucket.  rec_ms: recorded time (see zrx_ragg_add). */
struct zrx_rcount {
	uint64_t meetings;
	uint64_t files;
	zrx_u128 bytes;
	uint64_t rec_ms;
};

struct zrx_ruser {
	const char *id;       /* "_user" as read; owned by zrx_rdata.users */
	size_t id_len;
	const char *name;     /* from the users file, NULL if none */
	size_t name_len;
	const char *dept;     /* from the users file; NULL: not in it */
	size_t dept_len;
	struct zrx_rcount all;
	struct zrx_rcount past;     /* past the retention policy */
	struct zrx_rcount nopass;   /* without a play passcode */
	struct zrx_rcount notdone;  /* files not completed; meetings holding one */
};

/* A row of a table: a user, a department, a month, a file type, a status,
 * or the rest summed (then entries says how many were summed). */
struct zrx_rrow {
	const char *label;
	size_t label_len;
	const struct zrx_ruser *user; /* user tables */
	uint64_t users;               /* departments (and their rest): users */
	uint64_t entries;             /* the rest: entries summed */
	struct zrx_rcount c;
};

struct zrx_rtable {
	struct zrx_rrow *rows;  /* sorted, at most ZRX_RTOP (months: all) */
	size_t nrows;
	size_t total;           /* entries in all */
	int has_rest;
	struct zrx_rrow rest;   /* what did not fit, summed */
};

enum zrx_rlist_kind { ZRX_LIST_PURGE, ZRX_LIST_NOTDONE, ZRX_LIST_NOPASS };

/* One meeting (or file, in the not-completed list) of a list. */
struct zrx_ritem {
	char *user;
	size_t user_len;
	char *uuid;
	size_t uuid_len;
	size_t file_index;    /* not completed: the file's place in the meeting */
	char *name;           /* the user's name, NULL if unknown */
	size_t name_len;
	char *topic;          /* cut to ZRX_RTOPIC_MAX bytes on a character */
	size_t topic_len;
	int topic_cut;
	char *start;          /* start_time as read, at most 64 bytes */
	size_t start_len;
	int start_ok;
	int64_t start_ms;
	int64_t purge_ms;     /* purge list: the first purge in the window */
	char *file_type;      /* not completed */
	size_t file_type_len;
	char *status;
	size_t status_len;
	int size_state;       /* not completed: 0 size read, 1 none, -1 unreadable */
	uint64_t files;
	zrx_u128 bytes;
};

/* The ZRX_RTOP first items in the list's order, of total candidates. */
struct zrx_rlist {
	enum zrx_rlist_kind kind;
	struct zrx_ritem *items; /* a heap while adding, sorted after finish */
	size_t n;
	uint64_t total;
};

struct zrx_rdata {
	int32_t as_of;           /* days since 1970-01-01 */
	int retention_days;      /* 0: none */
	const struct zrx_rusers *users_file; /* NULL: none given */
	int inputs_csv;          /* some input was CSV: no passcode figures */
	int inputs_ndjson;
	int catalog;

	uint64_t records;        /* meetings read, counted or not */
	struct zrx_rcount total;
	uint64_t files_no_size;  /* file_size absent, null or "" */
	uint64_t files_bad_size; /* file_size present, not a whole number */
	uint64_t start_unknown;  /* meetings whose start_time cannot be read */

	struct zrx_rmap *user_map;
	struct zrx_ruser *users;
	size_t nusers, capusers;

	struct zrx_rmap *month_map;   /* "YYYY-MM" */
	struct zrx_rcount *months;
	size_t capmonths;
	struct zrx_rcount month_unknown;

	struct zrx_rmap *type_map;    /* file_type; "" is "(none)" */
	struct zrx_rcount *types;
	size_t captypes;
	struct zrx_rcount type_other;

	struct zrx_rcount ages[ZRX_NAGES];
	struct zrx_rcount past;       /* past retention */
	uint64_t past_users;

	struct zrx_rcount trash;      /* meetings with a file in the trash; those files */
	struct zrx_rcount purge;      /* purged within the window */
	struct zrx_rcount purge_day[ZRX_RPURGE_DAYS];
	uint64_t purge_overdue;       /* trash files whose purge day is before as-of */
	uint64_t purge_later;         /* after the window */
	uint64_t purge_unknown;       /* deleted_time unreadable */
	struct zrx_rlist purge_list;

	struct zrx_rcount notdone;    /* files: status present, not "completed" */
	struct zrx_rmap *status_map;
	struct zrx_rcount *statuses;
	size_t capstatuses;
	struct zrx_rcount status_other;
	struct zrx_rlist notdone_list;

	struct zrx_rcount nopass;     /* meaningless when inputs_csv */
	struct zrx_rlist nopass_list;

	/* after zrx_ragg_finish */
	struct zrx_rtable t_users, t_depts, t_months, t_types;
	struct zrx_rtable t_past, t_statuses, t_notdone_users, t_nopass_users;
	struct zrx_rmap *dept_map;    /* the department rows' labels */
};

/* Figures as of the day as_of (days since 1970-01-01) under a retention
 * policy of retention_days (0: none); users (NULL: none) gives names and
 * departments and must outlive d.  Caller frees with zrx_ragg_free. */
void zrx_ragg_init(struct zrx_rdata *d, int32_t as_of, int retention_days,
                   const struct zrx_rusers *users);

/* Add one meeting; a zrx_rmeet_cb (ud is the struct zrx_rdata).  Always 0. */
int zrx_ragg_add(void *ud, struct zrx_rmeet *m);

/* Sort and cut the tables and lists; after it, d is read only. */
void zrx_ragg_finish(struct zrx_rdata *d);

void zrx_ragg_free(struct zrx_rdata *d);

/* Lists (report_list.c). */
void zrx_rlist_init(struct zrx_rlist *l, enum zrx_rlist_kind kind);
/* Count a candidate, and keep a copy of it while it is among the first
 * ZRX_RTOP in the list's order (its strings are copied, the topic cut;
 * nothing is copied otherwise); it stays the caller's. */
void zrx_rlist_offer(struct zrx_rlist *l, const struct zrx_ritem *it);
void zrx_rlist_sort(struct zrx_rlist *l);  /* the kept items in order */
void zrx_rlist_free(struct zrx_rlist *l);

/* The label of an age bucket ("0-29 days") and its bounds in days (-1:
 * none). */
const char *zrx_rage_label(enum zrx_rage a, int *min_days, int *max_days);

/* Tables (report_tables.c): fill d->t_* from the sums. */
void zrx_rtables_build(struct zrx_rdata *d);
void zrx_rtables_free(struct zrx_rdata *d);

#endif
