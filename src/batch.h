/* batch.h - a sync run's files: DIR/batches/NNNNNN.ndjson.gz (or .csv.gz,
 * plain without gzip) rendered from the changes the catalog stored for the
 * batch, its manifest NNNNNN.manifest.json, its errors NNNNNN.errors.ndjson.
 * Rendering reads only the catalog, in a fixed order, so a batch rendered
 * again after a crash holds the same bytes. */
#ifndef ZRX_BATCH_H
#define ZRX_BATCH_H

#include <stdint.h>

#include "catalog.h"
#include "options.h"

struct zrx_batch_info {
	int32_t since;                 /* the feed's first day */
	uint64_t users_ok;             /* committed in the batch (all runs of it) */
	uint64_t users_failed;
	uint64_t requests;
	const struct zrx_buf *errors;  /* errors-file lines */
	struct zrx_batch_counts counts; /* out: the batch's counts */
};

/* Make DIR/batches (0700) if missing.  0 or an exit code (logged). */
int zrx_batch_prepare_dir(const struct zrx_config *cfg) ZRX_WUR;

/* Write the errors file of batch b (atomically).  0 or -errno (logged). */
int zrx_batch_write_errors(const struct zrx_config *cfg, const struct zrx_batch *b,
                           const struct zrx_buf *errors) ZRX_WUR;

/* Render batch b's file, make it durable under its name, write its
 * manifest and errors file, then mark it finished in the catalog.  0 or -1
 * (logged). */
int zrx_batch_finish(const struct zrx_config *cfg, struct zrx_catalog *cat,
                     const struct zrx_batch *b, struct zrx_batch_info *bi) ZRX_WUR;

#endif
