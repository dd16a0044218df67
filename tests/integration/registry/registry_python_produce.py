# Produces Confluent-framed Avro messages to a topic with Debian's
# python3-confluent-kafka (producer and SchemaRegistryClient) and python3-avro:
# registers the Order schema under TOPIC-value and writes COUNT orders
# {"id": i, "amount": i * 1.5, "note": null or "n<i>", "status": NEW/PAID}.
# Usage: registry_python_produce.py BOOTSTRAP REGISTRY_URL TOPIC COUNT
import io
import json
import struct
import sys

import avro.io
import avro.schema
from confluent_kafka import Producer
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient

bootstrap, url, topic, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
SCHEMA = json.dumps({
    "type": "record", "name": "Order", "namespace": "shop",
    "fields": [
        {"name": "id", "type": "long"},
        {"name": "amount", "type": "double"},
        {"name": "note", "type": ["null", "string"], "default": None},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
    ],
})
schema_id = SchemaRegistryClient({"url": url}).register_schema(topic + "-value", Schema(SCHEMA, "AVRO"))
writer = avro.io.DatumWriter(avro.schema.parse(SCHEMA))
producer = Producer({"bootstrap.servers": bootstrap})
for i in range(count):
    buf = io.BytesIO()
    buf.write(struct.pack(">bI", 0, schema_id))
    writer.write({"id": i, "amount": i * 1.5, "note": None if i % 2 == 0 else "n%d" % i,
                  "status": "PAID" if i % 3 == 0 else "NEW"}, avro.io.BinaryEncoder(buf))
    producer.produce(topic, key=str(i).encode(), value=buf.getvalue())
producer.flush(30)
print(json.dumps({"id": schema_id, "count": count}))
