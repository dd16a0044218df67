# Decodes one Confluent-framed Avro message (hex) with Debian's
# python3-confluent-kafka SchemaRegistryClient (schema by the id in the
# message) and python3-avro, and prints it as JSON.
# Usage: registry_python_decode.py URL HEX
import io
import json
import struct
import sys

import avro.io
import avro.schema
from confluent_kafka.schema_registry import SchemaRegistryClient

url, message = sys.argv[1], bytes.fromhex(sys.argv[2])
magic, schema_id = struct.unpack(">bI", message[:5])
if magic != 0:
    sys.exit("not Confluent framing")
schema = avro.schema.parse(SchemaRegistryClient({"url": url}).get_schema(schema_id).schema_str)
value = avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(message[5:])))
print(json.dumps({"id": schema_id, "value": value}))
