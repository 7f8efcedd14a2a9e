import { crc32 } from 'node:zlib'
import { StrataError } from '../core/errors.ts'
import type { BlobStore } from '../io/blob-store.ts'
import type { DeletionVectorDescriptor } from './actions.ts'

/** The first four bytes of every serialised RoaringBitmapArray (little-endian). */
const DV_MAGIC = 1681511377
const DV_NATIVE_MAGIC = 1681511376

const Z85 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#'
const Z85_VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < Z85.length; i++) Z85_VALUE[Z85.charCodeAt(i)] = i

// 32-bit RoaringBitmap serialisation (RoaringFormatSpec).
const COOKIE_NO_RUNS = 12346
const COOKIE_RUNS = 12347
const NO_OFFSET_THRESHOLD = 4
const ARRAY_MAX = 4096
const BITMAP_BYTES = 8192
// Row indexes above this would lose precision in a Float64Array.
const MAX_HIGH_KEY = 2 ** 21

/**
 * Decodes Z85 (ZeroMQ base85), the encoding of inline deletion vectors and of the UUID in
 * relative ones. `where` names the source in errors.
 */
export function decodeZ85(text: string, where: string): Uint8Array {
  if (text.length % 5 !== 0) {
    throw new StrataError('corrupt_log', `${where}: Z85 text '${text}' has ${text.length} characters, not a multiple of 5`)
  }
  const out = new Uint8Array((text.length / 5) * 4)
  const view = new DataView(out.buffer)
  for (let i = 0, o = 0; i < text.length; i += 5, o += 4) {
    let value = 0
    for (let j = i; j < i + 5; j++) {
      const code = text.charCodeAt(j)
      const digit = code < 128 ? Z85_VALUE[code]! : -1
      if (digit < 0) throw new StrataError('corrupt_log', `${where}: '${text[j]}' is not a Z85 character`)
      value = value * 85 + digit
    }
    if (value > 0xffffffff) throw new StrataError('corrupt_log', `${where}: Z85 group '${text.slice(i, i + 5)}' overflows 32 bits`)
    view.setUint32(o, value)
  }
  return out
}

/**
 * The store key of an on-disk deletion vector: `u` descriptors name
 * `<random prefix>/deletion_vector_<uuid>.bin` below the table root (the UUID is the last
 * 20 Z85 characters); `p` descriptors carry a path, resolved by `resolvePath` like an
 * `add.path`. Inline (`i`) descriptors have no key.
 */
export function deletionVectorKey(dv: DeletionVectorDescriptor, resolvePath: (path: string) => string): string {
  if (dv.storageType === 'p') return resolvePath(dv.pathOrInlineDv)
  if (dv.storageType === 'i') throw new StrataError('invalid_argument', 'an inline deletion vector is not stored in a file')
  const text = dv.pathOrInlineDv
  if (text.length < 20) {
    throw new StrataError('corrupt_log', `deletion vector '${text}' is shorter than the 20 characters of its UUID`)
  }
  const prefix = text.slice(0, -20)
  const hex = Buffer.from(decodeZ85(text.slice(-20), `deletion vector '${text}'`)).toString('hex')
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  return `${prefix === '' ? '' : `${prefix}/`}deletion_vector_${uuid}.bin`
}

/**
 * The row indexes a deletion vector removes from its data file, ascending. Inline vectors
 * are decoded from the log; on-disk ones are one ranged read of `[size][bitmap][crc32]` at
 * `offset`, with size and checksum verified. The count must equal `dv.cardinality`.
 * `resolvePath` maps an absolute (`p`) path to a store key; `dataFile` names the file the
 * vector belongs to, for errors about inline vectors.
 */
export async function readDeletionVector(
  store: BlobStore,
  dv: DeletionVectorDescriptor,
  resolvePath: (path: string) => string,
  dataFile: string,
): Promise<Float64Array> {
  if (dv.storageType === 'i') {
    const where = `inline deletion vector of ${dataFile}`
    const bytes = decodeZ85(dv.pathOrInlineDv, where)
    if (bytes.length < dv.sizeInBytes) {
      throw new StrataError('corrupt_log', `${where}: ${bytes.length} bytes decoded, but sizeInBytes is ${dv.sizeInBytes}`)
    }
    return decodeRoaringBitmapArray(bytes.subarray(0, dv.sizeInBytes), dv.cardinality, where)
  }
  const key = deletionVectorKey(dv, resolvePath)
  const offset = dv.offset ?? 0
  const where = `${store.describe(key)} at offset ${offset}`
  const block = await store.read(key, { offset, length: dv.sizeInBytes + 8 })
  if (block.length < dv.sizeInBytes + 8) {
    throw new StrataError('corrupt_file', `${where}: deletion vector is truncated (${block.length} of ${dv.sizeInBytes + 8} bytes)`)
  }
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength)
  const size = view.getUint32(0)
  if (size !== dv.sizeInBytes) {
    throw new StrataError('corrupt_file', `${where}: deletion vector size is ${size}, but the log says ${dv.sizeInBytes}`)
  }
  const data = block.subarray(4, 4 + size)
  const stored = view.getUint32(4 + size)
  const actual = crc32(data)
  if (stored !== actual) {
    throw new StrataError('corrupt_file', `${where}: deletion vector checksum is ${hex32(stored)}, but its bytes hash to ${hex32(actual)}`)
  }
  return decodeRoaringBitmapArray(data, dv.cardinality, where)
}

/**
 * Decodes a RoaringBitmapArray into its values, ascending. The protocol's format is the
 * little-endian magic 1681511377 and a portable 64-bit Roaring bitmap: a bucket count and,
 * per bucket, a 32-bit high key and a 32-bit Roaring bitmap (array, bitmap and run
 * containers). Delta's native format — big-endian magic 1681511376, a bitmap count, then
 * length-prefixed bitmaps whose position is the high key — is read too, since the
 * protocol's own inline example (PROTOCOL.md, "JSON Example 3") uses it. Throws `corrupt_file` naming `where` when the
 * bytes are malformed or hold other than `cardinality` values.
 */
export function decodeRoaringBitmapArray(bytes: Uint8Array, cardinality: number, where: string): Float64Array {
  const fail = (what: string) => new StrataError('corrupt_file', `${where}: deletion vector ${what}`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const need = (pos: number, n: number) => {
    if (pos + n > bytes.length) throw fail(`is truncated (needs ${pos + n} bytes, has ${bytes.length})`)
  }
  need(0, 8)
  const containers: Container[] = []
  let pos: number
  if (view.getUint32(0, true) === DV_MAGIC) {
    need(4, 8)
    const buckets = view.getBigUint64(4, true)
    pos = 12
    for (let b = 0n; b < buckets; b++) {
      need(pos, 4)
      const high = view.getUint32(pos, true)
      if (high >= MAX_HIGH_KEY) throw fail(`has bucket key ${high}, beyond the row indexes Strata can address`)
      pos = readBitmapHeader(view, pos + 4, high, containers, need, fail)
    }
  } else if (view.getUint32(0) === DV_NATIVE_MAGIC) {
    const bitmaps = view.getUint32(4)
    if (bitmaps > MAX_HIGH_KEY) throw fail(`has ${bitmaps} bitmaps, beyond the row indexes Strata can address`)
    pos = 8
    for (let high = 0; high < bitmaps; high++) {
      need(pos, 4)
      const end = pos + 4 + view.getUint32(pos)
      pos = readBitmapHeader(view, pos + 4, high, containers, need, fail)
      if (pos !== end) throw fail(`bitmap ${high} ends at byte ${pos}, but its length says ${end}`)
    }
  } else {
    throw fail(`has magic number ${view.getUint32(0, true)}, expected ${DV_MAGIC}`)
  }
  let total = 0
  for (const c of containers) total += c.cardinality
  if (total !== cardinality) throw fail(`holds ${total} rows, but the log says ${cardinality}`)
  const out = new Float64Array(total)
  let n = 0
  for (const c of containers) {
    const base = c.high * 2 ** 32 + c.key * 65536
    const start = n
    n = fill[c.kind](view, c, base, out, n)
    if (n - start !== c.cardinality) throw fail(`container ${c.key} of bucket ${c.high} holds ${n - start} rows, its header says ${c.cardinality}`)
  }
  for (let i = 1; i < total; i++) {
    if (out[i]! <= out[i - 1]!) throw fail(`repeats or reorders row ${out[i]}`)
  }
  return out
}

interface Container {
  readonly high: number
  readonly key: number
  readonly kind: 'array' | 'bitmap' | 'run'
  readonly cardinality: number
  readonly offset: number
}

// Reads one 32-bit bitmap's headers, records its containers and returns the end position.
function readBitmapHeader(
  view: DataView,
  start: number,
  high: number,
  out: Container[],
  need: (pos: number, n: number) => void,
  fail: (what: string) => StrataError,
): number {
  need(start, 4)
  const cookie = view.getUint32(start, true)
  let pos = start + 4
  let size: number
  let runFlags = -1
  if ((cookie & 0xffff) === COOKIE_RUNS) {
    size = (cookie >>> 16) + 1
    runFlags = pos
    pos += Math.ceil(size / 8)
  } else if (cookie === COOKIE_NO_RUNS) {
    need(pos, 4)
    size = view.getUint32(pos, true)
    pos += 4
  } else {
    throw fail(`has an unknown Roaring cookie ${cookie}`)
  }
  need(pos, size * 4)
  const headers = pos
  pos += size * 4
  if (runFlags < 0 || size >= NO_OFFSET_THRESHOLD) pos += size * 4
  let prevKey = -1
  for (let i = 0; i < size; i++) {
    const key = view.getUint16(headers + i * 4, true)
    const cardinality = view.getUint16(headers + i * 4 + 2, true) + 1
    if (key <= prevKey) throw fail(`bucket ${high} has container keys out of order`)
    prevKey = key
    const isRun = runFlags >= 0 && (view.getUint8(runFlags + (i >> 3)) & (1 << (i & 7))) !== 0
    let length: number
    if (isRun) {
      need(pos, 2)
      length = 2 + view.getUint16(pos, true) * 4
    } else {
      length = cardinality > ARRAY_MAX ? BITMAP_BYTES : cardinality * 2
    }
    need(pos, length)
    out.push({ high, key, kind: isRun ? 'run' : cardinality > ARRAY_MAX ? 'bitmap' : 'array', cardinality, offset: pos })
    pos += length
  }
  return pos
}

type Fill = (view: DataView, c: Container, base: number, out: Float64Array, n: number) => number

const fill: { [K in Container['kind']]: Fill } = { array: fillArray, bitmap: fillBitmap, run: fillRuns }

// Each fill writes one container's values from out[n] and returns the new n. Writes past
// the end of a typed array are ignored, and each loop stops one past the header's
// cardinality, so a corrupt container fails the count check instead of running away.
function fillArray(view: DataView, c: Container, base: number, out: Float64Array, n: number): number {
  for (let i = 0; i < c.cardinality; i++) out[n++] = base + view.getUint16(c.offset + i * 2, true)
  return n
}

function fillBitmap(view: DataView, c: Container, base: number, out: Float64Array, n: number): number {
  const end = n + c.cardinality
  for (let w = 0; w < BITMAP_BYTES / 4 && n <= end; w++) {
    let word = view.getInt32(c.offset + w * 4, true)
    while (word !== 0) {
      const bit = word & -word
      out[n++] = base + w * 32 + 31 - Math.clz32(bit)
      word ^= bit
    }
  }
  return n
}

function fillRuns(view: DataView, c: Container, base: number, out: Float64Array, n: number): number {
  const end = n + c.cardinality
  const runs = view.getUint16(c.offset, true)
  for (let r = 0; r < runs && n <= end; r++) {
    const start = view.getUint16(c.offset + 2 + r * 4, true)
    const last = start + view.getUint16(c.offset + 4 + r * 4, true)
    for (let v = start; v <= last && n <= end; v++) out[n++] = base + v
  }
  return n
}

function hex32(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`
}
