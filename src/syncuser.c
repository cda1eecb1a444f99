/* syncuser.c - one user's listings, kept for the catalog's diff.
 *
 * Meetings seen are framed records in a spilling user buffer: the day, then
 * length-prefixed uuid, meeting id, start_time and object.  The trash is
 * small (what the trash listing holds): a key set and the deleted_time of
 * each, in memory, staged per page like the rest. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "keyset.h"
#include "syncuser.h"
#include "userbuf.h"

struct zrx_syncuser {
	char *user;
	struct zrx_userbuf *seen;
	struct zrx_userbuf_mark mark;
	struct zrx_keyset *trash;     /* keys in the trash */
	struct zrx_buf trash_times;   /* each: key, deleted_time, day, meeting id,
	                                 start_time, object (length-prefixed) */
	size_t trash_mark, times_mark;
	/* draining the seen records */
	struct zrx_buf frame;
	int (*fn)(void *fud, const struct zrx_seen *s);
	void *fud;
};

struct zrx_syncuser *
zrx_syncuser_new(const char *user, size_t spill_bytes, const char *tmpdir)
{
	struct zrx_syncuser *su = zrx_xcalloc(1, sizeof(*su));

	su->user = zrx_xstrdup(user);
	su->seen = zrx_userbuf_new(spill_bytes, tmpdir);
	su->trash = zrx_keyset_new();
	zrx_buf_init(&su->trash_times);
	zrx_buf_init(&su->frame);
	return su;
}

void
zrx_syncuser_free(struct zrx_syncuser *su)
{
	if (su == NULL)
		return;
	zrx_userbuf_free(su->seen);
	zrx_keyset_free(su->trash);
	zrx_buf_free(&su->trash_times);
	zrx_buf_free(&su->frame);
	free(su->user);
	free(su);
}

void
zrx_syncuser_mark(struct zrx_syncuser *su)
{
	zrx_userbuf_mark(su->seen, &su->mark);
	su->trash_mark = zrx_keyset_mark(su->trash);
	su->times_mark = su->trash_times.len;
}

int
zrx_syncuser_rollback(struct zrx_syncuser *su)
{
	zrx_keyset_rollback(su->trash, su->trash_mark);
	su->trash_times.len = su->times_mark;
	return zrx_userbuf_rollback(su->seen, &su->mark);
}

void
zrx_syncuser_key(const struct zrx_item *it, struct zrx_buf *key)
{
	unsigned char dg[32];
	char hex[65];

	zrx_buf_reset(key);
	if (it->key != NULL) {
		zrx_buf_append(key, it->key, it->key_len);
		return;
	}
	zrx_sha256(it->json, it->json_len, dg);
	zrx_sha256_hex(dg, hex);
	zrx_buf_putc(key, '#');
	zrx_buf_puts(key, hex);
}

static void
put_u32(struct zrx_buf *b, uint32_t v)
{
	zrx_buf_append(b, &v, sizeof(v));
}

static void
put_field(struct zrx_buf *b, const char *s, size_t n)
{
	put_u32(b, s != NULL ? (uint32_t)n : UINT32_MAX);
	if (s != NULL)
		zrx_buf_append(b, s, n);
}

int
zrx_syncuser_seen(struct zrx_syncuser *su, const struct zrx_item *it, int32_t day)
{
	struct zrx_buf key, rec;
	struct zrx_value id;
	uint32_t total;
	int err = 0;

	zrx_buf_init(&key);
	zrx_syncuser_key(it, &key);
	if (!zrx_userbuf_claim(su->seen, key.data, key.len)) {
		zrx_buf_free(&key);
		return 0; /* the overlap day, or a restarted window */
	}
	zrx_item_col(it, 1, &id);
	zrx_buf_init(&rec);
	put_u32(&rec, 0); /* the record's length, below */
	put_u32(&rec, (uint32_t)day);
	put_field(&rec, key.data, key.len);
	put_field(&rec, id.kind == ZRX_V_NUM || id.kind == ZRX_V_STR ? id.s : NULL, id.n);
	put_field(&rec, it->start_time, it->start_time_len);
	put_field(&rec, it->json, it->json_len);
	total = (uint32_t)rec.len;
	memcpy(rec.data, &total, sizeof(total));
	err = zrx_userbuf_write(su->seen, rec.data, rec.len);
	if (err == 0)
		zrx_userbuf_end_record(su->seen);
	zrx_buf_free(&rec);
	zrx_buf_free(&key);
	return err;
}

void
zrx_syncuser_trash(struct zrx_syncuser *su, const struct zrx_item *it, int32_t day)
{
	struct zrx_buf key;
	struct zrx_value dt, id;
	size_t f;

	zrx_buf_init(&key);
	zrx_syncuser_key(it, &key);
	if (zrx_keyset_add(su->trash, key.data, key.len)) {
		memset(&dt, 0, sizeof(dt));
		/* when it went: the first file that says */
		for (f = 0; f < it->nfiles && dt.kind != ZRX_V_STR; f++)
			zrx_item_file_col(it, f, 8, &dt);
		zrx_item_col(it, 1, &id);
		put_field(&su->trash_times, key.data, key.len);
		put_field(&su->trash_times, dt.kind == ZRX_V_STR ? dt.s : NULL, dt.n);
		put_u32(&su->trash_times, (uint32_t)day);
		put_field(&su->trash_times, id.kind == ZRX_V_NUM || id.kind == ZRX_V_STR ?
		    id.s : NULL, id.n);
		put_field(&su->trash_times, it->start_time, it->start_time_len);
		put_field(&su->trash_times, it->json, it->json_len);
	}
	zrx_buf_free(&key);
}

int
zrx_syncuser_in_trash(const struct zrx_syncuser *su, const char *key, size_t n)
{
	return zrx_keyset_has(su->trash, key, n);
}

uint64_t
zrx_syncuser_count(const struct zrx_syncuser *su)
{
	return zrx_userbuf_count(su->seen);
}

/* ---- the listing for the diff ---- */

static const char *
get_field(const char **p, size_t *n)
{
	uint32_t len;
	const char *s;

	memcpy(&len, *p, sizeof(len));
	*p += sizeof(len);
	if (len == UINT32_MAX) {
		*n = 0;
		return NULL;
	}
	s = *p;
	*n = len;
	*p += len;
	return s;
}

static int
one_frame(struct zrx_syncuser *su, const char *p)
{
	struct zrx_seen s;
	uint32_t day;

	memset(&s, 0, sizeof(s));
	p += sizeof(uint32_t); /* length */
	memcpy(&day, p, sizeof(day));
	p += sizeof(day);
	s.start_date = (int32_t)day;
	s.uuid = get_field(&p, &s.uuid_len);
	s.meeting_id = get_field(&p, &s.meeting_id_len);
	s.start_time = get_field(&p, &s.start_time_len);
	s.doc = get_field(&p, &s.doc_len);
	return su->fn(su->fud, &s);
}

/* Chunks of the buffer, reassembled into whole records. */
static int
frame_sink(void *ud, const char *p, size_t n)
{
	struct zrx_syncuser *su = ud;
	uint32_t len;
	size_t off = 0;
	int rc;

	zrx_buf_append(&su->frame, p, n);
	while (su->frame.len - off >= sizeof(len)) {
		memcpy(&len, su->frame.data + off, sizeof(len));
		if (su->frame.len - off < len)
			break;
		rc = one_frame(su, su->frame.data + off);
		if (rc != 0)
			return rc;
		off += len;
	}
	memmove(su->frame.data, su->frame.data + off, su->frame.len - off);
	su->frame.len -= off;
	return 0;
}

static int
each_seen(void *ud, int (*fn)(void *fud, const struct zrx_seen *s), void *fud)
{
	struct zrx_syncuser *su = ud;
	int rc;

	zrx_buf_reset(&su->frame);
	su->fn = fn;
	su->fud = fud;
	rc = zrx_userbuf_drain(su->seen, frame_sink, su);
	return rc == 0 && su->frame.len != 0 ? -1 : rc;
}

/* One trash entry at *p: its key, deleted_time and meeting; *p moves on. */
static void
trash_entry(const char **p, struct zrx_seen *s, const char **t, size_t *tn)
{
	uint32_t day;

	memset(s, 0, sizeof(*s));
	s->uuid = get_field(p, &s->uuid_len);
	*t = get_field(p, tn);
	memcpy(&day, *p, sizeof(day));
	*p += sizeof(day);
	s->start_date = (int32_t)day;
	s->meeting_id = get_field(p, &s->meeting_id_len);
	s->start_time = get_field(p, &s->start_time_len);
	s->doc = get_field(p, &s->doc_len);
}

static int
in_trash(void *ud, const char *uuid, size_t n, const char **deleted_time)
{
	struct zrx_syncuser *su = ud;
	const char *p = su->trash_times.data, *end = p + su->trash_times.len, *t;
	struct zrx_seen s;
	size_t tn;

	*deleted_time = NULL;
	if (!zrx_keyset_has(su->trash, uuid, n))
		return 0;
	while (p < end) {
		trash_entry(&p, &s, &t, &tn);
		if (s.uuid_len == n && memcmp(s.uuid, uuid, n) == 0) {
			/* the catalog stores it as text: NUL-terminated copies live
			 * in frame, which is free while the diff runs */
			zrx_buf_reset(&su->frame);
			if (t != NULL)
				zrx_buf_append(&su->frame, t, tn);
			*deleted_time = t != NULL ? su->frame.data : NULL;
			break;
		}
	}
	return 1;
}

static int
each_trash(void *ud, int (*fn)(void *fud, const struct zrx_seen *s, const char *dt), void *fud)
{
	struct zrx_syncuser *su = ud;
	const char *p = su->trash_times.data, *end = p + su->trash_times.len, *t;
	struct zrx_seen s;
	struct zrx_buf dt;
	size_t tn;
	int rc = 0;

	zrx_buf_init(&dt);
	while (rc == 0 && p < end) {
		trash_entry(&p, &s, &t, &tn);
		zrx_buf_reset(&dt);
		if (t != NULL)
			zrx_buf_append(&dt, t, tn);
		rc = fn(fud, &s, t != NULL ? dt.data : NULL);
	}
	zrx_buf_free(&dt);
	return rc;
}

void
zrx_syncuser_listing(struct zrx_syncuser *su, int32_t from, int32_t to,
                     struct zrx_user_listing *l)
{
	memset(l, 0, sizeof(*l));
	l->user = su->user;
	l->from = from;
	l->to = to;
	l->each_seen = each_seen;
	l->in_trash = in_trash;
	l->each_trash = each_trash;
	l->ud = su;
}
