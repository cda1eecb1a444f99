/* prng.h - splitmix64, the simulator's one deterministic generator. */
#ifndef SIM_PRNG_H
#define SIM_PRNG_H

#include <stdint.h>

struct sim_rng {
	uint64_t s;
};

/* Seed r; every seed value is fine. */
static inline void
sim_rng_seed(struct sim_rng *r, uint64_t seed)
{
	r->s = seed;
}

/* The next 64 random bits. */
static inline uint64_t
sim_rng_next(struct sim_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); 0 when n is 0. */
static inline uint64_t
sim_rng_below(struct sim_rng *r, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)sim_rng_next(r) * n) >> 64);
}

/* Uniform in [lo, hi], lo <= hi. */
static inline int64_t
sim_rng_range(struct sim_rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)sim_rng_below(r, (uint64_t)(hi - lo) + 1);
}

/* Uniform in [0, 1). */
static inline double
sim_rng_unit(struct sim_rng *r)
{
	return (double)(sim_rng_next(r) >> 11) * 0x1.0p-53;
}

/* True with probability p (p <= 0: never, p >= 1: always). */
static inline int
sim_rng_chance(struct sim_rng *r, double p)
{
	return sim_rng_unit(r) < p;
}

/* A well-mixed value of (a, b): derives per-user and per-meeting seeds. */
static inline uint64_t
sim_mix(uint64_t a, uint64_t b)
{
	struct sim_rng r;

	r.s = a ^ (b * 0xd1342543de82ef95ULL) ^ 0x2545f4914f6cdd1dULL;
	(void)sim_rng_next(&r);
	return sim_rng_next(&r);
}

#endif
