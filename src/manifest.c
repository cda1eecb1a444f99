/* manifest.c - the files written at the end of a run: the manifest (the
 * query, every part with its SHA-256, the totals) and the errors file. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "hash.h"
#include "jsonw.h"
#include "output_int.h"
#include "query.h"

static int
write_parts(struct zrx_output *o, struct zrx_jw *w)
{
	int err;

	zrx_jw_arr(w);
	for (size_t i = 0; i < o->nparts; i++) {
		struct part *p = &o->parts[i];
		char *name = o->to_stdout ? zrx_xstrdup("-") : zrx_output_part_name(o, p->index);
		const char *base = strrchr(name, '/');
		char hex[65];

		zrx_jw_obj(w);
		zrx_jw_key(w, "name");
		zrx_jw_cstr(w, base != NULL ? base + 1 : name);
		zrx_jw_key(w, "bytes");
		zrx_jw_i64(w, p->bytes);
		zrx_jw_key(w, "records");
		zrx_jw_u64(w, p->records);
		zrx_jw_key(w, "sha256");
		if (o->to_stdout) {
			zrx_jw_null(w);
		} else {
			err = zrx_sha256_file(name, hex);
			if (err != 0) {
				zrx_output_log_io(o, "cannot read back", name, err);
				free(name);
				return err;
			}
			zrx_jw_cstr(w, hex);
		}
		zrx_jw_obj_end(w);
		free(name);
	}
	zrx_jw_arr_end(w);
	return 0;
}

int
zrx_output_write_manifest(struct zrx_output *o, const struct zrx_run_info *info)
{
	struct zrx_buf b;
	struct zrx_jw w;
	int err;

	zrx_buf_init(&b);
	zrx_jw_init(&w, &b);
	zrx_jw_obj(&w);
	zrx_jw_key(&w, "version");
	zrx_jw_cstr(&w, PACKAGE_VERSION);
	zrx_jw_key(&w, "started_at");
	zrx_jw_time(&w, info->started_ms);
	zrx_jw_key(&w, "finished_at");
	zrx_jw_time(&w, zrx_wall_ms());
	zrx_jw_key(&w, "query");
	zrx_query_write(&w, o->cfg, o->kind);
	zrx_jw_key(&w, "parts");
	err = write_parts(o, &w);
	if (err != 0) {
		zrx_buf_free(&b);
		return err;
	}
	zrx_jw_key(&w, "records");
	zrx_jw_u64(&w, zrx_output_records(o));
	if (o->kind == ZRX_KIND_MEETINGS) {
		zrx_jw_key(&w, "files");
		zrx_jw_u64(&w, zrx_output_files(o));
	}
	zrx_jw_key(&w, "users");
	zrx_jw_obj(&w);
	zrx_jw_key(&w, "ok");
	zrx_jw_u64(&w, o->users_before + info->users_ok);
	zrx_jw_key(&w, "failed");
	zrx_jw_u64(&w, info->users_failed);
	zrx_jw_obj_end(&w);
	zrx_jw_key(&w, "requests");
	zrx_jw_u64(&w, info->requests);
	if (info->extra != NULL)
		info->extra(&w, info->extra_ud);
	zrx_jw_obj_end(&w);
	zrx_buf_putc(&b, '\n');
	err = zrx_write_atomic(o->manifest_path, b.data, b.len);
	if (err != 0)
		zrx_output_log_io(o, "cannot write the manifest", o->manifest_path, err);
	zrx_buf_free(&b);
	return err;
}

int
zrx_output_write_errors(struct zrx_output *o, const struct zrx_buf *errors)
{
	int err;

	if (o->errors_path == NULL)
		return 0;
	err = zrx_write_atomic(o->errors_path, errors->len ? errors->data : "", errors->len);
	if (err != 0)
		zrx_output_log_io(o, "cannot write the errors file", o->errors_path, err);
	return err;
}
