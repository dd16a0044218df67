#!/usr/bin/python3
"""Local HTTP stand-in for the source.http tests (and the seed 003 template).

Usage: http_stand_in.py PORT [ITEMS] [ITEM_INTERVAL_S] [CERT KEY]
(with CERT and KEY it serves HTTPS)

Roles, by path:
  /weather?city=C     a weather-like API: one JSON object per call; needs
                      "Authorization: Bearer test-token-123".
  /items?after=K&page_token=T&limit=N
                      a cursor-paginated API whose list grows while we poll
                      (an item every ITEM_INTERVAL_S until ITEMS exist);
                      next_cursor is set while more items follow.
  /flaky              429 with Retry-After: 1, then 500, then 200 with records.
  /pages?page=N       page-number pagination: 3 pages of 2 items, then empty.
  /next?p=N           next-URL pagination: 3 pages, the URL of the next in "next".
  /forbidden          403 with a JSON body.
  /stats              what the server saw: request log with times.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PORT = int(sys.argv[1])
MAX_ITEMS = int(sys.argv[2]) if len(sys.argv) > 2 else 500
ITEM_INTERVAL = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01

lock = threading.Lock()
items = []
log = []
flaky_calls = [0]


def grow():
    while True:
        with lock:
            if len(items) >= MAX_ITEMS:
                return
            n = len(items) + 1
            items.append({"id": n, "name": "item-%d" % n, "created": time.time()})
        time.sleep(ITEM_INTERVAL)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        with lock:
            log.append({"t": time.time(), "path": url.path, "query": q})
        if url.path == "/weather":
            if self.headers.get("Authorization") != "Bearer test-token-123":
                return self.send(401, {"error": "missing or wrong token"})
            city = q.get("city", "Berlin")
            return self.send(200, {"city": city, "temp_c": 21.5, "humidity": 40,
                                   "observed_at": int(time.time())})
        if url.path == "/items":
            after = int(q.get("page_token") or q.get("after") or 0)
            limit = int(q.get("limit", "10"))
            with lock:
                page = [i for i in items if i["id"] > after][:limit]
                more = bool(page) and any(i["id"] > page[-1]["id"] for i in items)
            return self.send(200, {"items": page, "next_cursor": str(page[-1]["id"]) if more else None})
        if url.path == "/flaky":
            flaky_calls[0] += 1
            if flaky_calls[0] == 1:
                return self.send(429, {"error": "slow down"}, {"Retry-After": "1"})
            if flaky_calls[0] == 2:
                return self.send(500, {"error": "oops"})
            return self.send(200, {"data": [{"n": 1}, {"n": 2}]})
        if url.path == "/pages":
            page = int(q.get("page", "1"))
            data = [{"page": page, "i": i} for i in range(2)] if page <= 3 else []
            return self.send(200, {"results": data})
        if url.path == "/next":
            p = int(q.get("p", "1"))
            nxt = "http://127.0.0.1:%d/next?p=%d" % (PORT, p + 1) if p < 3 else None
            return self.send(200, {"rows": [{"p": p}], "links": {"next": nxt}})
        if url.path == "/forbidden":
            return self.send(403, {"error": "this API key may not read /forbidden"})
        if url.path == "/stats":
            with lock:
                return self.send(200, {"log": log, "items": len(items)})
        return self.send(404, {"error": "no such path"})


threading.Thread(target=grow, daemon=True).start()
server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
if len(sys.argv) > 5:
    import ssl
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[4], sys.argv[5])
    server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
