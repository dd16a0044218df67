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
