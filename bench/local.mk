EXTRA_DIST += bench/ratelimit.sh bench/memory.sh bench/report.sh
