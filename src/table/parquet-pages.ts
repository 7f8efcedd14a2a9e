import { constants, zstdCompressSync } from 'node:zlib'
import type { ColumnChunk, Encoding, RowGroup, SchemaElement } from 'hyparquet'
import { ByteWriter } from 'hyparquet-writer'
// Internal modules of hyparquet-writer (its thrift serialisation of page headers and the
// footer): package.json pins the exact version because these paths are not its public
// API and may change in any release.
import { writePageHeader } from 'hyparquet-writer/src/datapage.js'
import { writeMetadata } from 'hyparquet-writer/src/metadata.js'
import { LevelEncoder } from './level-encoder.ts'

/**
 * One leaf column of a flat Parquet file: its schema element (REQUIRED or OPTIONAL, never
 * nested) and one value per row, `null` or `undefined` where absent. Values are trusted to
 * match the physical type: BOOLEAN boolean; INT32, FLOAT, DOUBLE number; INT64 bigint;
 * BYTE_ARRAY string (written as UTF-8) or Uint8Array; FIXED_LEN_BYTE_ARRAY bigint (a
 * DECIMAL's unscaled value, two's complement) or Uint8Array of `type_length` bytes.
 */
export interface FlatColumn {
  readonly element: SchemaElement
  readonly values: readonly unknown[]
}

/**
 * A column of lists of integers, written as Parquet's standard three-level LIST:
 * `<optional|required> group <name> (LIST) { repeated group list { required <items> element } }`.
 * `element` is the LIST group; each row holds `null` or `undefined` (OPTIONAL only) or its
 * list, which is trusted to fit `items`: for INT32 an Array, Int32Array, Uint16Array or
 * Uint32Array of int32 values; for INT64 the same with safe integers, an Array that may
 * also hold bigints, or a BigInt64Array.
 */
export interface ListColumn {
  readonly element: SchemaElement
  readonly items: 'INT32' | 'INT64'
  readonly values: readonly (ArrayLike<number | bigint> | null | undefined)[]
}

/** How a flat file is laid out. */
export interface FlatFileOptions {
  readonly rowGroupSize: number
  readonly createdBy: string
  /** `none` for files read back once and soon (a run's staging area), where compressing costs more than the bytes it saves. */
  readonly compression: 'zstd' | 'none'
}

// Pages of about 1 MB: large enough that one zstd call per page costs little, small
// enough that a reader holds only a few of them at a time.
const PAGE_BYTES = 1 << 20
// zstd level 1: on text pages 25% faster than the default level 3 for 5% larger files
// (measured here: 174 vs 139 MB/s, ratio 3.00 vs 3.17), and compression is most of a write.
const ZSTD_PARAMS = { [constants.ZSTD_c_compressionLevel]: 1 }
const utf8 = new TextEncoder()

// One page buffer for every file this process writes (writes are synchronous, so never
// shared): a fresh or doubling buffer per page was the main GC cost of the generic writer.
let scratch = new Uint8Array(2 * PAGE_BYTES)
let view = new DataView(scratch.buffer)
let ints = new Int32Array(scratch.buffer, 0, scratch.length >> 2)
// The page's levels: one per row of a flat column, one per element (or null or empty
// list) of a list column.
const definitions = new LevelEncoder()
const repetitions = new LevelEncoder()
// An Int32Array writes in the machine's byte order, Parquet's PLAIN in little-endian.
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1

/**
 * Writes a Parquet file of flat columns and lists of integers: PLAIN-encoded data pages
 * (v2) of about 1 MB that never split a row, each zstd-compressed (or not, see
 * `compression`), RLE definition levels for OPTIONAL columns and lists, RLE repetition
 * levels for lists, row groups of `rowGroupSize` rows, no dictionary and no statistics.
 * Every column holds `numRows` rows.
 */
export function writeFlatParquet(columns: readonly (FlatColumn | ListColumn)[], numRows: number, options: FlatFileOptions): Uint8Array {
  const out = new Output()
  out.push(MAGIC)
  const rowGroups: RowGroup[] = []
  for (let first = 0; first < numRows; first += options.rowGroupSize) {
    const end = Math.min(numRows, first + options.rowGroupSize)
    const groupStart = out.length
    let groupBytes = 0n
    const chunks: ColumnChunk[] = []
    for (const column of columns) {
      const chunk = writeChunk(out, column, first, end, options.compression === 'zstd')
      groupBytes += chunk.meta_data!.total_uncompressed_size
      chunks.push(chunk)
    }
    rowGroups.push({ columns: chunks, total_byte_size: groupBytes, num_rows: BigInt(end - first), total_compressed_size: BigInt(out.length - groupStart) })
  }
  const footer = new ByteWriter(1 << 12)
  // writeMetadata appends the footer's length; the magic closes the file.
  writeMetadata(footer, {
    version: 2,
    created_by: options.createdBy,
    schema: [{ name: 'root', num_children: columns.length }, ...columns.flatMap(schemaOf)],
    num_rows: BigInt(numRows),
    row_groups: rowGroups,
    metadata_length: 0,
  })
  out.push(footer.getBytes())
  out.push(MAGIC)
  // A page with one huge value or list grew the buffer: give that memory back.
  if (scratch.length > 8 * PAGE_BYTES) resize(2 * PAGE_BYTES, 0)
  return out.bytes()
}

const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31])

/** A column's schema elements, depth first: its leaf, or a list's group, repeated group and element. */
function schemaOf(column: FlatColumn | ListColumn): SchemaElement[] {
  if (!('items' in column)) return [column.element]
  return [
    column.element,
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', type: column.items, repetition_type: 'REQUIRED' },
  ]
}

/** Writes rows [first, end) of one column as one column chunk, page by page. */
function writeChunk(out: Output, column: FlatColumn | ListColumn, first: number, end: number, zstd: boolean): ColumnChunk {
  const { element } = column
  const list = 'items' in column
  const type = list ? column.items : element.type!
  // An OPTIONAL column adds a definition level, and so does a list's repeated group.
  const maxDefinition = (element.repetition_type === 'OPTIONAL' ? 1 : 0) + (list ? 1 : 0)
  const fill = fillers[type]
  const chunkStart = out.length
  let uncompressed = 0
  let levelCount = 0
  let i = first
  while (i < end) {
    definitions.reset(32 - Math.clz32(maxDefinition))
    repetitions.reset(1)
    const page = list ? fillList(column, i, end, maxDefinition) : fill(column.values, i, end, element.type_length ?? 0)
    levelCount += page.levels
    // Page v2 stores repetition levels, then definition levels, both outside the compressed data.
    const repetitionLevels = list ? repetitions.finish() : NO_LEVELS
    const definitionLevels = maxDefinition ? definitions.finish() : NO_LEVELS
    const levelBytes = repetitionLevels.length + definitionLevels.length
    const data = zstd
      ? zstdCompressSync(scratch.subarray(0, page.bytes), {
          params: ZSTD_PARAMS,
          // One output chunk that fits the whole compressed page: Node's default 16 KB chunks
          // cost a concatenation of dozens of pieces per page.
          chunkSize: Math.max(64 << 10, page.bytes + (page.bytes >> 3) + 1024),
        })
      : scratch.slice(0, page.bytes)
    const header = new ByteWriter(64)
    writePageHeader(header, {
      type: 'DATA_PAGE_V2',
      uncompressed_page_size: levelBytes + page.bytes,
      compressed_page_size: levelBytes + data.length,
      data_page_header_v2: {
        num_values: page.levels,
        num_nulls: page.nulls,
        num_rows: page.next - i,
        encoding: 'PLAIN',
        definition_levels_byte_length: definitionLevels.length,
        repetition_levels_byte_length: repetitionLevels.length,
        is_compressed: zstd,
      },
    })
    out.push(header.getBytes())
    if (levelBytes) out.push(concat(repetitionLevels, definitionLevels))
    // Node returns the compressed page as a view of its whole output chunk (sized for the
    // uncompressed page): copy it out rather than hold three times its size until the end.
    out.push(data.length * 2 < data.buffer.byteLength ? new Uint8Array(data) : data)
    uncompressed += header.offset + levelBytes + page.bytes
    i = page.next
  }
  const encodings: Encoding[] = maxDefinition ? ['PLAIN', 'RLE'] : ['PLAIN']
  return {
    file_offset: BigInt(chunkStart),
    meta_data: {
      type,
      encodings,
      path_in_schema: list ? [element.name, 'list', 'element'] : [element.name],
      codec: zstd ? 'ZSTD' : 'UNCOMPRESSED',
      num_values: BigInt(levelCount),
      total_uncompressed_size: BigInt(uncompressed),
      total_compressed_size: BigInt(out.length - chunkStart),
      data_page_offset: BigInt(chunkStart),
    },
  }
}

const NO_LEVELS = new Uint8Array(0)

/** A copy of two byte runs joined, since the level encoders reuse their buffers. */
function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length)
  joined.set(a)
  joined.set(b, a.length)
  return joined
}

/**
 * What one page fill wrote: its PLAIN bytes in `scratch`, its level count (in
 * `definitions`, and `repetitions` for a list), how many of those levels are below the
 * highest (nulls and empty lists), the next row.
 */
interface Page {
  readonly bytes: number
  readonly levels: number
  readonly nulls: number
  readonly next: number
}

/**
 * Writes the PLAIN bytes of rows from `i` on into `scratch` until about a page is full
 * or `end`, and each row's definition level (1 present, 0 null) into `definitions`.
 */
type Fill = (values: readonly unknown[], i: number, end: number, typeLength: number) => Page

/** A filler for a fixed-width type, given its width and how to write one value at `at`. */
function fixedWidth(width: number, put: (v: never, at: number) => void): Fill {
  return (values, i, end) => {
    const first = i
    const stop = Math.min(end, i + Math.floor(PAGE_BYTES / width))
    let n = 0
    let nulls = 0
    for (; i < stop; i++) {
      const v = values[i]
      if (v === null || v === undefined) {
        definitions.put(0, 1)
        nulls++
        continue
      }
      definitions.put(1, 1)
      put(v as never, n)
      n += width
    }
    return { bytes: n, levels: i - first, nulls, next: i }
  }
}

const fillers: Record<NonNullable<SchemaElement['type']>, Fill> = {
  INT32: fixedWidth(4, (v: number, at) => view.setInt32(at, v, true)),
  INT64: fixedWidth(8, (v: bigint, at) => view.setBigInt64(at, v, true)),
  FLOAT: fixedWidth(4, (v: number, at) => view.setFloat32(at, v, true)),
  DOUBLE: fixedWidth(8, (v: number, at) => view.setFloat64(at, v, true)),
  INT96: () => {
    throw new Error('INT96 is not written')
  },
  BOOLEAN: (values, i, end) => {
    const first = i
    const stop = Math.min(end, i + PAGE_BYTES * 8)
    let bit = 0
    let nulls = 0
    for (; i < stop; i++) {
      const v = values[i]
      if (v === null || v === undefined) {
        definitions.put(0, 1)
        nulls++
        continue
      }
      definitions.put(1, 1)
      if ((bit & 7) === 0) scratch[bit >> 3] = 0
      if (v) scratch[bit >> 3]! |= 1 << (bit & 7)
      bit++
    }
    return { bytes: (bit + 7) >> 3, levels: i - first, nulls, next: i }
  },
  BYTE_ARRAY: (values, i, end) => {
    const first = i
    let n = 0
    let nulls = 0
    for (; i < end && n < PAGE_BYTES; i++) {
      const v = values[i] as string | Uint8Array | null | undefined
      if (v === null || v === undefined) {
        definitions.put(0, 1)
        nulls++
        continue
      }
      // UTF-8 takes at most 3 bytes per UTF-16 unit; past the buffer, end the page
      // rather than grow it, unless the value alone does not fit.
      const most = 4 + (typeof v === 'string' ? 3 * v.length : v.length)
      if (n + most > scratch.length) {
        if (n > 0) break
        resize(most, 0)
      }
      definitions.put(1, 1)
      let length: number
      if (typeof v === 'string') {
        length = utf8.encodeInto(v, scratch.subarray(n + 4)).written
      } else {
        scratch.set(v, n + 4)
        length = v.length
      }
      view.setUint32(n, length, true)
      n += 4 + length
    }
    return { bytes: n, levels: i - first, nulls, next: i }
  },
  FIXED_LEN_BYTE_ARRAY: (values, i, end, width) => {
    const first = i
    const stop = Math.min(end, i + Math.max(1, Math.floor(PAGE_BYTES / width)))
    if (width > scratch.length) resize(width, 0)
    let n = 0
    let nulls = 0
    for (; i < stop; i++) {
      const v = values[i] as bigint | Uint8Array | null | undefined
      if (v === null || v === undefined) {
        definitions.put(0, 1)
        nulls++
        continue
      }
      definitions.put(1, 1)
      if (typeof v === 'bigint') {
        // Big-endian two's complement, as Parquet stores a DECIMAL.
        let rest = v
        for (let j = width - 1; j >= 0; j--) {
          scratch[n + j] = Number(rest & 0xffn)
          rest >>= 8n
        }
      } else {
        scratch.set(v, n)
      }
      n += width
    }
    return { bytes: n, levels: i - first, nulls, next: i }
  },
}

/**
 * Writes the PLAIN values of list rows from `i` on into `scratch` until about a page is
 * full or `end`, never splitting a list, and the levels of each element (or of a null or
 * empty list) into `definitions` and `repetitions`. Repetition 0 starts a row, 1 continues
 * its list; definition `maxDefinition` is an element, one less an empty list, 0 a null list.
 */
function fillList(column: ListColumn, i: number, end: number, maxDefinition: number): Page {
  const { values } = column
  const width = column.items === 'INT64' ? 8 : 4
  let n = 0
  let count = 0
  let nulls = 0
  for (; i < end && n < PAGE_BYTES; i++) {
    const list = values[i]
    const length = list === null || list === undefined ? 0 : list.length
    if (length === 0) {
      definitions.put(list === null || list === undefined ? 0 : maxDefinition - 1, 1)
      repetitions.put(0, 1)
      count++
      nulls++
      continue
    }
    const bytes = length * width
    if (n + bytes > scratch.length) {
      if (n > 0) break
      resize(bytes, 0)
    }
    definitions.put(maxDefinition, length)
    repetitions.put(0, 1)
    repetitions.put(1, length - 1)
    count += length
    if (width === 8) putInt64s(list!, n)
    else putInt32s(list as ArrayLike<number>, n)
    n += bytes
  }
  return { bytes: n, levels: count, nulls, next: i }
}

function putInt32s(list: ArrayLike<number>, at: number): void {
  if (LITTLE_ENDIAN) {
    // One native copy (or conversion loop) for an Int32Array, Uint16Array or Array alike.
    ints.set(list, at >> 2)
    return
  }
  for (let j = 0; j < list.length; j++, at += 4) view.setInt32(at, list[j]!, true)
}

function putInt64s(list: ArrayLike<number | bigint>, at: number): void {
  for (let j = 0; j < list.length; j++, at += 8) {
    const x = list[j]!
    if (typeof x === 'bigint') {
      view.setBigInt64(at, x, true)
    } else {
      // A safe integer's two 32-bit halves, without a BigInt per element.
      view.setUint32(at, x >>> 0, true)
      view.setInt32(at + 4, Math.floor(x / 4294967296), true)
    }
  }
}

/** Replaces the page buffer with one of at least `size` bytes, keeping its first `keep`. */
function resize(size: number, keep: number): void {
  const bigger = new Uint8Array(size)
  bigger.set(scratch.subarray(0, keep))
  scratch = bigger
  view = new DataView(scratch.buffer)
  ints = new Int32Array(scratch.buffer, 0, scratch.length >> 2)
}

/** The file as a list of byte runs, joined once at the end. */
class Output {
  private readonly parts: Uint8Array[] = []
  length = 0

  push(bytes: Uint8Array): void {
    this.parts.push(bytes)
    this.length += bytes.length
  }

  bytes(): Uint8Array {
    const all = new Uint8Array(this.length)
    let at = 0
    for (const part of this.parts) {
      all.set(part, at)
      at += part.length
    }
    return all
  }
}
