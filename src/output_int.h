/* output_int.h - what output.c (the parts and the state) and manifest.c
 * (the manifest and the errors file) share: the output's state. */
#ifndef ZRX_OUTPUT_INT_H
#define ZRX_OUTPUT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "output.h"

struct part {
	unsigned index;
	uint64_t records;
	uint64_t files;
	int64_t bytes;
	int finished;
};

struct zrx_output {
	const struct zrx_config *cfg;
	enum zrx_kind kind;
	struct zrx_journal *j;     /* NULL for stdout */
	struct zrx_out *out;       /* the current part */
	int to_stdout;
	int split;

	struct part *parts;        /* every part known, in index order */
	size_t nparts;
	struct part *cur;          /* the part being written (last of parts) */
	int cur_at_final;          /* the current part lives under its final name */
	int need_header;           /* CSV: header not yet written to this part */

	char **pending;            /* users added since the last commit */
	size_t npending, cappending;
	uint64_t pending_records, pending_files;

	uint64_t users_before;
	char *first_path;
	char *manifest_path;
	char *errors_path;
	int64_t opened_ms;
};

/* Part `index`'s final file name.  Caller owns the result. */
char *zrx_output_part_name(const struct zrx_output *o, unsigned index);

/* Log an I/O error: "WHAT PATH: strerror(-err)". */
void zrx_output_log_io(const struct zrx_output *o, const char *what, const char *path, int err);

/* Write the manifest to o->manifest_path (not NULL): every part with its
 * size and SHA-256, read back from disk.  0 or -errno (logged). */
int zrx_output_write_manifest(struct zrx_output *o, const struct zrx_run_info *info) ZRX_WUR;

#endif
