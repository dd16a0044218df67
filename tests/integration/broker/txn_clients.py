#!/usr/bin/python3
"""Kafka transactions on the embedded broker, driven by python3-confluent-kafka
(librdkafka's transactional producer), a client that is not Tributary's.

  BOOTSTRAP commit-abort TOPIC    commit, abort, commit; read_committed sees only
                                  the committed records, read_uncommitted all
  BOOTSTRAP offsets IN OUT        consume-transform-produce with the input
                                  offsets committed in the transaction
  BOOTSTRAP leave-open TOPIC      produce in a transaction (timeout 8 s) and exit
                                  without ending it
  BOOTSTRAP after-restart TOPIC   the open transaction holds read_committed back
                                  until its timeout aborts it; then a committed
                                  transaction is visible and the open one is not
  BOOTSTRAP compact-produce TOPIC  a compacted topic (small segments, delete.retention.ms
                                  3 s): transaction A commits k0..k19, B aborts k0..k9,
                                  C commits k10..k14, D writes k15..k19 and stays open,
                                  then plain records f0..f39 roll segments past D
  BOOTSTRAP compact-check TOPIC open|resolved
                                  after a compaction: read_committed sees the newest
                                  committed value per key; read_uncommitted sees no
                                  record of B, one record per key below D, and (open)
                                  still A's k15..k19 that D would hide, or (resolved)
                                  no record of D
  BOOTSTRAP compact-resolve TOPIC the open transaction's id starts again (its epoch is
                                  bumped and D aborted), then plain records g0..g39
  BOOTSTRAP describe-list TOPIC   one transaction left open on two partitions,
                                  one committed, then ListTransactions and
                                  DescribeTransactions (KIP-664) as raw
                                  requests encoded here from Kafka's message
                                  definitions (no client on this machine has
                                  them): filters by state and producer id,
                                  unknown state filters and ids
Prints one JSON object; exit status 1 on a failed check.
"""
import json
import os
import socket
import struct
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition


def producer(bootstrap, txn_id, timeout_ms=10000):
    p = Producer({"bootstrap.servers": bootstrap, "transactional.id": txn_id,
                  "transaction.timeout.ms": timeout_ms})
    p.init_transactions(20)
    return p


def read_all(bootstrap, topic, isolation, seconds=5.0):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "reader-%s-%f" % (isolation, time.time()),
                  "isolation.level": isolation, "auto.offset.reset": "earliest", "enable.auto.commit": False,
                  "enable.partition.eof": True})
    c.assign([TopicPartition(topic, 0, 0)])
    ids = []
    deadline = time.time() + seconds
    while time.time() < deadline:
        m = c.poll(0.2)
        if m is None:
            continue
        if m.error():
            if m.error().code() == -191:  # _PARTITION_EOF: all there is
                break
            continue
        ids.append(json.loads(m.value())["id"])
    c.close()
    return ids


def send(p, topic, ids):
    for i in ids:
        p.produce(topic, key=str(i), value=json.dumps({"id": i}), partition=0)
    p.flush(20)


def commit_abort(bootstrap, topic):
    p = producer(bootstrap, "txn-commit-abort")
    p.begin_transaction()
    send(p, topic, range(0, 10))
    p.commit_transaction(20)
    p.begin_transaction()
    send(p, topic, range(100, 110))
    p.abort_transaction(20)
    p.begin_transaction()
    send(p, topic, range(200, 205))
    p.commit_transaction(20)
    committed = read_all(bootstrap, topic, "read_committed")
    everything = read_all(bootstrap, topic, "read_uncommitted")
    out = {"read_committed": committed, "read_uncommitted": everything}
    print(json.dumps(out), flush=True)
    ok = committed == list(range(0, 10)) + list(range(200, 205)) and \
        sorted(everything) == list(range(0, 10)) + list(range(100, 110)) + list(range(200, 205))
    sys.exit(0 if ok else 1)


def offsets(bootstrap, topic_in, topic_out):
    plain = Producer({"bootstrap.servers": bootstrap})
    for i in range(20):
        plain.produce(topic_in, value=json.dumps({"id": i}), partition=0)
    plain.flush(20)
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "txn-ctp", "auto.offset.reset": "earliest",
                  "enable.auto.commit": False, "isolation.level": "read_committed"})
    c.subscribe([topic_in])
    p = producer(bootstrap, "txn-ctp")
    done = 0
    deadline = time.time() + 30
    while done < 20 and time.time() < deadline:
        batch = c.consume(10, 0.5)
        batch = [m for m in batch if not m.error()]
        if not batch:
            continue
        p.begin_transaction()
        for m in batch:
            v = json.loads(m.value())
            v["doubled"] = v["id"] * 2
            p.produce(topic_out, value=json.dumps(v), partition=0)
        p.send_offsets_to_transaction(c.position(c.assignment()), c.consumer_group_metadata(), 20)
        p.commit_transaction(20)
        done += len(batch)
    committed = c.committed([TopicPartition(topic_in, 0)], timeout=10)[0].offset
    c.close()
    out_ids = read_all(bootstrap, topic_out, "read_committed")
    out = {"transformed": done, "committed_offset": committed, "output": len(out_ids)}
    print(json.dumps(out), flush=True)
    sys.exit(0 if done == 20 and committed == 20 and sorted(out_ids) == list(range(20)) else 1)


def leave_open(bootstrap, topic):
    p = producer(bootstrap, "txn-left-open", timeout_ms=8000)
    p.begin_transaction()
    send(p, topic, range(500, 505))
    print(json.dumps({"left_open": 5}), flush=True)
    sys.stdout.flush()
    os._exit(0)  # no commit, no abort: as if the producer died


def after_restart(bootstrap, topic):
    started = time.time()
    p = producer(bootstrap, "txn-after-restart")
    p.begin_transaction()
    send(p, topic, range(600, 605))
    p.commit_transaction(20)
    held = read_all(bootstrap, topic, "read_committed", 1.0)
    seen_at = None
    committed = []
    while time.time() < started + 30:
        committed = read_all(bootstrap, topic, "read_committed", 2.0)
        if 600 in committed:
            seen_at = time.time() - started
            break
        time.sleep(0.3)
    everything = read_all(bootstrap, topic, "read_uncommitted")
    out = {"held_back_at_first": held, "visible_after_s": seen_at, "read_committed": committed,
           "read_uncommitted": everything}
    print(json.dumps(out), flush=True)
    ok = 600 not in held and seen_at is not None and committed == list(range(600, 605)) and \
        set(range(500, 505)) <= set(everything)
    sys.exit(0 if ok else 1)


def compact_values(bootstrap, topic, isolation):
    """Every record from offset 0: list of (key, value)."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "reader-%s-%f" % (isolation, time.time()),
                  "isolation.level": isolation, "enable.auto.commit": False, "enable.partition.eof": True})
    c.assign([TopicPartition(topic, 0, 0)])
    out = []
    deadline = time.time() + 10
    while time.time() < deadline:
        m = c.poll(0.2)
        if m is None:
            continue
        if m.error():
            if m.error().code() == -191:
                break
            continue
        out.append((m.key().decode(), m.value().decode()))
    c.close()
    return out


PAD = "x" * 60


def compact_produce(bootstrap, topic):
    from confluent_kafka.admin import AdminClient, NewTopic
    admin = AdminClient({"bootstrap.servers": bootstrap})
    fs = admin.create_topics([NewTopic(topic, 1, 1, config={
        "cleanup.policy": "compact", "segment.bytes": "600", "delete.retention.ms": "3000"})])
    fs[topic].result(20)
    p = producer(bootstrap, "txn-compact")
    for name, keys, commit in (("a", range(20), True), ("b", range(10), False), ("c", range(10, 15), True)):
        p.begin_transaction()
        for k in keys:
            p.produce(topic, key="k%d" % k, value="%s-%d-%s" % (name, k, PAD), partition=0)
            p.flush(20)  # one batch per record, so that segments roll inside a transaction
        (p.commit_transaction if commit else p.abort_transaction)(20)
    d = producer(bootstrap, "txn-compact-open", timeout_ms=120000)
    d.begin_transaction()
    for k in range(15, 20):
        d.produce(topic, key="k%d" % k, value="d-%d-%s" % (k, PAD), partition=0)
    d.flush(20)
    plain = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0})
    for i in range(40):
        plain.produce(topic, key="f%d" % i, value="f-%d-%s" % (i, PAD), partition=0)
        plain.flush(20)
    print(json.dumps({"produced": True}), flush=True)
    os._exit(0)  # D stays open


def compact_resolve(bootstrap, topic):
    producer(bootstrap, "txn-compact-open", timeout_ms=120000)  # bumps the epoch: D is aborted
    plain = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0})
    for i in range(40):
        plain.produce(topic, key="g%d" % i, value="g-%d-%s" % (i, PAD), partition=0)
        plain.flush(20)
    print(json.dumps({"resolved": True}), flush=True)


def compact_check(bootstrap, topic, phase):
    committed = compact_values(bootstrap, topic, "read_committed")
    everything = compact_values(bootstrap, topic, "read_uncommitted")
    expected = {}
    for k in range(20):
        expected["k%d" % k] = "a-%d-%s" % (k, PAD)
    for k in range(10, 15):
        expected["k%d" % k] = "c-%d-%s" % (k, PAD)
    newest_committed = {}
    for k, v in committed:
        newest_committed[k] = v
    prefixes = {}
    for k, v in everything:
        prefixes.setdefault(v[0], 0)
        prefixes[v[0]] += 1
    checks = {
        # read_committed: the newest committed value of each k key, nothing of B or D
        "committed_state": {k: v for k, v in newest_committed.items() if k.startswith("k")} == expected,
        "committed_no_b_or_d": not any(v[0] in "bd" for _, v in committed),
        # the cleaner dropped B's records
        "uncommitted_no_b": prefixes.get("b", 0) == 0,
    }
    if phase == "open":
        # D's records are past the last stable offset: they and A's k15..k19 (which D would hide) stay
        checks["d_kept"] = prefixes.get("d", 0) == 5
        checks["a_hidden_by_d_kept"] = sum(1 for k, v in everything if v.startswith("a-") and
                                           int(k[1:]) >= 15) == 5
        checks["committed_stops_at_d"] = not any(k.startswith("f") for k, _ in committed)
    else:
        checks["d_dropped"] = prefixes.get("d", 0) == 0
        checks["f_visible"] = sum(1 for k, _ in committed if k.startswith("f")) == 40
        # below the newest segment, every key once
        keys = [k for k, _ in everything if not k.startswith("g")]
        checks["one_per_key"] = len(keys) == len(set(keys))
    print(json.dumps({"phase": phase, "checks": checks, "read_committed": len(committed),
                      "read_uncommitted": len(everything), "values": prefixes}), flush=True)
    sys.exit(0 if all(checks.values()) else 1)


# --- KIP-664 requests, encoded by hand (flexible versions: request header v2,
# response header v1, compact strings and arrays, tagged fields) ---

def uvarint(n):
    out = b""
    while n >= 0x80:
        out += bytes([(n & 0x7f) | 0x80])
        n >>= 7
    return out + bytes([n])


def compact_string(s):
    b = s.encode()
    return uvarint(len(b) + 1) + b


class Buf:
    def __init__(self, data):
        self.data, self.at = data, 0

    def take(self, n):
        v = self.data[self.at:self.at + n]
        if len(v) != n:
            raise ValueError("response too short")
        self.at += n
        return v

    def i16(self):
        return struct.unpack(">h", self.take(2))[0]

    def i32(self):
        return struct.unpack(">i", self.take(4))[0]

    def i64(self):
        return struct.unpack(">q", self.take(8))[0]

    def uvarint(self):
        shift = value = 0
        while True:
            b = self.take(1)[0]
            value |= (b & 0x7f) << shift
            if not b & 0x80:
                return value
            shift += 7

    def compact_string(self):
        n = self.uvarint()
        return None if n == 0 else self.take(n - 1).decode()

    def compact_array(self, element):
        n = self.uvarint()
        return None if n == 0 else [element() for _ in range(n - 1)]

    def tagged_fields(self):
        for _ in range(self.uvarint()):
            self.uvarint()
            self.take(self.uvarint())


class Raw:
    """One connection to the broker; request() sends a frame and returns the response body."""

    def __init__(self, bootstrap):
        host, port = bootstrap.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        self.correlation = 0

    def request(self, key, version, body, flexible):
        self.correlation += 1
        client = b"raw-kip664"
        header = struct.pack(">hhih", key, version, self.correlation, len(client)) + client
        if flexible:
            header += uvarint(0)  # request header v2: tagged fields
        frame = header + body
        self.sock.sendall(struct.pack(">i", len(frame)) + frame)
        size = struct.unpack(">i", self.recv(4))[0]
        r = Buf(self.recv(size))
        if r.i32() != self.correlation:
            raise ValueError("correlation id mismatch")
        if flexible:
            r.tagged_fields()  # response header v1
        return r

    def recv(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ValueError("connection closed by the broker")
            data += chunk
        return data


def api_versions(raw):
    r = raw.request(18, 0, b"", False)
    error = r.i16()
    apis = {}
    for _ in range(r.i32()):
        key, lo, hi = r.i16(), r.i16(), r.i16()
        apis[key] = [lo, hi]
    return error, apis


def list_transactions(raw, states=(), producer_ids=(), duration_ms=None):
    """v0, or v1 (KIP-994's DurationFilter) when duration_ms is given."""
    body = uvarint(len(states) + 1) + b"".join(compact_string(s) for s in states)
    body += uvarint(len(producer_ids) + 1) + b"".join(struct.pack(">q", p) for p in producer_ids)
    if duration_ms is not None:
        body += struct.pack(">q", duration_ms)
    body += uvarint(0)
    r = raw.request(66, 0 if duration_ms is None else 1, body, True)
    r.i32()  # throttle
    error = r.i16()
    unknown = r.compact_array(r.compact_string)

    def state():
        s = {"id": r.compact_string(), "producer_id": r.i64(), "state": r.compact_string()}
        r.tagged_fields()
        return s
    states_out = r.compact_array(state)
    r.tagged_fields()
    return {"error": error, "unknown": unknown, "states": sorted(states_out, key=lambda s: s["id"])}


def describe_transactions(raw, ids):
    body = uvarint(len(ids) + 1) + b"".join(compact_string(i) for i in ids) + uvarint(0)
    r = raw.request(65, 0, body, True)
    r.i32()  # throttle

    def topic():
        t = {"topic": r.compact_string(), "partitions": sorted(r.compact_array(r.i32))}
        r.tagged_fields()
        return t

    def state():
        s = {"error": r.i16(), "id": r.compact_string(), "state": r.compact_string(), "timeout_ms": r.i32(),
             "start_ms": r.i64(), "producer_id": r.i64(), "epoch": r.i16(), "topics": r.compact_array(topic)}
        r.tagged_fields()
        return s
    out = r.compact_array(state)
    r.tagged_fields()
    return out


def describe_list(bootstrap, topic):
    from confluent_kafka.admin import AdminClient, NewTopic
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(topic, 3, 1)])[topic].result(20)
    done = producer(bootstrap, "txn-done")
    done.begin_transaction()
    send(done, topic, range(700, 703))
    done.commit_transaction(20)
    left = producer(bootstrap, "txn-left", 60000)
    left.begin_transaction()
    for i, partition in ((800, 0), (801, 2)):
        left.produce(topic, key=str(i), value=json.dumps({"id": i}), partition=partition)
    left.flush(20)  # the partitions are added to the open transaction
    before_ms = int(time.time() * 1000)

    raw = Raw(bootstrap)
    error, apis = api_versions(raw)
    everything = list_transactions(raw)
    ongoing = list_transactions(raw, ["Ongoing"])
    done_only = list_transactions(raw, ["CompleteCommit", "Bogus"])
    ids = {s["id"]: s["producer_id"] for s in everything["states"]}
    by_producer = list_transactions(raw, [], [ids.get("txn-done", -1)])
    neither = list_transactions(raw, ["Ongoing"], [ids.get("txn-done", -1)])
    time.sleep(0.3)
    # v1: only open transactions running longer than the duration; -1 is no filter
    running = list_transactions(raw, [], [], 100)
    running_long = list_transactions(raw, [], [], 3600 * 1000)
    unfiltered_v1 = list_transactions(raw, [], [], -1)
    described = describe_transactions(raw, ["txn-left", "txn-done", "txn-unknown"])
    left.abort_transaction(20)
    after_abort = describe_transactions(raw, ["txn-left"])
    out = {"api_versions": {"65": apis.get(65), "66": apis.get(66)}, "list": everything, "ongoing": ongoing,
           "complete_commit": done_only, "by_producer": by_producer, "ongoing_and_producer": neither,
           "describe": described, "after_abort": after_abort, "v1_running_100ms": running,
           "v1_running_1h": running_long, "v1_unfiltered": unfiltered_v1}
    print(json.dumps(out), flush=True)

    d = {s["id"]: s for s in described}
    checks = [
        error == 0 and apis.get(65) == [0, 0] and apis.get(66) == [0, 1],
        [s["id"] for s in running["states"]] == ["txn-left"] and running_long["states"] == [],
        [s["id"] for s in unfiltered_v1["states"]] == ["txn-done", "txn-left"],
        everything["error"] == 0 and everything["unknown"] == [],
        [s["id"] for s in everything["states"]] == ["txn-done", "txn-left"],
        [(s["id"], s["state"]) for s in ongoing["states"]] == [("txn-left", "Ongoing")],
        [(s["id"], s["state"]) for s in done_only["states"]] == [("txn-done", "CompleteCommit")],
        done_only["unknown"] == ["Bogus"],
        [s["id"] for s in by_producer["states"]] == ["txn-done"],
        neither["states"] == [],
        d["txn-left"]["error"] == 0 and d["txn-left"]["state"] == "Ongoing",
        d["txn-left"]["timeout_ms"] == 60000 and d["txn-left"]["producer_id"] == ids.get("txn-left"),
        d["txn-left"]["epoch"] >= 0 and 0 < d["txn-left"]["start_ms"] <= before_ms,
        d["txn-left"]["topics"] == [{"topic": topic, "partitions": [0, 2]}],
        d["txn-done"]["error"] == 0 and d["txn-done"]["state"] == "CompleteCommit" and d["txn-done"]["topics"] == [],
        d["txn-unknown"]["error"] == 105,
        after_abort[0]["state"] == "CompleteAbort" and after_abort[0]["topics"] == [],
    ]
    failed = [i for i, ok in enumerate(checks) if not ok]
    if failed:
        print("failed checks:", failed, file=sys.stderr)
    sys.exit(0 if not failed else 1)


if __name__ == "__main__":
    # BOOTSTRAP COMMAND ARGS... (the order the C++ tests' runPythonClients uses)
    {"commit-abort": commit_abort, "offsets": offsets, "leave-open": leave_open,
     "after-restart": after_restart, "describe-list": describe_list, "compact-produce": compact_produce,
     "compact-resolve": compact_resolve, "compact-check": compact_check}[sys.argv[2]](sys.argv[1], *sys.argv[3:])
