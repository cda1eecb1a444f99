/* progress.c - the live progress line. */
#include "config.h"

#include <stdio.h>

#include "progress.h"
#include "util.h"

void
zrx_live_init(struct zrx_live *lv, FILE *out)
{
	lv->out = out;
	lv->drawn = 0;
	lv->last_requests = 0;
	lv->last_ms = 0;
	lv->rps = 0;
}

void
zrx_live_clear(struct zrx_live *lv)
{
	if (lv->drawn) {
		fputs("\r\033[K", lv->out);
		fflush(lv->out);
		lv->drawn = 0;
	}
}

void
zrx_live_draw(void *ud, const struct zrx_progress *p)
{
	struct zrx_live *lv = ud;
	char users[64], el[32], eta[32];

	if (p->final) {
		zrx_live_clear(lv);
		return;
	}
	if (p->elapsed_ms >= lv->last_ms + 900 || lv->last_ms == 0) {
		double dt = (double)(p->elapsed_ms - lv->last_ms) / 1000.0;

		if (dt > 0)
			lv->rps = (double)(p->requests - lv->last_requests) / dt;
		lv->last_ms = p->elapsed_ms;
		lv->last_requests = p->requests;
	}
	if (p->total_known)
		snprintf(users, sizeof(users), "%llu/%llu", (unsigned long long)p->users_done,
		    (unsigned long long)p->users_total);
	else
		snprintf(users, sizeof(users), "%llu/?", (unsigned long long)p->users_done);
	zrx_format_duration(el, sizeof(el), p->elapsed_ms);
	eta[0] = '\0';
	if (p->total_known && p->users_done > 0 && p->users_done < p->users_total)
		zrx_format_duration(eta, sizeof(eta), (uint64_t)((double)p->elapsed_ms /
		    (double)p->users_done * (double)(p->users_total - p->users_done)));
	fprintf(lv->out, "\r\033[Kusers %s  meetings %llu  %.1f req/s  429s %llu  retries %llu"
	    "  failed %llu  %s%s%s", users, (unsigned long long)p->meetings, lv->rps,
	    (unsigned long long)p->throttled, (unsigned long long)p->retries,
	    (unsigned long long)p->users_failed, el, eta[0] ? "  ETA " : "", eta);
	fflush(lv->out);
	lv->drawn = 1;
}
