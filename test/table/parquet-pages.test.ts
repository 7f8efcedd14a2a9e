import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { parquetMetadata, parquetReadObjects } from 'hyparquet'
import { compressors } from '../../src/io/parquet.ts'
import { formatDays } from '../../src/table/calendar.ts'
import { columnType } from '../../src/table/column-types.ts'
import { formatDecimal } from '../../src/table/decimal.ts'
import { writeFlatParquet, type FlatColumn } from '../../src/table/parquet-pages.ts'
import { plainMetadata } from '../../src/table/parquet-values.ts'
import { interopPython } from '../interop/python-venv.ts'
import { tempDir } from '../helpers/temp-dir.ts'

type Golden = string | number | boolean | null

/** Every writable type, with the Delta type, nullability and scale (decimals). */
const COLUMNS = [
  { name: 's', type: 'string', nullable: true },
  { name: 'l', type: 'long', nullable: false },
  { name: 'i', type: 'integer', nullable: true },
  { name: 'sh', type: 'short', nullable: false },
  { name: 'by', type: 'byte', nullable: true },
  { name: 'f', type: 'float', nullable: true },
  { name: 'd', type: 'double', nullable: false },
  { name: 'bo', type: 'boolean', nullable: true },
  { name: 'bin', type: 'binary', nullable: true },
  { name: 'dt', type: 'date', nullable: true },
  { name: 'ts', type: 'timestamp', nullable: false },
  { name: 'tn', type: 'timestamp_ntz', nullable: true },
  { name: 'dec', type: 'decimal(38,6)', nullable: true },
  { name: 'dsm', type: 'decimal(5,2)', nullable: false },
] as const

type Name = (typeof COLUMNS)[number]['name']

const ROWS = 40_000 // three row groups of 16,384
const LONG = new Map<number, string>([
  [100, 'x'.repeat(600_000)],
  [101, 'y'.repeat(700_000)],
  [102, '€'.repeat(400_000)], // 1.2 MB of UTF-8: a page of its own
  [103, 'é'.repeat(1_500_000)], // 3 MB: grows the page buffer past its usual size
])
const BIG = 9_007_199_254_740_993n // 2^53 + 1

/** The value written at row `i` of each column, and its golden form as readers print it. */
function row(i: number): Record<Name, { in: unknown; out: Golden }> {
  const k = i % 7
  const s = LONG.get(i) ?? (k === 0 ? null : k === 1 ? '' : k === 2 ? `héllo ✓ 😀 ${i}` : `row ${i}`)
  const l = (i % 2 ? -1n : 1n) * (BIG + BigInt(i) * 1_000_003n)
  const micros = -86_400_000_000n * 365n + BigInt(i) * 1_000_001n
  const dec = k === 3 ? null : (i % 2 ? -1n : 1n) * (10n ** 37n + BigInt(i))
  const bytes = k === 4 ? null : Uint8Array.of(i & 0xff, (i >> 8) & 0xff, 0, 0xff)
  return {
    s: { in: s, out: s },
    l: { in: l, out: String(l) },
    i: { in: k === 5 ? null : i * 53_687 - 2_147_483_648, out: k === 5 ? null : i * 53_687 - 2_147_483_648 },
    sh: { in: (i % 65_536) - 32_768, out: (i % 65_536) - 32_768 },
    by: { in: k === 6 ? null : (i % 256) - 128, out: k === 6 ? null : (i % 256) - 128 },
    f: { in: k === 0 ? null : i / 3, out: k === 0 ? null : Math.fround(i / 3) },
    d: { in: i * -1.5e-300, out: i * -1.5e-300 },
    bo: { in: k === 1 ? null : i % 3 === 0, out: k === 1 ? null : i % 3 === 0 },
    bin: { in: bytes, out: bytes && Buffer.from(bytes).toString('hex') },
    dt: { in: k === 2 ? null : new Date((i - 30_000) * 86_400_000), out: k === 2 ? null : formatDays(i - 30_000) },
    ts: { in: micros, out: String(micros) },
    tn: { in: k === 3 ? null : micros, out: k === 3 ? null : String(micros) },
    dec: { in: dec, out: dec === null ? null : formatDecimal(dec, 6) },
    dsm: { in: `${i % 2 ? '-' : ''}${i % 1000}.${String(i % 100).padStart(2, '0')}`, out: formatDecimal((i % 2 ? -1n : 1n) * BigInt((i % 1000) * 100 + (i % 100)), 2) },
  }
}

const rows = Array.from({ length: ROWS }, (_, i) => row(i))

function columns(): FlatColumn[] {
  return COLUMNS.map(({ name, type, nullable }) => {
    const codec = columnType(type, name)
    return { element: codec.element(name, nullable), values: rows.map((r) => (r[name].in === null ? null : codec.convert(r[name].in))) }
  })
}

const golden = (i: number) => Object.fromEntries(COLUMNS.map(({ name }) => [name, rows[i]![name].out]))

// Spot values written out by hand, so a shared mistake in row() and the readers shows.
const HAND: Record<number, Record<string, Golden>> = {
  2: {
    s: 'héllo ✓ 😀 2', l: '9007199256740999', i: -2147376274, sh: -32766, by: -126, f: Math.fround(2 / 3), d: -3e-300, bo: false,
    bin: '020000ff', dt: null, ts: '-31535997999998', tn: '-31535997999998', dec: '10000000000000000000000000000000.000002', dsm: '2.02',
  },
  3: {
    s: 'row 3', l: '-9007199257741002', i: -2147322587, sh: -32765, by: -125, f: 1, d: -4.5e-300, bo: true,
    bin: '030000ff', dt: '1887-11-15', ts: '-31535996999997', tn: null, dec: null, dsm: '-3.03',
  },
}

function fromHyparquet(name: Name, v: unknown): Golden {
  if (v === null || v === undefined) return null
  if (typeof v === 'bigint') return String(v)
  if (name === 'dt') return formatDays(v as number)
  if (name === 'bin') return Buffer.from(v as Uint8Array).toString('hex')
  if (name === 'dec' || name === 'dsm') {
    const bytes = v as Uint8Array
    const unscaled = BigInt.asIntN(bytes.length * 8, BigInt(`0x${Buffer.from(bytes).toString('hex')}`))
    return formatDecimal(unscaled, name === 'dec' ? 6 : 2)
  }
  return v as Golden
}

// Prints the file as golden rows plus its layout; longs, timestamps and decimals as exact strings.
const PYARROW_SCRIPT = `
import json, sys, datetime, pyarrow.parquet as pq
f = pq.ParquetFile(sys.argv[1])
t = f.read()
epoch = datetime.datetime(1970, 1, 1)
def g(name, v):
    if v is None: return None
    if name in ('l', 'dec', 'dsm'): return str(v)
    if name in ('ts', 'tn'): return str((v.replace(tzinfo=None) - epoch) // datetime.timedelta(microseconds=1))
    if name == 'dt': return v.isoformat()
    if name == 'bin': return v.hex()
    return v
cols = {n: t.column(n).to_pylist() for n in t.column_names}
rows = [{n: g(n, cols[n][i]) for n in t.column_names} for i in range(t.num_rows)]
print(json.dumps({'rowGroups': f.metadata.num_row_groups, 'createdBy': f.metadata.created_by, 'types': [str(x.type) for x in t.schema], 'rows': rows}))
`

describe('flat parquet pages', () => {
  it('hand-checked rows match the generated golden rows', () => {
    for (const [i, expected] of Object.entries(HAND)) assert.deepEqual(golden(Number(i)), expected)
  })
})

for (const compression of ['zstd', 'none'] as const) describe(`flat parquet pages, compression ${compression}`, () => {
  const bytes = writeFlatParquet(columns(), ROWS, { rowGroupSize: 16_384, createdBy: 'strata version test', compression })

  it('round-trips every writable type through hyparquet', async () => {
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer
    const metadata = parquetMetadata(file)
    assert.equal(metadata.created_by, 'strata version test')
    assert.deepEqual(metadata.row_groups.map((g) => g.num_rows), [16_384n, 16_384n, 7_232n])
    assert.ok(metadata.row_groups.every((g) => g.columns.every((c) => c.meta_data!.codec === (compression === 'zstd' ? 'ZSTD' : 'UNCOMPRESSED'))))
    // The long strings take pages of their own: more than one page per text chunk.
    assert.ok(metadata.row_groups[0]!.columns[0]!.meta_data!.total_uncompressed_size > 5_000_000n)
    const read = await parquetReadObjects({
      file,
      metadata: plainMetadata(metadata),
      compressors,
      utf8: false,
      parsers: { timestampFromMicroseconds: (m) => BigInt(m), dateFromDays: (d) => d },
    })
    assert.equal(read.length, ROWS)
    for (let i = 0; i < ROWS; i++) {
      const got = Object.fromEntries(COLUMNS.map(({ name }) => [name, fromHyparquet(name, read[i]![name])]))
      assert.deepEqual(got, golden(i), `row ${i}`)
    }
  })

  it('round-trips every writable type through pyarrow', () => {
    const file = path.join(tempDir(), 'flat.parquet')
    writeFileSync(file, bytes)
    const out = execFileSync(interopPython(), ['-c', PYARROW_SCRIPT, file], { encoding: 'utf8', maxBuffer: 1 << 30 })
    const printed = JSON.parse(out) as { rowGroups: number; createdBy: string; types: string[]; rows: Record<string, Golden>[] }
    assert.equal(printed.rowGroups, 3)
    assert.equal(printed.createdBy, 'strata version test')
    assert.deepEqual(printed.types, [
      'string', 'int64', 'int32', 'int16', 'int8', 'float', 'double', 'bool', 'binary', 'date32[day]',
      'timestamp[us, tz=UTC]', 'timestamp[us]', 'decimal128(38, 6)', 'decimal128(5, 2)',
    ])
    assert.equal(printed.rows.length, ROWS)
    for (let i = 0; i < ROWS; i++) assert.deepEqual(printed.rows[i], golden(i), `row ${i}`)
  })
})
