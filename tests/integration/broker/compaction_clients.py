#!/usr/bin/python3
"""Drives log compaction of the embedded broker with Kafka clients that are
not ours (python3-confluent-kafka = librdkafka, python3-kafka = an independent
protocol implementation). Prints what it saw and exits non-zero with a reason
on the first mismatch.

Usage: compaction_clients.py BOOTSTRAP COMMAND TOPIC [ARGS...]
  create TOPIC SEGMENT_BYTES DELETE_RETENTION_MS   compacted topic; DescribeConfigs must report it
  produce TOPIC                                    the updates and tombstones of the scenario below
  verify TOPIC any|gone [DEADLINE_S]               read from offset 0 with both clients; with "gone",
                                                   retry until the deleted keys are gone or the deadline
  refuse TOPIC                                     keyless and compressed records are refused
  alter TOPIC                                      a delete topic switched to compact with AlterConfigs
  describe TOPIC                                   prints the topic's configs as name=value

Scenario: KEYS keys get UPDATES updates each (interleaved, small batches),
then the first DELETED keys get a tombstone, then keys from TAIL_FROM on get
TAIL more updates each (so the tombstones are not in the newest segment).
"""
import sys
import time
import uuid

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
import kafka
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient
from kafka.admin import NewTopic as KNewTopic

KEYS, UPDATES, DELETED, TAIL_FROM, TAIL = 20, 150, 4, 10, 50


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def check(cond, message):
    if not cond:
        fail(message)


def value(k, u):
    return ("key%d-update%d-" % (k, u) + "x" * 40).encode()


def expected_state():
    state = {}
    for k in range(KEYS):
        state[b"key%d" % k] = value(k, UPDATES - 1)
    for k in range(DELETED):
        del state[b"key%d" % k]
    for k in range(TAIL_FROM, KEYS):
        state[b"key%d" % k] = value(k, UPDATES + TAIL - 1)
    return state


TOTAL = KEYS * UPDATES + DELETED + (KEYS - TAIL_FROM) * TAIL


def configs_of(admin, topic):
    res = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    return {e[0]: e[1] for e in res[0].resources[0][4]}


def cmd_create(bootstrap, topic, segment_bytes, delete_retention_ms):
    a = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    r = a.create_topics([KNewTopic(topic, 1, 1, topic_configs={
        "cleanup.policy": "compact", "segment.bytes": segment_bytes, "delete.retention.ms": delete_retention_ms})])
    check(all(e == 0 for _, e, _ in r.topic_errors), "create_topics: %r" % (r.topic_errors,))
    entries = configs_of(a, topic)
    check(entries.get("cleanup.policy") == "compact" and entries.get("delete.retention.ms") == delete_retention_ms,
          "describe_configs: %r" % entries)
    check(entries.get("min.cleanable.dirty.ratio") == "0.5", "min.cleanable.dirty.ratio: %r" % entries)
    a.close()
    print("OK create", flush=True)


def cmd_produce(bootstrap, topic):
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0, "batch.num.messages": 20, "acks": "all"})
    errors = []

    def report(err, msg):
        if err is not None:
            errors.append(err)

    for u in range(UPDATES):
        for k in range(KEYS):
            p.produce(topic, key=b"key%d" % k, value=value(k, u), on_delivery=report)
        p.poll(0)
    for k in range(DELETED):
        p.produce(topic, key=b"key%d" % k, value=None, on_delivery=report)
    for u in range(UPDATES, UPDATES + TAIL):
        for k in range(TAIL_FROM, KEYS):
            p.produce(topic, key=b"key%d" % k, value=value(k, u), on_delivery=report)
        p.poll(0)
    check(p.flush(30) == 0, "the producer did not deliver everything")
    check(not errors, "delivery errors: %r" % errors[:3])
    print("OK produce %d" % TOTAL, flush=True)


def read_librdkafka(bootstrap, topic):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "verify-" + uuid.uuid4().hex,
                  "enable.auto.commit": False, "enable.partition.eof": True})
    low, high = c.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
    c.assign([TopicPartition(topic, 0, 0)])
    out = []
    deadline = time.time() + 20
    while time.time() < deadline:
        m = c.poll(0.5)
        if m is None:
            continue
        if m.error():
            if m.error().code() == KafkaError._PARTITION_EOF:
                break
            fail("librdkafka consumer error: %s" % m.error())
        out.append((m.offset(), m.key(), m.value()))
    else:
        fail("librdkafka did not reach the end of %s (high watermark %d) in 20 s" % (topic, high))
    c.close()
    return low, high, out


def read_kafka_python(bootstrap, topic, high):
    kc = kafka.KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    tp = kafka.TopicPartition(topic, 0)
    kc.assign([tp])
    kc.seek(tp, 0)
    out = []
    deadline = time.time() + 20
    while kc.position(tp) < high and time.time() < deadline:
        for recs in kc.poll(timeout_ms=300).values():
            out.extend((r.offset, r.key, r.value) for r in recs)
    check(kc.position(tp) >= high, "kafka-python stopped at %d of %d" % (kc.position(tp), high))
    kc.close()
    return out


def check_records(name, records, high):
    offsets = [o for o, _, _ in records]
    check(all(b > a for a, b in zip(offsets, offsets[1:])), "%s: offsets do not strictly increase" % name)
    check(not offsets or offsets[-1] < high, "%s: offset %d at or past the high watermark %d" % (name, offsets[-1], high))
    state = {}
    for _, k, v in records:
        check(k is not None, "%s: a record without a key" % name)
        if v is None:
            state.pop(k, None)
        else:
            state[k] = v
    check(state == expected_state(), "%s: final state differs: %d keys, expected %d" %
          (name, len(state), len(expected_state())))
    deleted = [k for _, k, v in records if k in {b"key%d" % i for i in range(DELETED)}]
    return deleted


def cmd_verify(bootstrap, topic, mode, deadline_s="0"):
    deadline = time.time() + float(deadline_s)
    while True:
        for attempt in range(3):  # the background cleaner may finish a pass between the two reads
            low, high, rd = read_librdkafka(bootstrap, topic)
            check(low == 0, "log start offset moved to %d" % low)
            check(high == TOTAL, "high watermark %d, expected %d" % (high, TOTAL))
            kp = read_kafka_python(bootstrap, topic, high)
            if rd == kp:
                break
        check(rd == kp, "librdkafka and kafka-python read different records (%d, %d)" % (len(rd), len(kp)))
        check_records("kafka-python", kp, high)
        deleted = check_records("librdkafka", rd, high)
        check(len(rd) < TOTAL, "nothing was compacted: %d records" % len(rd))
        if mode == "any" or not deleted:
            break
        if time.time() > deadline:
            fail("deleted keys still there after the deadline: %r" % deleted[:4])
        time.sleep(0.5)
    print("OK verify records %d high %d deleted-keys-left %d" % (len(rd), high, len(deleted)), flush=True)


def cmd_refuse(bootstrap, topic):
    for conf, key, what in (({}, None, "keyless"), ({"compression.type": "gzip"}, b"k", "gzip")):
        p = Producer(dict({"bootstrap.servers": bootstrap, "retries": 0}, **conf))
        errors = []
        # Compressible: librdkafka sends a batch uncompressed when that is smaller.
        p.produce(topic, key=key, value=b"v" * 2000, on_delivery=lambda err, msg: errors.append(err))
        p.flush(15)
        check(len(errors) == 1 and errors[0] is not None and errors[0].code() == KafkaError.INVALID_RECORD,
              "a %s record gave %r, not INVALID_RECORD" % (what, errors))
    print("OK refuse", flush=True)


def cmd_alter(bootstrap, topic):
    a = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    r = a.create_topics([KNewTopic(topic, 1, 1)])
    check(all(e == 0 for _, e, _ in r.topic_errors), "create_topics: %r" % (r.topic_errors,))
    check(configs_of(a, topic).get("cleanup.policy") == "delete", "a new topic is not cleanup.policy=delete")
    r = a.alter_configs([ConfigResource(ConfigResourceType.TOPIC, topic,
                                        configs={"cleanup.policy": "compact", "min.cleanable.dirty.ratio": "0.1"})])
    check(r.resources[0][0] == 0, "alter_configs: %r" % (r.resources,))
    entries = configs_of(a, topic)
    check(entries.get("cleanup.policy") == "compact" and entries.get("min.cleanable.dirty.ratio") == "0.1",
          "configs after alter: %r" % entries)
    r = a.alter_configs([ConfigResource(ConfigResourceType.TOPIC, topic, configs={"cleanup.policy": "shred"})])
    check(r.resources[0][0] == 40, "cleanup.policy=shred gives %r, not INVALID_CONFIG" % (r.resources,))
    a.close()
    print("OK alter", flush=True)


def cmd_describe(bootstrap, topic):
    a = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    for name, value in sorted(configs_of(a, topic).items()):
        print("%s=%s" % (name, value))
    a.close()
    print("OK describe", flush=True)


def main():
    if len(sys.argv) < 4:
        fail(__doc__)
    bootstrap, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    commands = {"create": cmd_create, "produce": cmd_produce, "verify": cmd_verify, "refuse": cmd_refuse,
                "alter": cmd_alter, "describe": cmd_describe}
    if command not in commands:
        fail("unknown command " + command)
    commands[command](bootstrap, *args)


if __name__ == "__main__":
    main()
