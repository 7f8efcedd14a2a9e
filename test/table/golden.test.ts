import assert from 'node:assert/strict'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { it } from 'node:test'
import { parquetSchema } from 'hyparquet'
import { isStrataError } from '../../src/core/errors.ts'
import { LocalStore } from '../../src/io/local-store.ts'
import { parquetSource, readParquetMetadata } from '../../src/io/parquet.ts'
import { mapSchema } from '../../src/table/column-mapping.ts'
import { readDataFile } from '../../src/table/file-reader.ts'
import { scan } from '../../src/table/scan.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
import { TESTDATA } from '../helpers/temp-dir.ts'

// The delta-kernel-rs golden tables: each `<name>/delta` is a table and, where upstream
// checks a scan, `<name>/expected` holds the rows Spark read from it as Parquet.
const GOLDEN = path.join(TESTDATA, 'delta/golden')

// Spark wrote this table's zone-less timestamp partition values in its session time zone,
// America/Los_Angeles (its expected rows put '2021-09-08 11:11:11' at 18:11:11Z); the log
// does not record the zone, so the reader is told, as a user would tell it.
const PARTITION_TIME_ZONES: Readonly<Record<string, string>> = { 'data-reader-partition-values': 'America/Los_Angeles' }

type Outcome = { readonly kind: 'read' } | { readonly kind: 'refused' | 'wrong'; readonly why: string }

// One canonical JSON text per row, so rows compare as a multiset whatever the file order.
function canonical(v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (typeof v === 'bigint') return `${v}n`
  if (typeof v === 'number') return Number.isFinite(v) ? (Object.is(v, -0) ? 0 : v) : String(v)
  if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`
  if (v instanceof Map) {
    return { map: [...v].map(([k, x]) => JSON.stringify([canonical(k), canonical(x)])).sort() }
  }
  if (Array.isArray(v)) return v.map(canonical)
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, canonical(o[k])]))
  }
  return v
}

const rowText = (row: Record<string, unknown>) => JSON.stringify(canonical(row))

async function tableRows(name: string): Promise<{ rows: string[]; expected: string[] }> {
  const snapshot = await loadSnapshot(new LocalStore(path.join(GOLDEN, name, 'delta')))
  const rows: string[] = []
  const partitionTimeZone = PARTITION_TIME_ZONES[name]
  for await (const batch of scan(snapshot, partitionTimeZone ? { partitionTimeZone } : {})) for (const row of batch) rows.push(rowText(row))
  // Spark wrote the expected files with the logical names, so they are read unmapped.
  const fields = mapSchema(snapshot.schema, 'none')
  const columns = fields.map((field) => ({ name: field.name, field }))
  const store = new LocalStore(path.join(GOLDEN, name, 'expected'))
  const expected: string[] = []
  for (const { key } of await store.list('')) {
    if (!key.endsWith('.parquet')) continue
    // A column absent from an expected file would read as null on both sides and hide a bug.
    const metadata = await readParquetMetadata(await parquetSource(store, key), key)
    const present = new Set(parquetSchema(metadata).children.map((c) => c.element.name))
    const absent = fields.filter((f) => !present.has(f.name)).map((f) => f.name)
    if (absent.length > 0) throw new Error(`expected file ${key} lacks columns ${absent.join(', ')}`)
    for await (const batch of readDataFile(store, key, columns, { mode: 'none', batchSize: 4096 })) {
      for (const row of batch) expected.push(rowText(row))
    }
  }
  return { rows: rows.sort(), expected: expected.sort() }
}

async function check(name: string): Promise<Outcome> {
  let result
  try {
    result = await tableRows(name)
  } catch (e) {
    if (isStrataError(e, 'unsupported_feature')) return { kind: 'refused', why: e.message }
    return { kind: 'wrong', why: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }
  }
  const { rows, expected } = result
  const missing = expected.filter((r) => !rows.includes(r))
  const extra = rows.filter((r) => !expected.includes(r))
  if (rows.length === expected.length && missing.length === 0) return { kind: 'read' }
  return {
    kind: 'wrong',
    why: `${rows.length} rows read, ${expected.length} expected; missing ${missing.slice(0, 2).join(' ')}; extra ${extra.slice(0, 2).join(' ')}`,
  }
}

it('reads the golden tables as Spark did', async () => {
  const names = readdirSync(GOLDEN).filter((n) => existsSync(path.join(GOLDEN, n, 'expected'))).sort()
  const outcomes = new Map<string, Outcome>()
  for (const name of names) outcomes.set(name, await check(name))
  const count = (kind: Outcome['kind']) => [...outcomes.values()].filter((o) => o.kind === kind).length
  const lines = [`golden: ${count('read')} read correctly, ${count('refused')} refused, ${count('wrong')} wrong`]
  for (const [name, o] of outcomes) if (o.kind !== 'read') lines.push(`  ${o.kind} ${name}: ${o.why}`)
  console.log(lines.join('\n'))
  assert.equal(count('wrong'), 0, lines.join('\n'))
  assert.ok(count('read') >= 55, lines[0])
})
