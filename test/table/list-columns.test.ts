import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, it } from 'node:test'
import { parquetMetadata } from 'hyparquet'
import { parquetHeader } from 'hyparquet/src/column.js'
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js'
import { LocalStore } from '../../src/io/local-store.ts'
import { LevelEncoder } from '../../src/table/level-encoder.ts'
import { fileKey } from '../../src/table/log-segment.ts'
import type { DataType, StructType } from '../../src/table/schema.ts'
import { scan } from '../../src/table/scan.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import { tempDir } from '../helpers/temp-dir.ts'

type Row = Record<string, unknown>

const intList: DataType = { type: 'array', elementType: 'integer', containsNull: false }
const longList: DataType = { type: 'array', elementType: 'long', containsNull: false }
const SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'id', type: 'integer', nullable: false, metadata: {} },
    { name: 'tokens', type: intList, nullable: true, metadata: {} },
    { name: 'ids', type: longList, nullable: false, metadata: {} },
  ],
}

const ROWS = 40_000 // three row groups of 16,384
const HUGE_ROW = 7 // 300,000 ids: 1.2 MB, more than one page on its own
const BIG = 2n ** 53n + 1n
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** Row `i` as written (every accepted representation in turn) and as a scan returns it. */
function row(i: number): { in: Row; out: Row } {
  const k = i % 10
  const n = i % 97
  const ints = Array.from({ length: n }, (_, j) => ((i * 31 + j * 7919) % 100_000) - 50_000)
  let tokens: ArrayLike<number> | null
  if (i === HUGE_ROW) tokens = Int32Array.from({ length: 300_000 }, (_, j) => j * 7 - 1_000_000)
  else if (k === 0) tokens = null
  else if (k === 1) tokens = i % 20 === 1 ? [] : new Int32Array(0)
  else if (k === 2) tokens = [i]
  else if (k === 3) tokens = Int32Array.of(2_147_483_647, -2_147_483_648, 0, -1)
  else if (k === 4) tokens = Uint16Array.from({ length: i % 50 }, (_, j) => (i * 7 + j) & 0xffff)
  else if (k === 5) tokens = Uint32Array.of(2_147_483_647, i, 0)
  else tokens = ints
  let ids: ArrayLike<number | bigint>
  let longs: bigint[]
  if (k === 1) [ids, longs] = [[], []]
  else if (k === 2) [ids, longs] = [[BIG + BigInt(i)], [BIG + BigInt(i)]]
  else if (k === 3) [ids, longs] = [[INT64_MIN, INT64_MAX, 0n], [INT64_MIN, INT64_MAX, 0n]]
  else if (k === 4) [ids, longs] = [BigInt64Array.of(-BIG, BigInt(i)), [-BIG, BigInt(i)]]
  else if (k === 5) [ids, longs] = [[i, -i, 2 ** 53 - 1, -(2 ** 53 - 1)], [BigInt(i), BigInt(-i), 2n ** 53n - 1n, -(2n ** 53n - 1n)]]
  else if (k === 6) [ids, longs] = [Int32Array.from(ints), ints.map(BigInt)]
  else [ids, longs] = [[i, BigInt(i) * 1_000_000_007n], [BigInt(i), BigInt(i) * 1_000_000_007n]]
  return { in: { id: i, tokens, ids }, out: { id: i, tokens: tokens && Array.from(tokens), ids: longs } }
}

async function readAll(store: LocalStore): Promise<Row[]> {
  const rows: Row[] = []
  for await (const batch of scan(await loadSnapshot(store))) rows.push(...batch)
  return rows.sort((a, b) => (a.id as number) - (b.id as number))
}

async function tableWith(type: DataType, value: unknown): Promise<{ store: LocalStore; dir: string; rows: Row[] }> {
  const dir = tempDir()
  const store = new LocalStore(dir)
  await createTable(store, { schema: { type: 'struct', fields: [{ name: 'tags', type, nullable: false, metadata: {} }] } })
  return { store, dir, rows: [{ tags: [1] }, { tags: value }] }
}

describe('list columns', () => {
  const rows = Array.from({ length: ROWS }, (_, i) => row(i))

  it('round-trips null, empty, short, long and extreme lists through writeRows and scan', async () => {
    const dir = tempDir()
    const store = new LocalStore(dir)
    await createTable(store, { schema: SCHEMA })
    const result = await writeRows(store, rows.map((r) => r.in))
    assert.equal(result.status, 'committed')
    const back = await readAll(store)
    assert.equal(back.length, ROWS)
    for (let i = 0; i < ROWS; i++) assert.deepEqual(back[i], rows[i]!.out, `row ${i}`)
    // Spot values written out by hand, so a shared mistake in row() and the reader shows.
    assert.deepEqual(back[13], { id: 13, tokens: [2_147_483_647, -2_147_483_648, 0, -1], ids: [INT64_MIN, INT64_MAX, 0n] })
    assert.deepEqual(back[22], { id: 22, tokens: [22], ids: [9_007_199_254_741_015n] })
    assert.deepEqual(back[30], { id: 30, tokens: null, ids: [30n, 30_000_000_210n] })
    assert.deepEqual(back[41], { id: 41, tokens: [], ids: [] })
    assert.deepEqual(back[HUGE_ROW]!.tokens, Array.from({ length: 300_000 }, (_, j) => j * 7 - 1_000_000))

    const { files } = await loadSnapshot(store)
    assert.equal(files.length, 1)
    assert.deepEqual(JSON.parse(files[0]!.stats!), {
      numRecords: ROWS,
      minValues: { id: 0 },
      maxValues: { id: ROWS - 1 },
      nullCount: { id: 0, tokens: ROWS / 10, ids: 0 },
    })
  })

  it('writes the standard three-level LIST, in pages that hold whole rows', async () => {
    const dir = tempDir()
    const store = new LocalStore(dir)
    await createTable(store, { schema: SCHEMA })
    await writeRows(store, rows.map((r) => r.in))
    const bytes = await readFile(path.join(dir, fileKey((await loadSnapshot(store)).files[0]!.path)))
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer
    const metadata = parquetMetadata(file)
    assert.deepEqual(
      metadata.schema.map((e) => [e.name, e.repetition_type ?? null, e.type ?? null, e.converted_type ?? null, e.num_children ?? null]),
      [
        ['root', null, null, null, 3],
        ['id', 'REQUIRED', 'INT32', null, null],
        ['tokens', 'OPTIONAL', null, 'LIST', 1],
        ['list', 'REPEATED', null, null, 1],
        ['element', 'REQUIRED', 'INT32', null, null],
        ['ids', 'REQUIRED', null, 'LIST', 1],
        ['list', 'REPEATED', null, null, 1],
        ['element', 'REQUIRED', 'INT64', null, null],
      ],
    )
    assert.deepEqual(metadata.row_groups.map((g) => g.num_rows), [16_384n, 16_384n, 7_232n])
    const chunk = metadata.row_groups[0]!.columns[1]!.meta_data!
    assert.deepEqual(chunk.path_in_schema, ['tokens', 'list', 'element'])
    const levels = rows.slice(0, 16_384).reduce((sum, r) => sum + Math.max(1, (r.in.tokens as ArrayLike<number> | null)?.length ?? 0), 0)
    assert.equal(chunk.num_values, BigInt(levels))

    // Every page of the chunk starts a row (repetition level 0) and holds whole rows.
    const reader = { view: new DataView(file), offset: Number(chunk.data_page_offset) }
    const end = reader.offset + Number(chunk.total_compressed_size)
    let pages = 0
    let pageRows = 0
    let pageLevels = 0
    while (reader.offset < end) {
      const header = parquetHeader(reader)
      const v2 = header.data_page_header_v2!
      const repetition = new Uint8Array(v2.num_values)
      readRleBitPackedHybrid({ view: reader.view, offset: reader.offset }, 1, repetition, v2.repetition_levels_byte_length)
      assert.equal(repetition[0], 0, `page ${pages} starts a row`)
      assert.equal(repetition.filter((r) => r === 0).length, v2.num_rows, `page ${pages} holds ${v2.num_rows} whole rows`)
      pages++
      pageRows += v2.num_rows
      pageLevels += v2.num_values
      reader.offset += header.compressed_page_size
    }
    assert.ok(pages >= 3, `the first row group's tokens take ${pages} pages`)
    assert.equal(pageRows, 16_384)
    assert.equal(pageLevels, levels)
  })

  it('refuses list elements that are out of range or not integers, naming column, row and element', async () => {
    const cases: [DataType, unknown, string][] = [
      [intList, [1, 2, 1.5], "column 'tags' row 1 element 2: number 1.5 is not a valid integer"],
      [intList, [2_147_483_648], "column 'tags' row 1 element 0: number 2147483648 is not a valid integer"],
      [intList, [0, -2_147_483_649], "column 'tags' row 1 element 1: number -2147483649 is not a valid integer"],
      [intList, Uint32Array.of(5, 2 ** 31), "column 'tags' row 1 element 1: number 2147483648 is not a valid integer"],
      [intList, [1, null], "column 'tags' row 1 element 1: null is not a valid integer"],
      [intList, [1, 5n], "column 'tags' row 1 element 1: bigint 5 is not a valid integer"],
      [intList, ['7'], "column 'tags' row 1 element 0: string '7' is not a valid integer"],
      [intList, 'abc', "column 'tags' row 1: string 'abc' is not a valid array<integer>"],
      [intList, Float64Array.of(1), "column 'tags' row 1: Float64Array is not a valid array<integer>"],
      [intList, BigInt64Array.of(1n), "column 'tags' row 1: BigInt64Array is not a valid array<integer>"],
      [intList, { length: -1 }, "column 'tags' row 1: Object is not a valid array<integer>"],
      [longList, [2 ** 53], "column 'tags' row 1 element 0: number 9007199254740992 is not a valid long"],
      [longList, [1n, 2n ** 63n], "column 'tags' row 1 element 1: bigint 9223372036854775808 is not a valid long"],
      [longList, [0.5], "column 'tags' row 1 element 0: number 0.5 is not a valid long"],
      [longList, Float32Array.of(1), "column 'tags' row 1: Float32Array is not a valid array<long>"],
      [longList, null, "column 'tags' is not nullable, but row 1 has no value"],
    ]
    for (const [type, value, message] of cases) {
      const { store, dir, rows } = await tableWith(type, value)
      await assert.rejects(writeRows(store, rows), { code: 'schema_mismatch', message: `${dir}: ${message}` })
    }
  })

  it('refuses arrays with null elements or of other types, maps and structs', async () => {
    const cases: [DataType, string][] = [
      [{ type: 'array', elementType: 'integer', containsNull: true }, "'array<integer>' with null elements"],
      [{ type: 'array', elementType: 'string', containsNull: false }, "'array<string>'"],
      [{ type: 'array', elementType: 'short', containsNull: false }, "'array<short>'"],
      [{ type: 'array', elementType: longList, containsNull: false }, "'array<array<long>>'"],
      [{ type: 'map', keyType: 'string', valueType: 'long', valueContainsNull: false }, "'map<string,long>'"],
      [{ type: 'struct', fields: [{ name: 'a', type: 'integer', nullable: true, metadata: {} }] }, "'struct'"],
    ]
    for (const [type, name] of cases) {
      const { store, rows } = await tableWith(type, [2])
      await assert.rejects(writeRows(store, rows), {
        code: 'unsupported_feature',
        message: `column 'tags' has type ${name}, which Strata cannot write yet`,
      })
    }
  })
})

describe('level encoder', () => {
  /** Encodes runs of levels and decodes them back with hyparquet's reader. */
  function roundTrip(runs: readonly [number, number][], bitWidth: number): { bytes: Uint8Array; decoded: number[]; expected: number[] } {
    const encoder = new LevelEncoder()
    encoder.reset(bitWidth)
    const expected: number[] = []
    for (const [level, count] of runs) {
      encoder.put(level, count)
      for (let j = 0; j < count; j++) expected.push(level)
    }
    const bytes = encoder.finish().slice()
    const decoded = new Uint8Array(expected.length)
    readRleBitPackedHybrid({ view: new DataView(bytes.buffer), offset: 0 }, bitWidth, decoded, bytes.length)
    return { bytes, decoded: Array.from(decoded), expected }
  }

  it('bit-packs a short run and run-length encodes a long one, as the spec lays them out', () => {
    // One list of 21 elements: repetition 0, then 20 ones. The first group of eight is
    // bit-packed (header 1 group), the 13 ones left become an RLE run (header 13 << 1).
    assert.deepEqual(Array.from(roundTrip([[0, 1], [1, 20]], 1).bytes), [0x03, 0b1111_1110, 26, 1])
    // Definition levels of width 2: null, empty, then three elements; padded to a group.
    assert.deepEqual(Array.from(roundTrip([[0, 1], [1, 1], [2, 3]], 2).bytes), [0x03, 0b1010_0100, 0b0000_0010])
  })

  it('decodes to the levels it was given, for random runs of widths 1 to 3', () => {
    let seed = 7
    const next = (n: number) => ((seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0) % n)
    for (let trial = 0; trial < 300; trial++) {
      const bitWidth = 1 + (trial % 3)
      const runs: [number, number][] = []
      const count = 1 + next(40)
      // Short runs mostly, so bit-packed groups meet RLE runs at every offset.
      for (let r = 0; r < count; r++) runs.push([next(1 << bitWidth), next(5) === 0 ? 1 + next(600) : 1 + next(9)])
      const { decoded, expected } = roundTrip(runs, bitWidth)
      assert.deepEqual(decoded, expected, `trial ${trial}`)
    }
  })
})
