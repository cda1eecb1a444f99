#!/usr/bin/env python3
"""hostile.py - a Zoom API that lies, on loopback, for tests/it_hostile.sh.

    hostile.py SCENARIO [--port N]

Prints the port it listens on (first line of stdout), then serves POST
/oauth/token, GET /v2/users and GET /v2/users/{id}/recordings the way the
scenario says until it is killed.  GET /_stats answers what it saw: request
counts, every raw request path, and the request headers zrx must never send.
Standard library only.
"""
import json
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TOKEN = "hostile-token"
MIB = 1 << 20


def bomb(chunk, times, head=b"", tail=b""):
    """A gzip stream of head + chunk * times + tail that costs about a
    kilobyte per MiB of chunk: the chunk is compressed once between two
    full flushes (no reference before it), and repeated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)]
    c2 = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = c2.compress(chunk) + c2.flush(zlib.Z_FULL_FLUSH)
    out.extend([piece] * times)
    c3 = zlib.compressobj(9, zlib.DEFLATED, -15)
    out.append(c3.compress(tail) + c3.flush(zlib.Z_FINISH))
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = (len(head) + len(chunk) * times + len(tail)) & 0xFFFFFFFF
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + b"".join(out) + crc.to_bytes(4, "little") + size.to_bytes(4, "little")


def meeting(user, day, n, **extra):
    m = {
        "uuid": "%s-%s-%d==" % (user, day, n),
        "id": 81000000000 + n,
        "host_id": "host",
        "topic": "meeting %d" % n,
        "type": 2,
        "start_time": day + "T10:00:00Z",
        "duration": 30,
        "total_size": 1000,
        "recording_count": 1,
        "recording_files": [{"id": "f%d" % n, "file_type": "MP4", "file_size": 1000}],
    }
    m.update(extra)
    return m


def page(meetings, q, npt="", **top):
    d = {"from": q.get("from", ""), "to": q.get("to", ""), "page_count": 1,
         "page_size": 300, "total_records": len(meetings), "next_page_token": npt,
         "meetings": meetings}
    d.update(top)
    return json.dumps(d).encode()


class State:
    def __init__(self, scenario):
        self.scenario = scenario
        self.lock = threading.Lock()
        self.requests = 0
        self.token_requests = 0
        self.api_requests = 0
        self.paths = []
        self.injected = 0      # requests carrying a header zrx was made to add
        self.bad_auth = 0      # API requests without the bearer token issued
        self.counter = {}
        self.cache = {}

    def once(self, key, make):
        with self.lock:
            if key not in self.cache:
                self.cache[key] = make()
            return self.cache[key]

    def bump(self, key):
        with self.lock:
            self.counter[key] = self.counter.get(key, 0) + 1
            return self.counter[key]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "hostile"
    sys_version = ""

    def log_message(self, fmt, *args):
        pass

    # ---- plumbing ----

    def send(self, status, body, headers=(), close=False):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        has_length = False
        for k, v in headers:
            if k.lower() == "content-length":
                has_length = True
            self.send_header(k, v)
        if not has_length:
            self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def error(self, status, code, message, headers=()):
        self.send(status, json.dumps({"code": code, "message": message}), headers)

    def note(self):
        st = self.server.st
        with st.lock:
            st.requests += 1
            if len(st.paths) < 20000:
                st.paths.append(self.command + " " + self.path)
            for k in self.headers.keys():
                if k.lower().startswith("x-injected"):
                    st.injected += 1

    # ---- requests ----

    def do_POST(self):
        self.note()
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        if urlsplit(self.path).path != "/oauth/token":
            self.error(404, 404, "no such endpoint")
            return
        st = self.server.st
        with st.lock:
            st.token_requests += 1
        sc = st.scenario
        tok = {"access_token": TOKEN, "token_type": "bearer", "expires_in": 3600,
               "scope": "recording:read:admin user:read:admin"}
        if sc == "oauth-huge-expiry":
            tok["expires_in"] = 2 ** 61
        elif sc == "oauth-crlf":
            tok["access_token"] = TOKEN + "\r\nX-Injected: yes"
        self.send(200, json.dumps(tok))

    def do_GET(self):
        u = urlsplit(self.path)
        q = {k: v[0] for k, v in parse_qs(u.query, keep_blank_values=True).items()}
        st = self.server.st
        if u.path == "/_stats":  # the test's own question: not counted
            with st.lock:
                d = {"requests": st.requests, "token_requests": st.token_requests,
                     "api_requests": st.api_requests, "paths": st.paths,
                     "injected": st.injected, "bad_auth": st.bad_auth}
            self.send(200, json.dumps(d))
            return
        self.note()
        with st.lock:
            st.api_requests += 1
            if self.headers.get("Authorization") != "Bearer " + TOKEN:
                st.bad_auth += 1
        if u.path == "/v2/users":
            self.users(q)
            return
        parts = u.path.split("/")
        if len(parts) == 5 and parts[1] == "v2" and parts[2] == "users" and \
                parts[4] == "recordings":
            self.recordings(parts[3], q)
            return
        self.error(404, 404, "no such endpoint: " + u.path)

    def users(self, q):
        st = self.server.st
        if st.scenario != "bad-user-ids" or q.get("status") != "active":
            self.send(200, json.dumps({"page_size": 300, "total_records": 0,
                                       "next_page_token": "", "users": []}))
            return
        ids = ["u\u0000x", "u", "esc\u001b[31m", "..", ".", "ok", "tab\tid",
               "del\u007f", "c1\u0085x", "\u00e9l\u00e8ve"]
        users = [{"id": i, "email": "user%d@example.com" % n, "status": "active"}
                 for n, i in enumerate(ids)]
        self.send(200, json.dumps({"page_size": 300, "total_records": len(users),
                                   "next_page_token": "", "users": users}))

    def recordings(self, user, q):
        st = self.server.st
        sc = st.scenario
        frm, to = q.get("from", ""), q.get("to", "")
        day = frm or "2024-01-01"
        if sc == "ra-429-seconds":
            self.error(429, 429, "You have reached the maximum per-second rate limit "
                       "for this API. Try again later.",
                       [("Retry-After", "999999999"), ("X-RateLimit-Type", "QPS")])
        elif sc == "ra-429-httpdate":
            self.error(429, 429, "Too many requests.",
                       [("Retry-After", "Thu, 01 Jan 2099 00:00:00 GMT")])
        elif sc == "ra-429-iso":
            self.error(429, 429, "Too many requests.",
                       [("Retry-After", "2099-01-01T00:00:00Z")])
        elif sc == "ra-503-huge":
            self.error(503, 503, "Service unavailable.", [("Retry-After", "999999999")])
        elif sc == "ra-429-short" and st.bump("short") == 1:
            self.error(429, 429, "Too many requests.", [("Retry-After", "10")])
        elif sc == "ra-503-short" and st.bump("short") == 1:
            self.error(503, 503, "Service unavailable.", [("Retry-After", "11")])
        elif sc == "ratelimit-junk" and st.bump("junk") <= 3:
            self.error(429, 429, "Too many requests.",
                       [("Retry-After", "1"), ("X-RateLimit-Limit", "0.0000001")])
        elif sc == "clamp-to":
            # claims to have served from the very day it was asked to end on
            self.send(200, page([], q, **{"from": to}))
        elif sc == "clamp-halve":
            # serves the second half of what it was asked, every time
            from datetime import date
            a, b = date.fromisoformat(frm), date.fromisoformat(to)
            mid = a.fromordinal(a.toordinal() + (b.toordinal() - a.toordinal()) // 2)
            self.send(200, page([], q, **{"from": mid.isoformat()}))
        elif sc == "token-cycle":
            nxt = {"": "A", "A": "B", "B": "A"}[q.get("next_page_token", "")]
            n = st.bump("cycle")
            self.send(200, page([meeting(user, day, n)], q, npt=nxt))
        elif sc == "huge-element":
            m = meeting(user, day, 1, topic="x" * (17 * MIB))
            self.send(200, page([m], q))
        elif sc == "gzip-bomb-page":
            # 300 MiB of 1 MiB meetings (all one uuid) in about 300 KB
            body = st.once("page", lambda: bomb(
                b'{"uuid":"same","topic":"' + b"x" * MIB + b'"},', 300,
                head=b'{"from":"' + frm.encode() + b'","next_page_token":"","meetings":[',
                tail=b'{"uuid":"same"}]}'))
            self.send(200, body, [("Content-Encoding", "gzip")])
        elif sc == "page-many":
            # a page of 2 million small meetings, uuids all different:
            # far past the 300 a page may hold
            def make():
                c = zlib.compressobj(1, zlib.DEFLATED, 31)
                out = [c.compress(b'{"next_page_token":"","meetings":[')]
                for k in range(0, 2000000, 10000):
                    out.append(c.compress(b",".join(b'{"uuid":"m%d"}' % i
                                                    for i in range(k, k + 10000)) + b","))
                out.append(c.compress(b'{"uuid":"last"}]}') + c.flush())
                return b"".join(out)
            self.send(200, st.once("many", make), [("Content-Encoding", "gzip")])
        elif sc == "gzip-bomb-error":
            # 1 GiB of blanks after an error object, in about a megabyte
            body = st.once("err", lambda: bomb(
                b" " * MIB, 1024, head=b'{"code":300,"message":"bomb"', tail=b"}"))
            self.send(500, body, [("Content-Encoding", "gzip")])
        elif sc == "content-length-huge":
            self.send(200, page([], q), [("Content-Length", "9223372036854775807")],
                      close=True)
        elif sc == "escapes":
            self.error(400, 1010, "User \u001b[2J\u001b[31mgone\u0007 \u009b31m",
                       [("x-zm-trackingid", "\x1b]0;owned\x07trk\x1b[0m")])
        elif sc == "surrogates":
            ms = []
            for n, t in enumerate(["\\ud800", "\\udc00", "a\\ud800b", "\\ud83d\\ude00",
                                   "\\ud800\\ud800", "\\udc00\\ud800x", "end\\ud83d"]):
                m = json.dumps(meeting(user, day, n, topic="@T@"))
                ms.append(m.replace('"@T@"', '"' + t + '"'))
            body = ('{"from":"%s","to":"%s","next_page_token":"","meetings":[%s]}'
                    % (frm, to, ",".join(ms)))
            self.send(200, body)
        elif sc == "raw-utf8":
            # bytes yajl lets through: past U+10FFFF, an encoded surrogate,
            # an overlong '/'
            ms = []
            for n, t in enumerate([b"a\xf4\x90\x80\x80b", b"\xed\xa0\x80", b"\xc0\xaf",
                                   "\u00e9\U0001F600".encode()]):
                m = json.dumps(meeting(user, day, n, topic="@T@")).encode()
                ms.append(m.replace(b'"@T@"', b'"' + t + b'"'))
            body = (b'{"from":"%s","to":"%s","next_page_token":"","meetings":[%s]}'
                    % (frm.encode(), to.encode(), b",".join(ms)))
            self.send(200, body)
        elif sc == "no-uuid":
            ms = []
            if frm <= "2024-02-01" <= to:
                ms = [meeting(user, "2024-02-01", 1),
                      {"id": 2, "topic": "no uuid", "start_time": "2024-02-01T11:00:00Z"},
                      {"uuid": None, "id": 3, "start_time": "2024-02-01T12:00:00Z"},
                      {"uuid": 12345, "id": 4, "start_time": "2024-02-01T13:00:00Z"},
                      {"uuid": ["x"], "id": 5, "start_time": "2024-02-01T14:00:00Z"}]
            self.send(200, page(ms, q))
        elif sc == "csv-wide":
            files = [{"id": "f%d" % i, "file_type": "MP4", "file_size": i,
                      "play_url": "https://example.com/p/%d" % i} for i in range(300)]
            m = meeting(user, day, 1, topic="t" * MIB, recording_files=files)
            self.send(200, page([m], q))
        elif sc == "bad-user-ids":
            self.send(200, page([meeting(user, "2024-01-10", 1, uuid="m-" + user)], q))
        else:  # "empty", and the rest once their trick is played
            self.send(200, page([], q))


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # zrx hangs up on what it refuses: that is the point, not an error
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: hostile.py SCENARIO [--port N]")
    port = 0
    if len(sys.argv) >= 4 and sys.argv[2] == "--port":
        port = int(sys.argv[3])
    srv = Server(("127.0.0.1", port), Handler)
    srv.st = State(sys.argv[1])
    print(srv.server_address[1], flush=True)
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
