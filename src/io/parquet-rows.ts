import { Worker } from 'node:worker_threads'
import { parquetSchema, type FileMetaData, type RowGroup } from 'hyparquet'
import { isStrataError } from '../core/errors.ts'
import type { GroupRequest, GroupResult, GroupWorkerData } from './parquet-group-worker.ts'
import { parquetError, parquetSource, readParquetMetadata } from './parquet.ts'
import type { RecordReader } from './record-reader.ts'

/**
 * Reads the rows of a Parquet file one row group at a time; the fields of a record are the
 * file's top-level columns. Integers that fit a safe JavaScript number become numbers (wider
 * ones stay `bigint`), dates and timestamps become ISO 8601 strings, unannotated binary stays
 * `Uint8Array`, nulls are `null`. `offset` is the row index.
 *
 * A file whose footer cannot be read is one bad item. Row groups are decoded in a worker
 * thread under a time limit (half a second plus a second per 10 MB), since some corrupt pages
 * send the decoder into a near-endless loop; a group that fails or runs out of time is one bad
 * item at its first row, and reading goes on with the next group.
 */
export const readParquetRows: RecordReader = async function* (file) {
  const where = file.key
  const source = await parquetSource(file.store, file.key)
  let metadata: FileMetaData
  let columns: string[]
  try {
    metadata = await readParquetMetadata(source, where)
    try {
      columns = parquetSchema(metadata).children.map((c) => c.element.name)
    } catch (e) {
      throw parquetError(e, where)
    }
  } catch (e) {
    if (!isStrataError(e, 'corrupt_file')) throw e
    yield { kind: 'bad', offset: 0, error: e.message }
    return
  }
  const decoder = new GroupDecoder({ metadata, columns, where, size: source.byteLength })
  const decode = async (group: PlannedGroup): Promise<unknown[][] | string> => {
    const range = byteRange(metadata.row_groups[group.index]!, source.byteLength)
    const bytes = await file.store.read(file.key, range)
    return checked(await decoder.decode({ group: group.index, offset: range.offset, bytes }, timeLimit(range.length)), group.rows, where)
  }
  const plan = planGroups(metadata, columns.length)
  try {
    let next = plan.groups[0] && decode(plan.groups[0])
    for (const [i, group] of plan.groups.entries()) {
      const values = await next!
      // The worker decodes the next group while the caller takes this one's rows.
      next = plan.groups[i + 1] && decode(plan.groups[i + 1]!)
      next?.catch(() => undefined)
      if (typeof values === 'string') {
        yield { kind: 'bad', offset: group.start, error: `${values}; row group ${group.index} (${group.rows} rows from row ${group.start}) skipped` }
        continue
      }
      for (let r = 0; r < group.rows; r++) {
        const fields: Record<string, unknown> = {}
        for (let c = 0; c < columns.length; c++) fields[columns[c]!] = values[c]![r] ?? null
        yield { kind: 'record', fields, offset: group.start + r }
      }
    }
    if (plan.invalid) yield { kind: 'bad', offset: plan.invalid.start, error: `${where}: not a valid Parquet file (${plan.invalid.claim}); the rest of the file skipped` }
  } finally {
    decoder.close()
  }
}

interface PlannedGroup {
  readonly index: number
  readonly start: number
  readonly rows: number
}

/** The row groups with rows to read, each with its first row; up to one whose row count cannot be. */
function planGroups(metadata: FileMetaData, columns: number): { groups: PlannedGroup[]; invalid?: { start: number; claim: string } } {
  const groups: PlannedGroup[] = []
  let start = 0
  for (const [index, group] of metadata.row_groups.entries()) {
    const rows = Number(group.num_rows)
    if (!Number.isSafeInteger(rows) || rows < 0) return { groups, invalid: { start, claim: `row group ${index} claims ${group.num_rows} rows` } }
    if (rows > 0 && columns > 0) groups.push({ index, start, rows })
    start += rows
  }
  return { groups }
}

/** A group's decoded columns, or what is wrong with them: a footer's row count is only a claim. */
function checked(result: GroupResult, rows: number, where: string): unknown[][] | string {
  if ('error' in result) return result.error
  const decoded = result.columns.map((c) => c.length)
  if (decoded.some((n) => n !== rows)) return `${where}: not a valid Parquet file (the footer says ${rows} rows, the columns hold ${decoded.join(', ')})`
  return result.columns
}

/** The bytes of the file that hold `group`'s column chunks, within the file. */
function byteRange(group: RowGroup, size: number): { offset: number; length: number } {
  let start = size
  let end = 0
  for (const chunk of group.columns) {
    const meta = chunk.meta_data
    if (!meta) continue
    const from = Number(meta.dictionary_page_offset || meta.data_page_offset)
    start = Math.min(start, from)
    end = Math.max(end, from + Number(meta.total_compressed_size))
  }
  start = Math.max(0, Math.min(start, size))
  return { offset: start, length: Math.max(0, Math.min(end, size) - start) }
}

function timeLimit(bytes: number): number {
  return 500 + bytes / 10_000
}

/** A worker thread that decodes row groups, restarted when it has to be stopped. */
class GroupDecoder {
  readonly #data: GroupWorkerData
  #worker: Promise<Worker> | undefined

  constructor(data: GroupWorkerData) {
    this.#data = data
  }

  /** The columns of a row group, or why they could not be had within `timeoutMs`. */
  async decode(request: GroupRequest, timeoutMs: number): Promise<GroupResult> {
    const worker = await (this.#worker ??= start(this.#data))
    // The bytes are moved to the worker; a view into a larger buffer is copied first.
    const { bytes } = request
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes)
    return new Promise<GroupResult>((resolve) => {
      const done = (result: GroupResult, stop: boolean) => {
        clearTimeout(timer)
        worker.unref()
        worker.off('message', onMessage)
        worker.off('error', onError)
        if (stop) this.close()
        resolve(result)
      }
      const onMessage = (result: GroupResult) => done(result, false)
      const onError = (e: Error) => done({ error: `${this.#data.where}: the decoder failed (${e.message})` }, true)
      const timer = setTimeout(() => done({ error: `${this.#data.where}: decoding took more than ${Math.round(timeoutMs)} ms, as a corrupt page can make it` }, true), timeoutMs)
      worker.on('message', onMessage)
      worker.on('error', onError)
      // Held open only while it works, so that an idle worker never keeps the process alive.
      worker.ref()
      worker.postMessage({ ...request, bytes: own }, [own.buffer as ArrayBuffer])
    })
  }

  /** Stops the worker; the next `decode` starts another. */
  close(): void {
    const worker = this.#worker
    this.#worker = undefined
    void worker?.then(
      (w) => w.terminate(),
      () => undefined,
    )
  }
}

async function start(data: GroupWorkerData): Promise<Worker> {
  const worker = new Worker(new URL('./parquet-group-worker.ts', import.meta.url), { workerData: data })
  // The time limit starts once the worker has loaded its modules.
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve())
    worker.once('error', reject)
  })
  worker.unref()
  return worker
}
