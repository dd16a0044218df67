#!/usr/bin/python3
"""Drives the embedded broker with Kafka clients that are not ours
(python3-confluent-kafka = librdkafka, python3-kafka = an independent protocol
implementation). Each sub-command checks what a user relies on, prints what it
saw, and exits non-zero with a reason on the first mismatch.

Usage: broker_clients.py BOOTSTRAP COMMAND [ARGS...]
"""
import sys
import time
import uuid

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
import kafka
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient
from kafka.admin import NewTopic as KNewTopic

CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def check(cond, message):
    if not cond:
        fail(message)


def expect_error(fn, error_type):
    try:
        fn()
    except error_type:
        return
    except Exception as e:  # noqa: BLE001 - report what came instead
        fail("expected %s, got %r" % (error_type.__name__, e))
    fail("expected %s, got success" % error_type.__name__)


def kp_read(topic, bootstrap, count, timeout=20.0):
    """Reads `count` records with kafka-python (no group), stopping as soon as they are there."""
    kc = kafka.KafkaConsumer(bootstrap_servers=bootstrap, auto_offset_reset="earliest", group_id=None)
    parts = [kafka.TopicPartition(topic, p) for p in sorted(kc.partitions_for_topic(topic) or [0])]
    kc.assign(parts)
    kc.seek_to_beginning()
    got = []
    deadline = time.time() + timeout
    while len(got) < count and time.time() < deadline:
        for recs in kc.poll(timeout_ms=200).values():
            got.extend(recs)
    extra = kc.poll(timeout_ms=300)
    got.extend(r for recs in extra.values() for r in recs)
    kc.close()
    return got


def create_topic(bootstrap, name, partitions):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)])
    futures[name].result(15)


def consume_all(bootstrap, topic, expected, timeout=30.0, **extra):
    conf = {"bootstrap.servers": bootstrap, "group.id": "check-" + uuid.uuid4().hex,
            "auto.offset.reset": "earliest", "enable.auto.commit": False}
    conf.update(extra)
    c = Consumer(conf)
    c.subscribe([topic])
    out = []
    deadline = time.time() + timeout
    while len(out) < expected and time.time() < deadline:
        m = c.poll(0.2)
        if m is None:
            continue
        if m.error():
            fail("consumer error: %s" % m.error())
        out.append(m)
    # Nothing beyond what was expected.
    end = time.time() + 0.5
    while time.time() < end:
        m = c.poll(0.1)
        if m is not None and not m.error():
            out.append(m)
    c.close()
    return out


def cmd_codecs(bootstrap, count="200"):
    """Every compression codec, produced by librdkafka and by kafka-python,
    read back by both; keys, headers and timestamps must survive."""
    count = int(count)
    base_ts = int(time.time() * 1000) - 60000
    for codec in CODECS:
        # librdkafka producer -> kafka-python consumer and librdkafka consumer
        topic = "codec-rdk-" + codec
        p = Producer({"bootstrap.servers": bootstrap, "compression.type": codec, "linger.ms": 20})
        for i in range(count):
            p.produce(topic, key=b"k%d" % i, value=(b"value-%d-" % i) * 5,
                      headers=[("h1", b"x%d" % i), ("h2", b"")], timestamp=base_ts + i)
        check(p.flush(20) == 0, "%s: librdkafka producer did not deliver everything" % codec)
        got = kp_read(topic, bootstrap, count)
        check(len(got) == count, "%s: kafka-python read %d of %d" % (codec, len(got), count))
        for i, m in enumerate(got):
            check(m.key == b"k%d" % i and m.value == (b"value-%d-" % i) * 5, "%s: record %d differs" % (codec, i))
            check(m.timestamp == base_ts + i, "%s: timestamp %d != %d" % (codec, m.timestamp, base_ts + i))
            check(list(m.headers) == [("h1", b"x%d" % i), ("h2", b"")], "%s: headers %r" % (codec, m.headers))
        rd = consume_all(bootstrap, topic, count)
        check(len(rd) == count, "%s: librdkafka read %d of %d" % (codec, len(rd), count))
        for i, m in enumerate(rd):
            check(m.key() == b"k%d" % i and m.timestamp()[1] == base_ts + i, "%s: librdkafka record %d" % (codec, i))
            check(m.headers() == [("h1", b"x%d" % i), ("h2", b"")], "%s: librdkafka headers" % codec)
        # kafka-python producer -> librdkafka consumer
        topic = "codec-kp-" + codec
        kp = kafka.KafkaProducer(bootstrap_servers=bootstrap,
                                 compression_type=None if codec == "none" else codec, linger_ms=20)
        for i in range(count):
            kp.send(topic, key=b"k%d" % i, value=b"v%d" % i, headers=[("h", b"%d" % i)], timestamp_ms=base_ts + i)
        kp.flush(20)
        kp.close()
        rd = consume_all(bootstrap, topic, count)
        check(len(rd) == count, "%s: librdkafka read %d of %d from kafka-python" % (codec, len(rd), count))
        for i, m in enumerate(rd):
            check(m.key() == b"k%d" % i and m.value() == b"v%d" % i, "%s: kp->rdk record %d" % (codec, i))
            check(m.timestamp()[1] == base_ts + i and m.headers() == [("h", b"%d" % i)], "%s: kp->rdk meta %d" % (codec, i))
        print("codec %s ok" % codec, flush=True)
    print("OK codecs", flush=True)


def cmd_group(bootstrap, topic, group, phase):
    """Seed 004: 10 partitions, 5 consumers -> 2 each; one leaves -> the others
    take over; offsets committed. Phase 'check' (after a broker restart)
    verifies the committed offsets are still there."""
    if phase == "check":
        c = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False})
        committed = c.committed([TopicPartition(topic, p) for p in range(10)], timeout=15)
        c.close()
        offsets = {tp.partition: tp.offset for tp in committed}
        print("committed after restart:", offsets, flush=True)
        check(sum(offsets.values()) == 1000, "committed offsets sum to %d, expected 1000" % sum(offsets.values()))
        print("OK group-check", flush=True)
        return
    create_topic(bootstrap, topic, 10)
    p = Producer({"bootstrap.servers": bootstrap})
    for i in range(1000):
        p.produce(topic, value=b"m%d" % i, partition=i % 10)
    check(p.flush(20) == 0, "produce failed")
    consumers = []
    assignments = {}
    received = {}

    def make(i):
        def on_assign(consumer, parts):
            assignments[i] = sorted(tp.partition for tp in parts)

        def on_revoke(consumer, parts):
            assignments[i] = []
        c = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                      "enable.auto.commit": False, "session.timeout.ms": 6000, "heartbeat.interval.ms": 300,
                      "partition.assignment.strategy": "range", "client.id": "member-%d" % i})
        c.subscribe([topic], on_assign=on_assign, on_revoke=on_revoke)
        return c

    for i in range(5):
        consumers.append(make(i))
        received[i] = 0

    def pump(active, until, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for i in active:
                m = consumers[i].poll(0.05)
                if m is not None and not m.error():
                    received[i] += 1
            if until():
                return True
        return False

    def balanced(active, per):
        parts = [p for i in active for p in assignments.get(i, [])]
        return sorted(parts) == list(range(10)) and all(len(assignments.get(i, [])) in per for i in active)

    everyone = list(range(5))
    ok = pump(everyone, lambda: balanced(everyone, (2,)) and sum(received.values()) >= 1000, 60)
    print("assignments:", assignments, "received:", received, flush=True)
    check(ok, "5 consumers did not each get 2 partitions and read all 1000 messages")
    for i in everyone:
        consumers[i].commit(asynchronous=False)
    leaver = 4
    left_parts = list(assignments[leaver])
    consumers[leaver].close()
    rest = [0, 1, 2, 3]
    ok = pump(rest, lambda: balanced(rest, (2, 3)), 60)
    print("after member-4 left:", {i: assignments[i] for i in rest}, flush=True)
    check(ok, "the remaining consumers did not take over the partitions of the one that left")
    taken = [p for i in rest for p in assignments[i]]
    check(all(p in taken for p in left_parts), "partitions %r of the leaver are not reassigned" % left_parts)
    for i in rest:
        consumers[i].close()
    print("OK group", flush=True)


def cmd_admin(bootstrap):
    """Admin operations through kafka-python's admin client."""
    a = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    r = a.create_topics([KNewTopic("adm-a", 3, 1, topic_configs={"retention.ms": "3600000"}),
                         KNewTopic("adm-b", 1, 1)])
    check(all(e == 0 for _, e, _ in r.topic_errors), "create_topics: %r" % (r.topic_errors,))
    expect_error(lambda: a.create_topics([KNewTopic("adm-a", 3, 1)]), kafka.errors.TopicAlreadyExistsError)
    expect_error(lambda: a.create_topics([KNewTopic("adm-c", 1, 3)]), kafka.errors.InvalidReplicationFactorError)
    topics = a.list_topics()
    check("adm-a" in topics and "adm-b" in topics, "list_topics: %r" % topics)
    desc = {t["topic"]: t for t in a.describe_topics(["adm-a"])}
    check(len(desc["adm-a"]["partitions"]) == 3, "describe_topics: %r" % desc)
    res = a.describe_configs([ConfigResource(ConfigResourceType.TOPIC, "adm-a")])
    entries = {e[0]: e[1] for e in res[0].resources[0][4]}
    check(entries.get("retention.ms") == "3600000", "describe_configs: %r" % entries)
    r = a.alter_configs([ConfigResource(ConfigResourceType.TOPIC, "adm-a",
                                        configs={"retention.ms": "7200000", "segment.bytes": "1048576"})])
    check(r.resources[0][0] == 0, "alter_configs: %r" % (r.resources,))
    res = a.describe_configs([ConfigResource(ConfigResourceType.TOPIC, "adm-a")])
    entries = {e[0]: e[1] for e in res[0].resources[0][4]}
    check(entries.get("retention.ms") == "7200000" and entries.get("segment.bytes") == "1048576",
          "configs after alter: %r" % entries)
    r = a.alter_configs([ConfigResource(ConfigResourceType.TOPIC, "adm-a", configs={"no.such.config": "1"})])
    check(r.resources[0][0] == 40, "an unknown config gives %r, not INVALID_CONFIG" % (r.resources,))
    # A group with committed offsets, then list and describe it.
    p = Producer({"bootstrap.servers": bootstrap})
    for i in range(10):
        p.produce("adm-b", value=b"x")
    p.flush(10)
    c = kafka.KafkaConsumer("adm-b", bootstrap_servers=bootstrap, group_id="adm-group",
                            auto_offset_reset="earliest", consumer_timeout_ms=3000)
    n = len(list(c))
    check(n == 10, "group consumer read %d" % n)
    c.commit()
    groups = a.list_consumer_groups()
    print("groups while a member is active:", groups, flush=True)
    check(("adm-group", "consumer") in groups, "list_consumer_groups: %r" % groups)
    d = a.describe_consumer_groups(["adm-group"])[0]
    print("describe:", d, flush=True)
    check(d.state == "Stable" and len(d.members) == 1 and d.protocol == "range", "describe_consumer_groups: %r" % (d,))
    c.close()
    offsets = a.list_consumer_group_offsets("adm-group")
    check(sum(o.offset for o in offsets.values()) == 10, "group offsets: %r" % offsets)
    d = a.describe_consumer_groups(["adm-group"])[0]
    check(d.state == "Empty" and not d.members, "after close: %r" % (d,))
    r = a.delete_topics(["adm-a", "adm-b"])
    check(all(e == 0 for _, e in r.topic_error_codes), "delete_topics: %r" % (r.topic_error_codes,))
    topics = a.list_topics()
    check("adm-a" not in topics and "adm-b" not in topics, "topics left after delete: %r" % topics)
    expect_error(lambda: a.delete_topics(["adm-a"]), kafka.errors.UnknownTopicOrPartitionError)
    a.close()
    print("OK admin", flush=True)


def cmd_timestamps(bootstrap, topic):
    """offsets_for_times through both clients, on plain and compressed batches."""
    base = int(time.time() * 1000) - 100000
    create_topic(bootstrap, topic, 1)
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0})
    for i in range(20):
        p.produce(topic, value=b"t%d" % i, timestamp=base + i * 1000)
        p.flush(10)  # one batch per record, so the index has something to find
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "ts-check"})
    for target, expected in [(base + 3500, 4), (base, 0), (base - 1, 0), (base + 19000, 19), (base + 50000, -1)]:
        r = c.offsets_for_times([TopicPartition(topic, 0, target)], timeout=10)[0]
        check(r.offset == expected, "librdkafka offsets_for_times(%d) = %d, expected %d" % (target - base, r.offset, expected))
    c.close()
    kc = kafka.KafkaConsumer(bootstrap_servers=bootstrap)
    tp = kafka.TopicPartition(topic, 0)
    r = kc.offsets_for_times({tp: base + 7200})[tp]
    check(r is not None and r.offset == 8 and r.timestamp == base + 8000, "kafka-python offsets_for_times: %r" % (r,))
    check(kc.beginning_offsets([tp])[tp] == 0 and kc.end_offsets([tp])[tp] == 20, "watermarks")
    kc.close()
    # Several records per batch, uncompressed: the exact record is found inside the batch.
    t2 = topic + "-batched"
    create_topic(bootstrap, t2, 1)
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 100})
    for i in range(50):
        p.produce(t2, value=b"b%d" % i, timestamp=base + i * 10)
    p.flush(10)
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "ts-check"})
    r = c.offsets_for_times([TopicPartition(t2, 0, base + 255)], timeout=10)[0]
    check(r.offset == 26, "inside a batch: offsets_for_times = %d, expected 26" % r.offset)
    c.close()
    print("OK timestamps", flush=True)


def cmd_produce_loop(bootstrap, topic, total):
    """Idempotent producer (acks=all) that keeps going while the broker is
    killed and restarted. Prints progress and, at the end, the count of
    messages whose delivery was acknowledged."""
    total = int(total)
    acked = [0]
    failed = [0]

    def on_delivery(err, msg):
        if err is None:
            acked[0] += 1
        else:
            failed[0] += 1
    p = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all",
                  "linger.ms": 2, "message.timeout.ms": 60000, "retry.backoff.ms": 100,
                  "reconnect.backoff.ms": 100, "reconnect.backoff.max.ms": 500})
    for i in range(total):
        while True:
            try:
                p.produce(topic, key=b"%d" % i, value=b"loop-%d" % i, on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.05)
        p.poll(0)
        if i % 500 == 0:
            print("progress %d acked %d" % (i, acked[0]), flush=True)
            time.sleep(0.05)
    left = p.flush(90)
    print("acked %d failed %d unflushed %d" % (acked[0], failed[0], left), flush=True)


def cmd_count(bootstrap, topic, expected):
    """Reads the whole topic; prints how many records and how many distinct values."""
    msgs = consume_all(bootstrap, topic, int(expected), timeout=30)
    values = set(m.value() for m in msgs)
    print("count %d distinct %d" % (len(msgs), len(values)), flush=True)


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    bootstrap, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    fn = globals().get("cmd_" + command.replace("-", "_"))
    if fn is None:
        fail("unknown command " + command)
    fn(bootstrap, *args)


if __name__ == "__main__":
    main()
