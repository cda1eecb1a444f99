/* gen.h - helpers shared by the user and meeting generators. */
#ifndef SIM_GEN_H
#define SIM_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "prng.h"

#define SIM_DAY 86400

/* Alphabets: base64url (Zoom ids), base64 (uuids), letters and digits. */
extern const char sim_b64url[];
extern const char sim_b64std[];
extern const char sim_alnum[];

/* IANA time zone names (one empty), sim_ntimezones of them. */
extern const char *const sim_timezones[];
extern const size_t sim_ntimezones;

/* n random characters of alphabet into out, then a NUL (out holds n + 1). */
void sim_rand_chars(struct sim_rng *r, char *out, size_t n, const char *alphabet);

/* a / b rounded towards minus infinity; b > 0. */
int64_t sim_floor_div(int64_t a, int64_t b);

/* "YYYY-MM-DDTHH:MM:SS" of epoch second t shifted by off_min minutes, then
 * frac (e.g. ".123" or ""), then "Z" when utc, else the offset "+hh:mm". */
void sim_fmt_time(char *out, size_t sz, int64_t t, int off_min, const char *frac,
    int utc);

/* "YYYY-MM-DDTHH:MM:SSZ" of epoch second t. */
void sim_fmt_utc(char *out, size_t sz, int64_t t);

/* A random set of SIM_JW_* wire styles for one object. */
unsigned sim_wire_style(struct sim_rng *r);

#endif
