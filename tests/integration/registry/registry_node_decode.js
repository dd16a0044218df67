// Decodes one Confluent-framed Avro message (hex) with npm's
// @kafkajs/confluent-schema-registry (schema fetched from the registry by the
// id in the message) and prints it as JSON.
// Usage: node registry_node_decode.js URL HEX
'use strict';
const path = require('path');
const tools = path.join(__dirname, '..', '..', 'tools', 'node_modules');
const { SchemaRegistry } = require(path.join(tools, '@kafkajs', 'confluent-schema-registry'));

const [url, hex] = process.argv.slice(2);
new SchemaRegistry({ host: url })
  .decode(Buffer.from(hex, 'hex'))
  .then((value) => process.stdout.write(JSON.stringify(value) + '\n'))
  .catch((e) => {
    process.stderr.write('registry_node_decode: ' + (e.stack || e) + '\n');
    process.exit(1);
  });
