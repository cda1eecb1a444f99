EXTRA_DIST += bench/ratelimit.sh bench/memory.sh bench/sync.sh bench/report.sh
