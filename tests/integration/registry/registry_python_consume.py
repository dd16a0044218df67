# Reads COUNT Confluent-framed Avro messages of TOPIC from the start with
# Debian's python3-confluent-kafka consumer, decodes each with the schema the
# registry has for its id (SchemaRegistryClient) and python3-avro, and prints
# them as JSON lines {"id": schema id, "value": ...} in offset order.
# Usage: registry_python_consume.py BOOTSTRAP REGISTRY_URL TOPIC COUNT
import io
import json
import struct
import sys
import time

import avro.io
import avro.schema
from confluent_kafka import Consumer
from confluent_kafka.schema_registry import SchemaRegistryClient

bootstrap, url, topic, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
registry = SchemaRegistryClient({"url": url})
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "python-avro-check",
                     "auto.offset.reset": "earliest", "enable.auto.commit": False})
consumer.subscribe([topic])
readers = {}
out = []
deadline = time.time() + 60
while len(out) < count and time.time() < deadline:
    m = consumer.poll(1.0)
    if m is None or m.error():
        continue
    magic, schema_id = struct.unpack(">bI", m.value()[:5])
    if magic != 0:
        sys.exit("not Confluent framing at offset %d" % m.offset())
    if schema_id not in readers:
        readers[schema_id] = avro.io.DatumReader(avro.schema.parse(registry.get_schema(schema_id).schema_str))
    value = readers[schema_id].read(avro.io.BinaryDecoder(io.BytesIO(m.value()[5:])))
    out.append((m.offset(), {"id": schema_id, "value": value}))
consumer.close()
for _, line in sorted(out, key=lambda x: x[0]):
    print(json.dumps(line, sort_keys=True))
