// Reads Avro container files with avsc (tests/tools) and prints the same
// lines as avro_read.py: per file {"file", "schema", "codec"}, then one
// canonical JSON line per record (timestamp-millis as epoch milliseconds,
// date as "YYYY-MM-DD", decimal as its text). The deflate and snappy codecs
// are given to avsc here; snappy blocks end with the CRC-32 of their
// uncompressed bytes, which is checked.
//   node avro_read.mjs FILE...
import fs from 'node:fs'
import zlib from 'node:zlib'
import { createRequire } from 'node:module'
import path from 'node:path'

const tools = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../tools/node_modules')
const req = createRequire(tools + '/')
const avro = req('avsc')
const { snappyUncompress } = await import(req.resolve('hyparquet'))

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = buf => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const codecs = {
  null: (buf, cb) => cb(null, buf),
  deflate: zlib.inflateRaw,
  snappy: (buf, cb) => {
    try {
      const data = buf.subarray(0, buf.length - 4)
      let length = 0, shift = 0, i = 0
      for (;; i++) { length += (data[i] & 0x7f) * 2 ** shift; shift += 7; if (!(data[i] & 0x80)) break }
      const out = new Uint8Array(length)
      snappyUncompress(data, out)
      if (crc32(out) !== buf.readUInt32BE(buf.length - 4)) throw new Error('snappy block CRC mismatch')
      cb(null, Buffer.from(out))
    } catch (e) { cb(e) }
  },
}

class DecimalType extends avro.types.LogicalType {
  constructor(attrs, opts) { super(attrs, opts); this.scale = attrs.scale || 0 }
  _fromValue(buf) {
    let n = 0n
    for (const b of buf) n = (n << 8n) | BigInt(b)
    if (buf.length && buf[0] & 0x80) n -= 1n << BigInt(8 * buf.length)
    const neg = n < 0n
    let digits = (neg ? -n : n).toString().padStart(this.scale + 1, '0')
    if (this.scale > 0) digits = digits.slice(0, -this.scale) + '.' + digits.slice(-this.scale)
    return (neg ? '-' : '') + digits
  }
  _toValue() { throw new Error('read only') }
  _resolve() {}
}
class DateType extends avro.types.LogicalType {
  _fromValue(days) { return new Date(days * 86400000).toISOString().slice(0, 10) }
  _toValue() { throw new Error('read only') }
  _resolve() {}
}

const sortKeys = v => {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object' && !Buffer.isBuffer(v))
    return Object.fromEntries(Object.keys(v).sort().map(k => [k, sortKeys(v[k])]))
  return v
}

for (const file of process.argv.slice(2)) {
  await new Promise((resolve, reject) => {
    const decoder = avro.createFileDecoder(file, {
      codecs,
      parseHook: schema => avro.Type.forSchema(schema, { logicalTypes: { decimal: DecimalType, date: DateType }, wrapUnions: false }),
    })
    decoder.on('metadata', (type, codec, header) => {
      console.log(JSON.stringify({ file, schema: header.meta['avro.schema'].toString('utf8'), codec }))
    })
    decoder.on('data', record => console.log(JSON.stringify(sortKeys(record))))
    decoder.on('end', resolve)
    decoder.on('error', reject)
  }).catch(e => { console.error(`${file}: ${e.message}`); process.exit(1) })
}
