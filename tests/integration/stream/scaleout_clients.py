#!/usr/bin/python3
"""Kafka clients that are not Tributary's, for test_stream_scaleout.

  produce BOOTSTRAP TOPIC FILE FIRST COUNT SECONDS PARTITIONS
      lines FIRST..FIRST+COUNT-1 of FILE (JSON events with an "item"
      "item-<n>"), each to partition n % PARTITIONS keyed by the item, spread
      evenly over SECONDS (python3-confluent-kafka, acks=all, in order)
  committed BOOTSTRAP GROUP
      the sum of the group's committed offsets (python3-kafka)
  changelog BOOTSTRAP TOPIC PARTITIONS ORDERS
      reads a changelog topic (python3-kafka) and checks that every key in
      partition p belongs to input partition p: an aggregate group key holds
      "item-<n>" with n % PARTITIONS == p; a join buffer key "0/<id>" or
      "1/<id>" is an order whose item (id * 31 % 20) is in p (the closing
      orders ORDERS + q have item q). Prints JSON
      {"partitions", "records", "per_partition": {p: keys}, "foreign": [...], "markers": {p: n}}
"""
import json
import re
import sys
import time


def produce(bootstrap, topic, path, first, count, seconds, partitions):
    from confluent_kafka import Producer
    first, count, seconds, partitions = int(first), int(count), float(seconds), int(partitions)
    with open(path) as f:
        events = [l for i, l in enumerate(f) if first <= i < first + count]
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5,
                  "enable.idempotence": True})
    failed = []

    def report(err, msg):
        if err:
            failed.append(err)

    start = time.time()
    for n, line in enumerate(events):
        item = json.loads(line)["item"]
        partition = int(item.split("-")[1]) % partitions
        while True:
            try:
                p.produce(topic, key=item, value=line.strip(), partition=partition, on_delivery=report)
                break
            except BufferError:
                p.poll(0.05)
        p.poll(0)
        if seconds > 0 and n % 100 == 0:
            ahead = start + seconds * (n + 1) / len(events) - time.time()
            if ahead > 0:
                time.sleep(ahead)
    left = p.flush(60)
    if failed or left:
        sys.exit("produce failed: %s, %d left" % (failed[:3], left))
    print("produced", len(events), flush=True)


def committed(bootstrap, group):
    from kafka.admin import KafkaAdminClient
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    offsets = admin.list_consumer_group_offsets(group)
    admin.close()
    print(sum(max(0, o.offset) for o in offsets.values()), flush=True)


def changelog(bootstrap, topic, partitions, orders):
    from kafka import KafkaConsumer, TopicPartition
    partitions, orders = int(partitions), int(orders)

    def item_of(order_id):
        return order_id - orders if order_id >= orders else order_id * 31 % 20

    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, consumer_timeout_ms=5000)
    found = sorted(consumer.partitions_for_topic(topic) or [])
    tps = [TopicPartition(topic, p) for p in found]
    consumer.assign(tps)
    consumer.seek_to_beginning(*tps)
    ends = consumer.end_offsets(tps)
    done = {tp for tp in tps if ends[tp] == 0}
    keys = {p: set() for p in found}
    markers = {p: 0 for p in found}
    foreign, records = [], 0
    while len(done) < len(tps):
        batch = consumer.poll(timeout_ms=2000)
        if not batch:
            break
        for tp, messages in batch.items():
            for m in messages:
                records += 1
                if m.offset + 1 >= ends[tp]:
                    done.add(tp)
                k = m.key.decode("latin-1")
                if k == "m":
                    markers[tp.partition] += 1
                    continue
                if k.startswith("o/") or k.startswith("p/"):  # outbox: results, any key
                    continue
                keys[tp.partition].add(k)
                owner = None
                item = re.search(r"item-(\d+)", k)
                if k.startswith("g/") and item:
                    owner = int(item.group(1)) % partitions
                elif k[:2] in ("0/", "1/") and k[2:].strip('"').isdigit():
                    owner = item_of(int(k[2:].strip('"'))) % partitions
                if owner != tp.partition:
                    foreign.append([tp.partition, k])
    print(json.dumps({"partitions": len(found), "records": records, "complete": len(done) == len(tps),
                      "per_partition": {p: len(v) for p, v in keys.items()}, "markers": markers,
                      "foreign": foreign[:10], "foreign_count": len(foreign)}))


if __name__ == "__main__":
    {"produce": produce, "committed": committed, "changelog": changelog}[sys.argv[1]](*sys.argv[2:])
