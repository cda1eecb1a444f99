/* sync.h - `zrx sync`: the incremental feed. */
#ifndef ZRX_SYNC_H
#define ZRX_SYNC_H

#include "options.h"

/* Run one sync of cfg->dir.  Returns an enum zrx_exit code; messages go to
 * cfg->log. */
int zrx_sync(const struct zrx_config *cfg);

#endif
