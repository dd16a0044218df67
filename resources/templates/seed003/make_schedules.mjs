// Writes seed003/schedules/channel-N.parquet: each channel's schedule for one
// day (channel_id, show_id, title, starts_at, ends_at), the Parquet files seed
// 003 ingests. Written with hyparquet-writer (an independent writer, from the
// test tools: scripts/test-tools.sh), snappy-compressed, run once:
//   node resources/templates/seed003/make_schedules.mjs
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

const here = path.dirname(new URL(import.meta.url).pathname)
const req = createRequire(path.resolve(here, '../../../tests/tools/node_modules') + '/')
const { parquetWriteBuffer } = await import(req.resolve('hyparquet-writer'))

const titles = ['Morning News', 'Cooking Live', 'Football Tonight', 'Nature Hour', 'Quiz Night', 'Late Movie',
  'Kids Club', 'World Report']
const day = Date.UTC(2026, 0, 5)  // a Monday
fs.mkdirSync(path.join(here, 'schedules'), { recursive: true })
for (let channel = 1; channel <= 4; ++channel) {
  const rows = { channel: [], show: [], title: [], starts: [], ends: [] }
  // Two-hour slots; each channel alternates its own two shows (as in tv.shows).
  for (let slot = 0; slot < 12; ++slot) {
    const show = 2 * (channel - 1) + 1 + (slot % 2)
    rows.channel.push(channel)
    rows.show.push(show)
    rows.title.push(titles[show - 1])
    rows.starts.push(new Date(day + slot * 2 * 3600e3))
    rows.ends.push(new Date(day + (slot + 1) * 2 * 3600e3))
  }
  const buf = parquetWriteBuffer({
    columnData: [
      { name: 'channel_id', data: rows.channel, type: 'INT32', nullable: false },
      { name: 'show_id', data: rows.show, type: 'INT32', nullable: false },
      { name: 'title', data: rows.title, type: 'STRING', nullable: false },
      { name: 'starts_at', data: rows.starts, type: 'TIMESTAMP', nullable: false },
      { name: 'ends_at', data: rows.ends, type: 'TIMESTAMP', nullable: false },
    ],
  })
  fs.writeFileSync(path.join(here, 'schedules', `channel-${channel}.parquet`), new Uint8Array(buf))
}
