/* outname.c - what an output path says. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "outname.h"
#include "zrx.h"

static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n > k && strncasecmp(s + n - k, suffix, k) == 0;
}

void
zrx_outname(const char *path, size_t *name_len, int *fmt, int *gz)
{
	size_t n = strlen(path);

	*fmt = -1;
	*gz = 0;
	if (ends_with(path, n, ".gz")) {
		n -= 3;
		*gz = 1;
	}
	if (ends_with(path, n, ".ndjson")) {
		n -= 7;
		*fmt = ZRX_FORMAT_NDJSON;
	} else if (ends_with(path, n, ".jsonl")) {
		n -= 6;
		*fmt = ZRX_FORMAT_NDJSON;
	} else if (ends_with(path, n, ".csv")) {
		n -= 4;
		*fmt = ZRX_FORMAT_CSV;
	}
	*name_len = n;
}
