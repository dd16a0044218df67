#!/usr/bin/python3
"""Static group membership (KIP-345) checked with python3-confluent-kafka
(librdkafka), a client that is not Tributary's.

  restart BOOTSTRAP TOPIC     a static member closes without leaving (as after a
                              crash) and its successor with the same
                              group.instance.id gets the partitions back at once
  fence BOOTSTRAP TOPIC       a second process with the same group.instance.id
                              fences the first (FENCED_INSTANCE_ID)
Prints one JSON object; exit status 1 on a failed check.
"""
import json
import sys
import time

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition


def produce(bootstrap, topic, count):
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    for i in range(count):
        p.produce(topic, key=str(i), value=json.dumps({"id": i}), partition=i % 2)
    if p.flush(30):
        sys.exit("not every record was delivered")


def member(bootstrap, topic, instance, errors=None):
    conf = {"bootstrap.servers": bootstrap, "group.id": "static-" + topic, "group.instance.id": instance,
            "session.timeout.ms": 10000, "heartbeat.interval.ms": 500, "enable.auto.commit": False,
            "auto.offset.reset": "earliest"}
    if errors is not None:
        conf["error_cb"] = lambda e: errors.append(e)
    c = Consumer(conf)
    assigned = []
    c.subscribe([topic], on_assign=lambda consumer, parts: assigned.append((time.time(), [p.partition for p in parts])))
    return c, assigned


def wait_assigned(c, assigned, seconds):
    deadline = time.time() + seconds
    got = []
    while not assigned and time.time() < deadline:
        m = c.poll(0.05)
        if m is not None and not m.error():
            got.append(m)
    return got


def restart(bootstrap, topic):
    produce(bootstrap, topic, 100)
    c, assigned = member(bootstrap, topic, "inst-a")
    wait_assigned(c, assigned, 20)
    if not assigned:
        sys.exit("the first member was never assigned")
    read = 0
    deadline = time.time() + 20
    while read < 50 and time.time() < deadline:
        m = c.poll(0.1)
        if m is not None and not m.error():
            read += 1
            c.commit(message=m, asynchronous=False)
    # A static member does not send LeaveGroup on close: to the broker this is a crash.
    c.close()
    started = time.time()
    c2, assigned2 = member(bootstrap, topic, "inst-a")
    wait_assigned(c2, assigned2, 20)
    if not assigned2:
        sys.exit("the restarted member was never assigned")
    seconds = assigned2[0][0] - started
    committed = c2.committed([TopicPartition(topic, 0), TopicPartition(topic, 1)], timeout=10)
    rest = 0
    deadline = time.time() + 20
    while rest + read < 100 and time.time() < deadline:
        m = c2.poll(0.1)
        if m is not None and not m.error():
            rest += 1
    c2.close()
    out = {"reassigned_seconds": round(seconds, 3), "partitions": sorted(assigned2[0][1]),
           "committed": sum(tp.offset for tp in committed), "read_before": read, "read_after": rest}
    print(json.dumps(out), flush=True)
    ok = seconds < 2.0 and out["partitions"] == [0, 1] and out["committed"] == read and read + rest == 100
    sys.exit(0 if ok else 1)


def fence(bootstrap, topic):
    produce(bootstrap, topic, 10)
    errors_old = []
    old, assigned = member(bootstrap, topic, "inst-f", errors_old)
    wait_assigned(old, assigned, 20)
    if not assigned:
        sys.exit("the first member was never assigned")
    new, assigned_new = member(bootstrap, topic, "inst-f")
    wait_assigned(new, assigned_new, 20)
    fenced = False
    deadline = time.time() + 10
    while not fenced and time.time() < deadline:
        try:
            m = old.poll(0.1)
            if m is not None and m.error() and m.error().code() == KafkaError.FENCED_INSTANCE_ID:
                fenced = True
        except Exception as e:  # librdkafka raises the fatal error here in some versions
            fenced = "FENCED" in str(e).upper()
        fenced = fenced or any(e.code() == KafkaError.FENCED_INSTANCE_ID for e in errors_old)
    out = {"new_assigned": bool(assigned_new), "old_fenced": fenced,
           "old_errors": [str(e) for e in errors_old][:3]}
    print(json.dumps(out), flush=True)
    new.close()
    sys.exit(0 if fenced and assigned_new else 1)


if __name__ == "__main__":
    {"restart": restart, "fence": fence}[sys.argv[1]](*sys.argv[2:])
