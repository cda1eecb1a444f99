/* journal.c - the state file: append-only JSON lines, fsynced per append.
 *
 * Lines (each ends in '\n'):
 *   {"zrx_state":1,"query":QUERY}
 *   {"commit":{"part":N,"offset":N,"records":N,"files":N,"users":[S,...]}}
 *   {"part_finished":N}
 *   {"complete":true}
 * A commit gives the part's totals after it (the latest line wins) and adds
 * its users to the done set.  This file scans, creates, appends to and
 * closes the journal; each line is parsed by journal_line.c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "journal.h"
#include "journal_line.h"
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
				    zrx_jline_parse(&lp, line.data, line.len) == 0 &&
				    lp.has_state && lp.state == 1) {
					rc = SCAN_MISMATCH;
					goto out;
				} else {
					rc = ZRX_JOURNAL_ECORRUPT;
					goto out;
				}
			} else if (line.len != strlen(line.data) ||
			    zrx_jline_parse(&lp, line.data, line.len) != 0) {
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

/* The first line of a state for query: {"zrx_state":1,"query":...}\n */
static char *
first_line(const char *query, size_t *len)
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
	*len = b.len;
	return b.data;
}

/* An existing state file, open and locked: read it back (or start it over
 * for another query when restart says so). */
static int
journal_resume(struct zrx_journal *j, const char *first, size_t flen, int restart)
{
	struct stat st;
	int rc;

	if (flock(j->fd, LOCK_EX | LOCK_NB) != 0)
		return errno == EWOULDBLOCK ? -EBUSY : -errno;
	if (fstat(j->fd, &st) != 0)
		return -errno;
	rc = journal_scan(j, first, flen - 1);
	if (rc < 0)
		return rc;
	if (rc == SCAN_MISMATCH && !restart)
		return ZRX_JOURNAL_EQUERY;
	if (rc == SCAN_OK && restart)
		rc = SCAN_MISMATCH;
	if (rc != SCAN_OK)
		return journal_start(j, first, flen);
	j->resumed = 1;
	/* a torn last line: cut it off */
	if (st.st_size > j->size && (ftruncate(j->fd, j->size) != 0 || fsync(j->fd) != 0))
		return -errno;
	return 0;
}

int
zrx_journal_open(struct zrx_journal **jp, const char *path, const char *query,
                 int restart)
{
	struct zrx_journal *j;
	char *first;
	size_t flen;
	int err;

	*jp = NULL;
	if (strchr(query, '\n') != NULL)
		return -EINVAL;
	first = first_line(query, &flen);
	j = zrx_xcalloc(1, sizeof(*j));
	j->fd = -1;
	j->dir = zrx_dirname(path);
	err = zrx_diskset_open(&j->users, j->dir);
	if (err == 0) {
		/* never through a symlink, never a device: only a file zrx made */
		j->fd = zrx_open_own(path, O_RDWR | O_APPEND);
		if (j->fd >= 0) {
			err = journal_resume(j, first, flen, restart);
		} else {
			err = j->fd;
			j->fd = -1;
			if (err == -ENOENT)
				err = journal_create(j, path, first, flen);
		}
	}
	if (err == 0 && j->set_err)
		err = -EIO;
	free(first);
	if (err != 0) {
		zrx_journal_close(j);
		return err;
	}
	*jp = j;
	return 0;
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
