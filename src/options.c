/* options.c - the defaults of a run. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "options.h"

void
zrx_config_defaults(struct zrx_config *cfg)
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
	cfg->burst = 0;
	cfg->concurrency = 128;
	cfg->timeout_s = 120;
	cfg->connect_timeout_s = 10;
	cfg->stall_timeout_s = 60;
	cfg->retries = 6;
	cfg->progress_ms = 1000;
	cfg->spill_bytes = 8u << 20;
	cfg->commit_interval_ms = 1000;
	cfg->lookback_days = 30;
}

int64_t
zrx_config_wall_ms(const struct zrx_config *cfg)
{
	if (cfg->now_ms == 0)
		return zrx_wall_ms();
	return cfg->now_ms;
}

int32_t
zrx_config_today(const struct zrx_config *cfg)
{
	int64_t ms = zrx_config_wall_ms(cfg);

	return (int32_t)(ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000));
}

double
zrx_config_burst(const struct zrx_config *cfg)
{
	double b = cfg->burst > 0 ? cfg->burst : ceil(cfg->rate);

	return b < 1 ? 1 : b;
}
