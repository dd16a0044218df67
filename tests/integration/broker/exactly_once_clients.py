#!/usr/bin/python3
"""Reads an exactly_once pipeline's output topic with python3-confluent-kafka.

  BOOTSTRAP count TOPIC ISOLATION EXPECTED [WHICH]
      reads TOPIC from the beginning with isolation.level=ISOLATION
      (read_committed or read_uncommitted) until the expected records arrived
      or nothing came for 5 s; prints JSON {"records", "distinct", "missing",
      "duplicates", "unexpected", "first", "last"} over the values' "id".
      Expected are the ids in 0..EXPECTED-1 that WHICH selects: all (the
      default), not7 (id % 10 != 7), even, only7 (id % 10 == 7).
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


def main():
    bootstrap, cmd, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    {"count": count}[cmd](bootstrap, *args)


if __name__ == "__main__":
    main()
