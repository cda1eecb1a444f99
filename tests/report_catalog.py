#!/usr/bin/env python3
"""SQL for the sqlite3 CLI that builds a sync catalog (DESIGN.md, "zrx
sync"; README, the catalog's schema) from zrx-sim truths, so the report
can be tested on a catalog before `zrx sync` writes one:

  report_catalog.py --present TRUTH.ndjson --trash TRASH.ndjson \\
      [--user-version N] [--application-id N] | sqlite3 DIR/catalog.sqlite

Present meetings are rows with deleted_batch NULL; trash meetings are rows
deleted by batch 2 with deleted_reason 'trash', in_trash 1, and the
row's deleted_time that of the first file whose deleted_time is a
string (as zrx sync keeps it, and as
report_truth.py --trash-rows reads them).  The doc is the line without its
"_user" key, byte for byte otherwise (numbers keep their digits).
"""
import argparse
import json
import sys

SCHEMA = """CREATE TABLE meetings(
  user TEXT, uuid TEXT, meeting_id TEXT, start_time TEXT, start_date TEXT,
  doc TEXT, fingerprint TEXT, first_batch INTEGER, changed_batch INTEGER,
  deleted_batch INTEGER, deleted_reason TEXT, deleted_time TEXT,
  in_trash INTEGER, PRIMARY KEY(user, uuid));
"""


def q(v):
    if v is None:
        return 'NULL'
    return "'" + str(v).replace("'", "''") + "'"


def rows(path, trash):
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line:
            continue
        m = json.loads(line)
        cut = line.rfind(',"_user":')
        doc = line[:cut] + '}'
        files = m.get('recording_files') if isinstance(m.get('recording_files'), list) else []
        deleted = None
        if trash:
            said = [f['deleted_time'] for f in files if isinstance(f, dict) and
                    isinstance(f.get('deleted_time'), str)]
            deleted = said[0] if said else None
        st = m.get('start_time') if isinstance(m.get('start_time'), str) else None
        yield ('INSERT INTO meetings VALUES(%s,%s,%s,%s,%s,%s,%s,1,1,%s,%s,%s,%s);' % (
            q(m['_user']), q(m.get('uuid')), q(m.get('id')), q(st),
            q(st[:10] if st else None), q(doc), q('fp'), '2' if trash else 'NULL',
            q('trash') if trash else 'NULL', q(deleted), '1' if trash else '0'))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--present', action='append', default=[])
    ap.add_argument('--trash', action='append', default=[])
    ap.add_argument('--user-version', type=int, default=1)
    ap.add_argument('--application-id', type=int, default=0x7a727831)
    a = ap.parse_args()
    out = sys.stdout
    out.write('PRAGMA application_id = %d;\nPRAGMA user_version = %d;\n' %
              (a.application_id, a.user_version))
    out.write('BEGIN;\n' + SCHEMA)
    for p in a.present:
        for r in rows(p, False):
            out.write(r + '\n')
    for p in a.trash:
        for r in rows(p, True):
            out.write(r + '\n')
    out.write('COMMIT;\n')


if __name__ == '__main__':
    main()
