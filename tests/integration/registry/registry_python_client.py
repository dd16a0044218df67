# Drives a schema registry with Debian's python3-confluent-kafka
# SchemaRegistryClient and python3-avro (independent of Tributary): registers
# the Order schema under SUBJECT (written in another layout and key order than
# the node client's), looks it up, fetches it, lists subjects and versions,
# checks and sets compatibility, encodes a message with python3-avro in
# Confluent's framing, then deletes and re-registers under a scratch subject.
# Usage: registry_python_client.py URL SUBJECT [USER:PASSWORD]
# Prints one JSON object on standard output.
import io
import json
import struct
import sys

import avro.io
import avro.schema
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

url, subject = sys.argv[1], sys.argv[2]
conf = {"url": url}
if len(sys.argv) > 3:
    conf["basic.auth.user.info"] = sys.argv[3]
client = SchemaRegistryClient(conf)

SCHEMA = """{
  "namespace": "shop", "name": "Order", "type": "record",
  "fields": [
    {"type": "long", "name": "id"},
    {"name": "amount", "type": {"type": "double"}},
    {"name": "note", "default": null, "type": ["null", "string"]},
    {"name": "status", "type": {"name": "Status", "type": "enum", "symbols": ["NEW", "PAID"]}}
  ]
}"""
WIDER = json.loads(SCHEMA)
WIDER["fields"].append({"name": "channel", "type": "string", "default": "web"})
NARROWER = json.loads(SCHEMA)
NARROWER["fields"].append({"name": "customer", "type": "string"})

out = {}
out["id"] = client.register_schema(subject, Schema(SCHEMA, "AVRO"))
registered = client.lookup_schema(subject, Schema(SCHEMA, "AVRO"))
out["lookup"] = {"id": registered.schema_id, "version": registered.version, "subject": registered.subject}
out["fetched"] = json.loads(SchemaRegistryClient(conf).get_schema(out["id"]).schema_str)["name"]
latest = client.get_latest_version(subject)
out["latest"] = {"id": latest.schema_id, "version": latest.version}
out["subjects"] = client.get_subjects()
out["versions"] = client.get_versions(subject)
out["compatibleWider"] = client.test_compatibility(subject, Schema(json.dumps(WIDER), "AVRO"))
out["compatibleNarrower"] = client.test_compatibility(subject, Schema(json.dumps(NARROWER), "AVRO"))
out["levelSet"] = client.set_compatibility(subject, "FULL")
out["level"] = client.get_compatibility(subject)
try:
    client.register_schema(subject, Schema(json.dumps(NARROWER), "AVRO"))
    out["narrower"] = "accepted"
except SchemaRegistryError as e:
    out["narrower"] = {"status": e.http_status_code, "code": e.error_code}
out["widerId"] = client.register_schema(subject, Schema(json.dumps(WIDER), "AVRO"))

# Encode with python3-avro in Confluent's framing.
writer = avro.io.DatumWriter(avro.schema.parse(SCHEMA))
buf = io.BytesIO()
buf.write(struct.pack(">bI", 0, out["id"]))
writer.write({"id": 7, "amount": 0.25, "note": None, "status": "NEW"}, avro.io.BinaryEncoder(buf))
out["hex"] = buf.getvalue().hex()

# A scratch subject, deleted for good (this client version deletes softly, then permanently).
scratch = subject + "-scratch"
out["scratchId"] = client.register_schema(scratch, Schema(SCHEMA, "AVRO"))
out["deleted"] = client.delete_subject(scratch, permanent=True)
try:
    client.get_latest_version(scratch)
    out["afterDelete"] = "found"
except SchemaRegistryError as e:
    out["afterDelete"] = e.error_code
print(json.dumps(out))
