/* summary.c - the end of a run: summary lines and errors-file lines. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "jsonw.h"
#include "log.h"
#include "summary.h"

void
zrx_summary_error_n(struct zrx_buf *b, const char *user, size_t n, const struct zrx_window *win,
                    const struct zrx_result *res, const char *message)
{
	struct zrx_jw w;

	zrx_jw_init(&w, b);
	zrx_jw_obj(&w);
	zrx_jw_key(&w, "user");
	zrx_jw_str(&w, user, n);
	zrx_jw_key(&w, "from");
	if (win != NULL)
		zrx_jw_date(&w, win->from);
	else
		zrx_jw_null(&w);
	zrx_jw_key(&w, "to");
	if (win != NULL)
		zrx_jw_date(&w, win->to);
	else
		zrx_jw_null(&w);
	zrx_jw_key(&w, "http_status");
	if (res != NULL && res->status > 0)
		zrx_jw_i64(&w, res->status);
	else
		zrx_jw_null(&w);
	zrx_jw_key(&w, "code");
	if (res != NULL && res->code >= 0)
		zrx_jw_i64(&w, res->code);
	else
		zrx_jw_null(&w);
	zrx_jw_key(&w, "message");
	zrx_jw_cstr(&w, message);
	zrx_jw_key(&w, "attempts");
	zrx_jw_u64(&w, res != NULL ? res->attempts : 0);
	zrx_jw_key(&w, "tracking_id");
	zrx_jw_cstr(&w, res != NULL && res->tracking_id[0] ? res->tracking_id : NULL);
	zrx_jw_obj_end(&w);
	zrx_buf_putc(b, '\n');
}

void
zrx_summary_error(struct zrx_buf *b, const char *user, const struct zrx_window *win,
                  const struct zrx_result *res, const char *message)
{
	zrx_summary_error_n(b, user, strlen(user), win, res, message);
}

void
zrx_human_bytes(char *out, size_t n, uint64_t v)
{
	const char *u[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double d = (double)v;
	int i = 0;

	while (d >= 1024 && i < 4) {
		d /= 1024;
		i++;
	}
	snprintf(out, n, i == 0 ? "%.0f %s" : "%.1f %s", d, u[i]);
}

static void
print_files(struct zrx_log *lg, const struct zrx_output *out, const struct zrx_config *cfg,
            const struct zrx_summary *s, int code)
{
	zrx_logm(lg, ZRX_INFO, &(struct zrx_logf){ .event = "files" }, "output %s%s%s%s%s%s%s",
	    zrx_output_nparts(out) > 1 ? "parts from " : "", zrx_output_path(out),
	    cfg->manifest ? ", manifest " : "", cfg->manifest ? cfg->manifest : "",
	    cfg->errors && s->users_failed ? ", errors " : "",
	    cfg->errors && s->users_failed ? cfg->errors : "",
	    cfg->state && code != 0 ? ", state kept for resuming" : "");
}

void
zrx_summary_print(struct zrx_log *lg, const struct zrx_summary *s,
                  const struct zrx_net_stats *st, const struct zrx_output *out,
                  const struct zrx_config *cfg, enum zrx_kind kind, int code,
                  uint64_t users_listed)
{
	char in[32], outb[32];
	double secs = (double)s->elapsed_ms / 1000.0;

	if (out == NULL || !zrx_log_enabled(lg, ZRX_INFO))
		return;
	zrx_human_bytes(in, sizeof(in), st->bytes_in);
	zrx_human_bytes(outb, sizeof(outb), zrx_output_bytes(out));
	if (kind == ZRX_KIND_USERS) {
		zrx_logm(lg, ZRX_INFO, &(struct zrx_logf){ .event = "summary" },
		    "users listed %llu; requests %llu, 429s %llu, retries %llu; received %s, "
		    "wrote %s; %.1f s; output %s", (unsigned long long)users_listed,
		    (unsigned long long)st->requests, (unsigned long long)st->throttled,
		    (unsigned long long)st->retries, in, outb, secs, zrx_output_path(out));
		return;
	}
	zrx_logm(lg, ZRX_INFO, &(struct zrx_logf){ .event = "summary" },
	    "users ok %llu (%llu already done), failed %llu; meetings %llu, files %llu "
	    "(this run: %llu meetings); requests %llu (%.1f/s), 429s %llu, retries %llu; "
	    "received %s, wrote %s; %.1f s",
	    (unsigned long long)(s->users_ok + zrx_output_users_before(out)),
	    (unsigned long long)zrx_output_users_before(out),
	    (unsigned long long)s->users_failed,
	    (unsigned long long)zrx_output_records(out),
	    (unsigned long long)zrx_output_files(out), (unsigned long long)s->meetings,
	    (unsigned long long)st->requests, secs > 0 ? (double)st->requests / secs : 0.0,
	    (unsigned long long)st->throttled, (unsigned long long)st->retries, in, outb, secs);
	if (s->unreadable > 0)
		zrx_logm(lg, ZRX_WARN, &(struct zrx_logf){ .event = "unreadable_start_time" },
		    "%llu meetings had a start_time that could not be read; they were kept",
		    (unsigned long long)s->unreadable);
	if (s->surrogates > 0)
		zrx_logm(lg, ZRX_WARN, &(struct zrx_logf){ .event = "lone_surrogates" },
		    "%llu lone UTF-16 surrogates (\\ud800-\\udfff unpaired) in strings; "
		    "each was written as U+FFFD", (unsigned long long)s->surrogates);
	print_files(lg, out, cfg, s, code);
}
