/* fuzz_journal.c - the state journal's reader.
 *
 * Input: the bytes of a state file.  Properties: it opens as a resumable
 * state, as another query's state, or as not a state, and nothing else;
 * what it loads is sane (parts in index order, offsets not negative) and
 * the same when opened again (a torn tail cut once is cut for good); a
 * commit after it is there on the next open; --restart empties another
 * query's state and never overwrites what is not a state. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzzcheck.h"
#include "journal.h"
#include "util.h"

#define QUERY "{\"from\":\"2024-01-01\",\"to\":\"2024-01-31\",\"users\":\"list\"}"

static char *path;

struct snap {
	int resumed, complete;
	uint64_t users;
	struct zrx_part_state parts[64];
	size_t nparts;
};

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	char *dir;

	(void)argc;
	(void)argv;
	dir = zrx_xasprintf("%s/zrx-fuzz-journal-XXXXXX", base != NULL ? base : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	path = zrx_xasprintf("%s/x.state", dir);
	free(dir);
	return 0;
}

static void
put_file(const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	FZ_ASSERT(fd >= 0);
	FZ_ASSERT(size == 0 || write(fd, data, size) == (ssize_t)size);
	FZ_ASSERT(close(fd) == 0);
}

static void
take(const struct zrx_journal *j, struct snap *s)
{
	const struct zrx_part_state *p;
	size_t n, i;

	memset(s, 0, sizeof(*s));
	s->resumed = zrx_journal_resumed(j);
	s->complete = zrx_journal_is_complete(j);
	s->users = zrx_journal_users_done(j);
	p = zrx_journal_parts(j, &n);
	for (i = 0; i < n; i++) {
		FZ_ASSERT(p[i].offset >= 0);
		FZ_ASSERT(i == 0 || p[i].index > p[i - 1].index);
		if (i < 64)
			s->parts[i] = p[i];
	}
	s->nparts = n;
}

static void
same(const struct snap *a, const struct snap *b)
{
	FZ_ASSERT(a->complete == b->complete && a->users == b->users && a->nparts == b->nparts);
	for (size_t i = 0; i < a->nparts && i < 64; i++)
		FZ_ASSERT(memcmp(&a->parts[i], &b->parts[i], sizeof(a->parts[i])) == 0);
}

/* The file's bytes. */
static void
slurp(struct zrx_buf *b)
{
	char chunk[4096];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	FZ_ASSERT(fd >= 0);
	zrx_buf_init(b);
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		zrx_buf_append(b, chunk, (size_t)r);
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zrx_journal *j = NULL;
	struct snap s1, s2;
	struct zrx_buf before, after;
	char *users[1] = { (char *)"fz-user" };
	size_t lens[1] = { 7 };
	int rc, had;
	unsigned part;

	put_file(data, size);
	rc = zrx_journal_open(&j, path, QUERY, 0);
	FZ_ASSERT(rc == 0 || rc == ZRX_JOURNAL_EQUERY || rc == ZRX_JOURNAL_ECORRUPT);
	if (rc == ZRX_JOURNAL_ECORRUPT) {
		FZ_ASSERT(j == NULL);
		slurp(&before);
		FZ_ASSERT(zrx_journal_open(&j, path, QUERY, 1) == ZRX_JOURNAL_ECORRUPT);
		slurp(&after);
		FZ_ASSERT(before.len == after.len &&
		    (before.len == 0 || memcmp(before.data, after.data, before.len) == 0));
		zrx_buf_free(&before);
		zrx_buf_free(&after);
		return 0;
	}
	if (rc == ZRX_JOURNAL_EQUERY) {
		FZ_ASSERT(zrx_journal_open(&j, path, QUERY, 1) == 0);
		take(j, &s1);
		FZ_ASSERT(s1.users == 0 && s1.nparts == 0 && !s1.complete);
		zrx_journal_close(j);
		return 0;
	}
	take(j, &s1);
	zrx_journal_close(j);

	/* opened again: the same state */
	FZ_ASSERT(zrx_journal_open(&j, path, QUERY, 0) == 0);
	take(j, &s2);
	same(&s1, &s2);
	FZ_ASSERT(s2.resumed);

	/* a commit after it is read back */
	had = zrx_journal_user_done(j, "fz-user", 7);
	part = s2.nparts > 0 ? s2.parts[s2.nparts - 1].index : 0;
	FZ_ASSERT(zrx_journal_commit(j, part, 42, 1, 2, users, lens, 1) == 0);
	zrx_journal_close(j);
	FZ_ASSERT(zrx_journal_open(&j, path, QUERY, 0) == 0);
	take(j, &s2);
	FZ_ASSERT(zrx_journal_user_done(j, "fz-user", 7));
	FZ_ASSERT(s2.users == s1.users + (had ? 0 : 1));
	FZ_ASSERT(s2.nparts >= 1);
	for (size_t i = 0; i < s2.nparts && i < 64; i++)
		if (s2.parts[i].index == part)
			FZ_ASSERT(s2.parts[i].offset == 42 && s2.parts[i].records == 1);
	zrx_journal_close(j);
	return 0;
}
