#!/usr/bin/env python3
"""synccheck.py - checks of a zrx sync feed against zrx-sim's truth.

  synccheck.py catalog DIR TRUTH          the catalog's present meetings are
                                          exactly the truth's lines
  synccheck.py apply DIR TRUTH            every batch applied in order
                                          (insert/update = upsert, delete =
                                          delete) gives exactly the truth
  synccheck.py changes DIR BATCH PREV NOW batch BATCH holds exactly the
                                          changes from truth PREV to NOW

Truth files are zrx-sim truth output: one meeting per line with "_user".
Batches may be NDJSON (gzip or not).  Exit 0 when equal, else 1 with what
differs on stdout."""
import gzip
import json
import os
import sqlite3
import sys

SYNC_KEYS = ("_user", "_op", "_batch", "_synced_at", "_reason")


def key_of(doc, raw):
    """The key a meeting is known by: its uuid, or a digest of it."""
    u = doc.get("uuid")
    if isinstance(u, str):
        return u
    import hashlib
    return "#" + hashlib.sha256(raw).hexdigest()


def strip(line):
    """A truth line without its "_user": (user, key, raw object bytes)."""
    obj = json.loads(line)
    user = obj.pop("_user")
    tail = b',"_user":' + json.dumps(user, ensure_ascii=False).encode() + b"}"
    assert line.endswith(tail), line[-80:]
    raw = line[: -len(tail)] + b"}"
    if raw == b"{}":
        raw = b"{}"
    return user, key_of(obj, raw), raw


def load_truth(path):
    out = {}
    with open(path, "rb") as f:
        for line in f:
            line = line.rstrip(b"\n")
            if not line:
                continue
            user, key, raw = strip(line)
            if (user, key) in out:
                raise SystemExit(f"truth holds {user} {key} twice")
            out[(user, key)] = raw
    return out


def load_catalog(d):
    db = sqlite3.connect(f"file:{d}/catalog.sqlite?mode=ro", uri=True)
    out = {}
    for user, uuid, doc in db.execute(
            "SELECT user, uuid, doc FROM meetings WHERE deleted_batch IS NULL"):
        out[(user, uuid)] = doc.encode() if isinstance(doc, str) else doc
    return out


def batch_files(d):
    names = sorted(n for n in os.listdir(os.path.join(d, "batches"))
                   if n.endswith((".ndjson", ".ndjson.gz"))
                   and not n.endswith(".errors.ndjson"))
    return [os.path.join(d, "batches", n) for n in names]


def batch_lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if data and not data.endswith(b"\n"):
        raise SystemExit(f"{path}: the last line has no newline")
    return [l for l in data.split(b"\n") if l]


def split_line(line):
    """(op, user, key, raw object without the sync keys)."""
    obj = json.loads(line)
    op, user = obj["_op"], obj["_user"]
    if op == "delete":
        return op, user, obj.get("uuid"), None
    # the object as sent ends where ,"_user": begins
    i = line.rfind(b',"_user":')
    raw = line[:i] + b"}" if i > 0 else b"{}"
    doc = json.loads(raw)
    return op, user, key_of(doc, raw), raw


def compare(want, got, what):
    missing = [k for k in want if k not in got]
    extra = [k for k in got if k not in want]
    differ = [k for k in want if k in got and want[k] != got[k]]
    print(f"{what}: truth {len(want)}, got {len(got)}, missing {len(missing)}, "
          f"extra {len(extra)}, different {len(differ)}")
    for name, ks in (("missing", missing), ("extra", extra), ("different", differ)):
        for k in ks[:3]:
            print(f"  {name}: {k}")
    return not missing and not extra and not differ


def apply(d):
    state = {}
    for path in batch_files(d):
        for line in batch_lines(path):
            op, user, key, raw = split_line(line)
            if op in ("insert", "update"):
                if op == "update" and (user, key) not in state:
                    raise SystemExit(f"{path}: update of {key} never inserted")
                if op == "insert" and (user, key) in state:
                    raise SystemExit(f"{path}: insert of {key} already present")
                state[(user, key)] = raw
            elif op == "delete":
                if (user, key) not in state:
                    raise SystemExit(f"{path}: delete of {key} not present")
                del state[(user, key)]
            else:
                raise SystemExit(f"{path}: unknown op {op}")
    return state


def changes(d, batch, prev, now):
    want = {}
    for k in now:
        if k not in prev:
            want[k] = "insert"
        elif now[k] != prev[k]:
            want[k] = "update"
    for k in prev:
        if k not in now:
            want[k] = "delete"
    got = {}
    path = [p for p in batch_files(d) if os.path.basename(p).startswith(f"{int(batch):06d}.")]
    if len(path) != 1:
        raise SystemExit(f"no batch {batch}")
    for line in batch_lines(path[0]):
        op, user, key, _ = split_line(line)
        if (user, key) in got:
            raise SystemExit(f"batch {batch} holds {key} twice")
        got[(user, key)] = op
    return compare(want, got, f"batch {batch}")


def rows_consistent(d):
    """Every present row was delivered by a batch (first_batch > 0, the
    batch that last changed it not before); every row in the trash is
    marked deleted."""
    db = sqlite3.connect(f"file:{d}/catalog.sqlite?mode=ro", uri=True)
    bad = db.execute(
        "SELECT user, uuid, first_batch, changed_batch FROM meetings WHERE "
        "deleted_batch IS NULL AND (first_batch < 1 OR changed_batch < first_batch "
        "OR in_trash <> 0) LIMIT 5").fetchall()
    bad += db.execute(
        "SELECT user, uuid, first_batch, changed_batch FROM meetings WHERE "
        "in_trash = 1 AND deleted_batch IS NULL LIMIT 5").fetchall()
    for row in bad:
        print("# catalog row out of order (user, uuid, first_batch, changed_batch): %r" % (row,))
    return not bad


def main():
    mode = sys.argv[1]
    if mode == "catalog":
        ok = compare(load_truth(sys.argv[3]), load_catalog(sys.argv[2]), "catalog")
        ok = rows_consistent(sys.argv[2]) and ok
    elif mode == "apply":
        ok = compare(load_truth(sys.argv[3]), apply(sys.argv[2]), "batches applied")
    elif mode == "changes":
        ok = changes(sys.argv[2], sys.argv[3], load_truth(sys.argv[4]),
                     load_truth(sys.argv[5]))
    else:
        raise SystemExit(__doc__)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
