/* journal_line.c - the parser of one state file line (journal_line.h).
 *
 * yajl's callbacks fill a struct lineparse, so user strings keep their
 * exact bytes and length.  Keys this version does not know are ignored;
 * a known key with a value of the wrong type makes the line bad. */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "journal_line.h"
#include "util.h"

static int
lp_number_cb(void *ctx, const char *s, size_t n)
{
	struct lineparse *lp = ctx;
	uint64_t *dst = NULL;
	int *flag = NULL;

	if (lp->depth == 1) {
		if (lp->top == T_STATE) {
			dst = &lp->state;
			flag = &lp->has_state;
		} else if (lp->top == T_PFIN) {
			dst = &lp->pfin;
			flag = &lp->has_pfin;
		} else if (lp->top == T_COMPLETE) {
			lp->bad = 1;
		}
	} else if (lp->depth == 2 && lp->top == T_COMMIT) {
		switch (lp->sub) {
		case S_PART:
			dst = &lp->part;
			flag = &lp->has_part;
			break;
		case S_OFFSET:
			dst = &lp->offset;
			flag = &lp->has_offset;
			break;
		case S_RECORDS:
			dst = &lp->records;
			flag = &lp->has_records;
			break;
		case S_FILES:
			dst = &lp->files;
			break;
		case S_USERS:
			lp->bad = 1;
			break;
		default:
			break;
		}
	} else if (lp->depth == 0 || (lp->depth == 3 && lp->in_users)) {
		lp->bad = 1;
	}
	if (dst != NULL && zrx_parse_u64(s, n, dst) != 0)
		lp->bad = 1;
	if (flag != NULL)
		*flag = 1;
	return !lp->bad;
}

/* A scalar that is not a number (nor a string in the users array). */
static int
lp_other_scalar(struct lineparse *lp, int is_true)
{
	if (lp->depth == 0 || (lp->depth == 3 && lp->in_users))
		lp->bad = 1;
	else if (lp->depth == 1 && lp->top == T_COMPLETE && is_true)
		lp->complete = 1;
	else if (lp->depth == 1 && lp->top != T_NONE && lp->top != T_OTHER)
		lp->bad = 1;
	else if (lp->depth == 2 && lp->top == T_COMMIT && lp->sub != S_OTHER &&
	    lp->sub != S_NONE)
		lp->bad = 1;
	return !lp->bad;
}

static int
lp_null_cb(void *ctx)
{
	return lp_other_scalar(ctx, 0);
}

static int
lp_boolean_cb(void *ctx, int v)
{
	return lp_other_scalar(ctx, v);
}

static int
lp_string_cb(void *ctx, const unsigned char *s, size_t n)
{
	struct lineparse *lp = ctx;

	if (lp->depth == 3 && lp->in_users) {
		zrx_buf_append(&lp->users, &n, sizeof(n));
		zrx_buf_append(&lp->users, s, n);
		lp->nusers++;
		return 1;
	}
	return lp_other_scalar(lp, 0);
}

/* Called before a container opens at the current depth. */
static int
lp_container(struct lineparse *lp, int is_map)
{
	if (lp->depth == 0) {
		if (!is_map)
			lp->bad = 1;
	} else if (lp->depth == 1) {
		if (lp->top == T_COMMIT && is_map && !lp->has_commit)
			lp->has_commit = 1;
		else if (lp->top != T_OTHER && lp->top != T_NONE)
			lp->bad = 1;
	} else if (lp->depth == 2 && lp->top == T_COMMIT) {
		if (lp->sub == S_USERS && !is_map && !lp->has_users) {
			lp->has_users = 1;
			lp->in_users = 1;
		} else if (lp->sub != S_OTHER && lp->sub != S_NONE) {
			lp->bad = 1;
		}
	} else if (lp->depth == 3 && lp->in_users) {
		lp->bad = 1;
	}
	lp->depth++;
	return !lp->bad;
}

static int
lp_start_map_cb(void *ctx)
{
	return lp_container(ctx, 1);
}

static int
lp_start_array_cb(void *ctx)
{
	return lp_container(ctx, 0);
}

static int
lp_end_cb(void *ctx)
{
	struct lineparse *lp = ctx;

	lp->depth--;
	if (lp->depth == 2)
		lp->in_users = 0;
	return 1;
}

static int
key_is(const unsigned char *k, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(k, s, n) == 0;
}

static int
lp_map_key_cb(void *ctx, const unsigned char *k, size_t n)
{
	struct lineparse *lp = ctx;

	if (lp->depth == 1) {
		if (key_is(k, n, "zrx_state"))
			lp->top = T_STATE;
		else if (key_is(k, n, "commit"))
			lp->top = T_COMMIT;
		else if (key_is(k, n, "part_finished"))
			lp->top = T_PFIN;
		else if (key_is(k, n, "complete"))
			lp->top = T_COMPLETE;
		else
			lp->top = T_OTHER;
	} else if (lp->depth == 2 && lp->top == T_COMMIT) {
		if (key_is(k, n, "part"))
			lp->sub = S_PART;
		else if (key_is(k, n, "offset"))
			lp->sub = S_OFFSET;
		else if (key_is(k, n, "records"))
			lp->sub = S_RECORDS;
		else if (key_is(k, n, "files"))
			lp->sub = S_FILES;
		else if (key_is(k, n, "users"))
			lp->sub = S_USERS;
		else
			lp->sub = S_OTHER;
	}
	return 1;
}

static const yajl_callbacks lp_callbacks = {
	.yajl_null = lp_null_cb,
	.yajl_boolean = lp_boolean_cb,
	.yajl_number = lp_number_cb,
	.yajl_string = lp_string_cb,
	.yajl_start_map = lp_start_map_cb,
	.yajl_map_key = lp_map_key_cb,
	.yajl_end_map = lp_end_cb,
	.yajl_start_array = lp_start_array_cb,
	.yajl_end_array = lp_end_cb,
};

int
zrx_jline_parse(struct lineparse *lp, const char *line, size_t len)
{
	yajl_handle h;
	yajl_status st;

	memset(lp, 0, sizeof(*lp));
	zrx_buf_init(&lp->users);
	h = yajl_alloc(&lp_callbacks, NULL, lp);
	if (h == NULL)
		return -1;
	/* user names round-trip as bytes even if not valid UTF-8 */
	yajl_config(h, yajl_dont_validate_strings, 1);
	st = yajl_parse(h, (const unsigned char *)line, len);
	if (st == yajl_status_ok)
		st = yajl_complete_parse(h);
	yajl_free(h);
	if (st != yajl_status_ok || lp->bad)
		return -1;
	if (lp->has_commit && (!lp->has_part || !lp->has_offset ||
	    !lp->has_records || !lp->has_users || lp->part > UINT_MAX ||
	    lp->offset > INT64_MAX))
		return -1;
	if (lp->has_pfin && lp->pfin > UINT_MAX)
		return -1;
	return 0;
}
