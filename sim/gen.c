/* gen.c - helpers shared by the user and meeting generators. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "jemit.h"
#include "gen.h"

const char *const sim_timezones[] = {
	"America/Los_Angeles", "America/New_York", "Europe/London",
	"Europe/Berlin", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney",
	"America/Sao_Paulo", "Pacific/Auckland", "Asia/Kathmandu", "UTC", "",
};

const size_t sim_ntimezones = ZRX_ARRAY_LEN(sim_timezones);

void
sim_rand_chars(struct sim_rng *r, char *out, size_t n, const char *alphabet)
{
	size_t k = strlen(alphabet), i;

	for (i = 0; i < n; i++)
		out[i] = alphabet[sim_rng_below(r, k)];
	out[n] = '\0';
}

const char sim_b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const char sim_b64std[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const char sim_alnum[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

int64_t
sim_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* "YYYY-MM-DDTHH:MM:SS" of t + off_min minutes, then frac, then the zone
 * ("Z" when utc, else "+hh:mm"/"-hh:mm" of off_min). */
void
sim_fmt_time(char *out, size_t sz, int64_t t, int off_min, const char *frac, int utc)
{
	int64_t lt = t + (int64_t)off_min * 60, day = sim_floor_div(lt, SIM_DAY);
	int64_t sec = lt - day * SIM_DAY;
	unsigned m, d;
	int y;
	unsigned a = (unsigned)(off_min < 0 ? -off_min : off_min) % (24 * 60);
	char zone[16];

	zrx_civil_from_days((int32_t)day, &y, &m, &d);
	if (utc)
		snprintf(zone, sizeof(zone), "Z");
	else
		snprintf(zone, sizeof(zone), "%c%02u:%02u", off_min < 0 ? '-' : '+',
		    a / 60, a % 60);
	snprintf(out, sz, "%04d-%02u-%02uT%02d:%02d:%02d%s%s", y, m, d,
	    (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60), frac, zone);
}

void
sim_fmt_utc(char *out, size_t sz, int64_t t)
{
	sim_fmt_time(out, sz, t, 0, "", 1);
}

unsigned
sim_wire_style(struct sim_rng *r)
{
	unsigned s = 0;

	if (sim_rng_chance(r, 0.3))
		s |= SIM_JW_UNICODE;
	if (sim_rng_chance(r, 0.3))
		s |= SIM_JW_SLASH;
	if (sim_rng_chance(r, 0.2))
		s |= SIM_JW_QUOTE_U;
	if (sim_rng_chance(r, 0.2))
		s |= SIM_JW_CTRL_U;
	if (sim_rng_chance(r, 0.1))
		s |= SIM_JW_SPACES;
	if (sim_rng_chance(r, 0.04))
		s |= SIM_JW_NEWLINES;
	return s;
}
