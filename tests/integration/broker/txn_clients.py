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
Prints one JSON object; exit status 1 on a failed check.
"""
import json
import os
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


if __name__ == "__main__":
    # BOOTSTRAP COMMAND ARGS... (the order the C++ tests' runPythonClients uses)
    {"commit-abort": commit_abort, "offsets": offsets, "leave-open": leave_open,
     "after-restart": after_restart}[sys.argv[2]](sys.argv[1], *sys.argv[3:])
