#!/usr/bin/python3
"""A strict Elasticsearch test double for sink.elasticsearch (no real
Elasticsearch can run here). It follows the Elasticsearch reference pages
"Bulk API" (NDJSON body, action/metadata line then source line, final newline,
Content-Type application/x-ndjson, per-item results with status and error),
"Index API" (version_type external: a version not above the stored one is a
409 version_conflict_engine_exception), "Update API" (doc + doc_as_upsert),
"Data streams" (only create, @timestamp required) and "Index name
restrictions"; GET / answers like Elasticsearch 8.

Anything a real server would refuse, and anything sloppy a lenient server
would let pass, is recorded as a violation (GET /_double/state) and answered
400. Responses can be scripted (POST /_double/script):
  {"requests": [503, 429], "items": {"<_id>": [400, 429]}, "delay_ms": 50}
whole-request statuses are used by the next bulk requests in turn; item
statuses by the next actions on that _id.

Usage: es_double.py --port-file FILE [--flavor elasticsearch|opensearch|other]
"""
import argparse
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"docs": {}, "violations": [], "bulk_requests": 0, "actions": 0, "in_flight": 0, "max_in_flight": 0,
         "auth": []}
SCRIPT = {"requests": [], "items": {}, "delay_ms": 0}
FLAVOR = "elasticsearch"
INDEX_NAME = re.compile(r'^[^A-Z\\/*?"<>| ,#:]+$')


def index_problem(name):
    if not isinstance(name, str) or not name:
        return "missing _index"
    if name in (".", "..") or name[0] in "-_+" or len(name.encode()) > 255 or not INDEX_NAME.match(name):
        return "invalid index name [%s]" % name
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with LOCK:
            STATE["auth"].append(self.headers.get("Authorization", ""))
        if self.path == "/":
            if FLAVOR == "other":
                return self.reply(200, {"hello": "this is not a search engine"})
            version = {"number": "8.11.0", "build_flavor": "default"}
            body = {"name": "double", "cluster_name": "test", "version": version, "tagline": "You Know, for Search"}
            if FLAVOR == "opensearch":
                body["version"] = {"distribution": "opensearch", "number": "2.11.0"}
                body["tagline"] = "The OpenSearch Project: https://opensearch.org/"
            return self.reply(200, body)
        if self.path == "/_double/state":
            with LOCK:
                return self.reply(200, STATE)
        self.reply(404, {"error": "no such path"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self.path == "/_double/script":
            with LOCK:
                SCRIPT.update(json.loads(body))
            return self.reply(200, {"ok": True})
        if self.path != "/_bulk":
            return self.reply(404, {"error": "no such path"})
        with LOCK:
            STATE["bulk_requests"] += 1
            STATE["in_flight"] += 1
            STATE["max_in_flight"] = max(STATE["max_in_flight"], STATE["in_flight"])
            STATE["auth"].append(self.headers.get("Authorization", ""))
            forced = SCRIPT["requests"].pop(0) if SCRIPT["requests"] else None
            delay = SCRIPT.get("delay_ms", 0)
        try:
            if delay:
                time.sleep(delay / 1000.0)
            if forced:
                return self.reply(forced, {"error": {"type": "scripted", "reason": "scripted %d" % forced},
                                           "status": forced})
            self.bulk(body)
        finally:
            with LOCK:
                STATE["in_flight"] -= 1

    def violation(self, message):
        with LOCK:
            STATE["violations"].append(message)
        self.reply(400, {"error": {"type": "illegal_argument_exception", "reason": message}, "status": 400})

    def bulk(self, body):
        ctype = self.headers.get("Content-Type", "")
        if ctype.split(";")[0].strip() != "application/x-ndjson":
            return self.violation("Content-Type must be application/x-ndjson, got [%s]" % ctype)
        text = body.decode("utf-8")
        if not text.endswith("\n"):
            return self.violation("The bulk request must be terminated by a newline [\\n]")
        lines = text[:-1].split("\n")
        parsed = []
        for n, line in enumerate(lines):
            try:
                value = json.loads(line)
            except ValueError as e:
                return self.violation("line %d is not one JSON object: %s" % (n + 1, e))
            if not isinstance(value, dict):
                return self.violation("line %d is not a JSON object" % (n + 1))
            parsed.append(value)
        items = []
        i = 0
        while i < len(parsed):
            action = parsed[i]
            if len(action) != 1 or next(iter(action)) not in ("index", "create", "update", "delete"):
                return self.violation("line %d is not an action line: %s" % (i + 1, json.dumps(action)))
            op, meta = next(iter(action.items()))
            if not isinstance(meta, dict):
                return self.violation("line %d: action metadata is not an object" % (i + 1))
            problem = index_problem(meta.get("_index"))
            if problem:
                return self.violation("line %d: %s" % (i + 1, problem))
            if "_id" in meta and (not isinstance(meta["_id"], str) or not meta["_id"]):
                return self.violation("line %d: _id must be a non-empty string" % (i + 1))
            if "version" in meta or "version_type" in meta:
                if meta.get("version_type") != "external" or not isinstance(meta.get("version"), int) \
                        or meta["version"] < 0:
                    return self.violation("line %d: version needs version_type external and a whole number" % (i + 1))
                if op not in ("index", "delete") or "_id" not in meta:
                    return self.violation("line %d: external versions only on index/delete with an _id" % (i + 1))
            if op == "delete":
                if "_id" not in meta:
                    return self.violation("line %d: delete without _id" % (i + 1))
                source = None
                i += 1
            else:
                if i + 1 >= len(parsed):
                    return self.violation("line %d: %s action without a source line" % (i + 1, op))
                source = parsed[i + 1]
                if len(source) == 1 and next(iter(source)) in ("index", "create", "update", "delete"):
                    return self.violation("line %d: an action line where the source of line %d belongs" % (i + 2, i + 1))
                if op == "update":
                    if "_id" not in meta:
                        return self.violation("line %d: update without _id" % (i + 1))
                    if "doc" not in source or not isinstance(source["doc"], dict):
                        return self.violation("line %d: update source needs a doc object" % (i + 2))
                if op in ("index", "update") and meta["_index"].startswith("logs-"):
                    return self.violation("line %d: only create is allowed on data stream [%s]" % (i + 1, meta["_index"]))
                if meta["_index"].startswith("logs-") and "@timestamp" not in source:
                    return self.violation("line %d: data stream document without @timestamp" % (i + 2))
                i += 2
            items.append({op: self.apply(op, meta, source)})
        with LOCK:
            STATE["actions"] += len(items)
        errors = any("error" in next(iter(it.values())) for it in items)
        self.reply(200, {"took": 1, "errors": errors, "items": items})

    def apply(self, op, meta, source):
        index, doc_id = meta["_index"], meta.get("_id")
        with LOCK:
            queue = SCRIPT["items"].get(doc_id) if doc_id else None
            forced = queue.pop(0) if queue else None
            if doc_id is None:
                STATE["auto_ids"] = STATE.get("auto_ids", 0) + 1
                doc_id = "auto-%d" % STATE["auto_ids"]
            result = {"_index": index, "_id": doc_id}
            if forced == 400:
                result.update(status=400, error={"type": "mapper_parsing_exception",
                                                 "reason": "failed to parse field [amount] of type [long]"})
                return result
            if forced == 429:
                result.update(status=429, error={"type": "es_rejected_execution_exception",
                                                 "reason": "rejected execution of coordinating operation"})
                return result
            if forced:
                result.update(status=forced, error={"type": "scripted_failure", "reason": "scripted %d" % forced})
                return result
            docs = STATE["docs"].setdefault(index, {})
            current = docs.get(doc_id)
            version = meta.get("version")
            if version is not None and current is not None and current.get("version") is not None \
                    and version <= current["version"]:
                result.update(status=409, error={"type": "version_conflict_engine_exception",
                                                 "reason": "[%s]: version conflict, current version [%d] is higher or "
                                                           "equal to the one provided [%d]"
                                                           % (doc_id, current["version"], version)})
                return result
            if op == "create" and current is not None and not current.get("deleted"):
                result.update(status=409, error={"type": "version_conflict_engine_exception",
                                                 "reason": "[%s]: version conflict, document already exists" % doc_id})
                return result
            if op == "delete":
                if current is None or current.get("deleted"):
                    docs[doc_id] = {"deleted": True, "version": version}
                    result.update(status=404, result="not_found")
                    return result
                docs[doc_id] = {"deleted": True, "version": version}
                result.update(status=200, result="deleted")
                return result
            if op == "update":
                merged = dict(current["source"]) if current and not current.get("deleted") else {}
                merged.update(source["doc"])
                docs[doc_id] = {"source": merged, "version": None}
            else:
                docs[doc_id] = {"source": source, "version": version}
            result.update(status=201 if current is None else 200, result="created" if current is None else "updated")
            return result


def main():
    global FLAVOR
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--flavor", default="elasticsearch")
    args = parser.parse_args()
    FLAVOR = args.flavor
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    import os
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
