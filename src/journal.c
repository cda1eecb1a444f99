/* journal.c - the state file: append-only JSON lines, fsynced per append.
 *
 * Lines (each ends in '\n'):
 *   {"zrx_state":1,"query":QUERY}
 *   {"commit":{"part":N,"offset":N,"records":N,"files":N,"users":[S,...]}}
 *   {"part_finished":N}
 *   {"complete":true}
 * A commit gives the part's totals after it (the latest line wins) and adds
 * its users to the done set.  Lines are parsed one at a time with yajl's
 * callbacks, so user strings keep their exact bytes and length.  Keys this
 * version does not know are ignored. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yajl/yajl_parse.h>

#include "fsutil.h"
#include "journal.h"
#include "jsonw.h"
#include "diskset.h"

#define STATE_PREFIX "{\"zrx_state\":1,"
#define READ_CHUNK (64u * 1024u)

struct zrx_journal {
	int fd;
	int resumed;
	int complete;
	int err;                     /* sticky append error */
	int64_t size;                /* file size: end of the last good line */
	struct zrx_diskset *users;   /* committed users, on disk beside the state */
	char *dir;                   /* where that set lives */
	int set_err;                 /* the set failed: a user may be looked up wrong */
	struct zrx_part_state *parts; /* sorted by index */
	size_t nparts;
};

/* ---- one line ---------------------------------------------------------- */

enum lp_top { T_NONE, T_STATE, T_COMMIT, T_PFIN, T_COMPLETE, T_OTHER };
enum lp_sub { S_NONE, S_PART, S_OFFSET, S_RECORDS, S_FILES, S_USERS, S_OTHER };

struct lineparse {
	int depth;
	enum lp_top top;
	enum lp_sub sub;
	int in_users;
	int bad;
	int has_state;
	uint64_t state;
	int has_commit, has_part, has_offset, has_records, has_users;
	uint64_t part, offset, records, files;
	struct zrx_buf users;  /* each user: size_t length, then its bytes */
	size_t nusers;
	int has_pfin;
	uint64_t pfin;
	int complete;
};


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

/* Parse one line (no '\n') into lp.  0 if it is well-formed JSON whose known
 * keys hold well-typed values, else -1. */
static int
lp_parse(struct lineparse *lp, const char *line, size_t len)
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

/* ---- in-memory state ---------------------------------------------------- */

static struct zrx_part_state *
part_get(struct zrx_journal *j, unsigned index)
{
	size_t lo = 0, hi = j->nparts, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (j->parts[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < j->nparts && j->parts[lo].index == index)
		return &j->parts[lo];
	j->parts = zrx_xrealloc(j->parts, (j->nparts + 1) * sizeof(*j->parts));
	memmove(&j->parts[lo + 1], &j->parts[lo], (j->nparts - lo) * sizeof(*j->parts));
	j->nparts++;
	memset(&j->parts[lo], 0, sizeof(j->parts[lo]));
	j->parts[lo].index = index;
	return &j->parts[lo];
}

static void
apply_commit(struct zrx_journal *j, unsigned part, int64_t offset,
             uint64_t records, uint64_t files)
{
	struct zrx_part_state *ps = part_get(j, part);

	ps->offset = offset;
	ps->records = records;
	ps->files = files;
}

/* Apply a parsed later line. */
static void
apply_line(struct zrx_journal *j, struct lineparse *lp)
{
	const char *p = lp->users.data;
	size_t i, n;

	if (lp->has_commit) {
		for (i = 0; i < lp->nusers; i++) {
			memcpy(&n, p, sizeof(n));
			p += sizeof(n);
			if (zrx_diskset_add(j->users, p, n) < 0)
				j->set_err = 1;
			p += n;
		}
		apply_commit(j, (unsigned)lp->part, (int64_t)lp->offset,
		    lp->records, lp->files);
	}
	if (lp->has_pfin)
		part_get(j, (unsigned)lp->pfin)->finished = 1;
	if (lp->complete)
		j->complete = 1;
}

static void
state_clear(struct zrx_journal *j)
{
	zrx_diskset_close(j->users);
	j->users = NULL;
	if (zrx_diskset_open(&j->users, j->dir) != 0)
		j->set_err = 1;
	free(j->parts);
	j->parts = NULL;
	j->nparts = 0;
	j->complete = 0;
}

/* ---- the file ----------------------------------------------------------- */

/* Append len bytes and fsync; on failure try to cut the partial line off and
 * refuse every later append. */
static int
journal_append(struct zrx_journal *j, const char *p, size_t len)
{
	size_t done = 0;
	int err;

	if (j->err != 0)
		return j->err;
	err = zrx_write_all(j->fd, p, len, &done);
	if (err == 0 && fsync(j->fd) != 0)
		err = -errno;
	if (err != 0) {
		if (done > 0 && ftruncate(j->fd, j->size) != 0) {
			/* the part left behind stays the torn last line: no
			 * later append follows it (j->err below) */
		}
		j->err = err;
		return err;
	}
	j->size += (int64_t)len;
	return 0;
}

/* Empty the file and write the query line. */
static int
journal_start(struct zrx_journal *j, const char *first, size_t len)
{
	if (ftruncate(j->fd, 0) != 0)
		return -errno;
	j->size = 0;
	state_clear(j);
	j->resumed = 0;
	return journal_append(j, first, len);
}

/* Is the torn text t[0..n) the beginning of a zrx state line? */
static int
torn_state_line(const char *t, size_t n)
{
	size_t k = strlen(STATE_PREFIX);

	return memcmp(t, STATE_PREFIX, n < k ? n : k) == 0;
}

enum scan_result { SCAN_OK, SCAN_FRESH, SCAN_MISMATCH };

/*
 * Read the file line by line.  Returns SCAN_OK (state loaded; j->size is the
 * end of the last good line), SCAN_FRESH (empty, or only a torn first line),
 * SCAN_MISMATCH (a state of another query), or a negative error.
 */
static int
journal_scan(struct zrx_journal *j, const char *first, size_t flen)
{
	struct zrx_buf line;
	struct lineparse lp;
	char *chunk, *nl;
	size_t lineno = 0, seg;
	int64_t pos = 0;       /* file offset of the start of `line` */
	int pending_bad = 0;   /* a complete line failed to parse */
	ssize_t r;
	int rc = SCAN_OK;

	zrx_buf_init(&line);
	memset(&lp, 0, sizeof(lp));
	zrx_buf_init(&lp.users);
	chunk = zrx_xmalloc(READ_CHUNK);
	j->size = 0;
	if (lseek(j->fd, 0, SEEK_SET) < 0) {
		rc = -errno;
		goto out;
	}
	for (;;) {
		r = read(j->fd, chunk, READ_CHUNK);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			goto out;
		}
		if (r == 0)
			break;
		for (char *c = chunk, *end = chunk + r; c < end; c += seg) {
			if (pending_bad) {
				/* more bytes after a bad line: not a torn tail */
				rc = ZRX_JOURNAL_ECORRUPT;
				goto out;
			}
			nl = memchr(c, '\n', (size_t)(end - c));
			seg = nl != NULL ? (size_t)(nl - c) + 1 : (size_t)(end - c);
			zrx_buf_append(&line, c, nl != NULL ? seg - 1 : seg);
			if (nl == NULL)
				break;
			if (lineno == 0) {
				if (line.len == flen && memcmp(line.data, first, flen) == 0) {
					/* our query */
				} else if (line.len == strlen(line.data) &&
				    lp_parse(&lp, line.data, line.len) == 0 &&
				    lp.has_state && lp.state == 1) {
					rc = SCAN_MISMATCH;
					goto out;
				} else {
					rc = ZRX_JOURNAL_ECORRUPT;
					goto out;
				}
			} else if (line.len != strlen(line.data) ||
			    lp_parse(&lp, line.data, line.len) != 0) {
				pending_bad = 1;
			} else {
				apply_line(j, &lp);
			}
			zrx_buf_free(&lp.users);
			lineno++;
			pos += (int64_t)line.len + 1;
			if (!pending_bad)
				j->size = pos;
			zrx_buf_reset(&line);
		}
	}
	if (lineno == 0) {
		/* empty, or a first line that never got its '\n' */
		if (line.len == 0 || torn_state_line(line.data, line.len))
			rc = SCAN_FRESH;
		else
			rc = ZRX_JOURNAL_ECORRUPT;
	}
out:
	zrx_buf_free(&lp.users);
	zrx_buf_free(&line);
	free(chunk);
	return rc;
}

static int
journal_create(struct zrx_journal *j, const char *path, const char *first,
               size_t flen)
{
	int err;

	j->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (j->fd < 0)
		return -errno;
	if (flock(j->fd, LOCK_EX | LOCK_NB) != 0)
		return errno == EWOULDBLOCK ? -EBUSY : -errno;
	err = journal_append(j, first, flen);
	if (err == 0)
		err = zrx_fsync_dir_of(path);
	return err;
}

int
zrx_journal_open(struct zrx_journal **jp, const char *path, const char *query,
                 int restart)
{
	struct zrx_journal *j;
	struct stat st;
	char *first;
	size_t flen;
	int err, rc;

	*jp = NULL;
	if (strchr(query, '\n') != NULL)
		return -EINVAL;
	{
		struct zrx_buf b;
		struct zrx_jw w;

		zrx_buf_init(&b);
		zrx_jw_init(&w, &b);
		zrx_jw_obj(&w);
		zrx_jw_key(&w, "zrx_state");
		zrx_jw_u64(&w, 1);
		zrx_jw_key(&w, "query");
		zrx_jw_raw(&w, query, strlen(query));
		zrx_jw_obj_end(&w);
		zrx_buf_putc(&b, '\n');
		first = b.data;
		flen = b.len;
	}
	j = zrx_xcalloc(1, sizeof(*j));
	j->fd = -1;
	j->dir = zrx_dirname(path);
	err = zrx_diskset_open(&j->users, j->dir);
	if (err != 0)
		goto fail;
	/* never through a symlink, never a device: only a file zrx made */
	j->fd = zrx_open_own(path, O_RDWR | O_APPEND);
	if (j->fd < 0) {
		err = j->fd;
		j->fd = -1;
		if (err == -ENOENT)
			err = journal_create(j, path, first, flen);
		if (err != 0)
			goto fail;
		goto done;
	}
	if (flock(j->fd, LOCK_EX | LOCK_NB) != 0) {
		err = errno == EWOULDBLOCK ? -EBUSY : -errno;
		goto fail;
	}
	if (fstat(j->fd, &st) != 0) {
		err = -errno;
		goto fail;
	}
	rc = journal_scan(j, first, flen - 1);
	if (rc < 0) {
		err = rc;
		goto fail;
	}
	if (rc == SCAN_MISMATCH && !restart) {
		err = ZRX_JOURNAL_EQUERY;
		goto fail;
	}
	if (rc == SCAN_OK && restart)
		rc = SCAN_MISMATCH;
	if (rc != SCAN_OK) {
		err = journal_start(j, first, flen);
		if (err != 0)
			goto fail;
		goto done;
	}
	j->resumed = 1;
	if (st.st_size > j->size) {
		/* a torn last line: cut it off */
		if (ftruncate(j->fd, j->size) != 0 || fsync(j->fd) != 0) {
			err = -errno;
			goto fail;
		}
	}
done:
	if (j->set_err) {
		err = -EIO;
		goto fail;
	}
	free(first);
	*jp = j;
	return 0;
fail:
	free(first);
	zrx_journal_close(j);
	return err;
}

int
zrx_journal_resumed(const struct zrx_journal *j)
{
	return j->resumed;
}

int
zrx_journal_user_done(const struct zrx_journal *j, const char *user, size_t len)
{
	return zrx_diskset_has(j->users, user, len) == 1;
}

uint64_t
zrx_journal_users_done(const struct zrx_journal *j)
{
	return zrx_diskset_count(j->users);
}

const struct zrx_part_state *
zrx_journal_parts(const struct zrx_journal *j, size_t *n)
{
	*n = j->nparts;
	return j->parts;
}

int
zrx_journal_is_complete(const struct zrx_journal *j)
{
	return j->complete;
}

int
zrx_journal_commit(struct zrx_journal *j, unsigned part, int64_t offset,
                   uint64_t records, uint64_t files, char *const *users,
                   const size_t *lens, size_t nusers)
{
	struct zrx_buf b;
	struct zrx_jw w;
	size_t i;
	int err;

	if (offset < 0)
		return -EINVAL;
	zrx_buf_init(&b);
	zrx_jw_init(&w, &b);
	zrx_jw_obj(&w);
	zrx_jw_key(&w, "commit");
	zrx_jw_obj(&w);
	zrx_jw_key(&w, "part");
	zrx_jw_u64(&w, part);
	zrx_jw_key(&w, "offset");
	zrx_jw_i64(&w, offset);
	zrx_jw_key(&w, "records");
	zrx_jw_u64(&w, records);
	zrx_jw_key(&w, "files");
	zrx_jw_u64(&w, files);
	zrx_jw_key(&w, "users");
	zrx_jw_arr(&w);
	for (i = 0; i < nusers; i++)
		zrx_jw_str(&w, users[i], lens[i]);
	zrx_jw_arr_end(&w);
	zrx_jw_obj_end(&w);
	zrx_jw_obj_end(&w);
	zrx_buf_putc(&b, '\n');
	err = journal_append(j, b.data, b.len);
	zrx_buf_free(&b);
	if (err != 0)
		return err;
	for (i = 0; i < nusers; i++)
		if (zrx_diskset_add(j->users, users[i], lens[i]) < 0)
			return -EIO;
	apply_commit(j, part, offset, records, files);
	return 0;
}

int
zrx_journal_part_finished(struct zrx_journal *j, unsigned part)
{
	struct zrx_buf b;
	struct zrx_jw w;
	int err;

	zrx_buf_init(&b);
	zrx_jw_init(&w, &b);
	zrx_jw_obj(&w);
	zrx_jw_key(&w, "part_finished");
	zrx_jw_u64(&w, part);
	zrx_jw_obj_end(&w);
	zrx_buf_putc(&b, '\n');
	err = journal_append(j, b.data, b.len);
	zrx_buf_free(&b);
	if (err == 0)
		part_get(j, part)->finished = 1;
	return err;
}

int
zrx_journal_complete(struct zrx_journal *j)
{
	static const char line[] = "{\"complete\":true}\n";
	int err;

	err = journal_append(j, line, sizeof(line) - 1);
	if (err == 0)
		j->complete = 1;
	return err;
}

void
zrx_journal_close(struct zrx_journal *j)
{
	if (j == NULL)
		return;
	if (j->fd >= 0)
		close(j->fd);
	zrx_diskset_close(j->users);
	free(j->dir);
	free(j->parts);
	free(j);
}
