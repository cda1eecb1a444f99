/* config.c - defaults of a run. */
#include "config.h"

#include <string.h>

#include "zrx.h"

void
zrx_config_init(struct zrx_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->user_status = ZRX_STATUS_ACTIVE | ZRX_STATUS_INACTIVE;
	cfg->users_source = "list";
	cfg->page_size = 300;
	cfg->output = "-";
	cfg->format = ZRX_FORMAT_NDJSON;
	cfg->gzip_level = -1;
	cfg->base_url = "https://api.zoom.us/v2";
	cfg->oauth_url = "https://zoom.us/oauth/token";
	cfg->rate = 10.0;
	cfg->burst = 10.0;
	cfg->concurrency = 16;
	cfg->timeout_s = 120;
	cfg->connect_timeout_s = 10;
	cfg->stall_timeout_s = 60;
	cfg->retries = 6;
	cfg->progress = ZRX_PROGRESS_AUTO;
	cfg->log_format = ZRX_LOG_TEXT;
	cfg->spill_bytes = 8u << 20;
	cfg->commit_interval_ms = 1000;
}

const char *
zrx_version(void)
{
	return PACKAGE_VERSION;
}
