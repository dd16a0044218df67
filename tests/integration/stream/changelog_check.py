"""Independent look at a changelog topic (test_stream_state_crash), with kafka-python.

Prints one JSON object: the topic's partition count and cleanup.policy (from
the broker's DescribeConfigs), how many records it holds, the distinct keys,
how many of them start with each prefix ("g/" aggregate groups, "m" markers,
...), and whether every record carries the flush and offsets headers.

usage: changelog_check.py BOOTSTRAP TOPIC
"""
import json
import sys

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient


def main():
    bootstrap, topic = sys.argv[1], sys.argv[2]
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    res = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    configs = {e[0]: e[1] for e in res[0].resources[0][4]}
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, consumer_timeout_ms=5000)
    partitions = sorted(consumer.partitions_for_topic(topic) or [])
    tps = [TopicPartition(topic, p) for p in partitions]
    consumer.assign(tps)
    consumer.seek_to_beginning(*tps)
    ends = consumer.end_offsets(tps)
    keys, records, tagged = set(), 0, 0
    done = {tp for tp in tps if ends[tp] == 0}
    while len(done) < len(tps):
        batch = consumer.poll(timeout_ms=2000)
        if not batch:
            break
        for tp, messages in batch.items():
            for m in messages:
                records += 1
                keys.add(m.key)
                names = {h[0] for h in (m.headers or [])}
                tagged += "tributary.flush" in names and "tributary.offsets" in names
                if m.offset + 1 >= ends[tp]:
                    done.add(tp)
    prefixes = {}
    for k in keys:
        p = k[:2].decode("latin-1") if len(k) > 1 else k.decode("latin-1")
        prefixes[p] = prefixes.get(p, 0) + 1
    print(json.dumps({"partitions": len(partitions), "cleanup_policy": configs.get("cleanup.policy"),
                      "records": records, "keys": len(keys), "prefixes": prefixes,
                      "all_tagged": records > 0 and tagged == records, "complete": len(done) == len(tps)}))


main()
