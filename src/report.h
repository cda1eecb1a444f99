/* report.h - `zrx report`: the compliance report of a sync catalog or of
 * export files, as one self-contained HTML page or as JSON. */
#ifndef ZRX_REPORT_H
#define ZRX_REPORT_H

#include "options.h"

/*
 * Read cfg->dir's catalog or cfg->inputs (with cfg->users_file for names
 * and departments), count as of cfg->as_of_days (today without it) under
 * cfg->retention_days, and write cfg->output: JSON when it ends in
 * ".json", else HTML ("-": HTML on stdout), mode 0600, atomically, never
 * over an existing file unless cfg->force.  Returns an enum zrx_exit code;
 * messages go through cfg->log.
 */
int zrx_report(const struct zrx_config *cfg);

#endif
