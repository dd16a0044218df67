#!/usr/bin/python3
"""Kafka clients that are not Tributary's, for the remote-runner tests and benchmark.

  create-topic BOOTSTRAP TOPIC PARTITIONS       (python3-kafka admin)
  produce BOOTSTRAP TOPIC FIRST COUNT           keyed JSON {"id": i, "name": "n<i>"} (python3-confluent-kafka)
  group BOOTSTRAP GROUP                         JSON: state and members with client id and partitions (python3-kafka)
  high BOOTSTRAP TOPIC                          sum of high watermarks
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


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    {"create-topic": create_topic, "produce": produce, "group": group, "high": high}[cmd](*args)


if __name__ == "__main__":
    main()
