"""fakezoom.py MEETINGS.json: a tiny recordings API on loopback for the
sync tests that need meetings zrx-sim never makes.  Prints its port, then
serves GET /v2/users/{id}/recordings?from&to[&trash=true]: the meetings of
the file whose day lies in [from, to] (a meeting's "_date" key, removed
when served, else the first ten characters of its start_time), none in the
trash, one page.  POST (any path) makes every meeting gone for good."""
import json
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

MEETINGS = json.load(open(sys.argv[1]))
state = {"gone": False}


def day_of(m):
    return m.get("_date") or str(m.get("start_time", ""))[:10]


class Api(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, obj):
        body = json.dumps(obj).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        state["gone"] = True
        self.answer({})

    def do_GET(self):
        q = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        ms = []
        if q.get("trash") != ["true"] and not state["gone"]:
            ms = [{k: v for k, v in m.items() if k != "_date"} for m in MEETINGS
                  if q["from"][0] <= day_of(m) <= q["to"][0]]
        self.answer({"from": q.get("from", [""])[0], "to": q.get("to", [""])[0],
                     "page_size": 300, "total_records": len(ms),
                     "next_page_token": "", "meetings": ms})


server = HTTPServer(("127.0.0.1", 0), Api)
print(server.server_address[1], flush=True)
server.serve_forever()
