# Reads Avro container files with Apache Avro's own Python library
# (python3-avro, run by /usr/bin/python3) and prints, per file, one line
# {"file", "schema", "codec"} then one JSON line per record in a canonical
# form the C++ test builds too: timestamp-millis as epoch milliseconds,
# date as "YYYY-MM-DD", decimal as its text, everything else as JSON.
#   avro_read.py FILE...
import datetime
import decimal
import json
import sys
import uuid

import avro.datafile
import avro.io

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def canonical(v):
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=datetime.timezone.utc)
        return (v - EPOCH) // datetime.timedelta(milliseconds=1)
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, bytes):
        return {"$bytes": v.hex()}
    if isinstance(v, dict):
        return {k: canonical(x) for k, x in v.items()}
    if isinstance(v, list):
        return [canonical(x) for x in v]
    return v


for path in sys.argv[1:]:
    with open(path, "rb") as f:
        reader = avro.datafile.DataFileReader(f, avro.io.DatumReader())
        print(json.dumps({"file": path, "schema": reader.meta["avro.schema"].decode("utf-8"),
                          "codec": reader.meta.get("avro.codec", b"null").decode("utf-8")}))
        for record in reader:
            print(json.dumps(canonical(record), sort_keys=True))
        reader.close()
