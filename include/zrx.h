/*
 * zrx.h - public API of libzrx, the engine behind the zrx command.
 *
 * libzrx exports the cloud-recording listings (or the user list) of a Zoom
 * account to NDJSON or CSV, optionally gzip-compressed, crash-safe and
 * resumable.  One call runs a whole export on its own libuv loop.
 */
#ifndef ZRX_H
#define ZRX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Process exit codes, as documented in zrx(1). */
enum zrx_exit {
	ZRX_EXIT_OK = 0,          /* every user exported */
	ZRX_EXIT_FATAL = 1,       /* fatal runtime error (disk full, internal) */
	ZRX_EXIT_USAGE = 2,       /* usage error or bad input; nothing requested */
	ZRX_EXIT_PARTIAL = 3,     /* finished, some users failed */
	ZRX_EXIT_AUTH = 4,        /* credentials rejected, token refused */
	ZRX_EXIT_INTERRUPTED = 5, /* SIGINT/SIGTERM; state saved */
	ZRX_EXIT_DAILY_LIMIT = 6  /* daily rate limit reached; state saved */
};

enum zrx_format { ZRX_FORMAT_NDJSON = 0, ZRX_FORMAT_CSV = 1 };

enum zrx_log_format { ZRX_LOG_TEXT = 0, ZRX_LOG_JSON = 1 };

enum zrx_progress_mode {
	ZRX_PROGRESS_AUTO = 0, /* live line on a TTY, a plain line every 10 s otherwise */
	ZRX_PROGRESS_ALWAYS,
	ZRX_PROGRESS_NEVER
};

/* Statuses that --all-users / zrx users enumerate (bit set). */
#define ZRX_STATUS_ACTIVE   0x1u
#define ZRX_STATUS_INACTIVE 0x2u
#define ZRX_STATUS_PENDING  0x4u

/*
 * Everything one run needs.  Strings are borrowed: they must outlive the run.
 * zrx_config_init() fills the documented defaults.
 */
struct zrx_config {
	/* who */
	char **users;              /* explicit user ids/emails, de-duplicated */
	size_t nusers;
	int all_users;             /* enumerate with GET /users */
	unsigned user_status;      /* ZRX_STATUS_* bits; default active|inactive */
	const char *users_source;  /* for the manifest: "list", "file:PATH", "all-users" */

	/* when and what */
	int32_t from_days;         /* days since 1970-01-01, UTC; inclusive */
	int32_t to_days;           /* inclusive */
	int trash;                 /* list trash instead of recordings */
	const char *trash_type;    /* "meeting_recordings" or "recording_file"; NULL = API default */
	const char *mc;            /* "true"/"false" passed through, NULL = not sent */
	const char *meeting_id;    /* passed through, NULL = not sent */
	int page_size;             /* 1..300 */

	/* output */
	const char *output;        /* path, or "-" for stdout */
	const char *output_name;   /* NAME: output without format/compression
	                              suffixes ("exports/rec"); NULL for stdout */
	const char *output_ext;    /* suffix of split parts, e.g. ".ndjson.gz" */
	enum zrx_format format;
	int gzip_level;            /* -1: no gzip, 0..9: gzip at that level */
	uint64_t split_bytes;      /* 0: one file */
	const char *manifest;      /* NULL: no manifest (stdout) */
	const char *errors;        /* NULL: errors file beside the output, or none for stdout */
	const char *state;         /* NULL: no resume (stdout) */
	int force;                 /* overwrite an output that has no state */
	int restart;               /* discard a state written by another query */

	/* network and limits */
	const char *base_url;      /* default https://api.zoom.us/v2 */
	const char *oauth_url;     /* default https://zoom.us/oauth/token */
	double rate;               /* requests per second, > 0 */
	double burst;              /* bucket size, >= 1 */
	int concurrency;           /* in-flight requests */
	long timeout_s;            /* whole request */
	long connect_timeout_s;
	long stall_timeout_s;      /* abort a body that stops arriving for this long */
	int retries;               /* per request */
	const char *cacert;        /* NULL: system store */

	/* auth: a fixed token, or the three Server-to-Server OAuth values */
	const char *access_token;
	const char *account_id;
	const char *client_id;
	const char *client_secret;

	/* reporting */
	int quiet;
	int verbose;
	enum zrx_progress_mode progress;
	enum zrx_log_format log_format;

	/* tuning */
	size_t spill_bytes;        /* per-user buffer size before it spills to disk */
	const char *tmpdir;        /* spill files; NULL: beside the output, else $TMPDIR */
	unsigned commit_interval_ms; /* group commit period */
};

/* Fill every field with its documented default.  Never fails. */
void zrx_config_init(struct zrx_config *cfg);

/*
 * Run `zrx export` as configured.  Installs SIGINT/SIGTERM handlers for its
 * duration.  Returns an enum zrx_exit code; messages go to stderr.
 */
int zrx_export_run(const struct zrx_config *cfg);

/* Run `zrx users`: list the account's users in the configured format. */
int zrx_users_run(const struct zrx_config *cfg);

/* The library version, e.g. "0.1.0".  Static storage. */
const char *zrx_version(void);

#ifdef __cplusplus
}
#endif
#endif /* ZRX_H */
