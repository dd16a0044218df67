#!/usr/bin/python3
"""A tiny local stand-in for seed 003's weather REST API (OpenWeather-like).

Usage: weather_stand_in.py PORT [TOKEN]
GET /weather?city=NAME answers one JSON reading; with TOKEN given, requests
must carry "Authorization: Bearer TOKEN" (else 401).
"""
import json
import random
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PORT = int(sys.argv[1])
TOKEN = sys.argv[2] if len(sys.argv) > 2 else None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        if TOKEN and self.headers.get("Authorization") != "Bearer " + TOKEN:
            status, body = 401, {"cod": 401, "message": "Invalid API key"}
        elif url.path != "/weather":
            status, body = 404, {"cod": 404, "message": "not found"}
        else:
            city = q.get("city", "London")
            status, body = 200, {
                "city": city,
                "dt": int(time.time()),
                "main": {"temp": round(random.uniform(5, 25), 1), "humidity": random.randint(30, 90),
                         "pressure": random.randint(990, 1030)},
                "wind": {"speed": round(random.uniform(0, 12), 1)},
                "weather": [{"main": random.choice(["Clear", "Clouds", "Rain"])}],
            }
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
