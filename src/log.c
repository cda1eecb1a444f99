/* log.c - messages on stderr. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "jsonw.h"
#include "log.h"

/* One process, one stderr: the logger is process state, like tmux's log. */
static struct {
	enum zrx_log_format fmt;
	int verbose;
	int quiet;
	void (*hook)(void *);
	void *hook_ud;
} lg;

static const char *const level_names[] = { "error", "warning", "info", "debug" };

void
zrx_log_init(enum zrx_log_format fmt, int verbose, int quiet)
{
	lg.fmt = fmt;
	lg.verbose = verbose;
	lg.quiet = quiet;
}

void
zrx_log_set_hook(void (*hook)(void *ud), void *ud)
{
	lg.hook = hook;
	lg.hook_ud = ud;
}

enum zrx_log_format
zrx_log_format(void)
{
	return lg.fmt;
}

int
zrx_log_enabled(enum zrx_level lvl)
{
	if (lvl == ZRX_ERROR)
		return 1;
	if (lg.quiet)
		return 0;
	if (lvl == ZRX_DEBUG)
		return lg.verbose > 0;
	return 1;
}

void
zrx_logm(enum zrx_level lvl, const struct zrx_logf *f, const char *fmt, ...)
{
	struct zrx_buf msg, line;
	va_list ap;

	if (!zrx_log_enabled(lvl))
		return;
	zrx_buf_init(&msg);
	zrx_buf_init(&line);
	va_start(ap, fmt);
	zrx_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (msg.data == NULL)
		zrx_buf_puts(&msg, "");

	if (lg.fmt == ZRX_LOG_JSON) {
		char now[21];

		zrx_format_iso8601(zrx_wall_ms(), now);
		zrx_buf_puts(&line, "{\"time\":");
		zrx_json_cstr(&line, now);
		zrx_buf_puts(&line, ",\"level\":");
		zrx_json_cstr(&line, level_names[lvl]);
		if (f != NULL && f->event != NULL) {
			zrx_buf_puts(&line, ",\"event\":");
			zrx_json_cstr(&line, f->event);
		}
		if (f != NULL && f->user != NULL) {
			zrx_buf_puts(&line, ",\"user\":");
			zrx_json_cstr(&line, f->user);
		}
		if (f != NULL && f->window != NULL) {
			zrx_buf_puts(&line, ",\"window\":");
			zrx_json_cstr(&line, f->window);
		}
		if (f != NULL && f->status > 0)
			zrx_buf_printf(&line, ",\"status\":%ld", f->status);
		if (f != NULL && f->code > 0)
			zrx_buf_printf(&line, ",\"code\":%ld", f->code);
		zrx_buf_puts(&line, ",\"message\":");
		zrx_json_str(&line, msg.data, msg.len);
		if (f != NULL && f->tracking_id != NULL && f->tracking_id[0] != '\0') {
			zrx_buf_puts(&line, ",\"tracking_id\":");
			zrx_json_cstr(&line, f->tracking_id);
		}
		zrx_buf_puts(&line, "}\n");
	} else {
		zrx_buf_printf(&line, "zrx: %s%s", lvl == ZRX_INFO ? "" : level_names[lvl],
		    lvl == ZRX_INFO ? "" : ": ");
		if (f != NULL && f->user != NULL) {
			zrx_buf_printf(&line, "user %s", f->user);
			if (f->window != NULL)
				zrx_buf_printf(&line, " (%s)", f->window);
			zrx_buf_puts(&line, ": ");
		}
		zrx_buf_append(&line, msg.data, msg.len);
		if (f != NULL && f->status > 0) {
			zrx_buf_printf(&line, " [HTTP %ld", f->status);
			if (f->code > 0)
				zrx_buf_printf(&line, ", code %ld", f->code);
			zrx_buf_putc(&line, ']');
		}
		if (f != NULL && f->tracking_id != NULL && f->tracking_id[0] != '\0')
			zrx_buf_printf(&line, " (tracking id %s)", f->tracking_id);
		zrx_buf_putc(&line, '\n');
	}
	if (lg.hook != NULL)
		lg.hook(lg.hook_ud);
	fwrite(line.data, 1, line.len, stderr);
	fflush(stderr);
	zrx_buf_free(&msg);
	zrx_buf_free(&line);
}
