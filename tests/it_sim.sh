#!/bin/sh
# it_sim.sh - zrx-sim against its own truth, through curl (TAP output).
#
# Starts zrx-sim on free loopback ports and checks, with curl as the client
# and python3 for the bookkeeping: OAuth, the error codes, users paging, the
# month clamp, page tokens, recordings merged over month windows and pages
# (both --to-semantics) against `zrx-sim truth`, trash, each fault, the rate
# and daily limits, /_sim/stats, and a clean exit on SIGTERM.
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

tmp=$(mktemp -d "${TMPDIR:-/tmp}/it_sim.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

cat >"$tmp/check.py" <<'PYEOF'
import datetime, json, os, re, signal, subprocess, sys, time, urllib.parse

from simjson import canon, loads, months

SIM = sys.argv[1]
TMP = sys.argv[2]
DATASET = ["--seed", "7", "--users", "30", "--start", "2024-01-01",
           "--end", "2024-04-30"]
procs = []
results = []


def tap(ok, what):
    results.append(ok)
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), what))
    sys.stdout.flush()


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


def curl(url, *args, timeout=30):
    """Run curl; returns (exit code, status, headers dict, body bytes)."""
    hdr = os.path.join(TMP, "h")
    body = os.path.join(TMP, "b")
    for f in (hdr, body):
        if os.path.exists(f):
            os.unlink(f)
    r = subprocess.run(["curl", "-sS", "-D", hdr, "-o", body, "--max-time",
                        str(timeout)] + list(args) + [url],
                       stderr=subprocess.DEVNULL)
    status, headers = 0, {}
    if os.path.exists(hdr):
        for ln in open(hdr, "rb").read().decode("latin-1").split("\r\n"):
            m = re.match(r"HTTP/1\.[01] (\d+)", ln)
            if m:
                status, headers = int(m.group(1)), {}
            elif ":" in ln:
                k, v = ln.split(":", 1)
                headers[k.strip().lower()] = v.strip()
    data = open(body, "rb").read() if os.path.exists(body) else b""
    return r.returncode, status, headers, data


def utc_date(st):
    """The UTC date of a start_time, or None when it is no timestamp."""
    m = re.match(r'(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$',
                 st if isinstance(st, str) else "")
    try:
            d = datetime.datetime(*[int(m.group(i)) for i in range(1, 7)])
    except (AttributeError, ValueError):
        return None
    z = m.group(8)
    if z != 'Z':
        sign = 1 if z[0] == '+' else -1
        d -= sign * datetime.timedelta(hours=int(z[1:3]), minutes=int(z[4:6]))
    return d.date()


def truth(*args):
    r = subprocess.run([SIM, "truth"] + DATASET + list(args),
                       stdout=subprocess.PIPE, check=True)
    # not splitlines(): topics hold U+2028 and other line breaks
    return [ln for ln in r.stdout.decode('utf-8').split('\n') if ln]


def sim_list(*args):
    r = subprocess.run([SIM, "list-users"] + DATASET + list(args),
                       stdout=subprocess.PIPE, check=True)
    return r.stdout.decode().split()


def get_token(base):
    rc, st, h, b = curl(base + "/oauth/token", "-u",
                        "sim-client-id:sim-client-secret", "-d",
                        "grant_type=account_credentials&account_id=sim-account-id")
    return json.loads(b)["access_token"] if st == 200 else None


def export(base, tok, user, frm, to, page_size=300, extra=""):
    """All meetings of user in [frm, to] over month windows and pages:
    canonical lines with _user, and the largest page count of a window."""
    seen, lines, maxpages = set(), [], 0
    for wf, wt in months(frm, to):
        q = "from=%s&to=%s&page_size=%d%s" % (wf, wt, page_size, extra)
        npt, pages = "", 0
        while True:
            url = "%s/v2/users/%s/recordings?%s" % (
                base, urllib.parse.quote(user, safe=''), q)
            if npt:
                url += "&next_page_token=" + urllib.parse.quote(npt, safe='')
            rc, st, h, b = curl(url, "-H", "Authorization: Bearer " + tok)
            if st != 200:
                raise RuntimeError("%s -> %d %r" % (url, st, b[:200]))
            page = loads(b)
            pages += 1
            for m in page["meetings"]:
                if m["uuid"] in seen:
                    continue
                # kept, as zrx does, when it is no timestamp
                d = utc_date(m.get("start_time"))
                if d is not None and not (frm <= d <= to):
                    continue
                seen.add(m["uuid"])
                m["_user"] = user
                lines.append(canon(m))
            npt = page["next_page_token"]
            if not npt:
                break
        maxpages = max(maxpages, pages)
    return lines, maxpages


def main():
    p, base = start()
    tap(True, "zrx-sim starts and prints its port")

    # OAuth
    rc, st, h, b = curl(base + "/oauth/token", "-u",
                        "sim-client-id:sim-client-secret", "-d",
                        "grant_type=account_credentials&account_id=sim-account-id")
    j = json.loads(b) if st == 200 else {}
    tap(st == 200 and j.get("token_type") == "bearer" and
        j.get("expires_in") == 3600 and j.get("api_url") == base and
        "x-zm-trackingid" in h, "token fetch answers 200 with a bearer token")
    tok = j.get("access_token", "")
    rc, st, h, b = curl(base + "/oauth/token", "-u", "sim-client-id:wrong", "-d",
                        "grant_type=account_credentials&account_id=sim-account-id")
    tap(st == 401 and json.loads(b).get("error") == "invalid_client",
        "a wrong client secret gets 401 invalid_client")
    rc, st, h, b = curl(base + "/oauth/token?grant_type=account_credentials"
                        "&account_id=other", "-u",
                        "sim-client-id:sim-client-secret", "-X", "POST")
    tap(st == 400 and json.loads(b).get("error") == "invalid_request",
        "a wrong account id gets 400 invalid_request")

    auth = ["-H", "Authorization: Bearer " + tok]
    rc, st, h, b = curl(base + "/v2/users")
    tap(st == 401 and json.loads(b) == {"code": 124,
                                        "message": "Invalid access token."},
        "no bearer token gets 401 code 124")

    # Users paging against truth --kind users
    got = set()
    for status in ("active", "inactive", "pending"):
        npt = ""
        while True:
            url = base + "/v2/users?status=%s&page_size=7" % status
            if npt:
                url += "&next_page_token=" + npt
            rc, st, h, b = curl(url, *auth)
            page = loads(b)
            for u in page["users"]:
                got.add(canon(u))
            npt = page["next_page_token"]
            if not npt:
                break
    want = set(truth("--kind", "users", "--user-status",
                     "active,inactive,pending"))
    tap(got == want and len(want) > 25,
        "users merged over pages of 7 equal the truth (%d)" % len(want))

    active = sim_list("--status", "active")
    inactive = sim_list("--status", "inactive")
    dual = [u for u in active if u in inactive]
    tap(len(dual) == 1, "one active user is also listed as inactive")

    # Errors of the recordings endpoint
    uid = active[0]
    rbase = base + "/v2/users/" + uid + "/recordings"
    rc, st, h, b = curl(base + "/v2/users/nobody%40example.com/recordings"
                        "?from=2024-01-01&to=2024-01-31", *auth)
    tap(st == 404 and json.loads(b).get("code") == 1001,
        "an unknown user gets 404 code 1001")
    rc, st, h, b = curl(rbase + "?from=2024-02-01&to=2024-01-01", *auth)
    rc2, st2, h2, b2 = curl(rbase + "?from=2024-02-30&to=2024-03-01", *auth)
    tap(st == 400 and json.loads(b).get("code") == 300 and st2 == 400,
        "from after to, or a bad date, gets 400 code 300")
    rc, st, h, b = curl(rbase + "?from=2024-01-01&to=2024-04-15", *auth)
    j = json.loads(b)
    tap(st == 200 and j["from"] == "2024-03-15" and j["to"] == "2024-04-15",
        "a range over a month is clamped to the month before to")
    rc, st, h, b = curl(rbase + "?from=2024-01-01&to=2024-01-31&page_size=0",
                        *auth)
    rc2, st2, h2, b2 = curl(rbase + "?from=2024-01-01&to=2024-01-31"
                            "&page_size=5000", *auth)
    tap(st == 400 and st2 == 200 and json.loads(b2)["page_size"] == 300,
        "page_size 0 is refused, 5000 is clamped to 300")
    rc, st, h, b = curl(rbase + "?from=2024-01-01&to=2024-01-31"
                        "&next_page_token=bogus", *auth)
    tap(st == 400 and json.loads(b) == {
        "code": 300, "message": "The next page token is invalid or expired."},
        "an unknown next_page_token gets 400 code 300")

    # Recordings over windows and pages against the truth
    counts = {}
    for ln in truth("--from", "2024-01-01", "--to", "2024-04-30"):
        u = json.loads(ln)["_user"]
        counts[u] = counts.get(u, 0) + 1
    heavy = max(counts, key=counts.get)
    emails = sim_list("--status", "active,inactive", "--field", "email")
    plus = [e for e in emails if "+" in e][0]
    users = []
    for u in (heavy, plus, plus.upper(), inactive[0], dual[0]):
        if u not in users:
            users.append(u)
    users.append("unknown-user-id")
    ufile = os.path.join(TMP, "users.txt")
    with open(ufile, "w") as f:
        f.write("# the users to check\r\n\r\n")
        for u in users:
            f.write("  %s \r\n" % u)
        f.write(heavy + "\n")

    frm, to = datetime.date(2024, 1, 1), datetime.date(2024, 4, 30)
    want = sorted(truth("--users", ufile, "--from", str(frm), "--to", str(to)))
    got, pages = [], 0
    for u in users[:-1]:
        lines, mp = export(base, tok, u, frm, to)
        got += lines
        pages = max(pages, mp)
    tap(got and sorted(got) == want,
        "inclusive: merged windows equal the truth (%d meetings)" % len(want))
    tap(pages >= 3, "the heavy user needs %d pages of 300 in a month" % pages)

    pf, pt = datetime.date(2024, 1, 17), datetime.date(2024, 3, 9)
    want = sorted(truth("--users", ufile, "--from", str(pf), "--to", str(pt)))
    got = []
    for u in users[:2]:
        got += export(base, tok, u, pf, pt, page_size=45)[0]
    want = [ln for ln in want if json.loads(ln)["_user"] in users[:2]]
    tap(got and sorted(got) == want,
        "a partial range with page_size 45 equals the truth")

    # A page token is bound to its query
    rc, st, h, b = curl("%s/v2/users/%s/recordings?from=2024-01-01&to=2024-02-01"
                        "&page_size=2" % (base, heavy), *auth)
    npt = json.loads(b)["next_page_token"]
    rc, st, h, b = curl("%s/v2/users/%s/recordings?from=2024-01-01&to=2024-02-02"
                        "&page_size=2&next_page_token=%s" % (base, heavy, npt),
                        *auth)
    rc2, st2, h2, b2 = curl("%s/v2/users/%s/recordings?from=2024-01-01"
                            "&to=2024-02-01&page_size=2&next_page_token=%s" %
                            (base, heavy, npt), *auth)
    tap(st == 400 and st2 == 200, "a next_page_token only works for its query")
    curl(base + "/_sim/expire-page-tokens", "-X", "POST")
    rc, st, h, b = curl("%s/v2/users/%s/recordings?from=2024-01-01&to=2024-02-01"
                        "&page_size=2&next_page_token=%s" % (base, heavy, npt),
                        *auth)
    tap(st == 400 and json.loads(b)["code"] == 300,
        "an expired next_page_token gets 400 code 300")

    # Trash and meeting_id
    for tt in ("meeting_recordings", "recording_file"):
        want = sorted(truth("--users", ufile, "--trash", "--trash-type", tt))
        got = []
        for u in users[:-1]:
            rc, st, h, b = curl("%s/v2/users/%s/recordings?trash=true"
                                "&trash_type=%s&page_size=300" %
                                (base, urllib.parse.quote(u, safe=''), tt), *auth)
            for m in loads(b)["meetings"]:
                m["_user"] = u
                got.append(canon(m))
        tap(want and sorted(got) == want and
            all("deleted_time" in ln for ln in want),
            "trash %s equals the truth" % tt)
    mid = json.loads(truth("--users", ufile, "--from", "2024-02-01", "--to",
                           "2024-02-29")[0])
    want = sorted(truth("--users", ufile, "--from", "2024-02-01", "--to",
                        "2024-02-29", "--meeting-id", str(mid["id"])))
    want = [ln for ln in want if json.loads(ln)["_user"] == mid["_user"]]
    got = export(base, tok, mid["_user"], datetime.date(2024, 2, 1),
                 datetime.date(2024, 2, 29), extra="&meeting_id=%s" % mid["id"])[0]
    tap(want and sorted(got) == want, "meeting_id filters as the truth does")

    # Token expiry
    curl(base + "/_sim/expire-tokens", "-X", "POST")
    rc, st, h, b = curl(base + "/v2/users", *auth)
    tap(st == 401 and json.loads(b)["message"] == "Access token is expired.",
        "an expired token gets 401 code 124 'Access token is expired.'")

    rc, st, h, b = curl(base + "/_sim/stats")
    s = json.loads(b)
    tap(st == 200 and s["tokens_issued"] == 1 and s["by_status"]["200"] ==
        s["ok_requests"] + 1 and s["api_requests"] > s["ok_requests"] and
        sum(s["accepted_per_second"]) == s["ok_requests"] and
        set(s["faults"]) >= {"5xx", "reset", "reset_body", "short_body",
                             "stall", "bad_json", "chunked"},
        "/_sim/stats counts requests, statuses and tokens")
    tap(stop(p) == 0, "SIGTERM stops zrx-sim with exit status 0")

    # Exclusive to
    p, base = start("--to-semantics", "exclusive", "--access-token", "fixed")
    want = sorted(truth("--users", ufile, "--from", str(frm), "--to", str(to)))
    got = []
    for u in users[:-1]:
        got += export(base, "fixed", u, frm, to)[0]
    tap(got and sorted(got) == want,
        "exclusive: merged windows equal the truth (fixed --access-token)")
    rc, st, h, b = curl(base + "/v2/users/%s/recordings?from=2024-01-01"
                        "&to=2024-01-01" % heavy, "-H", "Authorization: Bearer fixed")
    tap(st == 200 and json.loads(b)["total_records"] == 0,
        "exclusive: from == to lists nothing")
    tap(stop(p) == 0, "exclusive sim stops cleanly")

    # --messy: a few percent of the meetings change, served as in the truth
    plain, messy = truth(), truth("--messy")
    diff = [(a, b) for a, b in zip(plain, messy) if a != b]
    tap(len(plain) == len(messy) and
        0.02 * len(plain) <= len(diff) <= 0.1 * len(plain) and
        all(json.loads(a)["uuid"] == json.loads(b)["uuid"] for a, b in diff),
        "--messy changes %d of %d meetings, the same meetings in the same "
        "order" % (len(diff), len(plain)))
    p, base = start("--messy", "--access-token", "fixed")
    frm, to = datetime.date(2024, 1, 1), datetime.date(2024, 3, 31)
    want = sorted(truth("--messy", "--users", ufile, "--from", str(frm), "--to",
                        str(to)))
    got = []
    for u in users[:-1]:
        got += export(base, "fixed", u, frm, to)[0]
    bad = [ln for ln in got if utc_date(json.loads(ln).get("start_time")) is None]
    tap(got and sorted(got) == want and bad,
        "--messy: windows asked for a day more equal the truth, %d start_times "
        "that are no timestamp kept" % len(bad))
    stop(p)

    # Faults, one at a time
    url = "/v2/users/%s/recordings?from=2024-01-01&to=2024-02-01" % heavy
    fixed = ["-H", "Authorization: Bearer fixed"]

    def fault_run(opt, *cargs, timeout=30):
        fp, fb = start("--access-token", "fixed", opt, "1")
        r = curl(fb + url, *(fixed + list(cargs)), timeout=timeout)
        s = json.loads(curl(fb + "/_sim/stats")[3])
        rc = stop(fp)
        return r, s, rc

    (rc, st, h, b), s, src = fault_run("--p-5xx")
    tap(st in (500, 502, 503, 504) and s["faults"]["5xx"] == 1 and src == 0,
        "--p-5xx answers %d" % st)
    (rc, st, h, b), s, src = fault_run("--p-reset")
    tap(rc in (52, 56) and st == 0 and s["faults"]["reset"] == 1,
        "--p-reset closes without an answer")
    (rc, st, h, b), s, src = fault_run("--p-reset-body")
    tap(rc in (18, 56) and st == 200 and
        len(b) < int(h.get("content-length", "0")),
        "--p-reset-body sends part of the body, then closes")
    (rc, st, h, b), s, src = fault_run("--p-short-body")
    tap(rc == 18 and st == 200 and len(b) < int(h.get("content-length", "0")),
        "--p-short-body announces more than it sends")
    (rc, st, h, b), s, src = fault_run("--p-stall", timeout=1)
    tap(rc == 28 and st == 200 and s["faults"]["stall"] == 1,
        "--p-stall goes silent mid-body")
    (rc, st, h, b), s, src = fault_run("--p-bad-json")
    try:
        json.loads(b)
        bad = False
    except ValueError:
        bad = True
    tap(st == 200 and bad, "--p-bad-json answers 200 with invalid JSON")
    (rc, st, h, b), s, src = fault_run("--p-chunked")
    want_lines = sorted(truth("--users", ufile, "--from", "2024-01-01", "--to",
                              "2024-02-01"))
    tap(rc == 0 and st == 200 and h.get("transfer-encoding") == "chunked" and
        len(loads(b)["meetings"]) > 0 and s["faults"]["chunked"] == 1,
        "--p-chunked sends a correct chunked answer")

    # Rate and daily limits
    p, base = start("--access-token", "fixed", "--rate", "1", "--burst", "2")
    sts, limited = [], None
    for i in range(5):
        rc, st, h, b = curl(base + "/v2/users", *fixed)
        sts.append(st)
        if st == 429 and limited is None:
            limited = (h, json.loads(b))
    h, j = limited if limited else ({}, {})
    tap(sts[:2] == [200, 200] and 429 in sts and
        h.get("x-ratelimit-type") == "QPS" and h.get("retry-after") == "1" and
        h.get("x-ratelimit-category") == "Medium" and j.get("code") == 429,
        "--rate 1 --burst 2: the third quick request gets 429 QPS")
    stop(p)
    p, base = start("--access-token", "fixed", "--daily-limit", "2")
    sts = [curl(base + "/v2/users", *fixed) for i in range(3)]
    h, j = sts[2][2], json.loads(sts[2][3])
    tap([x[1] for x in sts] == [200, 200, 429] and
        h.get("x-ratelimit-type") == "Daily-limit" and
        re.match(r"\d{4}-\d\d-\d\dT00:00:00Z$", h.get("retry-after", "")) and
        "daily" in j.get("message", ""),
        "--daily-limit 2: the third request gets 429 Daily-limit")
    stop(p)

    # list-users
    ids = sim_list()
    tap(len(ids) == len(set(ids)) and set(dual) <= set(ids) and
        len(ids) == len(set(active) | set(inactive)),
        "list-users prints each active or inactive user once")

    err = open(os.path.join(TMP, "sim.err"), "rb").read().decode("latin-1")
    tap("Sanitizer" not in err and "runtime error" not in err,
        "no sanitizer report from any zrx-sim run")


try:
    main()
except Exception as e:
    tap(False, "unexpected error: %s" % e)
finally:
    for p in procs:
        p.kill()
        p.wait()
print("1..%d" % len(results))
sys.exit(0 if all(results) else 1)
PYEOF

PYTHONPATH="${top_srcdir:-$(dirname "$0")/..}/tests" python3 "$tmp/check.py" "$SIM" "$tmp"
