import { stat } from 'node:fs/promises'
import path from 'node:path'
import { StrataError } from '../core/errors.ts'
import type { Doc } from '../ops/operator.ts'
import { DatatroveTokenWriter } from './datatrove-tokens.ts'
import { MegatronWriter } from './megatron.ts'
import type { ShardFormat, SplitWriter, WrittenSplit } from './shard-format.ts'

/** What the token formats need to know of the tokenizer. */
export interface TokenizerInfo {
  /** Picks the dtype ids are stored in. */
  readonly vocabSize: number
  /** Recorded in datatrove's `.ds.metadata`. */
  readonly name: string
}

/**
 * The `tokens` column of a document as a record, its ids as int32; null for a document
 * without tokens (its text was not a string), which token files leave out. An id outside
 * int32 (a column of longs) is refused here, naming it; a negative one by the writer.
 */
function tokenRecord(row: Doc): Int32Array | null {
  const tokens = row.tokens as readonly (number | bigint)[] | null
  if (tokens === null || tokens === undefined) return null
  const ids = new Int32Array(tokens.length)
  for (let i = 0; i < tokens.length; i++) {
    const id = Number(tokens[i])
    if ((id | 0) !== id) throw new StrataError('invalid_argument', `token id ${String(tokens[i])} at index ${i} does not fit int32`)
    ids[i] = id
  }
  return ids
}

/** A Megatron-LM indexed dataset per split: `<dir>/<split>.bin` and `<dir>/<split>.idx`. */
export function megatronShards(dir: string, tokenizer: TokenizerInfo): ShardFormat<Int32Array> {
  return tokenFormat(dir, async (split) => {
    const writer = await MegatronWriter.open({ dir, prefix: split, vocabSize: tokenizer.vocabSize })
    return {
      add: (ids) => writer.add(ids),
      finish: async () => {
        const shard = await writer.finish()
        return { documents: shard.documents, tokens: shard.tokens, paths: [shard.binPath, shard.idxPath] }
      },
    }
  })
}

/** datatrove's token files per split: `<dir>/<split>.ds`, `.ds.index` and `.ds.metadata`. */
export function datatroveShards(dir: string, tokenizer: TokenizerInfo): ShardFormat<Int32Array> {
  return tokenFormat(dir, async (split) => {
    const writer = await DatatroveTokenWriter.open({ dir, name: split, vocabSize: tokenizer.vocabSize, tokenizer: tokenizer.name })
    return {
      add: (ids) => writer.add(ids),
      finish: async () => {
        const shard = await writer.finish()
        return { documents: shard.documents, tokens: shard.tokens, paths: [shard.dataPath, shard.indexPath, shard.metadataPath] }
      },
    }
  })
}

/** A split's token file writer: `finish` lists the files it wrote, the first holding the documents. */
interface TokenWriter {
  add(ids: Int32Array): Promise<void>
  finish(): Promise<{ documents: number; tokens: number; paths: string[] }>
}

// A token format: documents are their `tokens`, handed to the writer `open` makes per split.
function tokenFormat(dir: string, open: (split: string) => Promise<TokenWriter>): ShardFormat<Int32Array> {
  return {
    columns: ['tokens'],
    record: tokenRecord,
    toBytes: (ids) => new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength),
    fromBytes: tokenIds,
    open: async (split): Promise<SplitWriter<Int32Array>> => {
      const writer = await open(split)
      return {
        add: (ids) => writer.add(ids),
        async finish(): Promise<WrittenSplit> {
          const { documents, tokens, paths } = await writer.finish()
          const files = []
          for (const [i, file] of paths.entries()) {
            files.push({ path: path.relative(dir, file).split(path.sep).join('/'), documents: i === 0 ? documents : 0, bytes: (await stat(file)).size })
          }
          return { files, tokens }
        },
      }
    },
  }
}

// Bytes read back from a shuffle bucket are a view that need not start on a 4-byte
// boundary: such a view is copied (a Buffer's slice would be a view again).
function tokenIds(record: Uint8Array): Int32Array {
  const bytes = record.byteOffset % 4 === 0 ? record : new Uint8Array(record)
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
}
