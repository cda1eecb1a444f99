/* options.h - the settings of one run, as the handle's setters fill them
 * (handle.c) and every component reads them.  Strings are owned by the
 * handle and outlive the run. */
#ifndef ZRX_OPTIONS_H
#define ZRX_OPTIONS_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "log.h"
#include "zrx.h"

/* What the caller of a run listens to and how it stops one: owned by the
 * handle, used by the run. */
struct zrx_hooks {
	zrx_progress_cb progress_cb;
	void *progress_ud;
	volatile sig_atomic_t interrupted; /* zrx_interrupt() was called */
	volatile sig_atomic_t async_live;  /* async is open on a running loop */
	uv_async_t async;                  /* wakes the run's loop */
};

/* What a listing lists, and so what an output holds. */
enum zrx_kind {
	ZRX_KIND_MEETINGS = 0, /* GET /users/{id}/recordings: list "meetings" */
	ZRX_KIND_USERS = 1     /* GET /users: list "users" */
};

struct zrx_config {
	/* who */
	char **users;              /* explicit user ids/emails, de-duplicated, in order */
	size_t nusers;
	int all_users;             /* enumerate with GET /users */
	unsigned user_status;      /* ZRX_STATUS_* bits */
	const char *users_source;  /* for the manifest: "list", "file:PATH", "all-users" */

	/* when and what */
	int32_t from_days;         /* days since 1970-01-01, UTC; inclusive */
	int32_t to_days;           /* inclusive */
	int has_from, has_to;
	int trash;                 /* list trash instead of recordings */
	const char *trash_type;    /* NULL = API default */
	const char *mc;            /* "true"/"false", NULL = not sent */
	const char *meeting_id;    /* NULL = not sent */
	int page_size;             /* 1..300 */

	/* output */
	const char *output;        /* path, or "-" for stdout */
	const char *output_name;   /* NAME: output without format/compression
	                              suffixes ("exports/rec"); NULL for stdout */
	const char *output_ext;    /* suffix of split parts, e.g. ".ndjson.gz" */
	enum zrx_format format;
	int gzip_level;            /* -1: no gzip, 0..9: gzip at that level */
	uint64_t split_bytes;      /* 0: one file */
	const char *manifest;      /* NULL: none */
	const char *errors;        /* NULL: none */
	const char *state;         /* NULL: no resume */
	int force;
	int restart;

	/* network and limits */
	const char *base_url;
	const char *oauth_url;
	double rate;               /* requests per second, > 0 */
	double burst;              /* bucket size, >= 1; 0 = ceil(rate) */
	int concurrency;           /* most requests in flight */
	long timeout_s;
	long connect_timeout_s;
	long stall_timeout_s;
	int retries;
	const char *cacert;

	/* auth: a fixed token, or the three Server-to-Server OAuth values */
	const char *access_token;
	const char *account_id;
	const char *client_id;
	const char *client_secret;

	/* reporting */
	unsigned progress_ms;      /* progress callback period */
	unsigned progress_log_ms;  /* progress lines in the log; 0 none */
	struct zrx_log *log;       /* the handle's logger */
	struct zrx_hooks *hooks;   /* the handle's hooks */

	/* sync */
	const char *dir;           /* the feed's directory (report: a catalog's) */
	int32_t since_days;        /* the first run's first day */
	int has_since;
	int lookback_days;
	int64_t now_ms;            /* the instant taken as now; 0: the clock */

	/* report */
	char **inputs;             /* export outputs or manifests, in order */
	size_t ninputs;
	const char *users_file;    /* a `zrx users` NDJSON output, or NULL */
	int retention_days;        /* 0: no retention policy */
	int32_t as_of_days;        /* the day ages are counted to */
	int has_as_of;

	/* tuning */
	size_t spill_bytes;
	const char *tmpdir;        /* NULL: beside the output, else $TMPDIR */
	unsigned commit_interval_ms;
};

/* Every field at its documented default (log left NULL). */
void zrx_config_defaults(struct zrx_config *cfg);

/* The effective burst: cfg->burst, or ceil(rate) (at least 1) when 0. */
double zrx_config_burst(const struct zrx_config *cfg);

/* The wall clock of the run, epoch ms: cfg->now_ms when set (fixed for the
 * whole run, so a rehearsal is deterministic), or the real clock. */
int64_t zrx_config_wall_ms(const struct zrx_config *cfg);

/* Today's date (days since 1970-01-01, UTC) by that clock. */
int32_t zrx_config_today(const struct zrx_config *cfg);

#endif
