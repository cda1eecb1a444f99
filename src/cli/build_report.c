/* build_report.c - `zrx report`: what to read (a catalog or export files),
 * the users file, the retention policy, the day of reference, the output. */
#include "config.h"

#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cliopt.h"

int
build_report(struct parser *p)
{
	const char *out = p->given[O_OUTPUT] ? p->val[O_OUTPUT] : "-";
	uint64_t v;
	int32_t days;
	size_t i;

	if (p->given[O_DIR] && p->nargs > 0)
		return usage(p, "give either --dir DIR (a sync catalog) or export "
		    "files, not both");
	if (!p->given[O_DIR] && p->nargs == 0)
		return usage(p, "say what to report on: --dir DIR (a sync catalog) "
		    "or export files (NDJSON or CSV, gzip or not, parts, a manifest)");
	if (p->given[O_DIR] && set_str(p, "dir", ZRX_OPT_DIR, p->val[O_DIR]) != 0)
		return ZRX_EXIT_USAGE;
	for (i = 0; i < p->nargs; i++) {
		if (p->args[i][0] == '\0')
			return usage(p, "an input file name must not be empty");
		if (check_readable_file(p, "input", p->args[i]) != 0)
			return ZRX_EXIT_USAGE;
		if (set_str(p, "input", ZRX_OPT_INPUT, p->args[i]) != 0)
			return ZRX_EXIT_USAGE;
	}
	if (p->given[O_USERS] &&
	    (check_readable_file(p, "users", p->val[O_USERS]) != 0 ||
	    set_str(p, "users", ZRX_OPT_USERS_FILE, p->val[O_USERS]) != 0))
		return ZRX_EXIT_USAGE;
	if (p->given[O_RETENTION] &&
	    (opt_int(p, O_RETENTION, "retention", 1, 36500, &v) != 0 ||
	    set_int(p, "retention", ZRX_OPT_RETENTION, (long long)v) != 0))
		return ZRX_EXIT_USAGE;
	if (p->given[O_AS_OF] &&
	    (parse_date_opt(p, "as-of", p->val[O_AS_OF], &days) != 0 ||
	    set_str(p, "as-of", ZRX_OPT_AS_OF, p->val[O_AS_OF]) != 0))
		return ZRX_EXIT_USAGE;
	if (*out == '\0')
		return usage(p, "--output must not be empty (use '-' for stdout)");
	if (strcmp(out, "-") != 0) {
		struct stat st;
		size_t n = strlen(out);

		if (out[n - 1] == '/' || (stat(out, &st) == 0 && S_ISDIR(st.st_mode)))
			return usage(p, "--output '%s' is a directory; give a file name", out);
	}
	if (set_str(p, "output", ZRX_OPT_OUTPUT, out) != 0)
		return ZRX_EXIT_USAGE;
	if (p->given[O_FORCE] && set_int(p, "force", ZRX_OPT_FORCE, 1) != 0)
		return ZRX_EXIT_USAGE;
	return build_reporting(p);
}
