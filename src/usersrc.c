/* usersrc.c - the users of a run. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diskset.h"
#include "jsonw.h"
#include "listing.h"
#include "recfmt.h"
#include "usersrc.h"

#define MAX_ID_LEN 256

static const char *const status_names[] = { "active", "inactive", "pending" };

struct zrx_usersrc {
	enum zrx_usersrc_mode mode;
	struct zrx_client *cl;
	const struct zrx_config *cfg;
	const struct zrx_usersrc_ops *ops;
	void *ud;
	size_t next_listed;        /* LIST: index into cfg->users */
	struct zrx_diskset *found; /* ENUMERATE: ids found, in order (on disk) */
	char *spill_dir;
	struct zrx_buf stage;      /* ENUMERATE: ids of the page being read,
	                              each as a size_t length and its bytes */
	struct zrx_userbuf *records; /* COLLECT */
	struct zrx_userbuf_mark rec_mark;
	struct zrx_recfmt *fmt;
	unsigned running;
	int started;
};

const char *
zrx_user_id_problem(const char *s, size_t n)
{
	size_t i, k;

	if (n == 0)
		return "an empty user id";
	if (n > MAX_ID_LEN)
		return "a user id longer than 256 bytes";
	for (i = 0; i < n; i += k) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\0')
			return "a NUL byte inside a user id";
		if (c <= 0x20 || c == 0x7f)
			return "whitespace or a control character inside a user id";
		k = zrx_utf8_seq((const unsigned char *)s + i, n - i);
		if (k == 0)
			return "a user id that is not valid UTF-8";
		if (k == 2 && c == 0xc2 && (unsigned char)s[i + 1] <= 0xa0)
			return "whitespace or a control character inside a user id";
	}
	return NULL;
}

/* ---- the listings' callbacks ---- */

static void
page_begin(struct zrx_listing *l, void *ud)
{
	struct zrx_usersrc *us = ud;

	(void)l;
	if (us->mode == ZRX_USERS_COLLECT)
		zrx_userbuf_mark(us->records, &us->rec_mark);
	else
		zrx_buf_reset(&us->stage);
}

static void
page_abandon(struct zrx_listing *l, void *ud)
{
	struct zrx_usersrc *us = ud;

	(void)l;
	if (us->mode == ZRX_USERS_COLLECT) {
		int err = zrx_userbuf_rollback(us->records, &us->rec_mark);

		if (err != 0)
			us->ops->io_error(us->ud, err);
		return;
	}
	zrx_buf_reset(&us->stage);
}

/* The page counted: its users join the queue (ids are handed out only
 * from whole pages, so a page that fails takes nothing back). */
static void
page_done(struct zrx_listing *l, size_t items, void *ud)
{
	struct zrx_usersrc *us = ud;
	size_t off = 0, len;
	const char *bad;

	(void)l;
	(void)items;
	if (us->mode == ZRX_USERS_COLLECT)
		return;
	while (off < us->stage.len) {
		const char *id;
		int rc;

		memcpy(&len, us->stage.data + off, sizeof(len));
		id = us->stage.data + off + sizeof(len);
		off += sizeof(len) + len;
		bad = zrx_user_id_problem(id, len);
		if (bad != NULL) {
			us->ops->bad_user(us->ud, id, len, bad);
			continue;
		}
		/* listed under two statuses: once is enough; no kick: the
		 * client pumps for work once this page is done */
		rc = zrx_diskset_add(us->found, id, len);
		if (rc < 0) {
			us->ops->io_error(us->ud, -EIO);
			break;
		}
	}
	zrx_buf_reset(&us->stage);
}

static int
write_rec(void *ud, const void *p, size_t n)
{
	return zrx_userbuf_write(ud, p, n);
}

static int
collect(struct zrx_usersrc *us, const struct zrx_item *it, const char **why)
{
	struct zrx_buf key;
	int err;

	/* a pending user has no id: its e-mail keeps a restarted listing from
	 * writing it twice (a prefix no id has keeps them apart) */
	zrx_buf_init(&key);
	if (it->key != NULL) {
		zrx_buf_append(&key, it->key, it->key_len);
	} else if (it->email != NULL) {
		zrx_buf_putc(&key, '@');
		zrx_buf_append(&key, it->email, it->email_len);
	}
	if (key.data != NULL && !zrx_userbuf_claim(us->records, key.data, key.len)) {
		zrx_buf_free(&key);
		return 0;
	}
	zrx_buf_free(&key);
	err = zrx_recfmt_write(us->fmt, it, write_rec, us->records);
	if (err != 0) {
		*why = "cannot write a temporary spill file";
		return err;
	}
	zrx_userbuf_end_record(us->records);
	return 0;
}

static int
item(struct zrx_listing *l, const struct zrx_item *it, const char **why, void *ud)
{
	struct zrx_usersrc *us = ud;

	(void)l;
	if (us->mode == ZRX_USERS_COLLECT)
		return collect(us, it, why);
	if (it->key == NULL)
		return 0; /* pending users have no id and no recordings */
	zrx_buf_append(&us->stage, &it->key_len, sizeof(it->key_len));
	zrx_buf_append(&us->stage, it->key, it->key_len);
	return 0;
}

static void
done(struct zrx_listing *l, int ok, const struct zrx_result *res, const char *why, void *ud)
{
	struct zrx_usersrc *us = ud;

	us->running--;
	if (ok == 0)
		us->ops->failed(us->ud, zrx_listing_what(l), res, why);
	zrx_listing_free(l);
}

static const struct zrx_listing_ops listing_ops = {
	.page_begin = page_begin,
	.item = item,
	.page_abandon = page_abandon,
	.page_done = page_done,
	.done = done,
};

/* ---- public ---- */

struct zrx_usersrc *
zrx_usersrc_new(enum zrx_usersrc_mode mode, struct zrx_client *cl,
                const struct zrx_config *cfg, const char *spill_dir,
                const struct zrx_usersrc_ops *ops, void *ud)
{
	struct zrx_usersrc *us = zrx_xcalloc(1, sizeof(*us));

	us->mode = mode;
	us->cl = cl;
	us->cfg = cfg;
	us->ops = ops;
	us->ud = ud;
	zrx_buf_init(&us->stage);
	us->spill_dir = spill_dir != NULL ? zrx_xstrdup(spill_dir) : NULL;
	if (mode == ZRX_USERS_COLLECT) {
		us->records = zrx_userbuf_new(cfg->spill_bytes, spill_dir);
		us->fmt = zrx_recfmt_new(ZRX_KIND_USERS, cfg->format, NULL, 0);
	}
	return us;
}

void
zrx_usersrc_start(struct zrx_usersrc *us)
{
	struct zrx_listing_query q;
	unsigned i;

	if (us->started)
		return;
	us->started = 1;
	if (us->mode == ZRX_USERS_LIST)
		return;
	if (us->mode == ZRX_USERS_ENUMERATE) {
		int err = zrx_diskset_open(&us->found, us->spill_dir);

		if (err != 0) {
			us->ops->io_error(us->ud, err);
			return;
		}
	}
	for (i = 0; i < 3; i++) {
		struct zrx_listing *l;

		if (!(us->cfg->user_status & (1u << i)))
			continue;
		/* pending users have no id and no recordings */
		if (us->mode == ZRX_USERS_ENUMERATE && (1u << i) == ZRX_STATUS_PENDING)
			continue;
		memset(&q, 0, sizeof(q));
		q.kind = ZRX_LIST_USERS;
		q.status = status_names[i];
		l = zrx_listing_new(us->cl, &q, &listing_ops, us);
		us->running++;
		zrx_listing_start(l);
	}
}

const char *
zrx_usersrc_next(struct zrx_usersrc *us)
{
	const char *k;
	size_t n;

	if (us->mode == ZRX_USERS_LIST) {
		if (us->next_listed >= us->cfg->nusers)
			return NULL;
		return us->cfg->users[us->next_listed++];
	}
	if (us->mode == ZRX_USERS_COLLECT || us->found == NULL)
		return NULL;
	if (zrx_diskset_next(us->found, &k, &n) != 1)
		return NULL;
	return k;
}

int
zrx_usersrc_exhausted(const struct zrx_usersrc *us)
{
	if (us->mode == ZRX_USERS_LIST)
		return us->next_listed >= us->cfg->nusers;
	return us->started && us->running == 0 &&
	    (us->found == NULL || zrx_diskset_unread(us->found) == 0);
}

unsigned
zrx_usersrc_listings(const struct zrx_usersrc *us)
{
	return us->running;
}

uint64_t
zrx_usersrc_total(const struct zrx_usersrc *us)
{
	if (us->mode == ZRX_USERS_LIST)
		return us->cfg->nusers;
	if (us->mode == ZRX_USERS_COLLECT)
		return zrx_userbuf_count(us->records);
	return us->found != NULL ? zrx_diskset_count(us->found) : 0;
}

int
zrx_usersrc_total_known(const struct zrx_usersrc *us)
{
	return us->mode == ZRX_USERS_LIST || (us->started && us->running == 0);
}

struct zrx_userbuf *
zrx_usersrc_records(struct zrx_usersrc *us)
{
	return us->records;
}

void
zrx_usersrc_free(struct zrx_usersrc *us)
{
	if (us == NULL)
		return;
	zrx_diskset_close(us->found);
	free(us->spill_dir);
	zrx_buf_free(&us->stage);
	zrx_userbuf_free(us->records);
	zrx_recfmt_free(us->fmt);
	free(us);
}
