#!/usr/bin/python3
"""Kafka set-up and checks for test_stream_copartition, with clients that are
not Tributary's (python3-confluent-kafka, python3-kafka).

  copartition_topics.py create BOOTSTRAP NAME:PARTITIONS:RECORDS ...
      creates each topic with that many partitions and produces RECORDS JSON
      records keyed by order_id into it;
  copartition_topics.py committed BOOTSTRAP
      prints the number of committed offsets over every consumer group.
"""
import json
import sys

from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic
from kafka import KafkaAdminClient


def create(bootstrap, specs):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    topics = []
    for spec in specs:
        name, partitions, records = spec.split(":")
        topics.append((name, int(partitions), int(records)))
    futures = admin.create_topics([NewTopic(n, num_partitions=p, replication_factor=1) for n, p, _ in topics])
    for f in futures.values():
        f.result(30)
    producer = Producer({"bootstrap.servers": bootstrap})
    for name, _, records in topics:
        for i in range(records):
            value = {"order_id": i, "ts": 1714557600000 + i * 1000, "side": name}
            producer.produce(name, key=str(i), value=json.dumps(value))
    if producer.flush(30) != 0:
        sys.exit("records left unsent")


def committed(bootstrap):
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    total = 0
    for group, _ in admin.list_consumer_groups():
        offsets = admin.list_consumer_group_offsets(group)
        total += sum(1 for meta in offsets.values() if meta.offset >= 0)
    admin.close()
    print(total)


if __name__ == "__main__":
    if sys.argv[1] == "create":
        create(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == "committed":
        committed(sys.argv[2])
    else:
        sys.exit("unknown command " + sys.argv[1])
