#!/bin/sh
# zrx sync and meetings whose start_time cannot be read ("TBD"): kept,
# dated by the window that listed them, moved along as later windows list
# them, and delivered as deleted ("gone") when the API stops listing them
# inside the re-listed days.  tests/fakezoom.py serves one such meeting,
# really of 2024-06-08, until told it is gone.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 5

cat >"$T/undated.json" <<'JSON'
[{"uuid": "tbd-1", "id": 1, "host_id": "h1", "topic": "undated",
  "start_time": "TBD", "recording_files": [], "_date": "2024-06-08"}]
JSON
$PY "$top_srcdir/tests/fakezoom.py" "$T/undated.json" >"$T/fake.port" 2>"$T/fake.err" &
SIM_PID=$!
i=0
while [ ! -s "$T/fake.port" ] && [ $i -lt 100 ]; do
	i=$((i + 1))
	sleep 0.05
done
FAKE="http://127.0.0.1:$(cat "$T/fake.port")"
use_token

# sync_on DAY: one sync of the feed at 06:00 UTC that day
sync_on() {
	RC=0
	ZRX_NOW="${1}T06:00:00Z" "$ZRX" sync --dir "$T/feed" --user u1 --since 2024-05-01 \
		--base-url "$FAKE/v2" --progress never 2>"$T/zrx.err" || RC=$?
}
present() {
	sqlite3 -readonly "$T/feed/catalog.sqlite" \
		"SELECT uuid || ' ' || start_date FROM meetings WHERE deleted_batch IS NULL"
}

sync_on 2024-06-10
check "the first run keeps the undated meeting (exit $RC)" \
	sh -c "[ $RC = 0 ] && [ \"\$(gzip -dc '$T/feed/batches/000001.ndjson.gz' | grep -c '\"_op\":\"insert\"')\" = 1 ]"
first=$(present | cut -d' ' -f2)
sync_on 2024-06-11
then=$(present | cut -d' ' -f2)
check "listed again, unchanged: not delivered again, dated by its latest window ($first -> $then)" \
	sh -c "[ $RC = 0 ] && [ \"\$(gzip -dc '$T/feed/batches/000002.ndjson.gz' | wc -l)\" = 0 ] &&
	[ '$then' \\> '$first' ]"
curl -s -o /dev/null -X POST "$FAKE/gone"
sync_on 2024-06-12
check "gone from the API inside the re-listed days: delivered as deleted, reason gone" \
	sh -c "[ $RC = 0 ] && gzip -dc '$T/feed/batches/000003.ndjson.gz' |
	grep '\"uuid\":\"tbd-1\"' | grep '\"_reason\":\"gone\"' | grep -q '\"_op\":\"delete\"'"
check "... and the catalog no longer holds it as present" test -z "$(present)"
sync_on 2024-06-13
check "the next run has nothing more to say" \
	sh -c "[ $RC = 0 ] && [ \"\$(gzip -dc '$T/feed/batches/000004.ndjson.gz' | wc -l)\" = 0 ]"
finish
