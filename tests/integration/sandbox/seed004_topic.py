# Reads every message of TOPIC with Debian's python3-confluent-kafka (Consumer,
# AdminClient) and decodes the Confluent-framed Avro values with the schema the
# registry has for each id (confluent_kafka's SchemaRegistryClient) and
# python3-avro. (confluent_kafka's AvroDeserializer needs fastavro, which
# Debian bookworm does not package.) Prints one JSON object:
#   {"partitions": N, "subjects": [...], "messages": [{"partition", "offset",
#    "key", "schema_id", "value"}, ...]}
# with timestamp-millis fields as milliseconds since 1970.
# Usage: seed004_topic.py BOOTSTRAP REGISTRY_URL TOPIC
import datetime
import io
import json
import struct
import sys

import avro.io
import avro.schema
from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.admin import AdminClient
from confluent_kafka.schema_registry import SchemaRegistryClient

bootstrap, url, topic = sys.argv[1], sys.argv[2], sys.argv[3]
registry = SchemaRegistryClient({"url": url})
metadata = AdminClient({"bootstrap.servers": bootstrap}).list_topics(topic, timeout=30)
if topic not in metadata.topics or metadata.topics[topic].error is not None:
    sys.exit("topic %s not found" % topic)
partitions = sorted(metadata.topics[topic].partitions)
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "seed004-check", "enable.auto.commit": False})
ends = {}
for p in partitions:
    low, high = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=30)
    if high > low:
        ends[p] = high
consumer.assign([TopicPartition(topic, p, 0) for p in ends])
readers = {}
messages = []
done = set()
while len(done) < len(ends):
    m = consumer.poll(30.0)
    if m is None:
        sys.exit("no message within 30 s; still waiting for partitions %s" % sorted(set(ends) - done))
    if m.error():
        continue
    magic, schema_id = struct.unpack(">bI", m.value()[:5])
    if magic != 0:
        sys.exit("not Confluent framing at partition %d offset %d" % (m.partition(), m.offset()))
    if schema_id not in readers:
        readers[schema_id] = avro.io.DatumReader(avro.schema.parse(registry.get_schema(schema_id).schema_str))
    value = readers[schema_id].read(avro.io.BinaryDecoder(io.BytesIO(m.value()[5:])))
    for k, v in list(value.items()):
        if isinstance(v, datetime.datetime):
            value[k] = round(v.timestamp() * 1000)
    messages.append({"partition": m.partition(), "offset": m.offset(),
                     "key": m.key().decode() if m.key() is not None else None,
                     "schema_id": schema_id, "value": value})
    if m.offset() + 1 >= ends[m.partition()]:
        done.add(m.partition())
consumer.close()
print(json.dumps({"partitions": len(partitions), "subjects": registry.get_subjects(), "messages": messages}))
