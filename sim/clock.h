/* clock.h - TIME values of --now and /_sim/now. */
#ifndef SIM_CLOCK_H
#define SIM_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Parse s[0..n), "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD" (00:00:00Z), into
 * epoch seconds.  Returns 0 and sets *t, or -1. */
int sim_time_parse(const char *s, size_t n, int64_t *t);

/* The TIME held by a POST /_sim/now body: the value alone, "t=TIME", or
 * {"now":"TIME"}, surrounding whitespace ignored.  Returns 0 and sets *t,
 * or -1. */
int sim_time_from_body(const char *body, size_t n, int64_t *t);

#endif
