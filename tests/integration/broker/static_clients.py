#!/usr/bin/python3
"""Static group membership (KIP-345) checked with python3-confluent-kafka
(librdkafka), a client that is not Tributary's.

  BOOTSTRAP restart TOPIC     a static member closes without leaving (as after a
                              crash) and its successor with the same
                              group.instance.id gets the partitions back at once
  BOOTSTRAP fence TOPIC       a second process with the same group.instance.id
                              fences the first (FENCED_INSTANCE_ID)
Prints one JSON object; exit status 1 on a failed check.
"""
import json
import sys
import time

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic


def produce(bootstrap, topic, count):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    for f in admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1)]).values():
        f.result(20)
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    for i in range(count):
        p.produce(topic, key=str(i), value=json.dumps({"id": i}), partition=i % 2)
    if p.flush(30):
        sys.exit("not every record was delivered")


def member(bootstrap, topic, instance, errors=None):
    conf = {"bootstrap.servers": bootstrap, "group.id": "static-" + topic, "group.instance.id": instance,
            "session.timeout.ms": 10000, "heartbeat.interval.ms": 500, "enable.auto.commit": False,
            "auto.offset.reset": "earliest", "partition.assignment.strategy": "roundrobin"}
    if errors is not None:
        conf["error_cb"] = lambda e: errors.append(e)
    c = Consumer(conf)
    events = []  # ("assign" | "revoke", time, partitions)
    c.subscribe([topic],
                on_assign=lambda consumer, parts: events.append(("assign", time.time(), [p.partition for p in parts])),
                on_revoke=lambda consumer, parts: events.append(("revoke", time.time(), [p.partition for p in parts])))
    return c, events


def assigned(events):
    return [e for e in events if e[0] == "assign" and e[2]]


def poll_all(consumers, seconds, until):
    """Polls every consumer in turn; returns the values read, per consumer."""
    got = [[] for _ in consumers]
    deadline = time.time() + seconds
    while time.time() < deadline and not until(got):
        for k, c in enumerate(consumers):
            m = c.poll(0.02)
            if m is not None and not m.error():
                got[k].append(m)
    return got


def restart(bootstrap, topic):
    """Two static members share two partitions; one closes (no LeaveGroup: to the
    broker a crash) and a new process with its instance id takes its partition
    back at once, while the other member sees no rebalance at all."""
    produce(bootstrap, topic, 100)
    a, ea = member(bootstrap, topic, "inst-a")
    b, eb = member(bootstrap, topic, "inst-b")
    poll_all([a, b], 30, lambda got: assigned(ea) and assigned(eb))
    if not (assigned(ea) and assigned(eb)):
        sys.exit("the two members were never both assigned: %s %s" % (ea, eb))
    read = [poll_all([a], 20, lambda got: len(got[0]) >= 25)[0], poll_all([b], 20, lambda got: len(got[0]) >= 50)[0]]
    if not read[0]:
        sys.exit("member a read nothing")
    a.commit(message=read[0][-1], asynchronous=False)
    kept = read[0][-1].offset() + 1
    a.close()  # static: no LeaveGroup
    b_events = len(eb)
    started = time.time()
    c2, ec = member(bootstrap, topic, "inst-a")
    waited = poll_all([c2, b], 20, lambda got: assigned(ec))
    if not assigned(ec):
        sys.exit("the restarted member was never assigned")
    seconds = assigned(ec)[0][1] - started
    rest = poll_all([c2, b], 20, lambda got: len(read[0]) + len(waited[0]) + len(got[0]) + len(read[1]) +
                    len(waited[1]) + len(got[1]) >= 100)
    rest = [waited[0] + rest[0], waited[1] + rest[1]]
    partition = assigned(ea)[-1][2]
    out = {"reassigned_seconds": round(seconds, 3), "partitions_before": partition,
           "partitions_after": assigned(ec)[0][2], "other_member_rebalanced": len(eb) != b_events,
           "committed_next": kept, "resumed_at": rest[0][0].offset() if rest[0] else None,
           "read_total": len(read[0]) + len(rest[0]) + len(read[1]) + len(rest[1])}
    c2.close()
    b.close()
    print(json.dumps(out), flush=True)
    ok = seconds < 2.0 and out["partitions_after"] == partition and not out["other_member_rebalanced"] and \
        out["resumed_at"] == kept and out["read_total"] == 100
    sys.exit(0 if ok else 1)


def fence(bootstrap, topic):
    produce(bootstrap, topic, 10)
    errors_old = []
    old, eo = member(bootstrap, topic, "inst-f", errors_old)
    poll_all([old], 20, lambda got: assigned(eo))
    if not assigned(eo):
        sys.exit("the first member was never assigned")
    new, en = member(bootstrap, topic, "inst-f")
    poll_all([new], 20, lambda got: assigned(en))

    def is_fenced(e):
        return e.code() == KafkaError.FENCED_INSTANCE_ID or (e.fatal() and "fenced" in e.str().lower())

    fenced = False
    deadline = time.time() + 10
    while not fenced and time.time() < deadline:
        try:
            m = old.poll(0.1)
            if m is not None and m.error() and is_fenced(m.error()):
                fenced = True
        except KafkaException as e:  # a fatal error may surface here
            fenced = is_fenced(e.args[0])
        fenced = fenced or any(is_fenced(e) for e in errors_old)
    if not fenced:
        # librdkafka raises the fencing as a fatal error: every later call fails with it.
        try:
            old.commit(offsets=[TopicPartition(topic, 0, 1)], asynchronous=False)
        except KafkaException as e:
            fenced = is_fenced(e.args[0]) or e.args[0].code() == KafkaError._FATAL
    out = {"new_assigned": bool(assigned(en)), "old_fenced": fenced, "old_errors": [str(e) for e in errors_old][:3]}
    print(json.dumps(out), flush=True)
    new.close()
    sys.exit(0 if fenced and assigned(en) else 1)


if __name__ == "__main__":
    # BOOTSTRAP COMMAND ARGS... (the order the C++ tests' runPythonClients uses)
    {"restart": restart, "fence": fence}[sys.argv[2]](sys.argv[1], *sys.argv[3:])
