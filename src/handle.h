/* handle.h - the library's handle behind include/zrx.h, for the library's
 * own tests and the command line's: the settings a handle holds. */
#ifndef ZRX_HANDLE_H
#define ZRX_HANDLE_H

#include "options.h"
#include "zrx.h"

/* The settings of h as a run will see them (read-only). */
const struct zrx_config *zrx_handle_config(const zrx_t *h);

#endif
