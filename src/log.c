/* log.c - the messages of a run, through the handle's callback. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "jsonw.h"
#include "log.h"

static const char *const level_names[] = { "error", "warning", "info", "debug" };

int
zrx_log_enabled(const struct zrx_log *lg, enum zrx_level lvl)
{
	if (lg == NULL)
		return 0;
	if (lvl == ZRX_ERROR)
		return 1;
	if (lg->quiet)
		return 0;
	if (lvl == ZRX_DEBUG)
		return lg->verbose > 0;
	return 1;
}

void
zrx_log_text_escape(struct zrx_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run, k;
	char esc[4] = { '\\', 'x', 0, 0 };

	while (i < n) {
		run = i;
		while (run < n && u[run] >= 0x20 && u[run] < 0x7f)
			run++;
		if (run > i)
			zrx_buf_append(b, s + i, run - i);
		if (run == n)
			break;
		i = run;
		k = u[i] >= 0x80 ? zrx_utf8_seq(u + i, n - i) : 0;
		/* C1 controls (U+0080..U+009F) drive terminals too */
		if (k == 2 && u[i] == 0xc2 && u[i + 1] < 0xa0)
			k = 0;
		if (k > 0) {
			zrx_buf_append(b, s + i, k);
			i += k;
			continue;
		}
		esc[2] = hex[u[i] >> 4];
		esc[3] = hex[u[i] & 0xf];
		zrx_buf_append(b, esc, 4);
		i++;
	}
}

static void
json_line(struct zrx_buf *line, enum zrx_level lvl, const struct zrx_logf *f,
          const struct zrx_buf *msg)
{
	struct zrx_jw w;

	zrx_jw_init(&w, line);
	zrx_jw_obj(&w);
	zrx_jw_key(&w, "time");
	zrx_jw_time(&w, zrx_wall_ms());
	zrx_jw_key(&w, "level");
	zrx_jw_cstr(&w, level_names[lvl]);
	if (f != NULL && f->event != NULL) {
		zrx_jw_key(&w, "event");
		zrx_jw_cstr(&w, f->event);
	}
	if (f != NULL && f->user != NULL) {
		zrx_jw_key(&w, "user");
		zrx_jw_cstr(&w, f->user);
	}
	if (f != NULL && f->window != NULL) {
		zrx_jw_key(&w, "window");
		zrx_jw_cstr(&w, f->window);
	}
	if (f != NULL && f->status > 0) {
		zrx_jw_key(&w, "status");
		zrx_jw_i64(&w, f->status);
	}
	if (f != NULL && f->code > 0) {
		zrx_jw_key(&w, "code");
		zrx_jw_i64(&w, f->code);
	}
	zrx_jw_key(&w, "message");
	zrx_jw_str(&w, msg->data, msg->len);
	if (f != NULL && f->tracking_id != NULL && f->tracking_id[0] != '\0') {
		zrx_jw_key(&w, "tracking_id");
		zrx_jw_cstr(&w, f->tracking_id);
	}
	zrx_jw_obj_end(&w);
	zrx_buf_putc(line, '\n');
}

static void
text_line(struct zrx_buf *line, enum zrx_level lvl, const struct zrx_logf *f,
          const struct zrx_buf *msg)
{
	zrx_buf_printf(line, "zrx: %s%s", lvl == ZRX_INFO ? "" : level_names[lvl],
	    lvl == ZRX_INFO ? "" : ": ");
	if (f != NULL && f->user != NULL) {
		zrx_buf_puts(line, "user ");
		zrx_log_text_escape(line, f->user, strlen(f->user));
		if (f->window != NULL)
			zrx_buf_printf(line, " (%s)", f->window);
		zrx_buf_puts(line, ": ");
	}
	zrx_log_text_escape(line, msg->data, msg->len);
	if (f != NULL && f->status > 0) {
		zrx_buf_printf(line, " [HTTP %ld", f->status);
		if (f->code > 0)
			zrx_buf_printf(line, ", code %ld", f->code);
		zrx_buf_putc(line, ']');
	}
	if (f != NULL && f->tracking_id != NULL && f->tracking_id[0] != '\0') {
		zrx_buf_puts(line, " (tracking id ");
		zrx_log_text_escape(line, f->tracking_id, strlen(f->tracking_id));
		zrx_buf_putc(line, ')');
	}
	zrx_buf_putc(line, '\n');
}

void
zrx_logm(struct zrx_log *lg, enum zrx_level lvl, const struct zrx_logf *f, const char *fmt, ...)
{
	struct zrx_buf msg, line;
	va_list ap;

	if (lg == NULL)
		return;
	zrx_buf_init(&msg);
	zrx_buf_init(&line);
	va_start(ap, fmt);
	zrx_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (msg.data == NULL)
		zrx_buf_puts(&msg, "");
	if (lvl == ZRX_ERROR) {
		struct zrx_buf e;

		zrx_buf_init(&e);
		zrx_log_text_escape(&e, msg.data, msg.len);
		snprintf(lg->last_error, sizeof(lg->last_error), "%s", e.data != NULL ? e.data : "");
		zrx_buf_free(&e);
	}
	if (zrx_log_enabled(lg, lvl) && lg->cb != NULL) {
		if (lg->fmt == ZRX_LOG_JSON)
			json_line(&line, lvl, f, &msg);
		else
			text_line(&line, lvl, f, &msg);
		lg->cb(lg->ud, (enum zrx_log_level)lvl, line.data, line.len);
	}
	zrx_buf_free(&msg);
	zrx_buf_free(&line);
}
