// Drives a schema registry with npm's @kafkajs/confluent-schema-registry and
// avsc (independent of Tributary): registers the Order schema under SUBJECT,
// registers it again (same id), looks it up by subject/version, fetches it by
// id, encodes and decodes a message in Confluent's framing, decodes the bytes
// once more with avsc alone, and tries an incompatible schema.
// Usage: node registry_node_client.js URL SUBJECT [USER PASSWORD]
// Prints one JSON object on standard output.
'use strict';
const path = require('path');
const tools = path.join(__dirname, '..', '..', 'tools', 'node_modules');
const { SchemaRegistry, SchemaType } = require(path.join(tools, '@kafkajs', 'confluent-schema-registry'));
const avsc = require(path.join(tools, 'avsc'));

const schema = {
  type: 'record', name: 'Order', namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'amount', type: 'double' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
  ],
};
// A required field without a default: not backward compatible.
const incompatible = JSON.parse(JSON.stringify(schema));
incompatible.fields.push({ name: 'customer', type: 'string' });

async function main() {
  const [url, subject, user, password] = process.argv.slice(2);
  const options = { host: url };
  if (user) options.auth = { username: user, password };
  const registry = new SchemaRegistry(options);
  const out = {};
  const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject });
  out.id = id;
  // A second client (no cache) registering the same schema again.
  const again = await new SchemaRegistry(options).register(
    { type: SchemaType.AVRO, schema: JSON.stringify(schema, null, 2) }, { subject });
  out.again = again.id;
  out.latest = await registry.getLatestSchemaId(subject);
  out.byVersion = await registry.getRegistryId(subject, 1);
  const fetched = await new SchemaRegistry(options).getSchema(id);
  out.fetchedName = fetched.name;
  const message = { id: 42, amount: 12.5, note: 'rush', status: 'PAID' };
  const encoded = await registry.encode(id, message);
  out.hex = encoded.toString('hex');
  out.magic = encoded[0];
  out.framedId = encoded.readInt32BE(1);
  out.decoded = await new SchemaRegistry(options).decode(encoded);
  out.direct = avsc.Type.forSchema(schema).fromBuffer(encoded.subarray(5));
  try {
    await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(incompatible) }, { subject });
    out.incompatible = 'accepted';
  } catch (e) {
    out.incompatible = String(e.message || e);
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  process.stderr.write('registry_node_client: ' + (e.stack || e) + '\n');
  process.exit(1);
});
