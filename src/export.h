/* export.h - the run of `zrx export` and `zrx users` (zrx_export_run and
 * zrx_users_run are declared in zrx.h). */
#ifndef ZRX_EXPORT_H
#define ZRX_EXPORT_H

#include "zrx.h"

/* qsort comparator for an array of C strings. */
int zrx_strptr_cmp(const void *a, const void *b);

#endif
