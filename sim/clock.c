/* clock.c - TIME values of --now and /_sim/now. */
#include "config.h"

#include <string.h>

#include "dates.h"
#include "gen.h"
#include "clock.h"

/* The value of two digits at s, or -1. */
static int
two_digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
sim_time_parse(const char *s, size_t n, int64_t *t)
{
	char date[11];
	int32_t day;
	int hh, mm, ss;

	if (n != 10 && n != 20)
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (zrx_date_parse(date, &day) < 0)
		return -1;
	if (n == 10) {
		*t = (int64_t)day * SIM_DAY;
		return 0;
	}
	if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return -1;
	hh = two_digits(s + 11);
	mm = two_digits(s + 14);
	ss = two_digits(s + 17);
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59)
		return -1;
	*t = (int64_t)day * SIM_DAY + hh * 3600 + mm * 60 + ss;
	return 0;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trim whitespace around [*s, *e). */
static void
trim(const char **s, const char **e)
{
	while (*s < *e && is_space(**s))
		(*s)++;
	while (*e > *s && is_space((*e)[-1]))
		(*e)--;
}

/* Skip the literal lit (and whitespace before it) at *s; 0, or -1. */
static int
expect(const char **s, const char *e, const char *lit)
{
	size_t n = strlen(lit);

	while (*s < e && is_space(**s))
		(*s)++;
	if ((size_t)(e - *s) < n || memcmp(*s, lit, n) != 0)
		return -1;
	*s += n;
	return 0;
}

int
sim_time_from_body(const char *body, size_t n, int64_t *t)
{
	const char *s = body, *e = body + n, *v;

	trim(&s, &e);
	if (s < e && *s == '{') {
		s++;
		if (expect(&s, e, "\"now\"") < 0 || expect(&s, e, ":") < 0 ||
		    expect(&s, e, "\"") < 0)
			return -1;
		v = s;
		while (s < e && *s != '"')
			s++;
		if (s == e)
			return -1;
		n = (size_t)(s - v);
		s++;
		if (expect(&s, e, "}") < 0 || s != e)
			return -1;
		return sim_time_parse(v, n, t);
	}
	if (e - s >= 2 && s[0] == 't' && s[1] == '=')
		s += 2;
	return sim_time_parse(s, (size_t)(e - s), t);
}
