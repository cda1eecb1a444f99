/* build_sync.c - `zrx sync`: the feed's directory, who, since and
 * lookback, the batch format, and the options every API command shares. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cliopt.h"
#include "dates.h"

/* ZRX_NOW: the instant the run takes as now, for rehearsals against
 * zrx-sim --now (never needed against Zoom). */
static int
sync_now(struct parser *p)
{
	const char *now = getenv("ZRX_NOW");

	if (now == NULL || *now == '\0')
		return 0;
	if (zrx_setopt_str(p->h, ZRX_OPT_NOW, now) != 0)
		return usage(p, "ZRX_NOW: %s", zrx_last_error(p->h));
	return 0;
}

static int
sync_when(struct parser *p)
{
	int32_t days;
	uint64_t v;

	if (p->given[O_SINCE]) {
		if (parse_date_opt(p, "since", p->val[O_SINCE], &days) != 0 ||
		    set_str(p, "since", ZRX_OPT_SINCE, p->val[O_SINCE]) != 0)
			return ZRX_EXIT_USAGE;
	}
	if (p->given[O_LOOKBACK] &&
	    (opt_int(p, O_LOOKBACK, "lookback", 0, 3650, &v) != 0 ||
	    set_int(p, "lookback", ZRX_OPT_LOOKBACK, (long long)v) != 0))
		return ZRX_EXIT_USAGE;
	return 0;
}

int
build_sync(struct parser *p)
{
	const char *dir = p->val[O_DIR];
	struct stat st;
	uint64_t v;

	if (!p->given[O_DIR])
		return usage(p, "--dir DIR is required: the directory of the feed "
		    "(its catalog and batches)");
	if (*dir == '\0')
		return usage(p, "--dir must not be empty");
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
		return usage(p, "--dir '%s' is not a directory", dir);
	if (set_str(p, "dir", ZRX_OPT_DIR, dir) != 0)
		return ZRX_EXIT_USAGE;
	if (build_who(p) != 0 || sync_when(p) != 0 || sync_now(p) != 0)
		return ZRX_EXIT_USAGE;
	if (p->given[O_PAGE_SIZE] &&
	    (opt_int(p, O_PAGE_SIZE, "page-size", 1, 300, &v) != 0 ||
	    set_int(p, "page-size", ZRX_OPT_PAGE_SIZE, (long long)v) != 0))
		return ZRX_EXIT_USAGE;
	/* batches are gzip unless --no-gzip says otherwise */
	if (build_format(p, -1, 6) != 0)
		return ZRX_EXIT_USAGE;
	if (build_network(p) != 0 || build_reporting(p) != 0 || build_tuning(p) != 0 ||
	    build_auth(p) != 0)
		return ZRX_EXIT_USAGE;
	if (!p->given[O_ALL_USERS] && add_users(p) != 0)
		return ZRX_EXIT_USAGE;
	return 0;
}
