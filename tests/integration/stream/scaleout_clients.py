#!/usr/bin/python3
"""Kafka clients that are not Tributary's, for test_stream_scaleout.

  produce BOOTSTRAP TOPIC FILE FIRST COUNT SECONDS PARTITIONS
      lines FIRST..FIRST+COUNT-1 of FILE (JSON events with an "item"
      "item-<n>"), each to partition n % PARTITIONS keyed by the item, spread
      evenly over SECONDS (python3-confluent-kafka, acks=all, in order);
      TOPIC "A,B": orders to topic A, shipments to topic B
  committed BOOTSTRAP GROUP
      the sum of the group's committed offsets (python3-kafka)
  assignments BOOTSTRAP GROUP SECONDS OUT
      samples the group's assignment (python3-kafka DescribeGroups) every
      0.2 s for SECONDS and writes JSON {"samples", "members_seen",
      "mismatches": [...], "errors"} to OUT: a mismatch is a member whose
      partition numbers differ between the topics it is assigned (or that
      holds partitions of one topic only)
  changelog BOOTSTRAP TOPIC PARTITIONS ORDERS [murmur2]
      reads a changelog topic (python3-kafka) and checks that every key in
      partition p belongs to input partition p: an aggregate group key holds
      "item-<n>" with n % PARTITIONS == p; a join buffer key "0/<id>" or
      "1/<id>" is an order whose item (id * 31 % 20) is in p (the closing
      orders ORDERS + q have item q). With murmur2 (a join reading
      repartition topics) an order id's partition is Kafka's murmur2 of its
      text (kafka-python's) modulo PARTITIONS instead. Prints JSON
      {"partitions", "records", "per_partition": {p: keys}, "foreign": [...], "markers": {p: n}}
"""
import json
import re
import sys
import time


def produce(bootstrap, topic, path, first, count, seconds, partitions):
    from confluent_kafka import Producer
    first, count, seconds, partitions = int(first), int(count), float(seconds), int(partitions)
    topics = topic.split(",")
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
        event = json.loads(line)
        item = event["item"]
        partition = int(item.split("-")[1]) % partitions
        to = topics[0] if len(topics) == 1 or event["kind"] == "order" else topics[1]
        while True:
            try:
                p.produce(to, key=item, value=line.strip(), partition=partition, on_delivery=report)
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


def assignments(bootstrap, group, seconds, out):
    from kafka.admin import KafkaAdminClient
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    samples, seen, mismatches, errors = 0, set(), [], []
    end = time.time() + float(seconds)
    while time.time() < end:
        try:
            d = admin.describe_consumer_groups([group])[0]
        except Exception as e:  # e.g. an assignment being written during a rebalance
            errors.append(repr(e))
            time.sleep(0.2)
            continue
        samples += 1
        for m in d.members:
            a = m.member_assignment
            if isinstance(a, bytes):  # not decoded by kafka-python (an empty one while a rebalance runs)
                from kafka.coordinator.protocol import ConsumerProtocolMemberAssignment
                a = ConsumerProtocolMemberAssignment.decode(a) if a else None
            if a is None or not a.assignment:
                continue
            seen.add(m.client_id)
            per_topic = {topic: sorted(ps) for topic, ps in a.assignment}
            if len({tuple(ps) for ps in per_topic.values()}) > 1 or len(per_topic) == 1:
                mismatches.append({"member": m.client_id, "state": d.state, "assignment": per_topic})
        time.sleep(0.2)
    admin.close()
    with open(out, "w") as f:
        json.dump({"samples": samples, "members_seen": len(seen), "mismatches": mismatches[:10],
                   "mismatch_count": len(mismatches), "errors": errors[:5], "error_count": len(errors)}, f)


def changelog(bootstrap, topic, partitions, orders, mode="item"):
    from kafka import KafkaConsumer, TopicPartition
    from kafka.partitioner.default import murmur2
    partitions, orders = int(partitions), int(orders)

    def item_of(order_id):
        return order_id - orders if order_id >= orders else order_id * 31 % 20

    def owner_of(order_id):
        if mode == "murmur2":
            return (murmur2(str(order_id).encode()) & 0x7FFFFFFF) % partitions
        return item_of(order_id) % partitions

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
                    owner = owner_of(int(k[2:].strip('"')))
                if owner != tp.partition:
                    foreign.append([tp.partition, k])
    print(json.dumps({"partitions": len(found), "records": records, "complete": len(done) == len(tps),
                      "per_partition": {p: len(v) for p, v in keys.items()}, "markers": markers,
                      "foreign": foreign[:10], "foreign_count": len(foreign)}))


if __name__ == "__main__":
    {"produce": produce, "committed": committed, "assignments": assignments,
     "changelog": changelog}[sys.argv[1]](*sys.argv[2:])
