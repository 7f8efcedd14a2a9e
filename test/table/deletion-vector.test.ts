import assert from 'node:assert/strict'
import { crc32 } from 'node:zlib'
import { describe, it } from 'node:test'
import { LocalStore } from '../../src/io/local-store.ts'
import type { DeletionVectorDescriptor } from '../../src/table/actions.ts'
import { decodeRoaringBitmapArray, decodeZ85, deletionVectorKey, readDeletionVector } from '../../src/table/deletion-vector.ts'
import { tempDir } from '../helpers/temp-dir.ts'

type Kind = 'array' | 'bitmap' | 'run'
interface TestContainer {
  readonly key: number
  readonly kind: Kind
  /** Low 16 bits of the values, ascending. */
  readonly values: readonly number[]
}

// Serialises one 32-bit Roaring bitmap in the portable format (RoaringFormatSpec).
function roaring32(containers: readonly TestContainer[]): Buffer {
  const hasRuns = containers.some((c) => c.kind === 'run')
  const size = containers.length
  const head: number[] = []
  const u16 = (out: number[], v: number) => out.push(v & 0xff, v >>> 8)
  const u32 = (out: number[], v: number) => out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24)
  if (hasRuns) {
    u32(head, 12347 | ((size - 1) << 16))
    const flags = new Array<number>(Math.ceil(size / 8)).fill(0)
    containers.forEach((c, i) => {
      if (c.kind === 'run') flags[i >> 3]! |= 1 << (i & 7)
    })
    head.push(...flags)
  } else {
    u32(head, 12346)
    u32(head, size)
  }
  for (const c of containers) {
    u16(head, c.key)
    u16(head, c.values.length - 1)
  }
  const bodies = containers.map((c) => {
    const out: number[] = []
    if (c.kind === 'array') for (const v of c.values) u16(out, v)
    if (c.kind === 'bitmap') {
      const bits = new Uint8Array(8192)
      for (const v of c.values) bits[v >> 3]! |= 1 << (v & 7)
      out.push(...bits)
    }
    if (c.kind === 'run') {
      const runs: [number, number][] = []
      for (const v of c.values) {
        const last = runs.at(-1)
        if (last && last[0] + last[1] + 1 === v) last[1]++
        else runs.push([v, 0])
      }
      u16(out, runs.length)
      for (const [start, extra] of runs) {
        u16(out, start)
        u16(out, extra)
      }
    }
    return out
  })
  const offsets: number[] = []
  if (!hasRuns || size >= 4) {
    let at = head.length + size * 4
    for (const body of bodies) {
      u32(offsets, at)
      at += body.length
    }
  }
  return Buffer.from([...head, ...offsets, ...bodies.flat()])
}

// A RoaringBitmapArray: magic, bucket count, then (high key, 32-bit bitmap) per bucket.
function bitmapArray(buckets: readonly [number, readonly TestContainer[]][]): Buffer {
  const head = Buffer.alloc(12)
  head.writeUInt32LE(1681511377, 0)
  head.writeBigUInt64LE(BigInt(buckets.length), 4)
  const parts = buckets.flatMap(([high, containers]) => {
    const key = Buffer.alloc(4)
    key.writeUInt32LE(high)
    return [key, roaring32(containers)]
  })
  return Buffer.concat([head, ...parts])
}

const range = (from: number, to: number, step = 1) => Array.from({ length: Math.ceil((to - from) / step) }, (_, i) => from + i * step)

describe('deletion vectors', () => {
  it('decodes array containers', () => {
    const bytes = bitmapArray([[0, [{ key: 0, kind: 'array', values: [3, 4, 7, 11] }]]])
    assert.deepEqual([...decodeRoaringBitmapArray(bytes, 4, 'dv')], [3, 4, 7, 11])
  })

  it('decodes bitmap containers', () => {
    const values = range(0, 10000, 2)
    const bytes = bitmapArray([[0, [{ key: 1, kind: 'bitmap', values }]]])
    assert.deepEqual([...decodeRoaringBitmapArray(bytes, values.length, 'dv')], values.map((v) => 65536 + v))
  })

  it('decodes run containers, with and without the offset header', () => {
    const runs = [...range(100, 200), ...range(1000, 1010), 65535]
    const few = bitmapArray([[0, [{ key: 0, kind: 'run', values: runs }, { key: 2, kind: 'array', values: [5] }]]])
    assert.deepEqual([...decodeRoaringBitmapArray(few, runs.length + 1, 'dv')], [...runs, 2 * 65536 + 5])
    const containers: TestContainer[] = [
      { key: 0, kind: 'array', values: [1, 2] },
      { key: 1, kind: 'run', values: range(0, 65536) },
      { key: 2, kind: 'bitmap', values: range(0, 65536, 3) },
      { key: 9, kind: 'run', values: [7] },
    ]
    const many = bitmapArray([[0, containers]])
    const expected = containers.flatMap((c) => c.values.map((v) => c.key * 65536 + v))
    assert.deepEqual([...decodeRoaringBitmapArray(many, expected.length, 'dv')], expected)
  })

  it('decodes buckets above 32 bits', () => {
    const bytes = bitmapArray([
      [0, [{ key: 0, kind: 'array', values: [9] }]],
      [3, [{ key: 0, kind: 'array', values: [1, 2] }]],
    ])
    assert.deepEqual([...decodeRoaringBitmapArray(bytes, 3, 'dv')], [9, 3 * 2 ** 32 + 1, 3 * 2 ** 32 + 2])
  })

  it('refuses a cardinality other than the log says', () => {
    const bytes = bitmapArray([[0, [{ key: 0, kind: 'array', values: [1, 2] }]]])
    assert.throws(() => decodeRoaringBitmapArray(bytes, 3, 'x.bin at offset 1'), {
      code: 'corrupt_file',
      message: 'x.bin at offset 1: deletion vector holds 2 rows, but the log says 3',
    })
  })

  it('refuses a wrong magic number and truncated bytes', () => {
    const bytes = bitmapArray([[0, [{ key: 0, kind: 'array', values: [1, 2] }]]])
    bytes.writeUInt32LE(7, 0)
    assert.throws(() => decodeRoaringBitmapArray(bytes, 2, 'dv'), { message: 'dv: deletion vector has magic number 7, expected 1681511377' })
    const short = bitmapArray([[0, [{ key: 0, kind: 'array', values: [1, 2] }]]]).subarray(0, 30)
    assert.throws(() => decodeRoaringBitmapArray(short, 2, 'dv'), { message: 'dv: deletion vector is truncated (needs 36 bytes, has 30)' })
  })

  it('refuses values out of order', () => {
    const bytes = bitmapArray([[0, [{ key: 0, kind: 'array', values: [5, 2] }]]])
    assert.throws(() => decodeRoaringBitmapArray(bytes, 2, 'dv'), { message: 'dv: deletion vector repeats or reorders row 2' })
  })

  it('reads the protocol example inline vector (native format)', async () => {
    const dv: DeletionVectorDescriptor = { storageType: 'i', pathOrInlineDv: 'wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L', sizeInBytes: 40, cardinality: 6 }
    const rows = await readDeletionVector(new LocalStore(tempDir()), dv, (p) => p, 'part-0.parquet')
    assert.deepEqual([...rows], [3, 4, 7, 11, 18, 29])
  })

  it('derives the file of a relative vector from its prefix and UUID', () => {
    const dv: DeletionVectorDescriptor = { storageType: 'u', pathOrInlineDv: 'ab^-aqEH.-t@S}K{vb[*k^', offset: 4, sizeInBytes: 40, cardinality: 6 }
    assert.equal(deletionVectorKey(dv, (p) => p), 'ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin')
    assert.equal(deletionVectorKey({ ...dv, storageType: 'p', pathOrInlineDv: 'x/y.bin' }, (p) => `resolved/${p}`), 'resolved/x/y.bin')
  })

  it('refuses text that is not Z85', () => {
    assert.throws(() => decodeZ85('abc"e', 'dv'), { code: 'corrupt_log', message: `dv: '"' is not a Z85 character` })
    assert.throws(() => decodeZ85('abcd', 'dv'), { message: "dv: Z85 text 'abcd' has 4 characters, not a multiple of 5" })
  })

  describe('on disk', () => {
    const bitmap = bitmapArray([[0, [{ key: 0, kind: 'array', values: [0, 5] }]]])
    const key = 'ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin'
    const dv: DeletionVectorDescriptor = { storageType: 'u', pathOrInlineDv: 'ab^-aqEH.-t@S}K{vb[*k^', offset: 1, sizeInBytes: bitmap.length, cardinality: 2 }

    async function storeWith(checksum: number): Promise<LocalStore> {
      const store = new LocalStore(tempDir())
      const file = Buffer.alloc(1 + 4 + bitmap.length + 4)
      file.writeUInt8(1, 0)
      file.writeUInt32BE(bitmap.length, 1)
      bitmap.copy(file, 5)
      file.writeUInt32BE(checksum, 5 + bitmap.length)
      await store.put(key, file)
      return store
    }

    it('reads a vector at its offset and checks its checksum', async () => {
      const store = await storeWith(crc32(bitmap))
      assert.deepEqual([...(await readDeletionVector(store, dv, (p) => p, 'part-0.parquet'))], [0, 5])
    })

    it('refuses a checksum mismatch, naming the file', async () => {
      const store = await storeWith((crc32(bitmap) ^ 1) >>> 0)
      const actual = crc32(bitmap).toString(16).padStart(8, '0')
      const stored = ((crc32(bitmap) ^ 1) >>> 0).toString(16).padStart(8, '0')
      await assert.rejects(readDeletionVector(store, dv, (p) => p, 'part-0.parquet'), {
        code: 'corrupt_file',
        message: `${store.describe(key)} at offset 1: deletion vector checksum is 0x${stored}, but its bytes hash to 0x${actual}`,
      })
    })

    it('refuses a size other than the log says', async () => {
      const store = await storeWith(crc32(bitmap))
      await assert.rejects(readDeletionVector(store, { ...dv, sizeInBytes: bitmap.length - 1 }, (p) => p, 'part-0.parquet'), {
        message: `${store.describe(key)} at offset 1: deletion vector size is ${bitmap.length}, but the log says ${bitmap.length - 1}`,
      })
    })
  })
})
