/* test_ratelimit.c - the token bucket on a simulated clock. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "ratelimit.h"

#define T0 UINT64_C(1000000)    /* the simulated clock starts here */

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Take every token available at now; returns how many. */
static unsigned
drain(struct zrx_rl *rl, uint64_t now)
{
	unsigned n = 0;

	while (zrx_rl_acquire(rl, now) == 0)
		n++;
	return n;
}

/*
 * Admissions in every interval [t_i, t_j] must be <= burst + R * (t_j - t_i)
 * / 1000.  Checked over all pairs (the times are sorted).
 */
static void
check_bound(const uint64_t *t, size_t n, double burst, double rate)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = i; j < n; j++) {
			double allowed = burst + rate * (double)(t[j] - t[i]) / 1000.0;

			if ((double)(j - i + 1) > allowed + 1e-9)
				fail_msg("%zu requests in %llu ms (burst %g, rate %g allows %g)",
				    j - i + 1, (unsigned long long)(t[j] - t[i]), burst, rate, allowed);
		}
}

/*
 * Greedy clients on a clock that moves by random steps (sometimes exactly the
 * wait the limiter asked for), with 429s and successes sprinkled in when
 * chaos is set.  Returns the number admitted; times go to t[].
 */
static size_t
simulate(double rate, double burst, uint64_t duration_ms, int chaos, uint64_t seed,
    uint64_t *t, size_t cap)
{
	struct zrx_rl rl;
	uint64_t now = T0, wait, s = seed;
	size_t n = 0;

	zrx_rl_init(&rl, rate, burst, now);
	while (now < T0 + duration_ms && n < cap) {
		wait = zrx_rl_acquire(&rl, now);
		if (wait == 0) {
			t[n++] = now;
			if (chaos && rnd(&s) % 50 == 0)
				zrx_rl_throttled(&rl, now + rnd(&s) % 300, now + 300 + rnd(&s) % 1500,
				    rnd(&s) % 4 == 0 ? (double)(rnd(&s) % 20) : 0);
			else if (chaos)
				zrx_rl_succeeded(&rl, now);
			continue;
		}
		assert_true(wait >= 1);
		assert_true(rl.rate <= rl.rate_max);
		switch (rnd(&s) % 4) {
		case 0:
			now += wait;
			break;
		case 1:
			now += 1 + rnd(&s) % (wait < 3 ? 3 : wait);
			break;
		case 2:
			now += 1;
			break;
		default:
			now += 1 + rnd(&s) % 400;
			break;
		}
	}
	return n;
}

static void
test_interval_bound(void **state)
{
	static const struct {
		double rate, burst;
	} cfg[] = {
		{ 10, 10 }, { 10, 25 }, { 10, 1 }, { 2.5, 1 }, { 0.5, 1 }, { 3, 7 }, { 100, 100 },
	};
	size_t cap = 6000, i, n;
	uint64_t *t = malloc(cap * sizeof(*t)), seed;
	int chaos;

	(void)state;
	assert_non_null(t);
	for (i = 0; i < sizeof(cfg) / sizeof(cfg[0]); i++)
		for (chaos = 0; chaos <= 1; chaos++)
			for (seed = 1; seed <= 3; seed++) {
				uint64_t dur = (uint64_t)(4000.0 / cfg[i].rate * 1000.0);

				if (dur > 60000)
					dur = 60000;
				n = simulate(cfg[i].rate, cfg[i].burst, dur, chaos,
				    seed * 0x9E3779B97F4A7C15ULL + i, t, cap);
				assert_true(n > 0);
				check_bound(t, n, cfg[i].burst, cfg[i].rate);
			}
	free(t);
}

/* Without 429s the limiter delivers its rate: the bound is not met by starving. */
static void
test_throughput(void **state)
{
	size_t cap = 2000, n;
	uint64_t *t = malloc(cap * sizeof(*t));

	(void)state;
	assert_non_null(t);
	/* 60 s at 10/s with a burst of 10: 10 + 600 at most, and nearly that */
	n = simulate(10, 10, 60000, 0, 42, t, cap);
	assert_true(n <= 611);
	assert_true(n >= 560);
	free(t);
}

static void
test_acquire_wait(void **state)
{
	struct zrx_rl rl;

	(void)state;
	zrx_rl_init(&rl, 2, 1, T0);
	assert_int_equal(zrx_rl_acquire(&rl, T0), 0);
	/* the next token is 500 ms away */
	assert_int_equal(zrx_rl_acquire(&rl, T0), 500);
	assert_int_equal(zrx_rl_acquire(&rl, T0 + 200), 300);
	assert_true(zrx_rl_acquire(&rl, T0 + 499) >= 1);
	assert_int_equal(zrx_rl_acquire(&rl, T0 + 500), 0);
	/* the bucket starts full: burst requests at once, then none */
	zrx_rl_init(&rl, 10, 5, T0);
	assert_int_equal(drain(&rl, T0), 5);
	/* a long idle refills only up to the burst */
	assert_int_equal(drain(&rl, T0 + 3600000), 5);
}

/* A 429 stops every request until resume_at, then traffic restarts slowly. */
static void
test_429_pauses_everyone(void **state)
{
	struct zrx_rl rl;
	uint64_t now, resume = T0 + 100 + 2000, w;

	(void)state;
	zrx_rl_init(&rl, 10, 10, T0);
	assert_int_equal(drain(&rl, T0), 10);
	zrx_rl_throttled(&rl, T0 + 100, resume, 0);
	for (now = T0 + 100; now < resume; now++) {
		w = zrx_rl_acquire(&rl, now);
		assert_true(w >= 1);
		/* no caller is told to come back before the pause ends */
		assert_true(now + w >= resume);
	}
	/* one request right at resume_at, then paced at the cut rate, no burst */
	assert_int_equal(zrx_rl_acquire(&rl, resume), 0);
	assert_int_equal(drain(&rl, resume), 0);
	w = zrx_rl_acquire(&rl, resume);
	assert_true(w >= 1000 / 7 && w <= 1000 / 7 + 2);
	/* a later 429 with an earlier resume_at does not shorten the pause */
	zrx_rl_throttled(&rl, resume + 10, resume + 5000, 0);
	zrx_rl_throttled(&rl, resume + 20, resume + 1000, 0);
	w = zrx_rl_acquire(&rl, resume + 1500);
	assert_true(resume + 1500 + w >= resume + 5000);
	assert_true(zrx_rl_acquire(&rl, resume + 4999) >= 1);
	assert_int_equal(zrx_rl_acquire(&rl, resume + 5000), 0);
}

static void
test_cut_and_recover(void **state)
{
	struct zrx_rl rl;
	uint64_t now, t429;
	int i;

	(void)state;
	zrx_rl_init(&rl, 10, 10, T0);
	zrx_rl_throttled(&rl, T0, T0 + 1000, 0);
	assert_float_equal(rl.rate, 7.0, 1e-9);
	/* a burst of 429s from requests already in flight counts once */
	zrx_rl_throttled(&rl, T0 + 50, T0 + 1000, 0);
	zrx_rl_throttled(&rl, T0 + 999, T0 + 1000, 0);
	assert_float_equal(rl.rate, 7.0, 1e-9);
	zrx_rl_throttled(&rl, T0 + 1000, T0 + 2000, 0);
	assert_float_equal(rl.rate, 4.9, 1e-9);
	/* persistent 429s drive it down to rate_max/20 and no further */
	for (i = 2, now = T0 + 2000; i < 40; i++, now += 1000)
		zrx_rl_throttled(&rl, now, now + 1000, 0);
	t429 = now - 1000;
	assert_float_equal(rl.rate, 0.5, 1e-9);
	/* no recovery within 2 s of the last 429 */
	for (now = t429; now < t429 + 2000; now += 100)
		zrx_rl_succeeded(&rl, now);
	assert_float_equal(rl.rate, 0.5, 1e-9);
	/* then additive: about rate_max/20 = 0.5/s per second */
	for (; now <= t429 + 6000; now += 100)
		zrx_rl_succeeded(&rl, now);
	assert_true(rl.rate > 2.0 && rl.rate < 3.5);
	/* and back at rate_max once 429s have stopped long enough, not beyond */
	for (; now <= t429 + 40000; now += 100)
		zrx_rl_succeeded(&rl, now);
	assert_float_equal(rl.rate, 10.0, 1e-9);
	/* at full rate again the configured burst is available */
	assert_int_equal(drain(&rl, now + 5000), 10);
}

/* Backed off, the bucket holds at most one second's worth at the cut rate. */
static void
test_cut_shrinks_burst(void **state)
{
	struct zrx_rl rl;

	(void)state;
	zrx_rl_init(&rl, 10, 10, T0);
	zrx_rl_throttled(&rl, T0, T0 + 1000, 0);
	/* idle for a long time without successes: the rate stays cut */
	assert_int_equal(drain(&rl, T0 + 30000), 7);
	/* a configured burst above the rate is also held to the cut rate */
	zrx_rl_init(&rl, 10, 40, T0);
	assert_int_equal(drain(&rl, T0), 40);
	zrx_rl_throttled(&rl, T0, T0 + 1000, 0);
	assert_int_equal(drain(&rl, T0 + 30000), 7);
}

static void
test_small_rate_floor(void **state)
{
	struct zrx_rl rl;
	uint64_t now;

	(void)state;
	/* rate_max/20 = 0.05 is below the 0.1/s floor */
	zrx_rl_init(&rl, 1, 1, T0);
	for (now = T0; now < T0 + 60000; now += 1000)
		zrx_rl_throttled(&rl, now, now + 10, 0);
	assert_float_equal(rl.rate, 0.1, 1e-9);
	/* a token still comes, ten seconds later */
	assert_int_equal(drain(&rl, now + 10001), 1);
}

static void
test_server_limit(void **state)
{
	struct zrx_rl rl;
	uint64_t now, t[400];
	size_t n = 0;

	(void)state;
	zrx_rl_init(&rl, 10, 10, T0);
	zrx_rl_throttled(&rl, T0, T0 + 1000, 3);
	/* above the named limit: step just under it */
	assert_float_equal(rl.rate, 3.0 * 0.95, 1e-9);
	/* recovery stops a little under the server's limit */
	for (now = T0 + 1000; now < T0 + 60000; now++) {
		if (zrx_rl_acquire(&rl, now) == 0) {
			assert_true(n < sizeof(t) / sizeof(t[0]));
			t[n++] = now;
			zrx_rl_succeeded(&rl, now);
		}
	}
	assert_float_equal(rl.rate, 3.0 * 0.98, 1e-9);
	/* 59 s at 3/s: no more than the server allows, and about that many */
	check_bound(t, n, 3, 3);
	assert_true(n >= 165 && n <= 3 + 177);
	/* a 429 while running at the named limit (jitter): a small step, not a cut */
	zrx_rl_init(&rl, 20, 20, T0);
	zrx_rl_throttled(&rl, T0, T0 + 1000, 20);
	assert_float_equal(rl.rate, 19.0, 1e-9);
	/* under the named limit, someone else uses the account: a real cut */
	zrx_rl_throttled(&rl, T0 + 2000, T0 + 3000, 20);
	assert_float_equal(rl.rate, 19.0 * 0.7, 1e-9);
	/* a server limit above the rate changes nothing beyond the cut */
	zrx_rl_init(&rl, 10, 10, T0);
	zrx_rl_throttled(&rl, T0, T0 + 1000, 30);
	assert_float_equal(rl.rate, 7.0, 1e-9);
	/* an unreadable limit is ignored */
	zrx_rl_init(&rl, 10, 10, T0);
	zrx_rl_throttled(&rl, T0, T0 + 1000, strtod("nan", NULL));
	assert_float_equal(rl.rate, 7.0, 1e-9);
	zrx_rl_throttled(&rl, T0 + 1000, T0 + 1000, -5);
	assert_float_equal(rl.rate, 4.9, 1e-9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interval_bound),
		cmocka_unit_test(test_throughput),
		cmocka_unit_test(test_acquire_wait),
		cmocka_unit_test(test_429_pauses_everyone),
		cmocka_unit_test(test_cut_and_recover),
		cmocka_unit_test(test_cut_shrinks_burst),
		cmocka_unit_test(test_small_rate_floor),
		cmocka_unit_test(test_server_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
