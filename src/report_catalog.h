/* report_catalog.h - the report over a sync catalog (DIR/catalog.sqlite),
 * opened read only: present meetings are counted, meetings in the trash
 * feed the trash section. */
#ifndef ZRX_REPORT_CATALOG_H
#define ZRX_REPORT_CATALOG_H

#include "options.h"
#include "report_agg.h"
#include "util.h"

/* The zrx catalog's PRAGMA application_id ("zrx1"), and the schema
 * version this reader knows. */
#define ZRX_CATALOG_APP_ID 0x7a727831
#define ZRX_CATALOG_VERSION 1

/* Read cfg->dir's catalog into d.  An enum zrx_exit code: ZRX_EXIT_USAGE
 * for a missing catalog, a file that is not a zrx catalog, a newer schema
 * or a row that cannot be read; ZRX_EXIT_FATAL for a SQLite failure.
 * Problems are logged through cfg->log. */
int zrx_rcatalog_read(const struct zrx_config *cfg, struct zrx_rdata *d) ZRX_WUR;

#endif
