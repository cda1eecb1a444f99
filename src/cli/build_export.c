/* build_export.c - the options of `zrx export` that are its own: who
 * (--user, --users, --all-users, --user-status), when and what (--from,
 * --to, --trash, --mc, --meeting-id), and the side files (--manifest,
 * --errors, --state, --split-bytes, --restart). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cliopt.h"
#include "dates.h"

#define MAX_ID_LEN 256

int
opt_user_status(struct parser *p, unsigned *bits)
{
	const char *s = p->val[O_USER_STATUS];
	unsigned v = 0;

	if (*s == '\0')
		return usage(p, "--user-status must list active, inactive "
		    "and/or pending");
	while (*s != '\0') {
		size_t n = strcspn(s, ",");

		if (n == 6 && strncmp(s, "active", 6) == 0)
			v |= ZRX_STATUS_ACTIVE;
		else if (n == 8 && strncmp(s, "inactive", 8) == 0)
			v |= ZRX_STATUS_INACTIVE;
		else if (n == 7 && strncmp(s, "pending", 7) == 0)
			v |= ZRX_STATUS_PENDING;
		else if (n == 0)
			return usage(p, "--user-status: empty item in '%s'",
			    p->val[O_USER_STATUS]);
		else
			return usage(p, "--user-status: unknown status '%.*s' "
			    "(use active, inactive, pending)", (int)n, s);
		s += n;
		if (*s == ',') {
			s++;
			if (*s == '\0')
				return usage(p, "--user-status: empty item in "
				    "'%s'", p->val[O_USER_STATUS]);
		}
	}
	*bits = v;
	return 0;
}

/* A side-file path option (--manifest, --errors, --state). */
static int
side_file(struct parser *p, enum opt_id id, const char *name,
    const char *suffix, enum zrx_option opt, char **res)
{
	const char *v = p->val[id];

	*res = NULL;
	if (p->given[id]) {
		if (*v == '\0')
			return usage(p, "--%s must not be empty", name);
		if (strcmp(v, "-") == 0)
			return usage(p, "--%s must be a file path, not '-'",
			    name);
		*res = zrx_xstrdup(v);
	} else if (p->output_name != NULL) {
		*res = zrx_xasprintf("%s%s", p->output_name, suffix);
	}
	if (*res != NULL && set_str(p, name, opt, *res) != 0)
		return ZRX_EXIT_USAGE;
	return 0;
}

int
build_who(struct parser *p)
{
	size_t i, stdin_uses = 0;

	if (p->nwho > 0 && p->given[O_ALL_USERS])
		return usage(p, "--all-users cannot be combined with --user "
		    "or --users");
	if (p->nwho == 0 && !p->given[O_ALL_USERS])
		return usage(p, "say whose recordings to export: --user ID, "
		    "--users FILE or --all-users");
	if (p->given[O_USER_STATUS] && !p->given[O_ALL_USERS])
		return usage(p, "--user-status applies only with --all-users");
	if (p->given[O_ALL_USERS]) {
		unsigned bits;

		if (set_int(p, "all-users", ZRX_OPT_ALL_USERS, 1) != 0 ||
		    set_str(p, "all-users", ZRX_OPT_USERS_SOURCE, "all-users") != 0)
			return ZRX_EXIT_USAGE;
		if (p->given[O_USER_STATUS] && (opt_user_status(p, &bits) != 0 ||
		    set_int(p, "user-status", ZRX_OPT_USER_STATUS, bits) != 0))
			return ZRX_EXIT_USAGE;
		return 0;
	}
	for (i = 0; i < p->nwho; i++) {
		const char *s = p->who[i].val, *why;
		size_t n = strlen(s);

		if (p->who[i].id == O_USERS) {
			if (strcmp(s, "-") == 0 && ++stdin_uses > 1)
				return usage(p, "--users -: stdin can "
				    "be read only once");
			continue;
		}
		trim(&s, &n);
		if (n == 0)
			return usage(p, "--user must not be empty");
		why = token_problem(s, n);
		if (why == NULL && n > MAX_ID_LEN)
			why = "user id longer than 256 bytes";
		if (why != NULL)
			return usage(p, "--user '%s': %s",
			    p->who[i].val, why);
	}
	for (i = 0; i < p->nwho; i++) {
		if (p->who[i].id == O_USERS) {
			char *src = zrx_xasprintf("file:%s", p->who[i].val);
			int rc = set_str(p, "users", ZRX_OPT_USERS_SOURCE, src);

			free(src);
			return rc;
		}
	}
	return 0;
}

int
build_when(struct parser *p)
{
	int32_t from, to;

	if (p->given[O_TRASH]) {
		if (set_int(p, "trash", ZRX_OPT_TRASH, 1) != 0)
			return ZRX_EXIT_USAGE;
		if (p->given[O_FROM] || p->given[O_TO])
			return usage(p, "%s: dates do not apply to --trash",
			    p->given[O_FROM] ? "--from" : "--to");
		if (p->given[O_TRASH_TYPE]) {
			const char *t = p->val[O_TRASH_TYPE];

			if (strcmp(t, "meeting_recordings") != 0 &&
			    strcmp(t, "recording_file") != 0)
				return usage(p, "--trash-type must be "
				    "meeting_recordings or recording_file "
				    "(got '%s')", t);
			return set_str(p, "trash-type", ZRX_OPT_TRASH_TYPE, t);
		}
		return 0;
	}
	if (p->given[O_TRASH_TYPE])
		return usage(p, "--trash-type requires --trash");
	if (!p->given[O_FROM])
		return usage(p, "--from YYYY-MM-DD is required (or "
		    "--trash)");
	if (parse_date_opt(p, "from", p->val[O_FROM], &from) != 0)
		return ZRX_EXIT_USAGE;
	to = zrx_date_today_utc();
	if (p->given[O_TO]) {
		if (parse_date_opt(p, "to", p->val[O_TO], &to) != 0)
			return ZRX_EXIT_USAGE;
		if (from > to)
			return usage(p, "--from %s is after --to %s",
			    p->val[O_FROM], p->val[O_TO]);
	} else if (from > to) {
		char today[11];

		zrx_date_format(to, today);
		return usage(p, "--from %s is after --to %s "
		    "(today, UTC)", p->val[O_FROM], today);
	}
	if (set_str(p, "from", ZRX_OPT_FROM, p->val[O_FROM]) != 0)
		return ZRX_EXIT_USAGE;
	if (p->given[O_TO])
		return set_str(p, "to", ZRX_OPT_TO, p->val[O_TO]);
	{
		char today[11];

		zrx_date_format(to, today);
		return set_str(p, "to", ZRX_OPT_TO, today);
	}
}

int
build_what(struct parser *p)
{
	if (p->given[O_MC]) {
		const char *m = p->val[O_MC];

		if (*m == '\0' || strcmp(m, "true") == 0)
			m = "true";
		else if (strcmp(m, "false") != 0)
			return usage(p, "--mc must be true or false (got '%s')",
			    m);
		if (set_str(p, "mc", ZRX_OPT_MC, m) != 0)
			return ZRX_EXIT_USAGE;
	}
	if (p->given[O_MEETING_ID]) {
		const char *m = p->val[O_MEETING_ID];

		if (*m == '\0')
			return usage(p, "--meeting-id must not be empty");
		if (has_space_or_ctl(m))
			return usage(p, "--meeting-id must not contain "
			    "whitespace or control characters");
		return set_str(p, "meeting-id", ZRX_OPT_MEETING_ID, m);
	}
	return 0;
}

/* The output, manifest, errors and state files must all differ. */
static int
check_distinct(struct parser *p, const char *const paths[4])
{
	static const char *const names[4] = { "output", "manifest", "errors", "state" };
	size_t i, j;

	for (i = 0; i < 4; i++) {
		for (j = i + 1; j < 4; j++) {
			if (paths[i] == NULL || paths[j] == NULL ||
			    strcmp(paths[i], paths[j]) != 0)
				continue;
			return usage(p, "--%s and --%s name the same file '%s'",
			    names[i], names[j], paths[i]);
		}
	}
	return 0;
}

int
build_side_files(struct parser *p)
{
	char *side[3] = { NULL, NULL, NULL };
	const char *paths[4];
	uint64_t v;
	int rc;

	if (p->given[O_SPLIT_BYTES]) {
		if (p->output_name == NULL)
			return usage(p, "--split-bytes needs a file "
			    "output (-o PATH), not stdout");
		if (parse_size(p->val[O_SPLIT_BYTES], &v) != 0 ||
		    v < 1024 || v > (uint64_t)INT64_MAX)
			return usage(p, "--split-bytes must be a size "
			    "of at least 1K, such as 256M or 1G "
			    "(got '%s')", p->val[O_SPLIT_BYTES]);
		if (set_int(p, "split-bytes", ZRX_OPT_SPLIT_BYTES, (long long)v) != 0)
			return ZRX_EXIT_USAGE;
	}
	if (p->output_name == NULL && p->given[O_STATE])
		return usage(p, "--state needs a file output (-o "
		    "PATH): stdout cannot be resumed");
	if (p->output_name == NULL && p->given[O_RESTART])
		return usage(p, "--restart needs a file output (-o "
		    "PATH): stdout cannot be resumed");
	rc = side_file(p, O_MANIFEST, "manifest", ".manifest.json", ZRX_OPT_MANIFEST,
	    &side[0]);
	if (rc == 0)
		rc = side_file(p, O_ERRORS, "errors", ".errors.ndjson", ZRX_OPT_ERRORS, &side[1]);
	if (rc == 0)
		rc = side_file(p, O_STATE, "state", ".state", ZRX_OPT_STATE, &side[2]);
	if (rc == 0) {
		paths[0] = p->output_name != NULL ? p->val[O_OUTPUT] : NULL;
		paths[1] = side[0];
		paths[2] = side[1];
		paths[3] = side[2];
		rc = check_distinct(p, paths);
	}
	for (int i = 0; i < 3; i++)
		free(side[i]);
	if (rc == 0 && p->given[O_RESTART])
		rc = set_int(p, "restart", ZRX_OPT_RESTART, 1);
	return rc;
}

/* The users given with --user and --users, in order (files last: they may
 * be large, or stdin). */
int
add_users(struct parser *p)
{
	size_t i;

	for (i = 0; i < p->nwho; i++) {
		if (p->who[i].id == O_USERS) {
			if (read_users_file(p, p->who[i].val) != 0)
				return ZRX_EXIT_USAGE;
		} else {
			const char *s = p->who[i].val;
			size_t n = strlen(s);
			char *id;
			int rc;

			trim(&s, &n);
			id = zrx_xstrndup(s, n);
			rc = set_str(p, "user", ZRX_OPT_USER, id);
			free(id);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

