import { mkdir, open, rename, stat, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { zstdCompressSync } from 'node:zlib'
import { ByteWriter, ParquetWriter } from 'hyparquet-writer'
import type { SchemaElement } from 'hyparquet'
import { STRATA_VERSION } from '../core/version.ts'
import type { StructField } from '../table/schema.ts'
import { parquetColumn, type ParquetColumn } from './parquet-columns.ts'
import { partialShardName, shardName, type ShardFormat, type SplitWriter, type WrittenFile, type WrittenSplit } from './shard-format.ts'

/** Data bytes of a row group: small enough to hold in memory per split, large enough for good compression. */
const ROW_GROUP_BYTES = 32 << 20
const ROW_GROUP_ROWS = 100_000

/**
 * Parquet shards, `<dir>/data/<split>-00000-of-00003.parquet`, as Hugging Face lays out a
 * dataset: `fields` in order, zstd-compressed, row groups of at most 32 MiB of data. A shard
 * holds at most `shardBytes` bytes of data (see `ParquetColumn.size`), so its file is
 * smaller; a document larger than that gets a shard of its own. A record is the row's
 * values, converted when it is made, so a value the column's type does not hold fails in
 * table order; the shuffle spills it with V8's serializer, which keeps bigints and bytes.
 */
export function parquetShards(dir: string, fields: readonly StructField[], shardBytes: number, where: string): ShardFormat<unknown[]> {
  const columns = fields.map((f) => parquetColumn(f, where))
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...columns.flatMap((c) => c.elements)]
  return {
    columns: fields.map((f) => f.name),
    record: (row) => columns.map((c) => c.convert(row[c.name])),
    toBytes: (values) => serialize(values),
    fromBytes: (bytes) => deserialize(bytes) as unknown[],
    open: async (split) => {
      await mkdir(path.join(dir, 'data'), { recursive: true })
      return new ParquetSplit(path.join(dir, 'data'), split, columns, schema, shardBytes)
    },
  }
}

class ParquetSplit implements SplitWriter<unknown[]> {
  readonly #dir: string
  readonly #split: string
  readonly #columns: readonly ParquetColumn[]
  readonly #schema: SchemaElement[]
  readonly #shardBytes: number
  readonly #documents: number[] = []
  #file: ShardWriter | undefined
  #shardData = 0
  #group: unknown[][]
  #groupData = 0

  constructor(dir: string, split: string, columns: readonly ParquetColumn[], schema: SchemaElement[], shardBytes: number) {
    this.#dir = dir
    this.#split = split
    this.#columns = columns
    this.#schema = schema
    this.#shardBytes = shardBytes
    this.#group = columns.map(() => [])
  }

  async add(values: unknown[]): Promise<void> {
    let bytes = 0
    for (let i = 0; i < values.length; i++) bytes += this.#columns[i]!.size(values[i])
    if (this.#file === undefined || (this.#shardData > 0 && this.#shardData + bytes > this.#shardBytes)) await this.#next()
    for (let i = 0; i < values.length; i++) this.#group[i]!.push(values[i])
    this.#shardData += bytes
    this.#groupData += bytes
    this.#documents[this.#documents.length - 1]!++
    if (this.#groupData >= ROW_GROUP_BYTES || this.#group[0]!.length >= ROW_GROUP_ROWS) await this.#writeGroup()
  }

  async finish(): Promise<WrittenSplit> {
    // An empty split still gets one file (a schema and no rows), so a reader finds the split.
    if (this.#file === undefined) await this.#next()
    await this.#close()
    const count = this.#documents.length
    const files: WrittenFile[] = []
    for (let i = 0; i < count; i++) {
      const name = shardName(this.#split, i, count, 'parquet')
      await rename(path.join(this.#dir, partialShardName(this.#split, i, 'parquet')), path.join(this.#dir, name))
      files.push({ path: `data/${name}`, documents: this.#documents[i]!, bytes: (await stat(path.join(this.#dir, name))).size })
    }
    return { files, tokens: null }
  }

  async #next(): Promise<void> {
    if (this.#file) await this.#close()
    const file = path.join(this.#dir, partialShardName(this.#split, this.#documents.length, 'parquet'))
    this.#file = await ShardWriter.open(file, this.#schema)
    this.#documents.push(0)
    this.#shardData = 0
  }

  async #writeGroup(): Promise<void> {
    const rows = this.#group[0]!.length
    if (rows === 0) return
    await this.#file!.write(this.#columns.map((c, i) => ({ name: c.name, data: this.#group[i]! })), rows)
    this.#group = this.#columns.map(() => [])
    this.#groupData = 0
  }

  async #close(): Promise<void> {
    await this.#writeGroup()
    await this.#file!.finish()
  }
}

// One Parquet file written row group by row group: hyparquet-writer encodes each group into
// a buffer, which goes to disk before the next group is encoded.
class ShardWriter {
  readonly #writer: ParquetWriter
  readonly #output: FileOutput

  private constructor(output: FileOutput, schema: SchemaElement[]) {
    this.#output = output
    this.#writer = new ParquetWriter({
      writer: output,
      schema,
      codec: 'ZSTD',
      compressors: { ZSTD: (bytes) => zstdCompressSync(bytes) },
      statistics: false,
      createdBy: `strata version ${STRATA_VERSION}`,
    })
  }

  static async open(file: string, schema: SchemaElement[]): Promise<ShardWriter> {
    return new ShardWriter(new FileOutput(await open(file, 'w')), schema)
  }

  async write(columnData: { name: string; data: unknown[] }[], rows: number): Promise<void> {
    await this.#writer.write({ columnData, rowGroupSize: rows })
  }

  async finish(): Promise<void> {
    try {
      await this.#writer.finish()
    } finally {
      await this.#output.close()
    }
  }
}

// hyparquet-writer's buffer, emptied to a file after each row group (`flush`) and at the end
// (`finish`); `offset` keeps counting the file's bytes, which column chunk offsets need.
class FileOutput extends ByteWriter {
  readonly #handle: FileHandle

  constructor(handle: FileHandle) {
    super(1 << 20)
    this.#handle = handle
  }

  async flush(): Promise<void> {
    const bytes = this.getBytes()
    for (let done = 0; done < bytes.length; ) done += (await this.#handle.write(bytes, done, bytes.length - done)).bytesWritten
    this.index = 0
  }

  override async finish(): Promise<void> {
    await this.flush()
  }

  async close(): Promise<void> {
    await this.#handle.close()
  }
}
