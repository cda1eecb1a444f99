/* progress.c - the progress line on stderr. */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "jsonw.h"
#include "log.h"
#include "progress.h"

void
zrx_progress_init(struct zrx_progress *p, const struct zrx_config *cfg, uint64_t now)
{
	p->drawn = 0;
	p->started = p->last_draw = p->last_at = now;
	p->last_requests = 0;
	p->rps = 0;
	if (cfg->quiet || cfg->progress == ZRX_PROGRESS_NEVER)
		p->mode = 0;
	else if (cfg->progress == ZRX_PROGRESS_ALWAYS)
		/* the live line even when stderr is not a terminal (a pager, tee) */
		p->mode = cfg->log_format == ZRX_LOG_TEXT ? 1 : 2;
	else
		p->mode = (isatty(STDERR_FILENO) && cfg->log_format == ZRX_LOG_TEXT) ? 1 : 2;
}

uint64_t
zrx_progress_interval(const struct zrx_progress *p)
{
	return p->mode == 1 ? 100 : p->mode == 2 ? 10000 : 0;
}

static void
fmt_duration(char *out, size_t n, uint64_t ms)
{
	uint64_t s = ms / 1000;

	if (s >= 3600)
		snprintf(out, n, "%lluh%02llum", (unsigned long long)(s / 3600),
		    (unsigned long long)(s / 60 % 60));
	else
		snprintf(out, n, "%llum%02llus", (unsigned long long)(s / 60),
		    (unsigned long long)(s % 60));
}

void
zrx_progress_clear(struct zrx_progress *p)
{
	if (p->mode == 1 && p->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->drawn = 0;
	}
}

void
zrx_progress_tick(struct zrx_progress *p, const struct zrx_progress_data *d, uint64_t now)
{
	char users[64], el[32], eta[32];

	if (p->mode == 0)
		return;
	if (now > p->last_at + 900 || p->last_at == p->started) {
		double dt = (double)(now - p->last_at) / 1000.0;

		if (dt > 0)
			p->rps = (double)(d->requests - p->last_requests) / dt;
		p->last_at = now;
		p->last_requests = d->requests;
	}
	if (d->total_known)
		snprintf(users, sizeof(users), "%llu/%llu", (unsigned long long)d->users_done,
		    (unsigned long long)d->users_total);
	else
		snprintf(users, sizeof(users), "%llu/?", (unsigned long long)d->users_done);
	fmt_duration(el, sizeof(el), d->elapsed_ms);
	eta[0] = '\0';
	if (d->total_known && d->users_done > 0 && d->users_done < d->users_total) {
		double per = (double)d->elapsed_ms / (double)d->users_done;

		fmt_duration(eta, sizeof(eta), (uint64_t)(per * (double)(d->users_total - d->users_done)));
	}
	if (p->mode == 1) {
		fprintf(stderr, "\r\033[Kusers %s  meetings %llu  %.1f req/s  429s %llu  retries %llu"
		    "  failed %llu  %s%s%s", users, (unsigned long long)d->meetings, p->rps,
		    (unsigned long long)d->throttled, (unsigned long long)d->retries,
		    (unsigned long long)d->users_failed, el, eta[0] ? "  ETA " : "", eta);
		fflush(stderr);
		p->drawn = 1;
	} else {
		zrx_logm(ZRX_INFO, &(struct zrx_logf){ .event = "progress" },
		    "progress: users %s, meetings %llu, %.1f req/s, 429s %llu, retries %llu, "
		    "failed %llu, elapsed %s%s%s", users, (unsigned long long)d->meetings, p->rps,
		    (unsigned long long)d->throttled, (unsigned long long)d->retries,
		    (unsigned long long)d->users_failed, el, eta[0] ? ", ETA " : "", eta);
	}
	p->last_draw = now;
}
