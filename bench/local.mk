EXTRA_DIST += bench/ratelimit.sh bench/memory.sh bench/sync.sh bench/report.sh \
	bench/floor.sh bench/floor.c
