/* ratelimit.c - token bucket with 429 pauses and AIMD back-off. */
#include "config.h"

#include <math.h>

#include "ratelimit.h"

#define CUT_FACTOR 0.7          /* multiplicative decrease on a 429 */
#define CUT_SPACING_MS 1000     /* at most one cut per this long */
#define QUIET_MS 2000           /* no recovery until this long after a 429 */
#define RATE_MIN 0.1            /* requests/second, absolute floor */
#define LIMIT_MARGIN 0.98       /* stay this fraction under a limit the server named */
#define LIMIT_STEP 0.95         /* a 429 at the named limit: step to this fraction */

/* The lowest rate a cut may reach: rate_max/20, but not below 0.1/s (nor
 * above rate_max itself when that is tiny). */
static double
rate_floor(const struct zrx_rl *rl)
{
	double f = rl->rate_max / 20;

	if (f < RATE_MIN)
		f = RATE_MIN;
	return f < rl->rate_max ? f : rl->rate_max;
}

/* The highest rate recovery may reach: rate_max, or the server's limit. */
static double
rate_ceiling(const struct zrx_rl *rl)
{
	double c = rl->rate_max, lo = RATE_MIN < rl->rate_max ? RATE_MIN : rl->rate_max;

	/* a limit the server named: stay a little under it, so clock jitter
	 * between the two token buckets does not turn into 429s */
	if (rl->server_limit > 0 && rl->server_limit * LIMIT_MARGIN < c)
		c = rl->server_limit * LIMIT_MARGIN > lo ? rl->server_limit * LIMIT_MARGIN : lo;
	return c;
}

/* Bucket size now: the configured burst at full rate; while backed off, no
 * more than one second's worth at the current rate (but at least 1). */
static double
bucket_cap(const struct zrx_rl *rl)
{
	double c;

	if (rl->rate >= rl->rate_max)
		return rl->burst;
	c = rl->rate > 1 ? rl->rate : 1;
	return c < rl->burst ? c : rl->burst;
}

static void
refill(struct zrx_rl *rl, uint64_t now_ms)
{
	double cap = bucket_cap(rl);

	if (now_ms > rl->last_ms) {
		rl->tokens += (double)(now_ms - rl->last_ms) * rl->rate / 1000.0;
		rl->last_ms = now_ms;
	}
	if (rl->tokens > cap)
		rl->tokens = cap;
}

void
zrx_rl_init(struct zrx_rl *rl, double rate, double burst, uint64_t now_ms)
{
	if (!(rate > 0) || !isfinite(rate))
		rate = 1;
	if (!(burst >= 1) || !isfinite(burst))
		burst = 1;
	rl->rate_max = rate;
	rl->rate = rate;
	rl->burst = burst;
	rl->tokens = burst;
	rl->last_ms = now_ms;
	rl->paused_until = 0;
	rl->last_429 = 0;
	rl->last_cut = 0;
	rl->last_raise = 0;
	rl->server_limit = 0;
}

uint64_t
zrx_rl_acquire(struct zrx_rl *rl, uint64_t now_ms)
{
	double need;
	uint64_t wait;

	refill(rl, now_ms);
	if (now_ms < rl->paused_until)
		return rl->paused_until - now_ms;
	if (rl->tokens >= 1) {
		rl->tokens -= 1;
		return 0;
	}
	need = ceil((1 - rl->tokens) * 1000.0 / rl->rate);
	wait = need >= 1 ? (uint64_t)need : 1;
	/* After a 429 the bucket may start filling only in the future. */
	if (rl->last_ms > now_ms)
		wait += rl->last_ms - now_ms;
	return wait;
}

void
zrx_rl_throttled(struct zrx_rl *rl, uint64_t now_ms, uint64_t resume_at_ms,
    double server_limit)
{
	uint64_t stamp = now_ms > 0 ? now_ms : 1, back, start;

	refill(rl, now_ms);
	if (isfinite(server_limit) && server_limit > 0)
		rl->server_limit = server_limit;
	rl->last_429 = stamp;
	if (rl->last_cut == 0 || (now_ms >= rl->last_cut && now_ms - rl->last_cut >= CUT_SPACING_MS)) {
		double lo = rate_floor(rl);

		/* at the limit the server names, a 429 is jitter: step just under
		 * it; below it, someone else uses the account: back off */
		if (rl->server_limit > 0 && rl->rate >= rl->server_limit * LIMIT_MARGIN)
			rl->rate = rl->server_limit * LIMIT_STEP;
		else
			rl->rate *= CUT_FACTOR;
		if (rl->rate < lo)
			rl->rate = lo;
		rl->last_cut = stamp;
	}
	if (rl->rate > rate_ceiling(rl))
		rl->rate = rate_ceiling(rl);
	if (resume_at_ms > rl->paused_until)
		rl->paused_until = resume_at_ms;

	/*
	 * Empty the bucket, and let it fill so that exactly one token is ready
	 * when the pause ends: requests then resume one at a time at the new
	 * rate instead of all at once.  last_ms only moves forward, which only
	 * ever withholds tokens.
	 */
	rl->tokens = 0;
	start = rl->paused_until > now_ms ? rl->paused_until : now_ms;
	back = (uint64_t)ceil(1000.0 / rl->rate);
	if (start > back && start - back > now_ms)
		start -= back;
	else
		start = now_ms;
	if (start > rl->last_ms)
		rl->last_ms = start;
}

void
zrx_rl_succeeded(struct zrx_rl *rl, uint64_t now_ms)
{
	double ceiling = rate_ceiling(rl);
	uint64_t since;

	if (rl->rate >= ceiling)
		return;
	since = rl->last_429 != 0 ? rl->last_429 + QUIET_MS : 0;
	if (rl->last_raise > since)
		since = rl->last_raise;
	if (now_ms <= since)
		return;
	refill(rl, now_ms);     /* tokens earned so far count at the old rate */
	rl->rate += rl->rate_max / 20 * (double)(now_ms - since) / 1000.0;
	if (rl->rate > ceiling)
		rl->rate = ceiling;
	rl->last_raise = now_ms;
}
