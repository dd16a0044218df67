#!/usr/bin/python3
"""Reads an exactly_once pipeline's output topic with python3-confluent-kafka.

  BOOTSTRAP count TOPIC ISOLATION EXPECTED [WHICH]
      reads TOPIC from the beginning with isolation.level=ISOLATION
      (read_committed or read_uncommitted) until the expected records arrived
      or nothing came for 5 s; prints JSON {"records", "distinct", "missing",
      "duplicates", "unexpected", "first", "last"} over the values' "id".
      Expected are the ids in 0..EXPECTED-1 that WHICH selects: all (the
      default), not7 (id % 10 != 7), even, only7 (id % 10 == 7).
  BOOTSTRAP create-kept TOPIC...
      creates each topic with one partition and retention.ms=-1 (records
      stamped with old event times are not deleted by retention)
  BOOTSTRAP dump TOPIC ISOLATION FILE [letters]
      reads every partition of TOPIC from the beginning up to its end (the
      last stable offset for read_committed) and writes one JSON line per
      record to FILE: the value, or with "letters" a dead letter as the file
      dead-letter sink writes it ({"where", "error", "record": {"value"}},
      from the tributary.error* headers). Prints {"records": n}.
"""
import json
import sys
import time
import uuid


WHICH = {
    "all": lambda i: True,
    "not7": lambda i: i % 10 != 7,
    "even": lambda i: i % 2 == 0,
    "only7": lambda i: i % 10 == 7,
}


def count(bootstrap, topic, isolation, expected, which="all"):
    from confluent_kafka import Consumer, KafkaError
    wanted = {i for i in range(int(expected)) if WHICH[which](i)}
    expected = len(wanted)
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "check-" + uuid.uuid4().hex,
                  "auto.offset.reset": "earliest", "enable.auto.commit": False,
                  "isolation.level": isolation})
    c.subscribe([topic])
    seen = {}
    records = 0
    idle_since = time.time()
    while time.time() - idle_since < 5:
        msgs = c.consume(10000, 0.5)
        if msgs:
            idle_since = time.time()
        for m in msgs:
            if m.error():
                if m.error().code() != KafkaError._PARTITION_EOF:
                    print("consume error:", m.error(), file=sys.stderr)
                continue
            i = json.loads(m.value())["id"]
            seen[i] = seen.get(i, 0) + 1
            records += 1
        if isolation == "read_committed" and len(seen) >= expected and records > expected:
            break  # a duplicate already shows; no need to wait
    c.close()
    missing = sum(1 for i in wanted if i not in seen)
    duplicates = sum(n - 1 for n in seen.values())
    unexpected = sum(1 for i in seen if i not in wanted)
    print(json.dumps({"records": records, "distinct": len(seen), "missing": missing, "duplicates": duplicates,
                      "unexpected": unexpected, "expected": expected,
                      "first": min(seen) if seen else None, "last": max(seen) if seen else None}), flush=True)


def dump(bootstrap, topic, isolation, path, kind="values"):
    from confluent_kafka import Consumer, KafkaError, TopicPartition
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "dump-" + uuid.uuid4().hex,
                  "enable.auto.commit": False, "isolation.level": isolation, "enable.partition.eof": True})
    partitions = list(c.list_topics(topic, timeout=10).topics[topic].partitions)
    c.assign([TopicPartition(topic, p, -2) for p in partitions])  # OFFSET_BEGINNING
    done, n = set(), 0
    deadline = time.time() + 60
    with open(path, "w") as out:
        while len(done) < len(partitions) and time.time() < deadline:
            for m in c.consume(10000, 0.5):
                if m.error():
                    if m.error().code() == KafkaError._PARTITION_EOF:
                        done.add(m.partition())
                    else:
                        print("consume error:", m.error(), file=sys.stderr)
                    continue
                value = json.loads(m.value())
                if kind == "letters":
                    headers = {k: v.decode() for k, v in (m.headers() or [])}
                    value = {"where": headers.get("tributary.error.where"), "error": headers.get("tributary.error"),
                             "record": {"value": value}}
                out.write(json.dumps(value) + "\n")
                n += 1
    c.close()
    if len(done) < len(partitions):
        sys.exit("dump %s: not every partition reached its end within 60 s" % topic)
    print(json.dumps({"topic": topic, "records": n}), flush=True)


def create_kept(bootstrap, *topics):
    from confluent_kafka.admin import AdminClient, NewTopic
    admin = AdminClient({"bootstrap.servers": bootstrap})
    for topic, f in admin.create_topics([NewTopic(t, 1, 1, config={"retention.ms": "-1"}) for t in topics]).items():
        f.result(20)
    print("created", *topics, flush=True)


def main():
    bootstrap, cmd, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    {"count": count, "dump": dump, "create-kept": create_kept}[cmd](bootstrap, *args)


if __name__ == "__main__":
    main()
