/* outname.h - what an output path says: its NAME (the path without its
 * format and compression suffixes, which the state, manifest and errors
 * files are named after) and the format and gzip its suffixes ask for. */
#ifndef ZRX_OUTNAME_H
#define ZRX_OUTNAME_H

#include <stddef.h>

/* Read path's suffixes: .ndjson, .jsonl or .csv, then optionally .gz (any
 * case).  *name_len is the length of NAME; *fmt is ZRX_FORMAT_* or -1 when
 * no format suffix; *gz is 1 for .gz, else 0. */
void zrx_outname(const char *path, size_t *name_len, int *fmt, int *gz);

#endif
