/* handle.c - the public API: an opaque handle, typed setters, zrx_run().
 *
 * Setters validate what they can alone (types, ranges, formats); zrx_run()
 * checks what depends on several options, fills the defaults that do
 * (today, the output's NAME), and runs the command on a loop of its own. */
#include "config.h"

#include <curl/curl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "export.h"
#include "sync.h"
#include "handle.h"
#include "keyset.h"
#include "oauth.h"
#include "outname.h"
#include "report.h"
#include "urlcheck.h"
#include "usersrc.h"

struct zrx {
	struct zrx_config cfg;
	struct zrx_log log;
	struct zrx_hooks hooks;
	struct zrx_keyset *userset;  /* cfg.users, for de-duplication */
	size_t capusers;
	char **strs;                 /* every string cfg points to but users */
	size_t nstrs, capstrs;
	int fmt_set, gzip_set;       /* set explicitly, not from the suffix */
	char err[512];
};

static int
fail(zrx_t *h, int code, const char *fmt, ...) ZRX_PRINTF(3, 4);

static int
fail(zrx_t *h, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->err, sizeof(h->err), fmt, ap);
	va_end(ap);
	return code;
}

static const char *
own(zrx_t *h, const char *s, size_t n)
{
	char *c = zrx_xstrndup(s, n);

	if (h->nstrs == h->capstrs) {
		h->capstrs = h->capstrs ? h->capstrs * 2 : 16;
		h->strs = zrx_xrealloc(h->strs, h->capstrs * sizeof(*h->strs));
	}
	h->strs[h->nstrs++] = c;
	return c;
}

/* The suffix of split parts, from the format and compression. */
static void
update_ext(zrx_t *h)
{
	struct zrx_config *c = &h->cfg;

	c->output_ext = c->format == ZRX_FORMAT_CSV ?
	    (c->gzip_level >= 0 ? ".csv.gz" : ".csv") :
	    (c->gzip_level >= 0 ? ".ndjson.gz" : ".ndjson");
}

ZRX_API zrx_t *
zrx_new(void)
{
	zrx_t *h = calloc(1, sizeof(*h));

	if (h == NULL)
		return NULL;
	zrx_config_defaults(&h->cfg);
	h->cfg.log = &h->log;
	h->cfg.hooks = &h->hooks;
	h->log.fmt = ZRX_LOG_TEXT;
	h->userset = zrx_keyset_new();
	update_ext(h);
	return h;
}

ZRX_API void
zrx_free(zrx_t *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->nstrs; i++) {
		/* some of these are credentials: leave nothing behind */
		explicit_bzero(h->strs[i], strlen(h->strs[i]));
		free(h->strs[i]);
	}
	free(h->strs);
	for (i = 0; i < h->cfg.nusers; i++)
		free(h->cfg.users[i]);
	free(h->cfg.users);
	for (i = 0; i < h->cfg.ninputs; i++)
		free(h->cfg.inputs[i]);
	free(h->cfg.inputs);
	zrx_keyset_free(h->userset);
	free(h);
}

const struct zrx_config *
zrx_handle_config(const zrx_t *h)
{
	return &h->cfg;
}

static int
add_user(zrx_t *h, const char *s)
{
	size_t n = strlen(s);
	const char *why = zrx_user_id_problem(s, n);

	if (why != NULL)
		return fail(h, ZRX_E_VALUE, "%s", why);
	if (!zrx_keyset_add(h->userset, s, n))
		return 0;
	if (h->cfg.nusers == h->capusers) {
		h->capusers = h->capusers ? h->capusers * 2 : 16;
		h->cfg.users = zrx_xrealloc(h->cfg.users, h->capusers * sizeof(*h->cfg.users));
	}
	h->cfg.users[h->cfg.nusers++] = zrx_xstrndup(s, n);
	return 0;
}

static int
add_input(zrx_t *h, const char *s)
{
	if (*s == '\0')
		return fail(h, ZRX_E_VALUE, "an input must not be empty");
	h->cfg.inputs = zrx_xrealloc(h->cfg.inputs, (h->cfg.ninputs + 1) * sizeof(*h->cfg.inputs));
	h->cfg.inputs[h->cfg.ninputs++] = zrx_xstrdup(s);
	return 0;
}

static int
set_now(zrx_t *h, const char *s)
{
	int64_t ms;
	int32_t days;

	if (zrx_date_parse(s, &days) == 0) {
		h->cfg.now_ms = (int64_t)days * 86400000;
		return 0;
	}
	if (strlen(s) < 20 || zrx_time_parse_epoch_ms(s, strlen(s), &ms) != 0 || ms <= 0)
		return fail(h, ZRX_E_VALUE, "'%s' is not an instant as YYYY-MM-DDTHH:MM:SSZ", s);
	h->cfg.now_ms = ms;
	return 0;
}

static int
set_date(zrx_t *h, int32_t *days, int *has, const char *s)
{
	if (zrx_date_parse(s, days) != 0)
		return fail(h, ZRX_E_VALUE, "'%s' is not a date as YYYY-MM-DD from 1970-01-01", s);
	*has = 1;
	return 0;
}

static int
set_output(zrx_t *h, const char *s)
{
	size_t n;
	int fmt, gz;

	if (*s == '\0')
		return fail(h, ZRX_E_VALUE, "the output must not be empty (\"-\" is stdout)");
	h->cfg.output = own(h, s, strlen(s));
	if (strcmp(s, "-") == 0) {
		h->cfg.output_name = NULL;
		return 0;
	}
	zrx_outname(s, &n, &fmt, &gz);
	if (n == 0 || s[n - 1] == '/')
		return fail(h, ZRX_E_VALUE, "the output '%s' has no file name", s);
	h->cfg.output_name = own(h, s, n);
	if (!h->fmt_set && fmt >= 0)
		h->cfg.format = (enum zrx_format)fmt;
	if (!h->gzip_set)
		h->cfg.gzip_level = gz ? 6 : -1;
	update_ext(h);
	return 0;
}

static int
set_url(zrx_t *h, const char **dst, const char *s)
{
	char buf[300];
	const char *why = zrx_url_problem(s, buf, sizeof(buf));
	size_t n = strlen(s);

	if (why != NULL)
		return fail(h, ZRX_E_VALUE, "the URL%s", why);
	if (dst == &h->cfg.base_url && n > 0 && s[n - 1] == '/')
		n--;
	*dst = own(h, s, n);
	return 0;
}

static int
set_secret(zrx_t *h, const char **dst, const char *s, int token)
{
	size_t n = strlen(s);

	if (token ? !zrx_token_valid(s, n) : (n == 0 || n > 4096 || !zrx_token_valid(s, n)))
		return fail(h, ZRX_E_VALUE, "a credential must be printable, without spaces or "
		    "control characters, at most 4096 bytes");
	*dst = own(h, s, n);
	return 0;
}

static int
set_plain(zrx_t *h, const char **dst, const char *s, int allow_null)
{
	if (s == NULL) {
		if (!allow_null)
			return fail(h, ZRX_E_VALUE, "this option needs a value");
		*dst = NULL;
		return 0;
	}
	*dst = own(h, s, strlen(s));
	return 0;
}

ZRX_API int
zrx_setopt_str(zrx_t *h, enum zrx_option opt, const char *v)
{
	struct zrx_config *c = &h->cfg;

	h->err[0] = '\0';
	if (v == NULL && opt != ZRX_OPT_TRASH_TYPE && opt != ZRX_OPT_MC &&
	    opt != ZRX_OPT_MEETING_ID && opt != ZRX_OPT_MANIFEST && opt != ZRX_OPT_ERRORS &&
	    opt != ZRX_OPT_STATE && opt != ZRX_OPT_CACERT && opt != ZRX_OPT_TMPDIR)
		return fail(h, ZRX_E_VALUE, "this option needs a value");
	switch (opt) {
	case ZRX_OPT_USER: return add_user(h, v);
	case ZRX_OPT_USERS_SOURCE: return set_plain(h, &c->users_source, v, 0);
	case ZRX_OPT_FROM: return set_date(h, &c->from_days, &c->has_from, v);
	case ZRX_OPT_TO: return set_date(h, &c->to_days, &c->has_to, v);
	case ZRX_OPT_TRASH_TYPE:
		if (v != NULL && strcmp(v, "meeting_recordings") != 0 &&
		    strcmp(v, "recording_file") != 0)
			return fail(h, ZRX_E_VALUE, "the trash type is meeting_recordings or "
			    "recording_file");
		return set_plain(h, &c->trash_type, v, 1);
	case ZRX_OPT_MC:
		if (v != NULL && strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
			return fail(h, ZRX_E_VALUE, "mc is \"true\" or \"false\"");
		return set_plain(h, &c->mc, v, 1);
	case ZRX_OPT_MEETING_ID:
		if (v != NULL && !zrx_token_valid(v, strlen(v)))
			return fail(h, ZRX_E_VALUE, "a meeting id is printable, without spaces");
		return set_plain(h, &c->meeting_id, v, 1);
	case ZRX_OPT_OUTPUT: return set_output(h, v);
	case ZRX_OPT_MANIFEST: return set_plain(h, &c->manifest, v, 1);
	case ZRX_OPT_ERRORS: return set_plain(h, &c->errors, v, 1);
	case ZRX_OPT_STATE: return set_plain(h, &c->state, v, 1);
	case ZRX_OPT_BASE_URL: return set_url(h, &c->base_url, v);
	case ZRX_OPT_OAUTH_URL: return set_url(h, &c->oauth_url, v);
	case ZRX_OPT_CACERT: return set_plain(h, &c->cacert, v, 1);
	case ZRX_OPT_ACCESS_TOKEN: return set_secret(h, &c->access_token, v, 1);
	case ZRX_OPT_ACCOUNT_ID: return set_secret(h, &c->account_id, v, 0);
	case ZRX_OPT_CLIENT_ID: return set_secret(h, &c->client_id, v, 0);
	case ZRX_OPT_CLIENT_SECRET: return set_secret(h, &c->client_secret, v, 0);
	case ZRX_OPT_TMPDIR: return set_plain(h, &c->tmpdir, v, 1);
	case ZRX_OPT_DIR:
		if (*v == '\0')
			return fail(h, ZRX_E_VALUE, "the directory must not be empty");
		return set_plain(h, &c->dir, v, 0);
	case ZRX_OPT_SINCE: return set_date(h, &c->since_days, &c->has_since, v);
	case ZRX_OPT_NOW: return set_now(h, v);
	case ZRX_OPT_INPUT: return add_input(h, v);
	case ZRX_OPT_USERS_FILE: return set_plain(h, &c->users_file, v, 0);
	case ZRX_OPT_AS_OF: return set_date(h, &c->as_of_days, &c->has_as_of, v);
	default:
		break;
	}
	if (opt >= ZRX_OPT_USER && opt <= ZRX_OPT_AS_OF)
		return fail(h, ZRX_E_TYPE, "option %d does not take a string", (int)opt);
	return fail(h, ZRX_E_OPTION, "no option %d", (int)opt);
}

static int
range(zrx_t *h, long long v, long long lo, long long hi)
{
	if (v < lo || v > hi)
		return fail(h, ZRX_E_VALUE, "%lld is not within %lld..%lld", v, lo, hi);
	return 0;
}

/* The integer options of the network and the reporting; 1 if opt is not
 * one of them. */
static int
set_int_net(zrx_t *h, enum zrx_option opt, long long v)
{
	struct zrx_config *c = &h->cfg;

	switch (opt) {
	case ZRX_OPT_CONCURRENCY:
		if (range(h, v, 1, 1024) != 0)
			return ZRX_E_VALUE;
		c->concurrency = (int)v;
		return 0;
	case ZRX_OPT_TIMEOUT:
		if (range(h, v, 1, 86400) != 0)
			return ZRX_E_VALUE;
		c->timeout_s = (long)v;
		return 0;
	case ZRX_OPT_CONNECT_TIMEOUT:
		if (range(h, v, 1, 3600) != 0)
			return ZRX_E_VALUE;
		c->connect_timeout_s = (long)v;
		return 0;
	case ZRX_OPT_STALL_TIMEOUT:
		if (range(h, v, 1, 86400) != 0)
			return ZRX_E_VALUE;
		c->stall_timeout_s = (long)v;
		return 0;
	case ZRX_OPT_RETRIES:
		if (range(h, v, 0, 100) != 0)
			return ZRX_E_VALUE;
		c->retries = (int)v;
		return 0;
	case ZRX_OPT_VERBOSE:
		if (range(h, v, 0, 100) != 0)
			return ZRX_E_VALUE;
		h->log.verbose = (int)v;
		return 0;
	case ZRX_OPT_QUIET:
		h->log.quiet = v != 0;
		return 0;
	case ZRX_OPT_LOG_FORMAT:
		if (v != ZRX_LOG_TEXT && v != ZRX_LOG_JSON)
			return fail(h, ZRX_E_VALUE, "the log format is ZRX_LOG_TEXT or ZRX_LOG_JSON");
		h->log.fmt = (enum zrx_log_format)v;
		return 0;
	case ZRX_OPT_PROGRESS_MS:
		if (range(h, v, 10, 3600000) != 0)
			return ZRX_E_VALUE;
		c->progress_ms = (unsigned)v;
		return 0;
	case ZRX_OPT_PROGRESS_LOG_MS:
		if (v != 0 && range(h, v, 100, 86400000) != 0)
			return ZRX_E_VALUE;
		c->progress_log_ms = (unsigned)v;
		return 0;
	default:
		return 1;
	}
}

/* The integer options of what is listed and written; 1 if not one. */
static int
set_int_what(zrx_t *h, enum zrx_option opt, long long v)
{
	struct zrx_config *c = &h->cfg;

	switch (opt) {
	case ZRX_OPT_ALL_USERS: c->all_users = v != 0; return 0;
	case ZRX_OPT_USER_STATUS:
		if (v <= 0 || (v & ~7LL) != 0)
			return fail(h, ZRX_E_VALUE, "the statuses are ZRX_STATUS_* bits");
		c->user_status = (unsigned)v;
		return 0;
	case ZRX_OPT_TRASH: c->trash = v != 0; return 0;
	case ZRX_OPT_PAGE_SIZE:
		if (range(h, v, 1, 300) != 0)
			return ZRX_E_VALUE;
		c->page_size = (int)v;
		return 0;
	case ZRX_OPT_FORMAT:
		if (v != ZRX_FORMAT_NDJSON && v != ZRX_FORMAT_CSV)
			return fail(h, ZRX_E_VALUE, "the format is ZRX_FORMAT_NDJSON or ZRX_FORMAT_CSV");
		c->format = (enum zrx_format)v;
		h->fmt_set = 1;
		update_ext(h);
		return 0;
	case ZRX_OPT_GZIP:
		if (range(h, v, -1, 9) != 0)
			return ZRX_E_VALUE;
		c->gzip_level = (int)v;
		h->gzip_set = 1;
		update_ext(h);
		return 0;
	case ZRX_OPT_SPLIT_BYTES:
		if (v != 0 && range(h, v, 1024, LLONG_MAX) != 0)
			return ZRX_E_VALUE;
		c->split_bytes = (uint64_t)v;
		return 0;
	case ZRX_OPT_FORCE: c->force = v != 0; return 0;
	case ZRX_OPT_RESTART: c->restart = v != 0; return 0;
	case ZRX_OPT_LOOKBACK:
		if (range(h, v, 0, 3650) != 0)
			return ZRX_E_VALUE;
		c->lookback_days = (int)v;
		return 0;
	case ZRX_OPT_RETENTION:
		if (range(h, v, 0, 36500) != 0)
			return ZRX_E_VALUE;
		c->retention_days = (int)v;
		return 0;
	default:
		return 1;
	}
}

ZRX_API int
zrx_setopt_int(zrx_t *h, enum zrx_option opt, long long v)
{
	struct zrx_config *c = &h->cfg;
	int rc;

	h->err[0] = '\0';
	if ((rc = set_int_net(h, opt, v)) != 1 || (rc = set_int_what(h, opt, v)) != 1)
		return rc;
	switch (opt) {
	case ZRX_OPT_SPILL_BYTES:
		if (range(h, v, 0, (long long)(SIZE_MAX > LLONG_MAX ? LLONG_MAX : SIZE_MAX)) != 0)
			return ZRX_E_VALUE;
		c->spill_bytes = (size_t)v;
		return 0;
	case ZRX_OPT_COMMIT_INTERVAL:
		if (range(h, v, 0, 600000) != 0)
			return ZRX_E_VALUE;
		c->commit_interval_ms = (unsigned)v;
		return 0;
	default:
		break;
	}
	if (opt >= ZRX_OPT_USER && opt <= ZRX_OPT_AS_OF)
		return fail(h, ZRX_E_TYPE, "option %d does not take an integer", (int)opt);
	return fail(h, ZRX_E_OPTION, "no option %d", (int)opt);
}

ZRX_API int
zrx_setopt_double(zrx_t *h, enum zrx_option opt, double v)
{
	h->err[0] = '\0';
	switch (opt) {
	case ZRX_OPT_RATE:
		if (!(v >= 0.1 && v <= 100000))
			return fail(h, ZRX_E_VALUE, "the rate is 0.1 to 100000 requests per second");
		h->cfg.rate = v;
		return 0;
	case ZRX_OPT_BURST:
		if (!(v >= 1 && v <= 100000))
			return fail(h, ZRX_E_VALUE, "the burst is 1 to 100000 requests");
		h->cfg.burst = v;
		return 0;
	default:
		break;
	}
	if (opt >= ZRX_OPT_USER && opt <= ZRX_OPT_AS_OF)
		return fail(h, ZRX_E_TYPE, "option %d does not take a number", (int)opt);
	return fail(h, ZRX_E_OPTION, "no option %d", (int)opt);
}

ZRX_API void
zrx_set_log_cb(zrx_t *h, zrx_log_cb cb, void *ud)
{
	h->log.cb = cb;
	h->log.ud = ud;
}

ZRX_API void
zrx_set_progress_cb(zrx_t *h, zrx_progress_cb cb, void *ud)
{
	h->hooks.progress_cb = cb;
	h->hooks.progress_ud = ud;
}

ZRX_API void
zrx_interrupt(zrx_t *h)
{
	/* async-signal-safe: a flag, and uv_async_send on a live handle */
	h->hooks.interrupted = 1;
	if (h->hooks.async_live)
		(void)uv_async_send(&h->hooks.async);
}

ZRX_API const char *
zrx_last_error(const zrx_t *h)
{
	return h->err[0] != '\0' ? h->err : h->log.last_error;
}

ZRX_API const char *
zrx_version(void)
{
	return PACKAGE_VERSION;
}

static int
resolve_sync(zrx_t *h)
{
	struct zrx_config *c = &h->cfg;
	int32_t today = zrx_config_today(c);
	char d[11];

	if (c->dir == NULL) {
		zrx_logm(&h->log, ZRX_ERROR, NULL, "no directory: the feed needs one (its "
		    "catalog and batches)");
		return ZRX_EXIT_USAGE;
	}
	if (!c->all_users && c->nusers == 0) {
		zrx_logm(&h->log, ZRX_ERROR, NULL, "no users: name some, or ask for all users");
		return ZRX_EXIT_USAGE;
	}
	if (c->has_since && c->since_days > today) {
		zrx_date_format(today, d);
		zrx_logm(&h->log, ZRX_ERROR, NULL, "--since is after today (%s, UTC): a feed "
		    "starts in the past", d);
		return ZRX_EXIT_USAGE;
	}
	return 0;
}

/* What depends on several options; 0 or ZRX_EXIT_USAGE (logged). */
static int
resolve(zrx_t *h, enum zrx_command cmd)
{
	struct zrx_config *c = &h->cfg;
	int32_t today = zrx_config_today(c);
	char d[11];

	if (cmd == ZRX_CMD_REPORT)
		return 0; /* reads files: no credentials, no request */
	if (c->access_token == NULL &&
	    (c->account_id == NULL || c->client_id == NULL || c->client_secret == NULL)) {
		zrx_logm(&h->log, ZRX_ERROR, NULL, "no credentials: set an access token, or the "
		    "account id, client id and client secret of a Server-to-Server OAuth app");
		return ZRX_EXIT_USAGE;
	}
	update_ext(h);
	if (c->split_bytes > 0 && c->output_name == NULL) {
		zrx_logm(&h->log, ZRX_ERROR, NULL, "splitting needs a file output, not stdout");
		return ZRX_EXIT_USAGE;
	}
	if (cmd == ZRX_CMD_SYNC)
		return resolve_sync(h);
	if (cmd != ZRX_CMD_EXPORT)
		return 0;
	if (!c->all_users && c->nusers == 0) {
		zrx_logm(&h->log, ZRX_ERROR, NULL, "no users: name some, or ask for all users");
		return ZRX_EXIT_USAGE;
	}
	if (c->trash)
		return 0;
	if (!c->has_from) {
		zrx_logm(&h->log, ZRX_ERROR, NULL, "the first day (from) is required, unless "
		    "the trash is listed");
		return ZRX_EXIT_USAGE;
	}
	if (!c->has_to || c->to_days > today) {
		if (c->has_to) {
			zrx_date_format(today, d);
			zrx_logm(&h->log, ZRX_WARN, NULL, "the last day is in the future; listing "
			    "up to today, %s (UTC)", d);
		}
		c->to_days = today;
	}
	if (c->from_days > c->to_days) {
		zrx_logm(&h->log, ZRX_ERROR, NULL, "the first day is after the last day");
		return ZRX_EXIT_USAGE;
	}
	return 0;
}

ZRX_API int
zrx_run(zrx_t *h, enum zrx_command cmd)
{
	int code;

	h->err[0] = '\0';
	h->log.last_error[0] = '\0';
	if (cmd != ZRX_CMD_EXPORT && cmd != ZRX_CMD_USERS && cmd != ZRX_CMD_SYNC &&
	    cmd != ZRX_CMD_REPORT) {
		fail(h, ZRX_E_OPTION, "no command %d", (int)cmd);
		return ZRX_EXIT_USAGE;
	}
	code = resolve(h, cmd);
	if (code != 0)
		return code;
	if (cmd == ZRX_CMD_REPORT)
		return zrx_report(&h->cfg);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		zrx_logm(&h->log, ZRX_ERROR, NULL, "cannot initialise libcurl");
		return ZRX_EXIT_FATAL;
	}
	if (cmd == ZRX_CMD_SYNC)
		code = zrx_sync(&h->cfg);
	else
		code = zrx_export(&h->cfg, cmd == ZRX_CMD_USERS ? ZRX_KIND_USERS : ZRX_KIND_MEETINGS);
	curl_global_cleanup();
	return code;
}
