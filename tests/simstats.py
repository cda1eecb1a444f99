#!/usr/bin/env python3
"""simstats.py PORT [KEY...]: print zrx-sim's stats, or the values at KEY
paths (dot-separated, e.g. by_status.429), one per line (0 when absent)."""
import json
import sys
import urllib.request

port = sys.argv[1]
with urllib.request.urlopen(f"http://127.0.0.1:{port}/_sim/stats", timeout=10) as r:
    stats = json.load(r)
if len(sys.argv) == 2:
    print(json.dumps(stats))
for key in sys.argv[2:]:
    v = stats
    for k in key.split("."):
        v = v.get(k, 0) if isinstance(v, dict) else 0
    print(v)
