// Independent Parquet reader and writer for the tests (hyparquet,
// hyparquet-writer from tests/tools), printing values in one canonical JSON
// form that the C++ side builds too:
//   int64 -> {"$int": "123"}, timestamp -> {"$ts": "<micros>"},
//   bytes -> {"$bytes": "<base64>"}, json column -> {"$json": "<text>"},
//   other numbers, strings, booleans and null as themselves.
//
//   node parquet_tool.mjs read FILE      one canonical JSON row per line
//   node parquet_tool.mjs stats FILE     per row group and column: min, max, null count
//   node parquet_tool.mjs write DIR [ROWS]  writes test files and DIR/NAME.expected.jsonl
//   node parquet_tool.mjs bench FILE ROWS [OTHER]  hyparquet(-writer) rows/s (bench_parquet)
import fs from 'node:fs'
import zlib from 'node:zlib'
import { createRequire } from 'node:module'
import path from 'node:path'

const tools = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../tools/node_modules')
const req = createRequire(tools + '/')
const load = async name => import(req.resolve(name))
const { parquetReadObjects, parquetMetadata } = await load('hyparquet')
const { compressors } = await load('hyparquet-compressors')
const { parquetWriteBuffer } = await load('hyparquet-writer')

const parsers = {
  timestampFromMilliseconds: v => ({ $ts: (BigInt(v) * 1000n).toString() }),
  timestampFromMicroseconds: v => ({ $ts: BigInt(v).toString() }),
  timestampFromNanoseconds: v => ({ $ts: (BigInt(v) / 1000n).toString() }),
  jsonFromBytes: b => b && { $json: new TextDecoder().decode(b) },
}

function canonical(key, v) {
  if (typeof v === 'bigint') return { $int: v.toString() }
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') }
  if (v === undefined) return null
  return v
}

// zstd for hyparquet-writer (which has no zstd of its own), from zstd-codec:
// the reference zstd library compiled to WebAssembly.
async function zstdCompressor() {
  const { ZstdCodec } = req('zstd-codec')
  const zstd = await new Promise(resolve => ZstdCodec.run(resolve))
  const simple = new zstd.Simple()
  return b => simple.compress(b, 3)
}

function arrayBufferOf(file) {
  const b = fs.readFileSync(file)
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)
}

const [cmd, arg, extra] = process.argv.slice(2)
if (cmd === 'read') {
  const rows = await parquetReadObjects({ file: arrayBufferOf(arg), compressors, parsers, utf8: false })
  const out = rows.map(r => JSON.stringify(r, canonical)).join('\n')
  process.stdout.write(out + (out ? '\n' : ''))
} else if (cmd === 'stats') {
  const meta = parquetMetadata(arrayBufferOf(arg), { parsers, utf8: false })
  const groups = meta.row_groups.map(g => g.columns.map(c => {
    const s = c.meta_data.statistics ?? {}
    return { column: c.meta_data.path_in_schema.join('.'), min: s.min_value, max: s.max_value, nulls: s.null_count }
  }))
  process.stdout.write(JSON.stringify({ rows: meta.num_rows, groups }, canonical) + '\n')
} else if (cmd === 'write') {
  const n = Number(extra ?? 300)
  const ids = [], small = [], prices = [], ratios = [], flags = [], cities = [], notes = [], times = []
  for (let i = 0; i < n; i++) {
    ids.push(BigInt(i) * 1234567891n - 99n)
    small.push(i % 11 === 3 ? null : i * 3 - 100)
    prices.push(i / 8 - 7.25)
    ratios.push(i % 4 === 0 ? null : Math.fround(i / 4))
    flags.push(i % 9 === 0 ? null : i % 3 === 0)
    cities.push(i % 13 === 5 ? null : ['Oslo', 'Lyon', 'Kyiv', 'Porto', 'Zürich'][i % 5])
    notes.push(i % 6 === 1 ? null : 'note ' + i + ' ' + 'x'.repeat(i % 17))
    times.push(new Date(Date.UTC(2024, 0, 1) + i * 61000))
  }
  // `encoding`: one for all columns but the boolean, or an object per column name.
  const columns = encoding => {
    const e = name => (typeof encoding === 'object' ? encoding[name] : encoding)
    return [
      { name: 'id', data: ids, type: 'INT64', nullable: false, encoding: e('id') },
      { name: 'small', data: small, type: 'INT32', encoding: e('small') },
      { name: 'price', data: prices, type: 'DOUBLE', encoding: e('price') },
      { name: 'ratio', data: ratios, type: 'FLOAT', encoding: e('ratio') },
      { name: 'flag', data: flags, type: 'BOOLEAN' },
      { name: 'city', data: cities, type: 'STRING', encoding: e('city') },
      { name: 'note', data: notes, type: 'STRING', encoding: e('note') },
      { name: 'at', data: times, type: 'TIMESTAMP', encoding: e('at') },
    ]
  }
  const expected = []
  for (let i = 0; i < n; i++) {
    const row = {
      id: { $int: ids[i].toString() },
      small: small[i] === null ? null : { $int: String(small[i]) },
      price: prices[i],
      ratio: ratios[i],
      flag: flags[i],
      city: cities[i],
      note: notes[i],
      at: { $ts: String(times[i].getTime() * 1000) },
    }
    expected.push(JSON.stringify(row))
  }
  const files = {
    'plain_none': { codec: 'UNCOMPRESSED', encoding: 'PLAIN' },
    'dict_snappy': { codec: 'SNAPPY' },  // the writer's default: dictionaries where they pay
    'dict_gzip': { codec: 'GZIP', compressors: { GZIP: b => new Uint8Array(zlib.gzipSync(b)) } },
    'plain_snappy_groups': { codec: 'SNAPPY', encoding: 'PLAIN', rowGroupSize: 64, pageSize: 512 },
    'delta_split': { codec: 'SNAPPY', encoding: {
      id: 'DELTA_BINARY_PACKED', small: 'DELTA_BINARY_PACKED', at: 'DELTA_BINARY_PACKED',
      price: 'BYTE_STREAM_SPLIT', ratio: 'BYTE_STREAM_SPLIT',
      city: 'DELTA_BYTE_ARRAY', note: 'DELTA_LENGTH_BYTE_ARRAY' } },
  }
  for (const [name, o] of Object.entries(files)) {
    const cols = columns(o.encoding)
    const buf = parquetWriteBuffer({ columnData: cols, codec: o.codec, compressors: o.compressors, rowGroupSize: o.rowGroupSize, pageSize: o.pageSize })
    fs.writeFileSync(path.join(arg, name + '.parquet'), Buffer.from(buf))
  }
  fs.writeFileSync(path.join(arg, 'expected.jsonl'), expected.join('\n') + '\n')

  // Logical types with an explicit schema: DATE, DECIMAL (FIXED_LEN_BYTE_ARRAY
  // and INT64), UUID. Expected values as our reader gives them.
  const days = [], money = [], tenths = [], uuids = [], typesExpected = []
  for (let i = 0; i < n; i++) {
    const d = new Date(Date.UTC(1999, 11, 30) + i * 86400000 * 37)
    days.push(i % 7 === 6 ? null : d)
    const cents = BigInt(i) * 123457n - 500000n  // -5000.00 upwards
    money.push(cents)
    tenths.push(BigInt(i * 3 - 7))
    const hex = (i * 2654435761 % 4294967296).toString(16).padStart(8, '0')
    const uuid = `${hex}-${hex.slice(0, 4)}-4${hex.slice(5, 8)}-8${hex.slice(1, 4)}-${hex}${hex.slice(0, 4)}`
    uuids.push(uuid)
    const dec = (v, scale) => {
      const neg = v < 0n, a = (neg ? -v : v).toString().padStart(scale + 1, '0')
      return (neg ? '-' : '') + a.slice(0, a.length - scale) + '.' + a.slice(a.length - scale)
    }
    typesExpected.push(JSON.stringify({
      day: days[i] === null ? null : days[i].toISOString().slice(0, 10),
      money: dec(cents, 2), small: dec(tenths[i], 1), id: uuid,
    }))
  }
  const typesBuf = parquetWriteBuffer({
    columnData: [
      { name: 'day', data: days }, { name: 'money', data: money }, { name: 'small', data: tenths }, { name: 'id', data: uuids },
    ],
    schema: [
      { name: 'root', num_children: 4 },
      { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' },
      { name: 'money', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 8, converted_type: 'DECIMAL', scale: 2, precision: 18, repetition_type: 'REQUIRED' },
      { name: 'small', type: 'INT64', converted_type: 'DECIMAL', scale: 1, precision: 10, repetition_type: 'REQUIRED' },
      { name: 'id', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16, logical_type: { type: 'UUID' }, repetition_type: 'REQUIRED' },
    ],
    codec: 'UNCOMPRESSED',
  })
  fs.writeFileSync(path.join(arg, 'types.parquet'), Buffer.from(typesBuf))
  fs.writeFileSync(path.join(arg, 'types.expected.jsonl'), typesExpected.join('\n') + '\n')
} else if (cmd === 'write-nested') {
  // write-nested DIR [ROWS]: nested schemas (structs in structs, LIST of
  // strings, LIST of LISTs, MAP, LIST of structs) with nulls at every level
  // and empty lists, as NAME.parquet and NAME.expected.jsonl (the rows given
  // to the writer, as plain JSON). hyparquet reads each file back and must
  // agree, so the expectation is not just what we hoped the writer wrote.
  const n = Number(extra || 300)
  const rows = []
  for (let i = 0; i < n; i++) {
    const pick = (k, v) => (i % k === 0 ? null : v)
    rows.push({
      id: i,
      name: pick(5, 'user-' + i),
      address: i % 7 === 0 ? null : {
        city: i % 4 === 1 ? null : ['Berlin', 'Paris', 'Zürich'][i % 3],
        geo: i % 3 === 2 ? null : { lat: 40 + i / 8, lon: -3 - i / 16 },
      },
      tags: i % 6 === 0 ? null : i % 6 === 1 ? [] : Array.from({ length: i % 4 + 1 }, (_, j) => (j === 1 && i % 2 ? null : 't' + ((i + j) % 9))),
      scores: i % 9 === 0 ? null : Array.from({ length: i % 3 }, (_, j) => (j === 1 && i % 5 === 0 ? null : Array.from({ length: (i + j) % 3 }, (_, k) => (k === 2 ? null : i * 10 + j + k)))),
      attrs: i % 8 === 3 ? null : Object.fromEntries(Array.from({ length: i % 3 }, (_, j) => ['k' + j, j === 1 && i % 2 ? null : i + j])),
      contacts: i % 10 === 0 ? null : Array.from({ length: i % 3 }, (_, j) => (j === 1 && i % 4 === 0 ? null : { kind: j ? 'phone' : 'mail', value: i % 5 === 1 ? null : 'c' + i + '-' + j })),
    })
  }
  const schema = [
    { name: 'root', num_children: 7 },
    { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
    { name: 'name', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    { name: 'address', repetition_type: 'OPTIONAL', num_children: 2 },
    { name: 'city', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    { name: 'geo', repetition_type: 'OPTIONAL', num_children: 2 },
    { name: 'lat', type: 'DOUBLE', repetition_type: 'REQUIRED' },
    { name: 'lon', type: 'DOUBLE', repetition_type: 'REQUIRED' },
    { name: 'tags', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    { name: 'scores', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', type: 'INT32', repetition_type: 'OPTIONAL' },
    { name: 'attrs', repetition_type: 'OPTIONAL', converted_type: 'MAP', num_children: 1 },
    { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
    { name: 'key', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    { name: 'value', type: 'INT32', repetition_type: 'OPTIONAL' },
    { name: 'contacts', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
    { name: 'kind', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    { name: 'value', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  ]
  // hyparquet leaves a null struct (or field) out where we say null: compare
  // with null and absent fields alike, everything else exactly.
  const same = v => (Array.isArray(v) ? v.map(same)
    : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().filter(k => v[k] != null).map(k => [k, same(v[k])]))
    : typeof v === 'bigint' ? Number(v) : v)
  const names = Object.keys(rows[0])
  const files = {
    nested_snappy: { codec: 'SNAPPY' },
    nested_plain_groups: { codec: 'UNCOMPRESSED', rowGroupSize: 64, pageSize: 256 },
    nested_gzip: { codec: 'GZIP', compressors: { GZIP: b => new Uint8Array(zlib.gzipSync(b)) } },
    nested_zstd: { codec: 'ZSTD', compressors: { ZSTD: await zstdCompressor() } },
  }
  for (const [name, o] of Object.entries(files)) {
    const buf = parquetWriteBuffer({
      columnData: names.map(c => ({ name: c, data: rows.map(r => r[c]) })),
      schema, codec: o.codec, compressors: o.compressors, rowGroupSize: o.rowGroupSize, pageSize: o.pageSize,
    })
    const file = path.join(arg, name + '.parquet')
    fs.writeFileSync(file, Buffer.from(buf))
    const back = await parquetReadObjects({ file: arrayBufferOf(file), compressors })
    for (let i = 0; i < n; i++) {
      if (JSON.stringify(same(back[i])) !== JSON.stringify(same(rows[i]))) {
        console.error(`${name} row ${i}: hyparquet reads ${JSON.stringify(same(back[i]))}, written ${JSON.stringify(same(rows[i]))}`)
        process.exit(1)
      }
    }
  }
  fs.writeFileSync(path.join(arg, 'nested.expected.jsonl'), rows.map(r => JSON.stringify(r)).join('\n') + '\n')

  // parquetjs-lite: data pages v1 (repetition and definition levels behind
  // their lengths), repeated fields and groups without LIST annotations, gzip.
  const parquetjs = req('parquetjs-lite')
  const pschema = new parquetjs.ParquetSchema({
    id: { type: 'INT64' },
    name: { type: 'UTF8', optional: true },
    tags: { type: 'UTF8', repeated: true },
    stock: { repeated: true, fields: { warehouse: { type: 'UTF8' }, quantity: { type: 'INT32', optional: true } } },
    price: { optional: true, fields: { amount: { type: 'DOUBLE' }, currency: { type: 'UTF8', optional: true } } },
  })
  const prows = []
  for (let i = 0; i < n; i++) {
    prows.push({
      id: i * 1000003,
      name: i % 4 === 0 ? null : 'p' + i,
      tags: Array.from({ length: i % 3 }, (_, j) => 'x' + ((i + j) % 5)),
      stock: Array.from({ length: i % 4 }, (_, j) => ({ warehouse: 'w' + j, quantity: (i + j) % 3 === 0 ? null : i + j })),
      price: i % 5 === 0 ? null : { amount: i / 4, currency: i % 2 ? 'EUR' : null },
    })
  }
  const pfile = path.join(arg, 'nested_v1_parquetjs.parquet')
  const writer = await parquetjs.ParquetWriter.openFile(pschema, pfile, { compression: 'GZIP', rowGroupSize: 100, useDataPageV2: false })
  for (const r of prows) await writer.appendRow(r)
  await writer.close()
  const pback = await parquetReadObjects({ file: arrayBufferOf(pfile), compressors })
  for (let i = 0; i < n; i++) {
    // (hyparquet also leaves out some empty repeated fields)
    const loose = v => (Array.isArray(v) ? v.map(loose)
      : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().filter(k => v[k] != null && !(Array.isArray(v[k]) && !v[k].length)).map(k => [k, loose(v[k])]))
      : typeof v === 'bigint' ? Number(v) : v)
    const a = JSON.stringify(loose(pback[i])), b = JSON.stringify(loose(prows[i]))
    if (a !== b) {
      console.error(`nested_v1_parquetjs row ${i}: hyparquet reads ${a}, written ${b}`)
      process.exit(1)
    }
  }
  fs.writeFileSync(path.join(arg, 'nested_v1.expected.jsonl'), prows.map(r => JSON.stringify(r)).join('\n') + '\n')
} else if (cmd === 'bench') {
  // bench NPM_FILE ROWS [OTHER_FILE]: hyparquet-writer writes ROWS rows (the
  // shape bench_parquet writes) to NPM_FILE, hyparquet reads it and
  // OTHER_FILE back; rows/s by this process's CPU time.
  const n = Number(extra)
  const other = process.argv[5]
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6 }
  const ids = [], names = [], amounts = [], flags = [], times = []
  for (let i = 0; i < n; i++) {
    ids.push(BigInt(i)); names.push('user-' + (i % 1000)); amounts.push(i * 0.5)
    flags.push(i % 2 === 0); times.push(new Date(1700000000000 + i))
  }
  let t = cpu()
  const buf = parquetWriteBuffer({ columnData: [
    { name: 'id', data: ids, type: 'INT64', nullable: false },
    { name: 'name', data: names, type: 'STRING', nullable: false },
    { name: 'amount', data: amounts, type: 'DOUBLE', nullable: false },
    { name: 'ok', data: flags, type: 'BOOLEAN', nullable: false },
    { name: 'at', data: times, type: 'TIMESTAMP', nullable: false },
  ], codec: 'SNAPPY' })
  const writeS = cpu() - t
  fs.writeFileSync(arg, Buffer.from(buf))
  const readRate = async file => {
    const ab = arrayBufferOf(file)
    const t0 = cpu()
    const rows = await parquetReadObjects({ file: ab, compressors })
    return rows.length / (cpu() - t0)
  }
  const result = { rows: n, writeRowsPerS: n / writeS, readOwnRowsPerS: await readRate(arg) }
  if (other) result.readOtherRowsPerS = await readRate(other)
  process.stdout.write(JSON.stringify(result) + '\n')
} else {
  process.stderr.write('usage: parquet_tool.mjs read|stats|write|bench ...\n')
  process.exit(2)
}
