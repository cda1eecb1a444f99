/* stats.c - counters served at GET /_sim/stats. */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

void
sim_stats_init(struct sim_stats *s, uint64_t now_ms)
{
	memset(s, 0, sizeof(*s));
	s->start_ms = now_ms;
}

void
sim_stats_free(struct sim_stats *s)
{
	if (s == NULL)
		return;
	free(s->per_sec);
	s->per_sec = NULL;
	s->nsec = 0;
}

static void
grow_to(struct sim_stats *s, size_t sec)
{
	size_t n;

	if (sec < s->nsec)
		return;
	n = sec + 1;
	s->per_sec = zrx_xrealloc(s->per_sec, n * sizeof(*s->per_sec));
	memset(s->per_sec + s->nsec, 0, (n - s->nsec) * sizeof(*s->per_sec));
	s->nsec = n;
}

void
sim_stats_accept(struct sim_stats *s, uint64_t now_ms)
{
	size_t sec = (size_t)((now_ms - s->start_ms) / 1000);

	s->ok_requests++;
	grow_to(s, sec);
	s->per_sec[sec]++;
}

void
sim_stats_begin(struct sim_stats *s)
{
	s->inflight++;
	if (s->inflight > s->max_concurrency)
		s->max_concurrency = s->inflight;
}

void
sim_stats_end(struct sim_stats *s)
{
	if (s->inflight > 0)
		s->inflight--;
}

void
sim_stats_json(const struct sim_stats *s, uint64_t now_ms, struct zrx_buf *out)
{
	size_t i, upto = (size_t)((now_ms - s->start_ms) / 1000) + 1;
	int first = 1, k;

	zrx_buf_printf(out, "{\"requests\":%" PRIu64 ",\"by_status\":{",
	    s->requests);
	for (i = 0; i < ZRX_ARRAY_LEN(s->by_status); i++) {
		if (s->by_status[i] == 0)
			continue;
		zrx_buf_printf(out, "%s\"%zu\":%" PRIu64, first ? "" : ",", i,
		    s->by_status[i]);
		first = 0;
	}
	zrx_buf_printf(out, "},\"api_requests\":%" PRIu64 ",\"ok_requests\":%"
	    PRIu64 ",\"max_concurrency\":%" PRIu64 ",\"tokens_issued\":%" PRIu64
	    ",\"faults\":{", s->api_requests, s->ok_requests, s->max_concurrency,
	    s->tokens_issued);
	for (k = SIM_FAULT_NONE + 1; k < SIM_NFAULTS; k++)
		zrx_buf_printf(out, "\"%s\":%" PRIu64 ",",
		    sim_fault_name((enum sim_fault)k), s->faults[k]);
	zrx_buf_printf(out, "\"chunked\":%" PRIu64 "},\"accepted_per_second\":[",
	    s->chunked);
	if (upto < s->nsec)
		upto = s->nsec;
	for (i = 0; i < upto; i++)
		zrx_buf_printf(out, "%s%" PRIu64, i ? "," : "",
		    i < s->nsec ? s->per_sec[i] : 0);
	zrx_buf_printf(out, "],\"inflight\":%" PRIu64 "}", s->inflight);
}
