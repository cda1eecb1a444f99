#!/bin/sh
# run.sh SRCDIR TARGET SECONDS - run one fuzz target for SECONDS over a
# scratch copy of its checked-in corpus (tests/fuzz/corpus/TARGET).  New
# inputs go to fuzz-work/TARGET/corpus; a crash or a failed property stops
# it, the input kept as fuzz-work/TARGET/crash-* (rerun it with
# tests/fuzz/TARGET FILE).
set -eu
srcdir=$1
t=$2
secs=$3
work=fuzz-work/$t
rm -rf "$work"
mkdir -p "$work/corpus"
if tests/fuzz/$t -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
	-print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "$srcdir/tests/fuzz/corpus/$t" \
	>"$work.log" 2>&1; then
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work.log")
	cov=$(grep -o 'cov: [0-9]*' "$work.log" | tail -n 1)
	echo "PASS: $t: ${runs:-?} inputs in $secs s, $cov"
else
	echo "FAIL: $t"
	tail -n 60 "$work.log"
	exit 1
fi
