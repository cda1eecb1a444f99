/* query.c - the query of a run as one JSON object. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "query.h"

static int
strptr_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The set of users, independent of its order: its size and a digest. */
static void
users_digest(struct zrx_jw *w, const struct zrx_config *cfg)
{
	struct zrx_sha256 h;
	unsigned char dg[32];
	char hex[65];
	char **sorted = zrx_xmalloc((cfg->nusers ? cfg->nusers : 1) * sizeof(*sorted));
	struct zrx_buf b;

	memcpy(sorted, cfg->users, cfg->nusers * sizeof(*sorted));
	qsort(sorted, cfg->nusers, sizeof(*sorted), strptr_cmp);
	zrx_sha256_init(&h);
	for (size_t i = 0; i < cfg->nusers; i++)
		zrx_sha256_update(&h, sorted[i], strlen(sorted[i]) + 1);
	zrx_sha256_final(&h, dg);
	zrx_sha256_hex(dg, hex);
	free(sorted);
	zrx_buf_init(&b);
	zrx_buf_printf(&b, "list:%zu:%s", cfg->nusers, hex);
	zrx_jw_cstr(w, b.data);
	zrx_buf_free(&b);
}

static void
statuses(struct zrx_jw *w, const struct zrx_config *cfg)
{
	static const char *const names[] = { "active", "inactive", "pending" };
	struct zrx_buf b;

	zrx_buf_init(&b);
	zrx_buf_puts(&b, "all-users:");
	for (unsigned i = 0; i < 3; i++) {
		if (!(cfg->user_status & (1u << i)))
			continue;
		if (b.data[b.len - 1] != ':')
			zrx_buf_putc(&b, ',');
		zrx_buf_puts(&b, names[i]);
	}
	zrx_jw_cstr(w, b.data);
	zrx_buf_free(&b);
}

void
zrx_query_write(struct zrx_jw *w, const struct zrx_config *cfg, enum zrx_kind kind)
{
	zrx_jw_obj(w);
	zrx_jw_key(w, "command");
	zrx_jw_cstr(w, kind == ZRX_KIND_USERS ? "users" : "export");
	if (kind == ZRX_KIND_MEETINGS) {
		zrx_jw_key(w, "from");
		if (cfg->trash)
			zrx_jw_null(w);
		else
			zrx_jw_date(w, cfg->from_days);
		zrx_jw_key(w, "to");
		if (cfg->trash)
			zrx_jw_null(w);
		else
			zrx_jw_date(w, cfg->to_days);
		zrx_jw_key(w, "trash");
		zrx_jw_bool(w, cfg->trash);
		zrx_jw_key(w, "trash_type");
		zrx_jw_cstr(w, cfg->trash ? (cfg->trash_type ? cfg->trash_type :
		    "meeting_recordings") : NULL);
		zrx_jw_key(w, "mc");
		zrx_jw_cstr(w, cfg->mc);
		zrx_jw_key(w, "meeting_id");
		zrx_jw_cstr(w, cfg->meeting_id);
		zrx_jw_key(w, "users");
		zrx_jw_cstr(w, cfg->users_source);
		zrx_jw_key(w, "users_set");
		if (cfg->all_users)
			statuses(w, cfg);
		else
			users_digest(w, cfg);
	} else {
		zrx_jw_key(w, "users_set");
		statuses(w, cfg);
	}
	zrx_jw_key(w, "format");
	zrx_jw_cstr(w, cfg->format == ZRX_FORMAT_CSV ? "csv" : "ndjson");
	zrx_jw_key(w, "gzip");
	zrx_jw_bool(w, cfg->gzip_level >= 0);
	zrx_jw_key(w, "split_bytes");
	zrx_jw_u64(w, cfg->split_bytes);
	zrx_jw_obj_end(w);
}

char *
zrx_query_line(const struct zrx_config *cfg, enum zrx_kind kind)
{
	struct zrx_buf b;
	struct zrx_jw w;

	zrx_buf_init(&b);
	zrx_jw_init(&w, &b);
	zrx_query_write(&w, cfg, kind);
	return b.data;
}
