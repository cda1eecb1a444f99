/* faults.c - the simulator's misbehaviour: rate limits, latency, faults. */
#include "config.h"

#include <string.h>

#include "faults.h"

void
sim_faults_init(struct sim_faults *f, const struct sim_fault_opts *o,
    uint64_t now_ms)
{
	memset(f, 0, sizeof(*f));
	f->o = *o;
	if (f->o.burst <= 0)
		f->o.burst = f->o.rate > 1 ? f->o.rate : 1;
	if (f->o.latency_max < f->o.latency_min)
		f->o.latency_max = f->o.latency_min;
	sim_rng_seed(&f->rng, sim_mix(o->seed, 0x4641554c54ULL));
	f->tokens = f->o.burst;
	f->last_ms = now_ms;
	f->daily_day = -1;
}

int
sim_faults_take(struct sim_faults *f, uint64_t now_ms)
{
	if (f->o.rate <= 0)
		return 1;
	if (now_ms > f->last_ms) {
		f->tokens += (double)(now_ms - f->last_ms) * f->o.rate / 1000.0;
		if (f->tokens > f->o.burst)
			f->tokens = f->o.burst;
		f->last_ms = now_ms;
	}
	if (f->tokens < 1.0)
		return 0;
	f->tokens -= 1.0;
	return 1;
}

static void
daily_roll(struct sim_faults *f, int32_t today)
{
	if (f->daily_day != today) {
		f->daily_day = today;
		f->daily_used = 0;
	}
}

int
sim_faults_daily_exhausted(struct sim_faults *f, int32_t today)
{
	if (f->o.daily_limit == 0)
		return 0;
	daily_roll(f, today);
	return f->daily_used >= f->o.daily_limit;
}

void
sim_faults_daily_count(struct sim_faults *f, int32_t today)
{
	daily_roll(f, today);
	f->daily_used++;
}

enum sim_fault
sim_faults_pick(struct sim_faults *f)
{
	int k;

	for (k = SIM_FAULT_NONE + 1; k < SIM_NFAULTS; k++) {
		if (f->o.p[k] > 0 && sim_rng_chance(&f->rng, f->o.p[k]))
			return (enum sim_fault)k;
	}
	return SIM_FAULT_NONE;
}

int
sim_faults_chunked(struct sim_faults *f)
{
	return f->o.p_chunked > 0 && sim_rng_chance(&f->rng, f->o.p_chunked);
}

int
sim_faults_expire_page(struct sim_faults *f)
{
	return f->o.p_expire_page > 0 && sim_rng_chance(&f->rng, f->o.p_expire_page);
}

unsigned
sim_faults_latency(struct sim_faults *f)
{
	if (f->o.latency_max == 0)
		return 0;
	return f->o.latency_min + (unsigned)sim_rng_below(&f->rng,
	    (uint64_t)(f->o.latency_max - f->o.latency_min) + 1);
}

uint64_t
sim_faults_below(struct sim_faults *f, uint64_t n)
{
	return sim_rng_below(&f->rng, n);
}

const char *
sim_fault_name(enum sim_fault fault)
{
	switch (fault) {
	case SIM_FAULT_5XX:
		return "5xx";
	case SIM_FAULT_RESET:
		return "reset";
	case SIM_FAULT_RESET_BODY:
		return "reset_body";
	case SIM_FAULT_SHORT_BODY:
		return "short_body";
	case SIM_FAULT_STALL:
		return "stall";
	case SIM_FAULT_BAD_JSON:
		return "bad_json";
	default:
		return "";
	}
}
