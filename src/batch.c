/* batch.c - a sync run's files, rendered from the catalog. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "csv.h"
#include "fileout.h"
#include "fsutil.h"
#include "hash.h"
#include "jsonw.h"
#include "recfmt.h"
#include "recparse.h"

struct render {
	const struct zrx_config *cfg;
	const struct zrx_batch *b;
	struct zrx_out *out;
	struct zrx_recfmt *fmt;       /* for the current user */
	char *fmt_user;
	const struct zrx_change *ch;  /* the change being rendered */
	struct zrx_buf line;
	char synced[21];
	uint64_t records, files;
	int err;
};

static char *
batch_path(const struct zrx_config *cfg, const struct zrx_batch *b, const char *suffix)
{
	return zrx_xasprintf("%s/batches/%06lld%s", cfg->dir, (long long)b->batch, suffix);
}

static void
log_io(const struct zrx_config *cfg, const char *what, const char *path, int err)
{
	zrx_logm(cfg->log, ZRX_ERROR, &(struct zrx_logf){ .event = "io_error" }, "%s %s: %s",
	    what, path, strerror(-err));
}

int
zrx_batch_prepare_dir(const struct zrx_config *cfg)
{
	char *dir = zrx_xasprintf("%s/batches", cfg->dir);
	struct stat st;
	int rc = 0;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		log_io(cfg, "cannot create", dir, -errno);
		rc = ZRX_EXIT_FATAL;
	} else if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s is not a directory", dir);
		rc = ZRX_EXIT_USAGE;
	}
	free(dir);
	return rc;
}

int
zrx_batch_write_errors(const struct zrx_config *cfg, const struct zrx_batch *b,
                       const struct zrx_buf *errors)
{
	char *path = batch_path(cfg, b, ".errors.ndjson");
	int err;

	err = zrx_write_atomic(path, errors->len ? errors->data : "", errors->len);
	if (err != 0)
		log_io(cfg, "cannot write", path, err);
	free(path);
	return err;
}

static int
out_write(void *ud, const void *p, size_t n)
{
	return zrx_out_write(ud, p, n);
}

/* ---- one change ---- */

static void
json_value(struct zrx_jw *w, const struct zrx_value *v)
{
	switch (v->kind) {
	case ZRX_V_STR:
		zrx_jw_str(w, v->s, v->n);
		break;
	case ZRX_V_NUM:
	case ZRX_V_BOOL:
	case ZRX_V_JSON:
		zrx_jw_raw(w, v->s, v->n);
		break;
	default:
		zrx_jw_null(w);
		break;
	}
}

/* {"uuid","id","host_id"[,"deleted_time"],"_reason", and the _ keys} */
static void
ndjson_delete(struct render *r, const struct zrx_item *it)
{
	const struct zrx_change *ch = r->ch;
	struct zrx_value v;
	struct zrx_jw w;

	zrx_buf_reset(&r->line);
	zrx_jw_init(&w, &r->line);
	zrx_jw_obj(&w);
	zrx_jw_key(&w, "uuid");
	zrx_item_col(it, 0, &v);
	if (v.kind == ZRX_V_NONE)
		zrx_jw_cstr(&w, ch->uuid);
	else
		json_value(&w, &v);
	zrx_jw_key(&w, "id");
	zrx_item_col(it, 1, &v);
	json_value(&w, &v);
	zrx_jw_key(&w, "host_id");
	zrx_item_col(it, 3, &v);
	json_value(&w, &v);
	if (ch->deleted_time != NULL) {
		zrx_jw_key(&w, "deleted_time");
		zrx_jw_cstr(&w, ch->deleted_time);
	}
	zrx_jw_key(&w, "_reason");
	zrx_jw_cstr(&w, ch->reason);
	zrx_jw_key(&w, "_user");
	zrx_jw_cstr(&w, ch->user);
	zrx_jw_key(&w, "_op");
	zrx_jw_cstr(&w, "delete");
	zrx_jw_key(&w, "_batch");
	zrx_jw_i64(&w, r->b->batch);
	zrx_jw_key(&w, "_synced_at");
	zrx_jw_cstr(&w, r->synced);
	zrx_jw_obj_end(&w);
	zrx_buf_putc(&r->line, '\n');
}

/* op,batch,synced_at,user, the meeting's columns, the file columns empty */
static void
csv_delete(struct render *r, const struct zrx_item *it)
{
	struct zrx_value v;
	size_t i;

	zrx_buf_reset(&r->line);
	zrx_buf_printf(&r->line, "delete,%lld,%s,", (long long)r->b->batch, r->synced);
	zrx_csv_field(&r->line, r->ch->user, strlen(r->ch->user));
	for (i = 0; i < ZRX_NMEETING_COLS; i++) {
		zrx_buf_putc(&r->line, ',');
		zrx_item_col(it, i, &v);
		if (v.kind != ZRX_V_NONE)
			zrx_csv_field(&r->line, v.s, v.n);
	}
	for (i = 0; i < ZRX_NFILE_COLS; i++)
		zrx_buf_putc(&r->line, ',');
	zrx_buf_putc(&r->line, '\n');
}

/* The parsed meeting of the change: its line(s). */
static int
item_cb(void *ud, const struct zrx_item *it)
{
	struct render *r = ud;
	const struct zrx_change *ch = r->ch;

	r->records++;
	if (strcmp(ch->op, "delete") == 0) {
		if (r->cfg->format == ZRX_FORMAT_CSV)
			csv_delete(r, it);
		else
			ndjson_delete(r, it);
		r->err = zrx_out_write(r->out, r->line.data, r->line.len);
		return r->err;
	}
	r->files += it->nfiles;
	r->err = zrx_recfmt_write(r->fmt, it, out_write, r->out);
	return r->err;
}

/* The user's formatter, with the change's op in its extra keys. */
static void
use_formatter(struct render *r, const struct zrx_change *ch)
{
	char extra[128], prefix[96];

	if (r->fmt == NULL || strcmp(r->fmt_user, ch->user) != 0) {
		zrx_recfmt_free(r->fmt);
		free(r->fmt_user);
		r->fmt = zrx_recfmt_new(ZRX_KIND_MEETINGS, r->cfg->format, ch->user,
		    strlen(ch->user));
		r->fmt_user = zrx_xstrdup(ch->user);
	}
	snprintf(extra, sizeof(extra), ",\"_op\":\"%s\",\"_batch\":%lld,\"_synced_at\":\"%s\"",
	    ch->op, (long long)r->b->batch, r->synced);
	snprintf(prefix, sizeof(prefix), "%s,%lld,%s,", ch->op, (long long)r->b->batch,
	    r->synced);
	zrx_recfmt_set_extra(r->fmt, extra, prefix);
}

static int
change_cb(void *ud, const struct zrx_change *ch)
{
	struct render *r = ud;
	struct zrx_recparse *p;
	int rc;

	r->ch = ch;
	use_formatter(r, ch);
	p = zrx_recparse_new(ZRX_KIND_MEETINGS, item_cb, r);
	rc = zrx_recparse_feed(p, "{\"meetings\":[", 13);
	if (rc == 0)
		rc = zrx_recparse_feed(p, ch->doc, ch->doc_len);
	if (rc == 0)
		rc = zrx_recparse_feed(p, "]}", 2);
	if (rc == 0)
		rc = zrx_recparse_finish(p);
	zrx_recparse_free(p);
	if (r->err != 0)
		return r->err;
	return rc != 0 ? -EINVAL : 0;
}

static const char csv_ops_header[] = "op,batch,synced_at,";

/* Render the batch into path (created afresh). */
static int
render(struct render *r, struct zrx_catalog *cat, const char *path)
{
	int err;

	err = zrx_out_open(&r->out, path, r->cfg->gzip_level, 0);
	if (err != 0) {
		log_io(r->cfg, "cannot create", path, err);
		return err;
	}
	if (r->cfg->format == ZRX_FORMAT_CSV) {
		err = zrx_out_write(r->out, csv_ops_header, sizeof(csv_ops_header) - 1);
		if (err == 0) {
			const char *h = zrx_csv_header(ZRX_KIND_MEETINGS);

			err = zrx_out_write(r->out, h, strlen(h));
		}
	}
	if (err == 0)
		err = zrx_catalog_each_change(cat, r->b->batch, change_cb, r);
	if (err == 0)
		err = zrx_out_commit(r->out);
	if (err == -1)
		err = -EIO; /* the catalog said why */
	else if (err != 0)
		log_io(r->cfg, "cannot write", path, err);
	if (zrx_out_close(r->out) != 0 && err == 0) {
		err = -EIO;
		log_io(r->cfg, "cannot close", path, err);
	}
	r->out = NULL;
	return err;
}

/* ---- the manifest ---- */

static void
manifest_query(struct zrx_jw *w, const struct zrx_config *cfg, const struct zrx_batch *b,
               int32_t since)
{
	zrx_jw_obj(w);
	zrx_jw_key(w, "command");
	zrx_jw_cstr(w, "sync");
	zrx_jw_key(w, "users");
	zrx_jw_cstr(w, cfg->users_source);
	zrx_jw_key(w, "since");
	zrx_jw_date(w, since);
	zrx_jw_key(w, "lookback");
	zrx_jw_i64(w, b->lookback);
	zrx_jw_key(w, "to");
	zrx_jw_date(w, b->to_date);
	zrx_jw_key(w, "format");
	zrx_jw_cstr(w, cfg->format == ZRX_FORMAT_CSV ? "csv" : "ndjson");
	zrx_jw_key(w, "gzip");
	zrx_jw_bool(w, cfg->gzip_level >= 0);
	zrx_jw_obj_end(w);
}

static int
write_manifest(const struct zrx_config *cfg, const struct zrx_batch *b,
               const struct zrx_batch_info *bi, const struct render *r, const char *final)
{
	const char *base = strrchr(final, '/');
	char *path = batch_path(cfg, b, ".manifest.json");
	struct zrx_buf m;
	struct zrx_jw w;
	char hex[65];
	int64_t size;
	struct stat st;
	int err;

	err = zrx_sha256_file(final, hex);
	if (err == 0 && stat(final, &st) != 0)
		err = -errno;
	if (err != 0) {
		log_io(cfg, "cannot read back", final, err);
		free(path);
		return err;
	}
	size = (int64_t)st.st_size;
	zrx_buf_init(&m);
	zrx_jw_init(&w, &m);
	zrx_jw_obj(&w);
	zrx_jw_key(&w, "version");
	zrx_jw_cstr(&w, PACKAGE_VERSION);
	zrx_jw_key(&w, "started_at");
	zrx_jw_time(&w, b->started_ms);
	zrx_jw_key(&w, "finished_at");
	zrx_jw_time(&w, zrx_config_wall_ms(cfg));
	zrx_jw_key(&w, "query");
	manifest_query(&w, cfg, b, bi->since);
	zrx_jw_key(&w, "parts");
	zrx_jw_arr(&w);
	zrx_jw_obj(&w);
	zrx_jw_key(&w, "name");
	zrx_jw_cstr(&w, base != NULL ? base + 1 : final);
	zrx_jw_key(&w, "bytes");
	zrx_jw_i64(&w, size);
	zrx_jw_key(&w, "records");
	zrx_jw_u64(&w, r->records);
	zrx_jw_key(&w, "sha256");
	zrx_jw_cstr(&w, hex);
	zrx_jw_obj_end(&w);
	zrx_jw_arr_end(&w);
	zrx_jw_key(&w, "records");
	zrx_jw_u64(&w, r->records);
	zrx_jw_key(&w, "files");
	zrx_jw_u64(&w, r->files);
	zrx_jw_key(&w, "users");
	zrx_jw_obj(&w);
	zrx_jw_key(&w, "ok");
	zrx_jw_u64(&w, bi->users_ok);
	zrx_jw_key(&w, "failed");
	zrx_jw_u64(&w, bi->users_failed);
	zrx_jw_obj_end(&w);
	zrx_jw_key(&w, "batch");
	zrx_jw_i64(&w, b->batch);
	zrx_jw_key(&w, "since");
	zrx_jw_date(&w, bi->since);
	zrx_jw_key(&w, "lookback");
	zrx_jw_i64(&w, b->lookback);
	zrx_jw_key(&w, "inserted");
	zrx_jw_u64(&w, bi->counts.inserted);
	zrx_jw_key(&w, "updated");
	zrx_jw_u64(&w, bi->counts.updated);
	zrx_jw_key(&w, "deleted");
	zrx_jw_u64(&w, bi->counts.deleted);
	zrx_jw_key(&w, "unchanged");
	zrx_jw_u64(&w, bi->counts.unchanged);
	zrx_jw_key(&w, "requests");
	zrx_jw_u64(&w, bi->requests);
	zrx_jw_obj_end(&w);
	zrx_buf_putc(&m, '\n');
	err = zrx_write_atomic(path, m.data, m.len);
	if (err != 0)
		log_io(cfg, "cannot write", path, err);
	zrx_buf_free(&m);
	free(path);
	return err;
}

int
zrx_batch_finish(const struct zrx_config *cfg, struct zrx_catalog *cat,
                 const struct zrx_batch *b, struct zrx_batch_info *bi)
{
	char *final = batch_path(cfg, b, cfg->output_ext);
	char *tmp = zrx_xasprintf("%s.incomplete", final);
	const char *base = strrchr(final, '/');
	struct render r;
	char *rel;
	int err;

	memset(&r, 0, sizeof(r));
	r.cfg = cfg;
	r.b = b;
	zrx_buf_init(&r.line);
	zrx_format_iso8601(b->started_ms, r.synced);
	err = zrx_catalog_counts(cat, b->batch, &bi->counts) != 0 ? -EIO : 0;
	if (err == 0)
		err = render(&r, cat, tmp);
	if (err == 0) {
		err = zrx_rename_durable(tmp, final);
		if (err != 0)
			log_io(cfg, "cannot rename into place", final, err);
	}
	if (err == 0)
		err = write_manifest(cfg, b, bi, &r, final);
	if (err == 0)
		err = zrx_batch_write_errors(cfg, b, bi->errors);
	rel = zrx_xasprintf("batches/%s", base != NULL ? base + 1 : final);
	if (err == 0 && zrx_catalog_finish_batch(cat, b->batch, zrx_config_wall_ms(cfg),
	    &bi->counts, rel) != 0)
		err = -EIO;
	if (err == 0)
		zrx_logm(cfg->log, ZRX_INFO, &(struct zrx_logf){ .event = "files" },
		    "batch %s: %llu changes (%llu recording files); manifest %06lld.manifest.json",
		    final, (unsigned long long)r.records, (unsigned long long)r.files,
		    (long long)b->batch);
	zrx_recfmt_free(r.fmt);
	free(r.fmt_user);
	zrx_buf_free(&r.line);
	free(rel);
	free(tmp);
	free(final);
	return err != 0 ? -1 : 0;
}
