#!/usr/bin/env python3
"""compare.py TRUTH OUTPUT... : the outputs (NDJSON, plain or gzip, several
parts allowed) hold exactly the truth's lines: none missing, none duplicated,
every byte the same.  Order does not matter."""
import collections
import gzip
import sys


def lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if data and not data.endswith(b"\n"):
        raise SystemExit(f"{path}: last line has no newline")
    return data.split(b"\n")[:-1] if data else []


def main():
    truth = collections.Counter(lines(sys.argv[1]))
    got = collections.Counter()
    for p in sys.argv[2:]:
        got.update(lines(p))
    dups = [l for l, n in got.items() if n > 1]
    missing = truth - got
    extra = got - truth
    ok = not missing and not extra and not dups
    print(f"truth {sum(truth.values())} lines, output {sum(got.values())} lines, "
          f"missing {sum(missing.values())}, extra {sum(extra.values())}, duplicated {len(dups)}")
    for name, coll in (("missing", missing), ("extra", extra)):
        for l in list(coll)[:3]:
            print(f"{name}: {l[:300]!r}")
    for l in dups[:3]:
        print(f"duplicated: {l[:300]!r}")
    if not sum(truth.values()):
        print("the truth is empty: a comparison would prove nothing")
        ok = False
    sys.exit(0 if ok else 1)


main()
