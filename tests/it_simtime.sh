#!/bin/sh
# it_simtime.sh - zrx-sim's time model (--now) against its own truth (TAP).
#
# Without --now the dataset is byte for byte what it was before the time
# model existed (checksums below).  With --now, a 200-user account is
# stepped day by day over 60 days through `zrx-sim truth --now`: every
# kind of change must occur many times, each at an allowed instant, and
# nothing else may change.  Then a server started with --now is walked page
# by page and compared with the truth, before and after POST /_sim/now.
set -eu

top_builddir=${top_builddir:-.}
SIM=${ZRX_SIM:-$top_builddir/zrx-sim}

if ! command -v curl >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP curl or python3 missing"
	exit 0
fi
if [ ! -x "$SIM" ]; then
	echo "1..0 # SKIP $SIM not built"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/it_simtime.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

cat >"$tmp/check.py" <<'PYEOF'
import datetime, hashlib, json, os, re, signal, subprocess, sys, time
import urllib.parse

from simjson import canon, cstr, loads, months

SIM = sys.argv[1]
TMP = sys.argv[2]
DATASET = ["--seed", "1", "--users", "200", "--start", "2024-01-01",
           "--end", "2024-04-30"]
FIRST = "2024-02-01T00:00:00Z"
STEP = 24 * 3600
STEPS = 60
DAY = 86400
procs = []
results = []

# sha256 of `zrx-sim truth` output before the time model existed.
TIMELESS = {
    ("1", ""): "fc4ee18c6fe8e783e9810d43116aae462b1ffb8fe20246dabe5b4bbbacd42f24",
    ("1", "--trash"): "511b25a0ccc7b5e1e997fb1e34eaf8aec189a22ffb95a49f4c3277009cdbae18",
    ("1", "--trash --trash-type recording_file"): "2a323ce09ddf5cc226220988e89639727e58b056cb15ee51277cd378a846998c",
    ("1", "--kind users --user-status active,inactive,pending"): "70718d2a73ea8eaa73be30599aa2209c710b606f96aa3161fc27b0edc2858e4d",
    ("2", ""): "c3fa6f09c9336445db516bae9a615e909efd4a557643d2db1cfd47913201dda1",
    ("2", "--trash"): "226b6dc523ad06d5bf658babe3fb2f63a8da0f9a9234c7a2ba07cc3fccd4fce8",
    ("2", "--trash --trash-type recording_file"): "555b285f8725713977880d2494406d9424fb3f3b6e2a27eaf5dc2fe69eabd2f3",
    ("3", ""): "a5e59c8f34587b7d044d1d1cb0c1d6acd8dc66a734983a8b199c7e9bb60e2389",
    ("3", "--trash"): "eaec37c2731c261e66032b6497090e3e9ad644d2f48de85b602595773fa9ab1c",
    ("3", "--trash --trash-type recording_file"): "241a0a90502b015adf63e1532faeeab288a6f3249939694dd4eb15ce9d2f1eb9",
    ("1", "--users 200 --start 2024-01-01 --end 2024-03-31"): "8b03c244c4f34516cc0d27f8b4b5f5fc2f889eba5e309033df3b7146611a10db",
    ("5", "--users 50 --big-user 3000 --from 2024-02-01 --to 2024-05-31"): "24a22b5a8861a0653299c4262d119271c0794b7554d095e80454526b45b849b3",
}


def tap(ok, what):
    results.append(bool(ok))
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), what))
    sys.stdout.flush()


def note(msg):
    print("# " + msg)
    sys.stdout.flush()


def run_sim(args):
    r = subprocess.run([SIM] + args, stdout=subprocess.PIPE,
                       stderr=open(os.path.join(TMP, "sim.err"), "ab"))
    return r.returncode, r.stdout


def truth(now, *args, dataset=DATASET):
    rc, out = run_sim(["truth"] + dataset + ["--now", now] + list(args))
    if rc != 0:
        raise RuntimeError("truth --now %s %s: exit %d" % (now, args, rc))
    # not splitlines(): topics hold U+2028 and other line breaks
    return [ln for ln in out.decode('utf-8').split('\n') if ln]


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc) \
        .strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(s):
    m = re.match(r'(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?'
                 r'(Z|[+-]\d\d:\d\d)$', s)
    d = datetime.datetime(*[int(m.group(i)) for i in range(1, 7)],
                          tzinfo=datetime.timezone.utc)
    z = m.group(8)
    if z != 'Z':
        sign = 1 if z[0] == '+' else -1
        d -= sign * datetime.timedelta(hours=int(z[1:3]), minutes=int(z[4:6]))
    return int(d.timestamp())


def files_of(m):
    return m.get("recording_files") or []


def fkey(f):
    return f["download_url"]


def meeting_end(m):
    end = epoch(m["start_time"]) + int(m["duration"]) * 60
    for f in files_of(m):
        if f.get("recording_end"):
            end = max(end, epoch(f["recording_end"]))
    return end


def untrashed(m):
    """m as the normal listing would show it: no deleted_time."""
    m = dict(m)
    if "recording_files" in m:
        m["recording_files"] = [{k: v for k, v in f.items()
                                 if k != "deleted_time"}
                                for f in m["recording_files"]]
    return m


def fixed_part(m):
    """What never changes: everything but the files and their sums."""
    return {k: v for k, v in m.items()
            if k not in ("recording_files", "total_size", "recording_count")}


def file_fixed(f):
    return {k: v for k, v in f.items()
            if k not in ("status", "recording_end", "file_type",
                         "deleted_time")}


# ---- the account stepped over 60 days ----

class Walk:
    def __init__(self):
        self.n = {k: 0 for k in (
            "arrived", "late_1d", "files_added", "status_changed",
            "trashed", "recovered", "purged", "erased", "file_trashed",
            "file_recovered", "file_purged")}
        self.bad = {k: [] for k in (
            "early", "overlap", "back", "total", "drift", "file_window",
            "deleted_time", "purge_time", "orphan", "future")}
        self.gone = set()        # purged or erased uuids
        self.trashed_in = {}     # uuid -> (t0, t1]: when it went to the trash
        self.prev = None
        self.cache = {}

    def parse(self, ln):
        m = self.cache.get(ln)
        if m is None:
            m = loads(ln)
            self.cache[ln] = m
        return m

    def snapshot(self, t):
        now = iso(t)
        err = open(os.path.join(TMP, "sim.err"), "ab")
        ps = [subprocess.Popen([SIM, "truth"] + DATASET + ["--now", now] +
                               list(args), stdout=subprocess.PIPE, stderr=err)
              for args in ((), ("--trash",),
                           ("--trash", "--trash-type", "recording_file"))]
        snap = []
        for p in ps:
            out = p.communicate()[0]
            if p.returncode != 0:
                raise RuntimeError("truth --now %s: exit %d" % (now,
                                                                p.returncode))
            d = {}
            for ln in out.decode('utf-8').split('\n'):
                if ln:
                    m = self.parse(ln)
                    d[m["uuid"]] = m
            snap.append(d)
        return snap

    def bad_if(self, cond, kind, what):
        if cond:
            self.bad[kind].append(what)

    def check_instant(self, t, snap):
        L, T, F = snap
        self.bad_if(set(L) & set(T), "overlap", (t, set(L) & set(T)))
        self.bad_if(self.gone & (set(L) | set(T) | set(F)), "back", t)
        for u, m in L.items():
            self.bad_if(t < meeting_end(m) + 5 * 60, "early", (t, u))
            self.bad_if(epoch(m["start_time"]) > t, "future", (t, u))
            fs = files_of(m)
            tot = sum(int(f["file_size"]) for f in fs if "file_size" in f)
            self.bad_if(int(m["recording_count"]) != len(fs) or
                        (int(m["total_size"]) != tot and
                         int(m["total_size"]) < 2 ** 53), "total", (t, u))
        for u, m in T.items():
            self.bad_if(not all("deleted_time" in f for f in files_of(m)),
                        "deleted_time", (t, u))
        for u, m in F.items():
            self.bad_if(u not in L, "orphan", (t, u))
            self.bad_if(not files_of(m) or
                        not all("deleted_time" in f for f in files_of(m)),
                        "deleted_time", (t, u))

    def compare(self, t0, t1, s0, s1):
        L0, T0, F0 = s0
        L1, T1, F1 = s1
        for u, m in L1.items():
            if u in L0:
                self.same_meeting(t0, t1, u, L0[u], m, F0.get(u), F1.get(u))
            elif u in T0:
                self.n["recovered"] += 1
                self.bad_if(untrashed(T0[u]) != m, "drift", (t1, u, "back"))
            else:
                self.n["arrived"] += 1
                if t0 >= meeting_end(m) + DAY:
                    self.n["late_1d"] += 1
        for u, m in L0.items():
            if u in L1:
                continue
            if u in T1:
                self.n["trashed"] += 1
                self.trashed_in[u] = (t0, t1)
                # files may have come or completed just before the move
                t = untrashed(T1[u])
                new = {fkey(f): file_fixed(f) for f in files_of(t)}
                self.bad_if(fixed_part(t) != fixed_part(m) or any(
                    new.get(fkey(f)) != file_fixed(f) for f in files_of(m)),
                    "drift", (t1, u, "trash"))
                dt = {epoch(f["deleted_time"]) for f in files_of(T1[u])}
                self.bad_if(any(not t0 < x <= t1 for x in dt) or len(dt) > 1,
                            "deleted_time", (t1, u))
            else:
                self.n["erased"] += 1
                self.gone.add(u)
                self.bad_if(t0 >= epoch(m["start_time"]) + 10 * DAY,
                            "file_window", (t1, u, "erased"))
        for u, m in T0.items():
            if u not in L1 and u not in T1:
                self.n["purged"] += 1
                self.gone.add(u)
                dt = {epoch(f["deleted_time"]) for f in files_of(m)}
                lo, hi = self.trashed_in.get(u, (None, None))
                if dt:
                    lo = hi = dt.pop()
                # a meeting without files shows no deleted_time
                self.bad_if(lo is not None and (t1 <= lo + 30 * DAY or
                                                t0 >= hi + 30 * DAY),
                            "purge_time", (t1, u))
        for u, m in F0.items():
            back = {fkey(f) for f in files_of(L1.get(u, {}))}
            still = {fkey(f) for f in files_of(F1.get(u, {}))}
            for f in files_of(m):
                k = fkey(f)
                if k in back or k in still or u not in L1:
                    continue
                self.n["file_purged"] += 1
                self.bad_if(not t0 < epoch(f["deleted_time"]) + 30 * DAY <= t1,
                            "purge_time", (t1, u, k))

    def same_meeting(self, t0, t1, u, a, b, fa, fb):
        self.bad_if(fixed_part(a) != fixed_part(b), "drift", (t1, u))
        fa_keys = {fkey(f) for f in files_of(fa or {})}
        fb_keys = {fkey(f) for f in files_of(fb or {})}
        old = {fkey(f): f for f in files_of(a)}
        new = {fkey(f): f for f in files_of(b)}
        changed = False
        for k, f in new.items():
            if k not in old:
                changed = True
                if k in fa_keys:
                    self.n["file_recovered"] += 1
                else:
                    self.n["files_added"] += 1
            elif f != old[k]:
                changed = True
                self.bad_if(file_fixed(f) != file_fixed(old[k]) or
                            old[k].get("status") != "processing" or
                            f.get("status") != "completed", "drift",
                            (t1, u, k))
                self.n["status_changed"] += 1
        trashed = {fkey(f): f for f in files_of(fb or {})}
        for k in old:
            if k not in new:
                changed = True
                self.bad_if(k not in trashed or
                            untrashed({"recording_files": [trashed[k]]}) !=
                            {"recording_files": [old[k]]} or
                            not t0 < epoch(trashed[k]["deleted_time"]) <= t1,
                            "drift", (t1, u, k, "lost"))
                self.n["file_trashed"] += 1
        if changed or fb_keys - fa_keys:
            self.bad_if(t0 >= epoch(a["start_time"]) + 10 * DAY,
                        "file_window", (t1, u))

    def hostile(self):
        """Heavy months, uuids with '/' first or '//' inside, at the end."""
        L = self.prev[1][0]
        per = {}
        for m in L.values():
            k = (m["host_id"], m["start_time"][:7])
            per[k] = per.get(k, 0) + 1
        return (max(per.values()),
                sum(1 for u in L if u.startswith("/")),
                sum(1 for u in L if "//" in u))

    def step(self, t):
        snap = self.snapshot(t)
        self.check_instant(t, snap)
        if self.prev is not None:
            self.compare(self.prev[0], t, self.prev[1], snap)
        self.prev = (t, snap)


def walk_60_days():
    w = Walk()
    t0 = epoch(FIRST)
    for i in range(STEPS + 1):
        w.step(t0 + i * STEP)
        if len(w.cache) > 200000:
            w.cache.clear()
    note("over 60 days from %s, day by day: %s" % (
        FIRST, ", ".join("%s %d" % kv for kv in w.n.items())))
    for kind, want in (("arrived", 1000), ("late_1d", 20),
                       ("files_added", 100), ("status_changed", 50),
                       ("trashed", 40), ("recovered", 10), ("purged", 20),
                       ("erased", 10), ("file_trashed", 40),
                       ("file_recovered", 10), ("file_purged", 10)):
        tap(w.n[kind] >= want, "%s: %d times (at least %d)" %
            (kind.replace("_", " "), w.n[kind], want))
    busiest, slash, dslash = w.hostile()
    tap(busiest > 300 and slash > 20 and dslash > 20,
        "at the end, a user has %d meetings in a month; %d uuids start with "
        "'/', %d hold '//'" % (busiest, slash, dslash))
    what = {
        "early": "no meeting is listed before its end + 5 min",
        "future": "no meeting that starts after now is listed",
        "overlap": "the trash and the listing are disjoint at every instant",
        "back": "a purged or erased meeting appears nowhere after",
        "total": "total_size and recording_count follow the files listed",
        "drift": "between two instants nothing changes but files, "
                 "their status, and their sums",
        "file_window": "file changes and erasures happen within 10 days "
                       "of the start",
        "deleted_time": "trashed meetings and files carry deleted_time, the "
                        "instant they were trashed",
        "purge_time": "the trash is purged 30 days after deletion",
        "orphan": "a meeting in the recording_file trash is also listed",
    }
    for k, desc in what.items():
        tap(not w.bad[k], "%s%s" % (desc, "" if not w.bad[k] else
                                    " (%d: %r)" % (len(w.bad[k]),
                                                   w.bad[k][:3])))


# ---- without --now: as before ----

def timeless():
    for seed in ("1", "2", "3", "5"):
        ok, n = True, 0
        for (s, args), want in TIMELESS.items():
            if s != seed:
                continue
            a = args.split()
            if "--users" not in a:
                a = ["--users", "20"] + a
            rc, out = run_sim(["truth", "--seed", seed] + a)
            ok = ok and rc == 0 and hashlib.sha256(out).hexdigest() == want
            n += 1
        tap(ok, "without --now, seed %s: %d truth outputs byte-identical "
            "to before the time model" % (seed, n))


def determinism():
    a = run_sim(["truth"] + DATASET + ["--now", "2024-03-10T07:30:00Z"])
    b = run_sim(["truth"] + DATASET + ["--now", "2024-03-10T07:30:00Z"])
    c = run_sim(["truth"] + DATASET + ["--now", "2024-03-10T07:30:00Z",
                                       "--trash"])
    d = run_sim(["truth"] + DATASET + ["--now", "2024-03-10T07:30:00Z",
                                       "--trash"])
    tap(a == b and c == d and a[0] == 0 and len(a[1]) > 0,
        "the same seed and --now print the same bytes")
    e = run_sim(["truth"] + DATASET + ["--now", "2024-03-10"])
    f = run_sim(["truth"] + DATASET + ["--now", "2024-03-10T00:00:00Z"])
    tap(e == f, "--now YYYY-MM-DD means 00:00:00Z")
    rcs = [run_sim(["truth", "--now", v])[0] for v in (
        "2024-03-10T25:00:00Z", "2024-02-30", "2024-03-10T10:00:00",
        "yesterday", "")]
    tap(rcs == [2] * len(rcs), "a bad --now is a usage error (exit 2)")


# ---- the server ----

def start(*extra):
    p = subprocess.Popen([SIM] + DATASET + list(extra), stdout=subprocess.PIPE,
                         stderr=open(os.path.join(TMP, "sim.err"), "ab"))
    procs.append(p)
    line = p.stdout.readline().decode().strip()
    if not line.isdigit():
        raise RuntimeError("zrx-sim printed no port: %r" % line)
    return p, "http://127.0.0.1:" + line


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = p.wait()
    procs.remove(p)
    return rc


def curl(url, *args):
    r = subprocess.run(["curl", "-sS", "-o", os.path.join(TMP, "b"), "-w",
                        "%{http_code}", "--max-time", "30"] + list(args) +
                       [url], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    body = open(os.path.join(TMP, "b"), "rb").read()
    return int(r.stdout or b"0"), body


AUTH = ["-H", "Authorization: Bearer fixed"]


def pages(base, user, query):
    """Every page of one listing: a list of meeting lists."""
    out, npt = [], ""
    while True:
        url = "%s/v2/users/%s/recordings?%s" % (
            base, urllib.parse.quote(user, safe=''), query)
        if npt:
            url += "&next_page_token=" + urllib.parse.quote(npt, safe='')
        st, b = curl(url, *AUTH)
        if st != 200:
            raise RuntimeError("%s -> %d %r" % (url, st, b[:200]))
        page = loads(b)
        out.append(page["meetings"])
        npt = page["next_page_token"]
        if not npt:
            return out


def served(base, users):
    """Listing, trash and file trash of users, served, as truth lines."""
    frm, to = datetime.date(2024, 1, 1), datetime.date(2024, 4, 30)
    sets = ([], [], [])
    dup = 0
    lo, hi = epoch("2024-01-01T00:00:00Z") // DAY, epoch("2024-04-30T00:00:00Z") // DAY
    for u in users:
        seen = set()
        for wf, wt in months(frm, to):
            for pg in pages(base, u, "from=%s&to=%s&page_size=300" % (wf, wt)):
                uu = [m["uuid"] for m in pg]
                dup += len(uu) - len(set(uu))
                for m in pg:
                    if m["uuid"] in seen or not (
                            lo <= epoch(m["start_time"]) // DAY <= hi):
                        continue
                    seen.add(m["uuid"])
                    m["_user"] = u
                    sets[0].append(canon(m))
        for k, tt in ((1, "meeting_recordings"), (2, "recording_file")):
            for pg in pages(base, u, "trash=true&trash_type=%s&page_size=300"
                            % tt):
                for m in pg:
                    m["_user"] = u
                    sets[k].append(canon(m))
    return [sorted(s) for s in sets], dup


def truth_sets(now, ufile):
    return [sorted(truth(now, "--users", ufile)),
            sorted(truth(now, "--users", ufile, "--trash")),
            sorted(truth(now, "--users", ufile, "--trash", "--trash-type",
                         "recording_file"))]


def server():
    t1, t2 = "2024-03-05T06:00:00Z", "2024-03-25T18:00:00Z"
    counts = {}
    for ln in truth(t1, "--from", "2024-01-01", "--to", "2024-04-30"):
        u = json.loads(ln)["_user"]
        counts[u] = counts.get(u, 0) + 1
    heavy = max(counts, key=counts.get)
    rc, out = run_sim(["list-users"] + DATASET + ["--field", "email"])
    plus = [e for e in out.decode().split() if "+" in e][:2]
    trashy = {}
    for ln in truth(t1, "--trash") + truth(t2, "--trash", "--trash-type",
                                           "recording_file"):
        u = json.loads(ln)["_user"]
        trashy[u] = trashy.get(u, 0) + 1
    users = []
    for u in [heavy] + plus + sorted(trashy, key=lambda u: -trashy[u])[:4]:
        if u not in users and len(users) < 6:
            users.append(u)
    ufile = os.path.join(TMP, "users.txt")
    with open(ufile, "w") as f:
        f.write("\n".join(users) + "\n")

    p, base = start("--access-token", "fixed", "--now", t1)
    st, b = curl(base + "/_sim/now")
    tap(st == 200 and json.loads(b) == {"now": t1},
        "GET /_sim/now answers the --now instant")
    got, dup = served(base, users)
    want = truth_sets(t1, ufile)
    tap(got == want and all(want) and dup == 0,
        "at %s the served listing, trash and file trash of %d users (pages "
        "of 300) equal the truth (%d, %d, %d meetings)" %
        (t1, len(users), len(want[0]), len(want[1]), len(want[2])))
    bigpages = pages(base, heavy, "from=2024-02-01&to=2024-03-01&page_size=300")
    tap(len(bigpages) >= 2, "the heavy user's month spans %d pages of 300" %
        len(bigpages))

    # A token issued at t1, continued after time moved.
    st, b = curl("%s/v2/users/%s/recordings?from=2024-02-01&to=2024-03-01"
                 "&page_size=50" % (base, heavy), *AUTH)
    first = loads(b)
    st, b = curl(base + "/_sim/now", "-X", "POST", "--data-binary", t2)
    tap(st == 200 and json.loads(b) == {"now": t2},
        "POST /_sim/now with TIME as the body moves the instant")
    st, b = curl("%s/v2/users/%s/recordings?from=2024-02-01&to=2024-03-01"
                 "&page_size=50&next_page_token=%s" %
                 (base, heavy, first["next_page_token"]), *AUTH)
    cont = loads(b)["meetings"] if st == 200 else []
    uu = [m["uuid"] for m in first["meetings"] + cont]
    hfile = os.path.join(TMP, "heavy.txt")
    with open(hfile, "w") as f:
        f.write(heavy + "\n")
    at1 = [json.loads(ln)["uuid"] for ln in truth(
        t1, "--users", hfile, "--from", "2024-02-01", "--to", "2024-03-01")]
    tap(st == 200 and len(cont) == 50 and len(uu) == len(set(uu)) and
        uu == at1[:100],
        "a page token issued before the move continues its listing as it "
        "stood then, nothing twice")

    got, dup = served(base, users)
    want2 = truth_sets(t2, ufile)
    tap(got == want2 and want2 != want and dup == 0,
        "after POST /_sim/now, the served sets equal the truth at %s" % t2)
    st, b = curl(base + "/_sim/now?t=%s" % t1, "-X", "POST")
    got, dup = served(base, users[:2])
    st2, b2 = curl(base + "/_sim/now", "-X", "POST", "-d",
                   '{"now":"2024-03-05"}')
    st3, b3 = curl(base + "/_sim/now", "-X", "POST", "-d", "t=2024-03-06")
    tap(st == 200 and got[0] == [x for x in want[0] if any(
        '"_user":' + cstr(u) + '}' in x for u in users[:2])] and
        st2 == 200 and json.loads(b2)["now"] == "2024-03-05T00:00:00Z" and
        st3 == 200 and json.loads(b3)["now"] == "2024-03-06T00:00:00Z",
        "POST /_sim/now?t= moves time back; JSON and form bodies work too")
    bad = [curl(base + "/_sim/now", "-X", "POST", "-d", v)[0]
           for v in ("2024-13-01", "soon", '{"now":1}')]
    tap(bad == [400, 400, 400] and
        json.loads(curl(base + "/_sim/now")[1])["now"] ==
        "2024-03-06T00:00:00Z", "a bad time gets 400 and changes nothing")
    tap(stop(p) == 0, "the server stops cleanly")

    p, base = start("--access-token", "fixed")
    st, b = curl(base + "/_sim/now")
    st2, b2 = curl(base + "/_sim/now", "-X", "POST", "-d", t1)
    tap(st == 200 and json.loads(b) == {"now": None} and st2 == 409,
        "without --now, /_sim/now says null and refuses to move")
    stop(p)


def main():
    timeless()
    determinism()
    walk_60_days()
    server()
    err = open(os.path.join(TMP, "sim.err"), "rb").read().decode("latin-1")
    tap("Sanitizer" not in err and "runtime error" not in err,
        "no sanitizer report from any zrx-sim run")


try:
    main()
except Exception as e:
    import traceback
    for ln in traceback.format_exc().splitlines():
        note(ln)
    tap(False, "unexpected error: %s" % e)
finally:
    for p in procs:
        p.kill()
        p.wait()
print("1..%d" % len(results))
sys.exit(0 if all(results) else 1)
PYEOF

PYTHONPATH="${top_srcdir:-$(dirname "$0")/..}/tests" python3 "$tmp/check.py" "$SIM" "$tmp"
