import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { isStrataError } from '../../src/core/errors.ts'
import { DatatroveTokenWriter, datatroveDtype, formatTokenCount } from '../../src/gold/datatrove-tokens.ts'
import { MegatronWriter, megatronDtype } from '../../src/gold/megatron.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { interopPython } from '../interop/python-venv.ts'

const SEED = 0x70ce45
// Small enough that most documents span several flushes, so taking back a refused document
// crosses data already on disk.
const SMALL_BUFFER = 1024

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/**
 * Seeded documents with ids in 0..max: an empty one first and mid-way, a one-token one, both
 * ends of the range, then lengths skewed short with a few thousand-token ones. Every third is a
 * Uint32Array, since callers hand over typed arrays as well as plain ones.
 */
function documents(seed: number, max: number): (number[] | Uint32Array)[] {
  const random = mulberry32(seed)
  const docs: number[][] = [[], [max], [0, 1, max - 1, max, 0]]
  for (let i = 0; i < 150; i++) {
    const doc = Array.from({ length: Math.floor(random() ** 3 * 3000) }, () => Math.floor(random() * (max + 1)))
    docs.push(doc)
  }
  docs.splice(80, 0, [])
  return docs.map((doc, i) => (i % 3 === 2 ? Uint32Array.from(doc) : doc))
}

const plain = (docs: readonly ArrayLike<number>[]): number[][] => docs.map((d) => Array.from(d))

function python(script: string, arg: string): Record<string, unknown> {
  const file = new URL(`../interop/${script}`, import.meta.url).pathname
  return JSON.parse(execFileSync(interopPython(), [file, arg], { encoding: 'utf8', maxBuffer: 1 << 28 }))
}

async function rejection(promise: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(promise, (e) => isStrataError(e, 'invalid_argument') && e.message === message)
}

describe('Megatron .bin/.idx writer', () => {
  for (const { vocabSize, dtype, code, max } of [
    { vocabSize: 50257, dtype: 'uint16', code: 8, max: 0xffff },
    { vocabSize: 65500, dtype: 'int32', code: 4, max: 0x7fffffff },
  ] as const) {
    it(`writes ${dtype} for a ${vocabSize}-token vocabulary, read back exactly by an independent reader`, async () => {
      const dir = tempDir()
      const docs = documents(SEED + code, max)
      const writer = await MegatronWriter.open({ dir, prefix: 'train_text_document', vocabSize, bufferBytes: SMALL_BUFFER })
      for (const doc of docs) await writer.add(doc)
      const tokens = docs.reduce((n, d) => n + d.length, 0)
      const shard = await writer.finish()
      assert.deepEqual(shard, {
        binPath: path.join(dir, 'train_text_document.bin'),
        idxPath: path.join(dir, 'train_text_document.idx'),
        dtype,
        documents: docs.length,
        tokens,
      })

      const read = python('read_megatron.py', path.join(dir, 'train_text_document'))
      assert.equal(read.version, 1)
      assert.equal(read.dtype_code, code)
      assert.equal(read.sequence_count, docs.length)
      assert.equal(read.document_count, docs.length + 1, 'Megatron counts the leading 0 of the document indices')
      assert.deepEqual(read.document_indices, Array.from({ length: docs.length + 1 }, (_, i) => i))
      assert.deepEqual(read.documents, plain(docs))
    })
  }

  it('picks uint16 below a 65 500-token vocabulary and int32 from there, as Megatron-LM does', () => {
    assert.equal(megatronDtype(65499), 'uint16')
    assert.equal(megatronDtype(65500), 'int32')
    assert.throws(() => megatronDtype(0), (e) => isStrataError(e, 'invalid_argument') && e.message === 'vocabulary size 0 is not a positive integer')
  })

  it('refuses a token id outside the dtype, leaves that document out and goes on', async () => {
    const dir = tempDir()
    const writer = await MegatronWriter.open({ dir, prefix: 'bad', vocabSize: 32000, bufferBytes: 16 })
    await writer.add([1, 2, 3])
    const long = Array.from({ length: 40 }, (_, i) => i)
    long[30] = 65536
    await rejection(writer.add(long), 'token id 65536 at index 30 of document 1 does not fit uint16 (0 to 65535)')
    await rejection(writer.add([4, -1]), 'token id -1 at index 1 of document 1 does not fit uint16 (0 to 65535)')
    await rejection(writer.add([4.5]), 'token id 4.5 at index 0 of document 1 does not fit uint16 (0 to 65535)')
    await writer.add(new Uint16Array([4, 65535]))
    assert.equal((await writer.finish()).documents, 2)
    await rejection(writer.add([1]), `megatron writer for ${path.join(dir, 'bad.bin')} is already finished`)
    const read = python('read_megatron.py', path.join(dir, 'bad'))
    assert.deepEqual(read.documents, [[1, 2, 3], [4, 65535]])
    assert.deepEqual(read.pointers, [0, 6])

    const wide = await MegatronWriter.open({ dir, prefix: 'wide', vocabSize: 128256 })
    await rejection(wide.add([2 ** 31]), 'token id 2147483648 at index 0 of document 0 does not fit int32 (0 to 2147483647)')
    await wide.finish()
  })

  it('refuses a prefix that is not a plain file name', async () => {
    await rejection(MegatronWriter.open({ dir: tempDir(), prefix: '../escape', vocabSize: 100 }), "shard file name '../escape.bin' is not a plain file name")
  })
})

describe('datatrove token writer', () => {
  for (const { vocabSize, dtype, size, max } of [
    { vocabSize: 65536, dtype: 'uint16', size: 2, max: 0xffff },
    { vocabSize: 65537, dtype: 'uint32', size: 4, max: 0xffffffff },
  ] as const) {
    it(`writes ${dtype} for a ${vocabSize}-token vocabulary, read back exactly by an independent reader`, async () => {
      const dir = tempDir()
      const docs = documents(SEED + size, max)
      const writer = await DatatroveTokenWriter.open({ dir, name: '000_train', vocabSize, tokenizer: 'meta-llama/Llama-3.1-8B', bufferBytes: SMALL_BUFFER })
      for (const doc of docs) await writer.add(doc)
      const tokens = docs.reduce((n, d) => n + d.length, 0)
      const shard = await writer.finish()
      const dataPath = path.join(dir, '000_train.ds')
      assert.deepEqual(shard, {
        dataPath,
        indexPath: `${dataPath}.index`,
        metadataPath: `${dataPath}.metadata`,
        dtype,
        documents: docs.length,
        tokens,
      })

      const read = python('read_datatrove_tokens.py', dataPath)
      assert.equal(read.metadata, `meta-llama/Llama-3.1-8B|${size}\n${tokens}\n${formatTokenCount(tokens)}`)
      assert.equal(read.token_size, size)
      assert.deepEqual(read.documents, plain(docs))
    })
  }

  it('picks uint16 up to a 65 536-token vocabulary and uint32 above, as datatrove does', () => {
    assert.equal(datatroveDtype(65536), 'uint16')
    assert.equal(datatroveDtype(65537), 'uint32')
  })

  it('refuses a token id outside the dtype, leaves that document out and goes on', async () => {
    const dir = tempDir()
    const writer = await DatatroveTokenWriter.open({ dir, name: 'bad', vocabSize: 200000, tokenizer: 'o200k_base', bufferBytes: 8 })
    await writer.add([])
    await rejection(writer.add([1, 2, 3, 4, 5, 2 ** 32]), 'token id 4294967296 at index 5 of document 1 does not fit uint32 (0 to 4294967295)')
    await writer.add([2 ** 32 - 1])
    await writer.finish()
    const read = python('read_datatrove_tokens.py', path.join(dir, 'bad.ds'))
    assert.deepEqual(read.documents, [[], [2 ** 32 - 1]])
    assert.deepEqual(read.ends, [0, 1])
  })

  it("refuses a tokenizer name datatrove's merger could not split", async () => {
    await rejection(
      DatatroveTokenWriter.open({ dir: tempDir(), name: 'x', vocabSize: 100, tokenizer: 'a|b' }),
      "tokenizer name 'a|b' must be non-empty, without '|' or line breaks",
    )
  })

  it('spells token counts as humanize 4.17 does, ties to even', () => {
    const golden: [number, string][] = [
      [0, '0.00 T'], [10, '10.0 T'], [123, '123 T'], [1625, '1.62 kT'], [124500, '124 kT'], [125500, '126 kT'],
      [999500, '1.00 MT'], [999999, '1.00 MT'], [1125000, '1.12 MT'], [12345678, '12.3 MT'],
      [999999999999999, '1.00 PT'], [2 ** 53 - 1, '9.01 PT'],
    ]
    assert.deepEqual(golden.map(([n]) => [n, formatTokenCount(n)]), golden)
  })
})

describe('token shards, byte for byte', () => {
  // What datatrove 0.10.1's MegatronTokenizedFile and TokenizedFile write for these documents
  // (hex), the former laid out as Megatron-LM's _IndexWriter does.
  const narrow = [[], [7], [0, 1, 2, 65535], [50256, 50256, 3], [], [42]]
  const wide = [[], [7], [0, 1, 2, 65535, 65536, 2147483647], [128000, 3], [], [42]]
  const idxHead = '4d4d494449445800000100000000000000'
  const docIndices = '0000000000000000010000000000000002000000000000000300000000000000040000000000000005000000000000000600000000000000'
  const expected = {
    megatron: {
      narrow: {
        'm.bin': '0700000001000200ffff50c450c403002a00',
        'm.idx': `${idxHead}08060000000000000007000000000000000000000001000000040000000300000000000000010000000000000000000000000000000000000002000000000000000a0000000000000010000000000000001000000000000000${docIndices}`,
      },
      wide: {
        'm.bin': '07000000000000000100000002000000ffff000000000100ffffff7f00f40100030000002a000000',
        'm.idx': `${idxHead}04060000000000000007000000000000000000000001000000060000000200000000000000010000000000000000000000000000000000000004000000000000001c0000000000000024000000000000002400000000000000${docIndices}`,
      },
    },
    datatrove: {
      narrow: {
        'd.ds': '0700000001000200ffff50c450c403002a00',
        'd.ds.index': '000000000000000001000000000000000500000000000000080000000000000008000000000000000900000000000000',
        'd.ds.metadata': Buffer.from('gpt2|2\n9\n9.00 T').toString('hex'),
      },
      wide: {
        'd.ds': '07000000000000000100000002000000ffff000000000100ffffff7f00f40100030000002a000000',
        'd.ds.index': '000000000000000001000000000000000700000000000000090000000000000009000000000000000a00000000000000',
        'd.ds.metadata': Buffer.from('gpt2|4\n10\n10.0 T').toString('hex'),
      },
    },
  }

  for (const [width, docs, vocabSize] of [['narrow', narrow, 50257], ['wide', wide, 128256]] as const) {
    it(`writes the bytes datatrove writes, ${width} ids`, async () => {
      const dir = tempDir()
      const megatron = await MegatronWriter.open({ dir, prefix: 'm', vocabSize })
      const datatrove = await DatatroveTokenWriter.open({ dir, name: 'd', vocabSize, tokenizer: 'gpt2' })
      for (const doc of docs) {
        await megatron.add(doc)
        await datatrove.add(doc)
      }
      await megatron.finish()
      await datatrove.finish()
      const files = { ...expected.megatron[width], ...expected.datatrove[width] }
      const written = Object.fromEntries(Object.keys(files).map((f) => [f, readFileSync(path.join(dir, f)).toString('hex')]))
      assert.deepEqual(written, files)
    })
  }
})
