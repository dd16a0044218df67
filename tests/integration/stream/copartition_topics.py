#!/usr/bin/python3
"""Kafka set-up and checks for test_stream_copartition, with clients that are
not Tributary's (python3-confluent-kafka, python3-kafka).

  copartition_topics.py create BOOTSTRAP NAME:PARTITIONS:RECORDS[:shuffled|:stamped] ...
      creates each topic with that many partitions and produces RECORDS JSON
      records keyed by order_id into it (with "stamped": record i has the
      Kafka timestamp 2024-05-01T10:00:00Z + i seconds, else the time it is
      sent, so that a topic written from it is not past its retention; with "shuffled": keyed by something
      else, and record i written to partition i % PARTITIONS, so that equal
      order_ids of two topics land in unrelated partitions);
  copartition_topics.py orders BOOTSTRAP NAME PARTITIONS RECORDS WAREHOUSES
      creates the topic and writes order i, of warehouse w(i % WAREHOUSES),
      keyed by its order_id, to partition i % PARTITIONS: every warehouse is
      spread over every partition;
  copartition_topics.py check BOOTSTRAP TOPIC PARTITIONS FIELD RECORDS
      reads the whole TOPIC and checks that it has PARTITIONS partitions,
      RECORDS records, each keyed by the text of its value's FIELD, in the
      partition Kafka's murmur2 gives that key (computed here, and compared
      with kafka-python's own); prints "ok <records> <partitions used>";
  copartition_topics.py committed BOOTSTRAP
      prints the number of committed offsets over every consumer group;
  copartition_topics.py keyed BOOTSTRAP TOPIC PARTITIONS FROM TO EVERY
      creates TOPIC when missing and writes the ids i in [FROM, TO) with
      i % EVERY == 0 as {"order_id": i, "ts": ..., "side": TOPIC}, keyed by
      the id, in the partition murmur2 gives the key (as Java's clients do);
  copartition_topics.py offsets BOOTSTRAP
      prints {group: {topic: {partition: committed offset}}} as JSON;
  copartition_topics.py commitbelow BOOTSTRAP GROUP TOPIC ID
      reads TOPIC (3 partitions, written by `keyed`) and commits for GROUP,
      with kafka-python as a consumer of that group would, the offset after
      the last record with order_id < ID in each partition: as if GROUP had
      read exactly those; prints PARTITION:OFFSET per partition.
"""
import json
import sys

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
from kafka import KafkaAdminClient
from kafka.partitioner.default import murmur2 as kafka_python_murmur2


def murmur2(data):
    """Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2), unsigned 32 bits."""
    m, r = 0x5BD1E995, 24
    length = len(data)
    h = (0x9747B28C ^ length) & 0xFFFFFFFF
    for i in range(length // 4):
        k = data[4 * i] | (data[4 * i + 1] << 8) | (data[4 * i + 2] << 16) | (data[4 * i + 3] << 24)
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> r
        k = (k * m) & 0xFFFFFFFF
        h = (h * m) & 0xFFFFFFFF
        h ^= k
    tail = length & ~3
    extra = length % 4
    if extra == 3:
        h ^= data[tail + 2] << 16
    if extra >= 2:
        h ^= data[tail + 1] << 8
    if extra >= 1:
        h ^= data[tail]
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return h


def partition_of(key, partitions):
    return (murmur2(key) & 0x7FFFFFFF) % partitions


def make_topics(bootstrap, topics):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics([NewTopic(n, num_partitions=p, replication_factor=1) for n, p in topics])
    for f in futures.values():
        f.result(30)


def create(bootstrap, specs):
    topics = []
    for spec in specs:
        parts = spec.split(":")
        option = parts[3] if len(parts) > 3 else ""
        topics.append((parts[0], int(parts[1]), int(parts[2]), option == "shuffled", option == "stamped"))
    make_topics(bootstrap, [(n, p) for n, p, _, _, _ in topics])
    producer = Producer({"bootstrap.servers": bootstrap})
    for name, partitions, records, shuffled, stamped in topics:
        for i in range(records):
            value = {"order_id": i, "ts": 1714557600000 + i * 1000, "side": name}
            if shuffled:
                producer.produce(name, key="x%d" % (i * 7919 % 1000), value=json.dumps(value),
                                 partition=i % partitions)
            elif stamped:
                producer.produce(name, key=str(i), value=json.dumps(value), timestamp=value["ts"])
            else:
                producer.produce(name, key=str(i), value=json.dumps(value))
    if producer.flush(30) != 0:
        sys.exit("records left unsent")


def orders(bootstrap, name, partitions, records, warehouses):
    make_topics(bootstrap, [(name, partitions)])
    producer = Producer({"bootstrap.servers": bootstrap})
    for i in range(records):
        value = {"order_id": i, "warehouse": "w%d" % (i % warehouses), "units": 1 + i % 5,
                 "ts": 1714557600000 + i * 1000}
        producer.produce(name, key=str(i), value=json.dumps(value), partition=i % partitions)
    if producer.flush(30) != 0:
        sys.exit("records left unsent")


def check(bootstrap, topic, partitions, field, records):
    meta = AdminClient({"bootstrap.servers": bootstrap}).list_topics(topic, timeout=30)
    have = len(meta.topics[topic].partitions)
    if have != partitions:
        sys.exit("topic %s has %d partitions, expected %d" % (topic, have, partitions))
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "repartition-check",
                         "enable.auto.commit": False, "enable.partition.eof": True})
    consumer.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
    seen, ended, used = 0, set(), set()
    while len(ended) < partitions:
        m = consumer.poll(10)
        if m is None:
            sys.exit("no record within 10 s; %d read" % seen)
        if m.error():
            if m.error().code() == -191:  # _PARTITION_EOF
                ended.add(m.partition())
                continue
            sys.exit(str(m.error()))
        value = json.loads(m.value())
        expected_key = str(value[field]).encode()
        if m.key() != expected_key:
            sys.exit("record %s is keyed %r, not by its %s %r" % (value, m.key(), field, expected_key))
        want = partition_of(m.key(), partitions)
        if want != (kafka_python_murmur2(m.key()) & 0x7FFFFFFF) % partitions:
            sys.exit("our murmur2 and kafka-python's differ for %r" % m.key())
        if m.partition() != want:
            sys.exit("key %r is in partition %d; murmur2 puts it in %d of %d" % (m.key(), m.partition(), want,
                                                                             partitions))
        used.add(m.partition())
        seen += 1
    consumer.close()
    if seen != records:
        sys.exit("%d records in %s, expected %d" % (seen, topic, records))
    print("ok %d %d" % (seen, len(used)))


def committed(bootstrap):
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    total = 0
    for group, _ in admin.list_consumer_groups():
        offsets = admin.list_consumer_group_offsets(group)
        total += sum(1 for meta in offsets.values() if meta.offset >= 0)
    admin.close()
    print(total)


def keyed(bootstrap, topic, partitions, first, last, every):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    if topic not in admin.list_topics(timeout=30).topics:
        make_topics(bootstrap, [(topic, partitions)])
    producer = Producer({"bootstrap.servers": bootstrap})
    for i in range(first, last):
        if i % every:
            continue
        key = str(i).encode()
        value = {"order_id": i, "ts": 1714557600000 + i * 1000, "side": topic}
        producer.produce(topic, key=key, value=json.dumps(value), partition=partition_of(key, partitions))
    if producer.flush(30) != 0:
        sys.exit("records left unsent")


def offsets(bootstrap):
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    out = {}
    for group, _ in admin.list_consumer_groups():
        for tp, meta in admin.list_consumer_group_offsets(group).items():
            if meta.offset >= 0:
                out.setdefault(group, {}).setdefault(tp.topic, {})[str(tp.partition)] = meta.offset
    admin.close()
    print(json.dumps(out, sort_keys=True))


def commitbelow(bootstrap, group, topic, below):
    from kafka import KafkaConsumer
    from kafka import TopicPartition as KafkaTopicPartition
    from kafka.structs import OffsetAndMetadata
    reader = Consumer({"bootstrap.servers": bootstrap, "group.id": "commitbelow-reader",
                       "enable.auto.commit": False, "enable.partition.eof": True})
    reader.assign([TopicPartition(topic, p, 0) for p in range(3)])
    upto, ended = {p: 0 for p in range(3)}, set()
    while len(ended) < 3:
        m = reader.poll(10)
        if m is None:
            sys.exit("no record within 10 s")
        if m.error():
            if m.error().code() == -191:  # _PARTITION_EOF
                ended.add(m.partition())
                continue
            sys.exit(str(m.error()))
        if json.loads(m.value())["order_id"] < below:
            upto[m.partition()] = m.offset() + 1
    reader.close()
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    consumer.commit({KafkaTopicPartition(topic, p): OffsetAndMetadata(o, "") for p, o in upto.items()})
    consumer.close()
    print(" ".join("%d:%d" % (p, o) for p, o in sorted(upto.items())))


if __name__ == "__main__":
    if sys.argv[1] == "create":
        create(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == "orders":
        orders(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    elif sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], int(sys.argv[6]))
    elif sys.argv[1] == "committed":
        committed(sys.argv[2])
    elif sys.argv[1] == "keyed":
        keyed(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]))
    elif sys.argv[1] == "offsets":
        offsets(sys.argv[2])
    elif sys.argv[1] == "commitbelow":
        commitbelow(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        sys.exit("unknown command " + sys.argv[1])
