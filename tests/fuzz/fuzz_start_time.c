/* fuzz_start_time.c - start_time as Zoom sends it, to a UTC date.
 *
 * Input: the text of a timestamp.  Properties: the date and the epoch
 * parsers agree (both read it or neither; the date is the epoch's UTC
 * day); a time that reads is a real instant, and formatting it as
 * YYYY-MM-DDTHH:MM:SSZ and reading that back gives the same second. */
#include "config.h"

#include <string.h>

#include "dates.h"
#include "fuzzcheck.h"
#include "util.h"

#define MS_PER_DAY INT64_C(86400000)

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	int32_t day = 0;
	int64_t ms = 0, back = 0;
	int rd, re;
	char iso[21];

	rd = zrx_time_utc_date(s, size, &day);
	re = zrx_time_parse_epoch_ms(s, size, &ms);
	FZ_ASSERT((rd == 0) == (re == 0));
	if (re != 0)
		return 0;
	FZ_ASSERT(day == (int32_t)floor_div(ms, MS_PER_DAY));
	/* years 0000..9999 and an offset of at most a day: a bounded instant */
	FZ_ASSERT(ms > INT64_C(-62200000000000) && ms < INT64_C(253402400000000));
	if (ms >= 0 && ms < INT64_C(253402300800000)) {
		zrx_format_iso8601(ms, iso);
		FZ_ASSERT(strlen(iso) == 20);
		FZ_ASSERT(zrx_time_parse_epoch_ms(iso, 20, &back) == 0);
		FZ_ASSERT(back == ms - ms % 1000);
	}
	return 0;
}
