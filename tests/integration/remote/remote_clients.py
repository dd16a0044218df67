#!/usr/bin/python3
"""Kafka clients that are not Tributary's, for the remote-runner tests and benchmark.

  create-topic BOOTSTRAP TOPIC PARTITIONS       (python3-kafka admin)
  produce BOOTSTRAP TOPIC FIRST COUNT           keyed JSON {"id": i, "name": "n<i>"} (python3-confluent-kafka)
  produce-paced BOOTSTRAP TOPIC FIRST COUNT SECONDS   the same, spread evenly over SECONDS
  group BOOTSTRAP GROUP                         JSON: state and members with client id and partitions (python3-kafka)
  high BOOTSTRAP TOPIC                          sum of high watermarks
  produce-products BOOTSTRAP TOPIC COUNT        seed 004's product updates, keyed by id (confluent-kafka)
  transform-loop BOOTSTRAP IN OUT COUNT         seed 004's consumer: consume, transform, produce (confluent-kafka);
                                                prints {"records": n, "seconds": s} from the first record to the last delivery
  join-group BOOTSTRAP TOPIC GROUP STOPFILE     a consumer in GROUP (confluent-kafka) until STOPFILE exists, then it
                                                leaves; prints {"assigned": [partitions]} at each assignment
"""
import json
import sys
import time


def create_topic(bootstrap, topic, partitions):
    from kafka.admin import KafkaAdminClient, NewTopic
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    admin.create_topics([NewTopic(topic, num_partitions=int(partitions), replication_factor=1)])
    admin.close()
    print("created", topic, flush=True)


def produce(bootstrap, topic, first, count):
    from confluent_kafka import Producer
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5})
    failed = []
    def report(err, msg):
        if err:
            failed.append(err)
    for i in range(int(first), int(first) + int(count)):
        value = json.dumps({"id": i, "name": "n%d" % i, "price": i % 97})
        while True:
            try:
                p.produce(topic, key=str(i), value=value, on_delivery=report)
                break
            except BufferError:
                p.poll(0.05)
        p.poll(0)
    left = p.flush(30)
    if failed or left:
        print("produce failed:", failed[:3], "left", left, flush=True)
        sys.exit(1)
    print("produced", count, flush=True)


def produce_paced(bootstrap, topic, first, count, seconds):
    """Like produce, spread evenly over SECONDS (so a runner can be killed mid-stream)."""
    from confluent_kafka import Producer
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5})
    first, count, seconds = int(first), int(count), float(seconds)
    start = time.time()
    for n, i in enumerate(range(first, first + count)):
        p.produce(topic, key=str(i), value=json.dumps({"id": i, "name": "n%d" % i, "price": i % 97}))
        p.poll(0)
        ahead = start + seconds * (n + 1) / count - time.time()
        if ahead > 0:
            time.sleep(ahead)
    if p.flush(30):
        sys.exit("produce-paced: not every record was delivered")
    print("produced", count, flush=True)


def group(bootstrap, group_id):
    from kafka.admin import KafkaAdminClient
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    d = admin.describe_consumer_groups([group_id])[0]
    members = []
    for m in d.members:
        parts = []
        a = m.member_assignment
        if a is not None:
            for topic, ps in a.assignment:
                parts += [[topic, p] for p in ps]
        members.append({"client_id": m.client_id, "partitions": parts})
    admin.close()
    print(json.dumps({"state": d.state, "members": members}), flush=True)


def high(bootstrap, topic):
    from confluent_kafka import Consumer, TopicPartition
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "remote-test-watermarks"})
    md = c.list_topics(topic, timeout=10)
    total = 0
    for p in md.topics[topic].partitions:
        lo, hi = c.get_watermark_offsets(TopicPartition(topic, p), timeout=10)
        total += hi
    c.close()
    print(total, flush=True)


def produce_products(bootstrap, topic, count):
    from confluent_kafka import Producer
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 20, "batch.num.messages": 10000,
                  "queue.buffering.max.messages": 1000000})
    for i in range(int(count)):
        pid = i % 5000 + 1
        value = json.dumps({"id": pid, "name": "Product %d" % pid, "category": "cat_%d" % (i % 9 + 1),
                            "price": round(5 + (i * 7919 % 10000) / 100.0, 2), "last_updated": 1700000000 + i})
        while True:
            try:
                p.produce(topic, key=str(pid), value=value)
                break
            except BufferError:
                p.poll(0.05)
    if p.flush(60):
        sys.exit("produce-products: not every record was delivered")
    print("produced", count, flush=True)


def transform_loop(bootstrap, topic_in, topic_out, count):
    """Seed 004's consumer (consumer/consumer.py) without Avro: read product
    updates in a group, upper-case the category, add a 20 % discount for CAT_5,
    produce the result."""
    from confluent_kafka import Consumer, Producer
    count = int(count)
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "bench-python-loop", "auto.offset.reset": "earliest",
                  "enable.auto.commit": True})
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "queue.buffering.max.messages": 1000000})
    c.subscribe([topic_in])
    done = 0
    first = None
    deadline = time.time() + 600
    while done < count and time.time() < deadline:
        for m in c.consume(num_messages=1000, timeout=0.5):
            if m.error():
                continue
            if first is None:
                first = time.time()
            record = json.loads(m.value())
            record["category"] = record["category"].upper()
            if record["category"] == "CAT_5":
                record["discount_price"] = round(record["price"] * 0.8, 2)
            while True:
                try:
                    p.produce(topic_out, key=m.key(), value=json.dumps(record))
                    break
                except BufferError:
                    p.poll(0.05)
            done += 1
        p.poll(0)
    p.flush(60)
    seconds = time.time() - (first or time.time())
    c.close()
    print(json.dumps({"records": done, "seconds": seconds}), flush=True)


def join_group(bootstrap, topic, group_id, stop_file):
    import os
    from confluent_kafka import Consumer
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group_id, "enable.auto.commit": False,
                  "auto.offset.reset": "latest"})

    def assigned(consumer, partitions):
        print(json.dumps({"assigned": sorted(p.partition for p in partitions)}), flush=True)

    c.subscribe([topic], on_assign=assigned)
    deadline = time.time() + 120
    while not os.path.exists(stop_file) and time.time() < deadline:
        c.poll(0.1)
    c.close()
    print(json.dumps({"left": True}), flush=True)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    {"create-topic": create_topic, "produce": produce, "produce-paced": produce_paced, "group": group, "high": high,
     "produce-products": produce_products, "transform-loop": transform_loop,
     "join-group": join_group}[cmd](*args)


if __name__ == "__main__":
    main()
