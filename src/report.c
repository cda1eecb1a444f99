/* report.c - `zrx report`: inputs -> figures -> HTML or JSON.
 *
 * The whole page is built in memory (its size is bounded by the tables and
 * lists, not by the meetings), then written in one go: atomically to a
 * file (temp file, fsync, rename; mode 0600: it names users and meetings),
 * or to stdout. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "dates.h"
#include "fsutil.h"
#include "log.h"
#include "report.h"
#include "report_catalog.h"
#include "report_out.h"
#include "report_read.h"
#include "report_users.h"

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Before any reading: 0, or ZRX_EXIT_USAGE (logged). */
static int
check_request(const struct zrx_config *cfg)
{
	if (cfg->dir == NULL && cfg->ninputs == 0) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "nothing to report on: give a sync "
		    "directory or export files");
		return ZRX_EXIT_USAGE;
	}
	if (cfg->dir != NULL && cfg->ninputs > 0) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "give either a sync directory or export "
		    "files, not both");
		return ZRX_EXIT_USAGE;
	}
	if (strcmp(cfg->output, "-") != 0 && !cfg->force && zrx_path_exists(cfg->output)) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s already exists; use --force to "
		    "overwrite it", cfg->output);
		return ZRX_EXIT_USAGE;
	}
	return 0;
}

static int
write_out(const struct zrx_config *cfg, const struct zrx_buf *page)
{
	int err;

	if (strcmp(cfg->output, "-") == 0) {
		err = zrx_write_all(STDOUT_FILENO, page->data, page->len, NULL);
		if (err != 0) {
			zrx_logm(cfg->log, ZRX_ERROR, NULL, "cannot write to stdout: %s",
			    strerror(-err));
			return ZRX_EXIT_FATAL;
		}
		return 0;
	}
	err = zrx_write_atomic(cfg->output, page->data, page->len);
	if (err != 0) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "cannot write %s: %s", cfg->output,
		    strerror(-err));
		return ZRX_EXIT_FATAL;
	}
	return 0;
}

static void
render(const struct zrx_config *cfg, const struct zrx_rdata *d, struct zrx_buf *page)
{
	struct zrx_rsource src;

	memset(&src, 0, sizeof(src));
	src.dir = cfg->dir;
	src.inputs = cfg->inputs;
	src.ninputs = cfg->ninputs;
	src.users_file = cfg->users_file;
	if (strcmp(cfg->output, "-") != 0 && ends_with(cfg->output, ".json"))
		zrx_report_json(page, d, &src);
	else
		zrx_report_html(page, d, &src);
}

int
zrx_report(const struct zrx_config *cfg)
{
	struct zrx_rusers *users = NULL;
	struct zrx_rdata d;
	struct zrx_buf page, err;
	int code;

	code = check_request(cfg);
	if (code != 0)
		return code;
	zrx_buf_init(&err);
	if (cfg->users_file != NULL && zrx_rusers_load(cfg->users_file, &users, &err) != 0) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: %s", cfg->users_file, err.data);
		zrx_buf_free(&err);
		return ZRX_EXIT_USAGE;
	}
	zrx_buf_free(&err);
	zrx_ragg_init(&d, cfg->has_as_of ? cfg->as_of_days : zrx_config_today(cfg),
	    cfg->retention_days, users);
	code = cfg->dir != NULL ? zrx_rcatalog_read(cfg, &d) : zrx_rread_inputs(cfg, &d);
	if (code == 0) {
		zrx_ragg_finish(&d);
		zrx_buf_init(&page);
		render(cfg, &d, &page);
		code = write_out(cfg, &page);
		zrx_buf_free(&page);
	}
	if (code == 0)
		zrx_logm(cfg->log, ZRX_INFO, NULL, "report: %llu meetings, %llu files, %zu users "
		    "-> %s", (unsigned long long)d.total.meetings,
		    (unsigned long long)d.total.files, d.nusers,
		    strcmp(cfg->output, "-") == 0 ? "stdout" : cfg->output);
	zrx_ragg_free(&d);
	zrx_rusers_free(users);
	return code;
}
