/* export.h - `zrx export` and `zrx users`: the driver that puts the user
 * source, the listings, the user buffers and the output together. */
#ifndef ZRX_EXPORT_H
#define ZRX_EXPORT_H

#include "options.h"

/* Run an export (ZRX_KIND_MEETINGS) or a users listing (ZRX_KIND_USERS).
 * Returns an enum zrx_exit code; messages go to cfg->log. */
int zrx_export(const struct zrx_config *cfg, enum zrx_kind kind);

#endif
