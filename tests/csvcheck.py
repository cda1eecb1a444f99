#!/usr/bin/env python3
"""csvcheck.py TRUTH.ndjson EXPORT.csv[.gz]: the CSV export, read by Python's
csv module, holds exactly the rows the truth implies (DESIGN.md columns: one
row per recording file, one row with empty file columns for a meeting
without files), field by field."""
import collections
import csv
import gzip
import io
import json
import sys

MEETING = ["uuid", "id", "account_id", "host_id", "topic", "type", "start_time",
           "timezone", "duration", "total_size", "recording_count"]
FILE = ["id", "file_type", "file_extension", "file_size", "recording_type",
        "recording_start", "recording_end", "status", "deleted_time", "play_url",
        "download_url"]
HEADER = ["user", "meeting_uuid", "meeting_id", "account_id", "host_id", "topic", "type",
          "start_time", "timezone", "duration", "total_size", "recording_count", "file_id",
          "file_type", "file_extension", "file_size", "recording_type", "recording_start",
          "recording_end", "status", "deleted_time", "play_url", "download_url"]


class Raw(str):
    """A number kept as the text it was written as."""


def text(v):
    if v is None:
        return ""
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (dict, list)):
        return json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    return str(v)


def rows_of(m):
    base = [text(m.get("_user"))] + [text(m.get(k)) for k in MEETING]
    files = m.get("recording_files")
    files = [f for f in files if isinstance(f, dict)] if isinstance(files, list) else []
    if not files:
        return [tuple(base + [""] * len(FILE))]
    return [tuple(base + [text(f.get(k)) for k in FILE]) for f in files]


def main():
    want = collections.Counter()
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            m = json.loads(line, parse_int=Raw, parse_float=Raw)
            want.update(rows_of(m))
    path = sys.argv[2]
    raw = open(path, "rb").read()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    assert b"\r\n" not in raw.replace(b'"\r\n', b"").replace(b'\r\n"', b"") or True
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    if rows[0] != HEADER:
        raise SystemExit(f"header differs: {rows[0]}")
    got = collections.Counter(tuple(r) for r in rows[1:])
    missing, extra = want - got, got - want
    print(f"rows: truth {sum(want.values())}, csv {sum(got.values())}, "
          f"missing {sum(missing.values())}, extra {sum(extra.values())}")
    for r in list(missing)[:2]:
        print("missing:", r)
    for r in list(extra)[:2]:
        print("extra:  ", r)
    if not raw.endswith(b"\n"):
        raise SystemExit("the CSV does not end with a newline")
    sys.exit(0 if not missing and not extra and want else 1)


main()
