/* output.c - the output parts and their state: open (check the paths,
 * refuse what exists, resume from the journal), append users, commit,
 * rotate and finish parts.  The manifest and the errors file: manifest.c. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "fileout.h"
#include "journal.h"
#include "log.h"
#include "output_int.h"
#include "recfmt.h"

#define INCOMPLETE_SUFFIX ".incomplete"

char *
zrx_output_part_name(const struct zrx_output *o, unsigned index)
{
	if (!o->split)
		return zrx_xstrdup(o->cfg->output);
	return zrx_xasprintf("%s-%05u%s", o->cfg->output_name, index, o->cfg->output_ext);
}

static char *
part_temp_name(const struct zrx_output *o, unsigned index)
{
	char *f = zrx_output_part_name(o, index), *t;

	t = zrx_xasprintf("%s%s", f, INCOMPLETE_SUFFIX);
	free(f);
	return t;
}

void
zrx_output_log_io(const struct zrx_output *o, const char *what, const char *path, int err)
{
	zrx_logm(o->cfg->log, ZRX_ERROR, &(struct zrx_logf){ .event = "io_error" }, "%s %s: %s",
	    what, path, strerror(-err));
}

static struct part *
add_part(struct zrx_output *o, unsigned index)
{
	o->parts = zrx_xrealloc(o->parts, (o->nparts + 1) * sizeof(*o->parts));
	memset(&o->parts[o->nparts], 0, sizeof(o->parts[0]));
	o->parts[o->nparts].index = index;
	return &o->parts[o->nparts++];
}

/* Open part `index` for appending at `offset` (0 = new). */
static int
open_part(struct zrx_output *o, unsigned index, int64_t offset, int at_final)
{
	char *path = at_final ? zrx_output_part_name(o, index) : part_temp_name(o, index);
	int err;

	err = zrx_out_open(&o->out, path, o->cfg->gzip_level, offset);
	if (err != 0) {
		const char *kind = zrx_path_nonregular(path);

		if (offset > 0 && err == -ENOENT)
			zrx_logm(o->cfg->log, ZRX_ERROR, NULL,
			    "the state %s says %s holds %lld committed bytes, but the file is missing; "
			    "rerun with --restart to start over",
			    o->cfg->state, path, (long long)offset);
		else if (kind != NULL)
			zrx_logm(o->cfg->log, ZRX_ERROR, NULL, "%s is %s; zrx writes only regular "
			    "files, never through a link or onto a device: remove it", path, kind);
		else if (offset > 0 && err == -EPERM)
			zrx_logm(o->cfg->log, ZRX_ERROR, NULL, "%s is not a file this export made "
			    "(another owner, or other names by hard links); zrx does not append to it "
			    "or cut it back: remove it and rerun with --restart", path);
		else
			zrx_output_log_io(o, "cannot open", path, err);
		free(path);
		return err;
	}
	free(path);
	o->cur_at_final = at_final;
	o->need_header = (offset == 0 && o->cfg->format == ZRX_FORMAT_CSV);
	return 0;
}

/* Checked before anything is created: every file the run writes goes into
 * a directory that exists, and replaces nothing but a regular file (zrx
 * never writes through a link or onto a device, even with --force).
 * 0 or ZRX_EXIT_USAGE (logged). */
static int
check_path(const struct zrx_output *o, const char *what, const char *path)
{
	char why[PATH_MAX + 160];

	if (path == NULL || zrx_path_unwritable(path, why, sizeof(why)) == NULL)
		return 0;
	zrx_logm(o->cfg->log, ZRX_ERROR, NULL, "cannot write %s %s: %s", what, path, why);
	return ZRX_EXIT_USAGE;
}

static int
check_paths(const struct zrx_output *o)
{
	char *f0 = zrx_output_part_name(o, 0), *t0 = part_temp_name(o, 0);
	int code;

	code = check_path(o, "the output", f0);
	if (code == 0)
		code = check_path(o, "the output's temporary file", t0);
	if (code == 0)
		code = check_path(o, "the state", o->cfg->state);
	if (code == 0)
		code = check_path(o, "the manifest", o->manifest_path);
	if (code == 0)
		code = check_path(o, "the errors file", o->errors_path);
	free(f0);
	free(t0);
	return code;
}

static int
write_header_if_needed(struct zrx_output *o)
{
	const char *h;
	int err;

	if (!o->need_header)
		return 0;
	h = zrx_csv_header(o->kind);
	err = zrx_out_write(o->out, h, strlen(h));
	if (err == 0)
		o->need_header = 0;
	return err;
}

/* Standard output: one part, nothing to resume.  0 or ZRX_EXIT_FATAL
 * (logged). */
static int
open_stdout(struct zrx_output *o)
{
	int err;

	o->first_path = zrx_xstrdup("-");
	o->cur = add_part(o, 0);
	err = zrx_out_open(&o->out, "-", o->cfg->gzip_level, 0);
	if (err != 0) {
		zrx_output_log_io(o, "cannot write to", "standard output", err);
		return ZRX_EXIT_FATAL;
	}
	o->need_header = o->cfg->format == ZRX_FORMAT_CSV;
	return 0;
}

/* Without a state file to resume it, an output already there (under its
 * final or its temporary name) is replaced only with --force.  0 or
 * ZRX_EXIT_USAGE (logged). */
static int
refuse_existing(const struct zrx_output *o)
{
	const struct zrx_config *cfg = o->cfg;
	int state_existed = cfg->state != NULL && zrx_path_exists(cfg->state);
	char *f0, *t0;
	int exists;

	if (state_existed || cfg->force)
		return 0;
	f0 = zrx_output_part_name(o, 0);
	t0 = part_temp_name(o, 0);
	exists = zrx_path_exists(f0) || zrx_path_exists(t0);
	if (exists && cfg->state != NULL)
		zrx_logm(o->cfg->log, ZRX_ERROR, NULL,
		    "%s already exists and there is no state file %s to resume it; "
		    "use --force to overwrite it", zrx_path_exists(f0) ? f0 : t0, cfg->state);
	else if (exists)
		zrx_logm(o->cfg->log, ZRX_ERROR, NULL, "%s already exists; use --force to overwrite it",
		    zrx_path_exists(f0) ? f0 : t0);
	free(f0);
	free(t0);
	return exists ? ZRX_EXIT_USAGE : 0;
}

/* The state at cfg->state did not open (err): log why, return the exit
 * code. */
static int
state_refused(const struct zrx_output *o, int err)
{
	const struct zrx_config *cfg = o->cfg;

	if (err == ZRX_JOURNAL_EQUERY) {
		zrx_logm(o->cfg->log, ZRX_ERROR, NULL,
		    "the state %s was written by a different query (dates, users, format or "
		    "options differ); rerun the original command to resume it, or add --restart "
		    "to discard it and start over", cfg->state);
		return ZRX_EXIT_USAGE;
	}
	if (err == ZRX_JOURNAL_ECORRUPT) {
		zrx_logm(o->cfg->log, ZRX_ERROR, NULL, "%s is not a zrx state file; "
		    "name another --state, or remove it", cfg->state);
		return ZRX_EXIT_USAGE;
	}
	if (err == -EBUSY) {
		zrx_logm(o->cfg->log, ZRX_ERROR, NULL, "another zrx is already running with the state %s",
		    cfg->state);
		return ZRX_EXIT_FATAL;
	}
	if (err == -EPERM || err == -ELOOP) {
		zrx_logm(o->cfg->log, ZRX_ERROR, NULL, "the state %s is not a file an export "
		    "made (a link, a device, another owner, or other names by hard links); "
		    "zrx does not write to it: name another --state", cfg->state);
		return ZRX_EXIT_USAGE;
	}
	zrx_output_log_io(o, "cannot open the state", cfg->state, err);
	return ZRX_EXIT_FATAL;
}

/* Open the state (cfg->state, not NULL) and take the parts and the count of
 * users it holds.  0, or an exit code (logged). */
static int
resume_state(struct zrx_output *o, const char *query)
{
	const struct zrx_part_state *ps;
	size_t nps = 0;
	int err;

	err = zrx_journal_open(&o->j, o->cfg->state, query, o->cfg->restart);
	if (err != 0)
		return state_refused(o, err);
	ps = zrx_journal_parts(o->j, &nps);
	for (size_t i = 0; i < nps; i++) {
		struct part *p = add_part(o, ps[i].index);

		p->records = ps[i].records;
		p->files = ps[i].files;
		p->bytes = ps[i].offset;
		p->finished = ps[i].finished;
	}
	o->users_before = zrx_journal_users_done(o->j);
	return 0;
}

/* Open the part to write to: the first one; after a finished part of a
 * split output, the next; else the last part again, at its committed
 * offset.  0 or -errno (logged). */
static int
open_current_part(struct zrx_output *o)
{
	struct part *last;
	int err;

	if (o->nparts == 0) {
		o->cur = add_part(o, 0);
		return open_part(o, 0, 0, 0);
	}
	last = &o->parts[o->nparts - 1];
	if (last->finished && o->split) {
		o->cur = add_part(o, last->index + 1);
		return open_part(o, o->cur->index, 0, 0);
	}
	o->cur = last;
	err = open_part(o, last->index, last->bytes, last->finished);
	last->finished = 0;
	return err;
}

/* Output to files: check the paths, refuse what exists, resume from the
 * state, open the part to append to.  0 or an exit code (logged); when the
 * state says the export finished, *complete is set and no part is opened. */
static int
open_files(struct zrx_output *o, const char *query, int *complete)
{
	int code;

	o->first_path = zrx_output_part_name(o, 0);
	code = check_paths(o);
	if (code == 0)
		code = refuse_existing(o);
	if (code == 0 && o->cfg->state != NULL)
		code = resume_state(o, query);
	if (code != 0)
		return code;
	if (o->j != NULL && zrx_journal_is_complete(o->j)) {
		*complete = 1;
		return 0;
	}
	return open_current_part(o) != 0 ? ZRX_EXIT_FATAL : 0;
}

int
zrx_output_open(struct zrx_output **op, const struct zrx_config *cfg, enum zrx_kind kind,
                const char *query, int *complete)
{
	struct zrx_output *o = zrx_xcalloc(1, sizeof(*o));
	int code;

	*op = NULL;
	*complete = 0;
	o->cfg = cfg;
	o->kind = kind;
	o->opened_ms = zrx_wall_ms();
	o->to_stdout = strcmp(cfg->output, "-") == 0;
	o->split = !o->to_stdout && cfg->split_bytes > 0;
	if (cfg->manifest != NULL)
		o->manifest_path = zrx_xstrdup(cfg->manifest);
	if (cfg->errors != NULL)
		o->errors_path = zrx_xstrdup(cfg->errors);
	code = o->to_stdout ? open_stdout(o) : open_files(o, query, complete);
	if (code != 0) {
		zrx_output_close(o);
		return code;
	}
	*op = o;
	return 0;
}

int
zrx_output_user_done(const struct zrx_output *o, const char *user)
{
	return o->j != NULL && zrx_journal_user_done(o->j, user, strlen(user));
}

uint64_t
zrx_output_users_before(const struct zrx_output *o)
{
	return o->users_before;
}

static int
sink_cb(void *ud, const char *p, size_t n)
{
	struct zrx_output *o = ud;

	return zrx_out_write(o->out, p, n);
}

static const char *
cur_path_for_log(const struct zrx_output *o, char **tofree)
{
	if (o->to_stdout) {
		*tofree = NULL;
		return "standard output";
	}
	*tofree = o->cur_at_final ? zrx_output_part_name(o, o->cur->index) :
	    part_temp_name(o, o->cur->index);
	return *tofree;
}

/* Close the current part for good: commit, rename to its final name. */
static int
finish_part(struct zrx_output *o)
{
	char *tmp, *fin;
	int err;

	err = zrx_output_commit(o);
	if (err != 0)
		return err;
	o->cur->bytes = zrx_out_offset(o->out);
	err = zrx_out_close(o->out);
	o->out = NULL;
	if (err != 0) {
		char *f;

		zrx_output_log_io(o, "cannot close", cur_path_for_log(o, &f), err);
		free(f);
		return err;
	}
	if (!o->cur_at_final) {
		tmp = part_temp_name(o, o->cur->index);
		fin = zrx_output_part_name(o, o->cur->index);
		err = zrx_rename_durable(tmp, fin);
		if (err != 0)
			zrx_output_log_io(o, "cannot rename into place", fin, err);
		free(tmp);
		free(fin);
		if (err != 0)
			return err;
		o->cur_at_final = 1;
	}
	o->cur->finished = 1;
	if (o->j != NULL) {
		err = zrx_journal_part_finished(o->j, o->cur->index);
		if (err != 0) {
			zrx_output_log_io(o, "cannot write the state", o->cfg->state, err);
			return err;
		}
	}
	return 0;
}

static int
rotate(struct zrx_output *o)
{
	unsigned next = o->cur->index + 1;
	int err;

	err = finish_part(o);
	if (err != 0)
		return err;
	o->cur = add_part(o, next);
	return open_part(o, next, 0, 0);
}

int
zrx_output_add_user(struct zrx_output *o, const char *user, struct zrx_userbuf *ub,
                    uint64_t files)
{
	uint64_t nrec = zrx_userbuf_count(ub);
	char *f;
	int err;

	if (o->split && o->cur->records + o->pending_records > 0) {
		/* estimate the user's compressed size from this part's ratio */
		int64_t size;
		uint64_t raw;
		double ratio, est;

		err = zrx_out_seal(o->out);
		if (err != 0) {
			zrx_output_log_io(o, "cannot write", cur_path_for_log(o, &f), err);
			free(f);
			return err;
		}
		size = zrx_out_size(o->out);
		raw = zrx_out_raw_bytes(o->out);
		ratio = (raw > 0 && size > 0) ? (double)size / (double)raw :
		    (o->cfg->gzip_level >= 0 ? 0.3 : 1.0);
		est = (double)size + ratio * (double)zrx_userbuf_bytes(ub);
		if (est > (double)o->cfg->split_bytes) {
			err = rotate(o);
			if (err != 0)
				return err;
		}
	}
	err = write_header_if_needed(o);
	if (err == 0)
		err = zrx_userbuf_drain(ub, sink_cb, o);
	if (err != 0) {
		zrx_output_log_io(o, "cannot write", cur_path_for_log(o, &f), err);
		free(f);
		return err;
	}
	if (o->npending == o->cappending) {
		o->cappending = o->cappending ? o->cappending * 2 : 64;
		o->pending = zrx_xrealloc(o->pending, o->cappending * sizeof(*o->pending));
	}
	o->pending[o->npending++] = zrx_xstrdup(user);
	o->pending_records += nrec;
	o->pending_files += files;
	return 0;
}

size_t
zrx_output_uncommitted(const struct zrx_output *o)
{
	return o->npending;
}

int
zrx_output_commit(struct zrx_output *o)
{
	size_t *lens;
	char *f;
	int err;

	if (o->out == NULL)
		return 0;
	err = zrx_out_commit(o->out);
	if (err != 0) {
		zrx_output_log_io(o, "cannot write", cur_path_for_log(o, &f), err);
		free(f);
		return err;
	}
	o->cur->records += o->pending_records;
	o->cur->files += o->pending_files;
	o->cur->bytes = zrx_out_offset(o->out);
	o->pending_records = o->pending_files = 0;
	if (o->j != NULL && (o->npending > 0 || o->cur->bytes > 0)) {
		lens = zrx_xcalloc(o->npending ? o->npending : 1, sizeof(*lens));
		for (size_t i = 0; i < o->npending; i++)
			lens[i] = strlen(o->pending[i]);
		err = zrx_journal_commit(o->j, o->cur->index, o->cur->bytes, o->cur->records,
		    o->cur->files, o->pending, lens, o->npending);
		free(lens);
		if (err != 0) {
			zrx_output_log_io(o, "cannot write the state", o->cfg->state, err);
			return err;
		}
	}
	for (size_t i = 0; i < o->npending; i++)
		free(o->pending[i]);
	o->npending = 0;
	return 0;
}

int
zrx_output_finish(struct zrx_output *o, const struct zrx_run_info *info)
{
	int err;

	if (o->out != NULL) {
		if (o->to_stdout) {
			err = write_header_if_needed(o);
			if (err == 0)
				err = zrx_output_commit(o);
			if (err != 0)
				return err;
			o->cur->bytes = zrx_out_offset(o->out);
		} else {
			err = write_header_if_needed(o);
			if (err != 0) {
				char *f;

				zrx_output_log_io(o, "cannot write", cur_path_for_log(o, &f), err);
				free(f);
				return err;
			}
			err = finish_part(o);
			if (err != 0)
				return err;
		}
	}
	err = zrx_output_write_errors(o, info->errors);
	if (err != 0)
		return err;
	if (o->manifest_path != NULL) {
		err = zrx_output_write_manifest(o, info);
		if (err != 0)
			return err;
	}
	if (o->j != NULL && info->users_failed == 0) {
		err = zrx_journal_complete(o->j);
		if (err != 0) {
			zrx_output_log_io(o, "cannot write the state", o->cfg->state, err);
			return err;
		}
	}
	return 0;
}

uint64_t
zrx_output_records(const struct zrx_output *o)
{
	uint64_t n = 0;

	for (size_t i = 0; i < o->nparts; i++)
		n += o->parts[i].records;
	return n + o->pending_records;
}

uint64_t
zrx_output_files(const struct zrx_output *o)
{
	uint64_t n = 0;

	for (size_t i = 0; i < o->nparts; i++)
		n += o->parts[i].files;
	return n + o->pending_files;
}

uint64_t
zrx_output_bytes(const struct zrx_output *o)
{
	uint64_t n = 0;

	for (size_t i = 0; i < o->nparts; i++)
		n += (uint64_t)o->parts[i].bytes;
	return n;
}

const char *
zrx_output_path(const struct zrx_output *o)
{
	return o->first_path;
}

size_t
zrx_output_nparts(const struct zrx_output *o)
{
	return o->nparts;
}

void
zrx_output_close(struct zrx_output *o)
{
	if (o == NULL)
		return;
	if (o->out != NULL && zrx_out_close(o->out) != 0)
		zrx_logm(o->cfg->log, ZRX_WARN, NULL, "closing %s failed", o->first_path);
	zrx_journal_close(o->j);
	for (size_t i = 0; i < o->npending; i++)
		free(o->pending[i]);
	free(o->pending);
	free(o->parts);
	free(o->first_path);
	free(o->manifest_path);
	free(o->errors_path);
	free(o);
}
