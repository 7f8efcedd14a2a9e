import { rename, stat } from 'node:fs/promises'
import path from 'node:path'
import { rowJson } from '../cli/row-json.ts'
import type { StructField } from '../table/schema.ts'
import { partialShardName, shardName, type ShardFormat, type SplitWriter, type WrittenFile, type WrittenSplit } from './shard-format.ts'
import { ShardFile } from './token-file.ts'

/**
 * JSON Lines shards, `<dir>/<split>-00000-of-00003.jsonl`: one object per document with
 * `fields` in order, values as `strata head --json` prints them (longs as numbers when
 * exact, timestamps ISO 8601 with microseconds, binary base64). A shard holds at most
 * `shardBytes` bytes; a document longer than that gets a shard of its own.
 */
export function jsonlShards(dir: string, fields: readonly StructField[], shardBytes: number): ShardFormat<Uint8Array> {
  const schema = { type: 'struct' as const, fields: [...fields] }
  return {
    columns: fields.map((f) => f.name),
    record: (row) => Buffer.from(`${JSON.stringify(rowJson(row, schema))}\n`),
    toBytes: (line) => line,
    fromBytes: (bytes) => bytes,
    open: async (split) => new JsonlSplit(dir, split, shardBytes),
  }
}

class JsonlSplit implements SplitWriter<Uint8Array> {
  readonly #dir: string
  readonly #split: string
  readonly #shardBytes: number
  readonly #documents: number[] = []
  #file: ShardFile | undefined

  constructor(dir: string, split: string, shardBytes: number) {
    this.#dir = dir
    this.#split = split
    this.#shardBytes = shardBytes
  }

  async add(record: Uint8Array): Promise<void> {
    if (this.#file === undefined || (this.#file.size > 0 && this.#file.size + record.length > this.#shardBytes)) await this.#next()
    await this.#file!.putBytes(record)
    this.#documents[this.#documents.length - 1]!++
  }

  async finish(): Promise<WrittenSplit> {
    // An empty split still gets one (empty) shard, so a reader finds the split.
    if (this.#file === undefined) await this.#next()
    await this.#file!.close()
    const count = this.#documents.length
    const files: WrittenFile[] = []
    for (let i = 0; i < count; i++) {
      const name = shardName(this.#split, i, count, 'jsonl')
      await rename(path.join(this.#dir, partialShardName(this.#split, i, 'jsonl')), path.join(this.#dir, name))
      files.push({ path: name, documents: this.#documents[i]!, bytes: (await stat(path.join(this.#dir, name))).size })
    }
    return { files, tokens: null }
  }

  async #next(): Promise<void> {
    await this.#file?.close()
    this.#file = await ShardFile.create(this.#dir, partialShardName(this.#split, this.#documents.length, 'jsonl'))
    this.#documents.push(0)
  }
}
