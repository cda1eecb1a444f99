/*
 * zrx.h - the public API of libzrx, the engine behind the zrx command.
 *
 * libzrx exports the cloud-recording listings (or the user list) of a Zoom
 * account to NDJSON or CSV, optionally gzip-compressed, crash-safe and
 * resumable.  A run happens on its own libuv loop inside zrx_run().
 *
 * The handle is opaque and configured with typed setters, as libcurl's easy
 * handle is: new options are new enum values, so a program built against an
 * older zrx.h keeps working with a newer libzrx.  Nothing process-wide is
 * touched: no signal disposition, no global logger, nothing printed unless
 * the caller sets a log callback.  One handle is used by one thread at a
 * time; distinct handles are independent.
 */
#ifndef ZRX_H
#define ZRX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && defined(ZRX_BUILDING_LIBRARY)
#define ZRX_API __attribute__((visibility("default")))
#else
#define ZRX_API
#endif

/* Exit codes of a run (zrx_run), as documented in zrx(1). */
enum zrx_exit {
	ZRX_EXIT_OK = 0,          /* every user exported */
	ZRX_EXIT_FATAL = 1,       /* fatal runtime error (disk full, internal) */
	ZRX_EXIT_USAGE = 2,       /* usage error or bad input; nothing requested */
	ZRX_EXIT_PARTIAL = 3,     /* finished, some users failed */
	ZRX_EXIT_AUTH = 4,        /* credentials rejected, token refused */
	ZRX_EXIT_INTERRUPTED = 5, /* zrx_interrupt(); state saved */
	ZRX_EXIT_DAILY_LIMIT = 6  /* daily rate limit (or a wait past 15 min); state saved */
};

/* Results of the setters: 0, or one of these (negative). */
enum zrx_error {
	ZRX_OK = 0,
	ZRX_E_OPTION = -1,  /* no such option */
	ZRX_E_TYPE = -2,    /* the option takes another type of value */
	ZRX_E_VALUE = -3,   /* the value is out of range or malformed */
	ZRX_E_NOMEM = -4
};

enum zrx_command {
	ZRX_CMD_EXPORT = 1,   /* recordings of users -> NDJSON/CSV */
	ZRX_CMD_USERS = 2,    /* the account's users -> NDJSON/CSV */
	ZRX_CMD_SYNC = 3,     /* the incremental feed: changes since the last run, and a catalog */
	ZRX_CMD_REPORT = 4    /* the compliance report (HTML or JSON) of a catalog or exports */
};

enum zrx_format { ZRX_FORMAT_NDJSON = 0, ZRX_FORMAT_CSV = 1 };

enum zrx_log_format { ZRX_LOG_TEXT = 0, ZRX_LOG_JSON = 1 };

enum zrx_log_level { ZRX_LOG_ERROR = 0, ZRX_LOG_WARN = 1, ZRX_LOG_INFO = 2, ZRX_LOG_DEBUG = 3 };

/* Statuses that --all-users / zrx users enumerate (bit set). */
#define ZRX_STATUS_ACTIVE   0x1u
#define ZRX_STATUS_INACTIVE 0x2u
#define ZRX_STATUS_PENDING  0x4u

/*
 * Options.  Each takes one type of value: (s) zrx_setopt_str, (i)
 * zrx_setopt_int, (d) zrx_setopt_double.  Strings are copied.  Defaults in
 * brackets; dates are "YYYY-MM-DD", UTC.
 */
enum zrx_option {
	/* who */
	ZRX_OPT_USER = 1,          /* (s) add a user id or e-mail; repeatable, duplicates collapse */
	ZRX_OPT_ALL_USERS,         /* (i) 1: every user of the account [0] */
	ZRX_OPT_USER_STATUS,       /* (i) ZRX_STATUS_* bits to enumerate [active|inactive] */
	ZRX_OPT_USERS_SOURCE,      /* (s) how the users were given, for the manifest ["list"] */
	/* when and what */
	ZRX_OPT_FROM,              /* (s) first day, inclusive [none: required unless trash] */
	ZRX_OPT_TO,                /* (s) last day, inclusive [today] */
	ZRX_OPT_TRASH,             /* (i) 1: list the trash [0] */
	ZRX_OPT_TRASH_TYPE,        /* (s) meeting_recordings or recording_file [API default] */
	ZRX_OPT_MC,                /* (s) "true" or "false", passed through [not sent] */
	ZRX_OPT_MEETING_ID,        /* (s) passed through [not sent] */
	ZRX_OPT_PAGE_SIZE,         /* (i) 1..300 [300] */
	/* output */
	ZRX_OPT_OUTPUT,            /* (s) a path, or "-" for stdout ["-"] */
	ZRX_OPT_FORMAT,            /* (i) ZRX_FORMAT_* [NDJSON] */
	ZRX_OPT_GZIP,              /* (i) -1 plain, 0..9 gzip level [-1] */
	ZRX_OPT_SPLIT_BYTES,       /* (i) a new part past this many bytes, 0 = one file [0] */
	ZRX_OPT_MANIFEST,          /* (s) manifest path [none] */
	ZRX_OPT_ERRORS,            /* (s) errors file path [none] */
	ZRX_OPT_STATE,             /* (s) resume journal path [none: no resume] */
	ZRX_OPT_FORCE,             /* (i) 1: overwrite an output that has no state [0] */
	ZRX_OPT_RESTART,           /* (i) 1: discard a state of another query [0] */
	/* network and limits */
	ZRX_OPT_BASE_URL,          /* (s) [https://api.zoom.us/v2] */
	ZRX_OPT_OAUTH_URL,         /* (s) [https://zoom.us/oauth/token] */
	ZRX_OPT_RATE,              /* (d) requests per second, 0.1..100000 [10] */
	ZRX_OPT_BURST,             /* (d) bucket size, >= 1 [ceil(rate)] */
	ZRX_OPT_CONCURRENCY,       /* (i) most requests in flight, 1..1024 [128] */
	ZRX_OPT_TIMEOUT,           /* (i) seconds per request [120] */
	ZRX_OPT_CONNECT_TIMEOUT,   /* (i) seconds to connect [10] */
	ZRX_OPT_STALL_TIMEOUT,     /* (i) abort a body idle this many seconds [60] */
	ZRX_OPT_RETRIES,           /* (i) retries per request, 0..100 [6] */
	ZRX_OPT_CACERT,            /* (s) CA bundle [the system store] */
	/* auth: a fixed token, or the three Server-to-Server OAuth values */
	ZRX_OPT_ACCESS_TOKEN,      /* (s) */
	ZRX_OPT_ACCOUNT_ID,        /* (s) */
	ZRX_OPT_CLIENT_ID,         /* (s) */
	ZRX_OPT_CLIENT_SECRET,     /* (s) */
	/* reporting */
	ZRX_OPT_VERBOSE,           /* (i) 0..: 1 logs a line per request and page [0] */
	ZRX_OPT_QUIET,             /* (i) 1: errors only [0] */
	ZRX_OPT_LOG_FORMAT,        /* (i) ZRX_LOG_TEXT or ZRX_LOG_JSON [text] */
	ZRX_OPT_PROGRESS_MS,       /* (i) progress callback period, ms, 10..3600000 [1000] */
	ZRX_OPT_PROGRESS_LOG_MS,   /* (i) a progress line in the log this often, ms; 0 = none [0] */
	/* tuning */
	ZRX_OPT_SPILL_BYTES,       /* (i) a user's buffer before it spills to disk [8 MiB] */
	ZRX_OPT_TMPDIR,            /* (s) spill files [beside the output, else $TMPDIR] */
	ZRX_OPT_COMMIT_INTERVAL,   /* (i) group commit period, ms, 0..600000 [1000] */
	/* sync */
	ZRX_OPT_DIR,               /* (s) sync: the feed's directory; report: a catalog's */
	ZRX_OPT_SINCE,             /* (s) sync's first run: the first day [365 days ago] */
	ZRX_OPT_LOOKBACK,          /* (i) sync: days re-listed before the last run, 0..3650 [30] */
	ZRX_OPT_NOW,               /* (s) the instant a run takes as now, YYYY-MM-DDTHH:MM:SSZ
	                              (rehearsals against zrx-sim --now) [the clock] */
	/* report */
	ZRX_OPT_INPUT,             /* (s) report: an export output or manifest; repeatable */
	ZRX_OPT_USERS_FILE,        /* (s) report: a `zrx users` NDJSON output (names, departments) */
	ZRX_OPT_RETENTION,         /* (i) report: retention policy in days, 0 = none [0] */
	ZRX_OPT_AS_OF              /* (s) report: the day ages are counted to [today] */
};

typedef struct zrx zrx_t;

/* A line of the log as zrx prints it ("zrx: warning: ..." or one JSON
 * object), ending in '\n'.  line is valid only during the call. */
typedef void (*zrx_log_cb)(void *ud, enum zrx_log_level level, const char *line, size_t len);

/* A snapshot of a run.  size is sizeof(struct zrx_progress) of the library
 * that filled it: fields past it are absent.  New fields are only added at
 * the end. */
struct zrx_progress {
	size_t size;
	uint64_t users_done;      /* committed or failed, this run and earlier ones */
	uint64_t users_total;     /* 0 while unknown */
	int total_known;
	int final;                /* 1 on the last call of the run */
	uint64_t users_failed;
	uint64_t meetings;        /* records written */
	uint64_t requests;        /* HTTP attempts started */
	uint64_t throttled;       /* 429 answers */
	uint64_t retries;
	uint64_t bytes_in;        /* response body bytes */
	uint64_t elapsed_ms;
};

/* Called every ZRX_OPT_PROGRESS_MS and once at the end; p is valid only
 * during the call. */
typedef void (*zrx_progress_cb)(void *ud, const struct zrx_progress *p);

/* A handle with every option at its default; NULL when out of memory. */
ZRX_API zrx_t *zrx_new(void);

/* Release the handle (credentials are wiped).  NULL ok. */
ZRX_API void zrx_free(zrx_t *h);

/* Set an option.  0, or a zrx_error; zrx_last_error() then says why. */
ZRX_API int zrx_setopt_str(zrx_t *h, enum zrx_option opt, const char *value);
ZRX_API int zrx_setopt_int(zrx_t *h, enum zrx_option opt, long long value);
ZRX_API int zrx_setopt_double(zrx_t *h, enum zrx_option opt, double value);

/* Where log lines go (none by default) and progress snapshots. */
ZRX_API void zrx_set_log_cb(zrx_t *h, zrx_log_cb cb, void *ud);
ZRX_API void zrx_set_progress_cb(zrx_t *h, zrx_progress_cb cb, void *ud);

/*
 * Run a command as configured, on a loop of its own; returns when it ends,
 * with an enum zrx_exit code.  Problems are reported through the log
 * callback; the last one is also in zrx_last_error().
 */
ZRX_API int zrx_run(zrx_t *h, enum zrx_command cmd);

/* Ask a running zrx_run() to stop as on SIGINT: finished users are
 * committed and it returns ZRX_EXIT_INTERRUPTED.  Async-signal-safe: may be
 * called from a signal handler.  Before zrx_run(), the next run stops at
 * once. */
ZRX_API void zrx_interrupt(zrx_t *h);

/* What went wrong last (a setter refused a value, a run failed); "" if
 * nothing did.  Valid until the next call on h. */
ZRX_API const char *zrx_last_error(const zrx_t *h);

/* The library version, e.g. "0.2.0".  Static storage. */
ZRX_API const char *zrx_version(void);

#ifdef __cplusplus
}
#endif
#endif /* ZRX_H */
