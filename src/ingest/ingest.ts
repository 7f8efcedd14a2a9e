import { randomBytes } from 'node:crypto'
import { StrataError, isStrataError } from '../core/errors.ts'
import { mapBounded } from '../core/map-bounded.ts'
import { STRATA_VERSION } from '../core/version.ts'
import type { Catalog, IngestionRecord } from '../catalog/catalog.ts'
import type { BlobStore } from '../io/blob-store.ts'
import type { ReaderOptions, SourceFormat } from '../io/record-reader.ts'
import { detectFormat, readers } from '../io/readers.ts'
import { datasetStore, type Repository } from '../repo/repository.ts'
import { TableWriter, createTable, type WriteResult } from '../table/write.ts'
import { DOCUMENT_SCHEMA, quarantineName } from './bronze-schema.ts'
import { jsonSafe, toDocument, type FieldMapping } from './document-mapper.ts'
import { ingestAppId, sha256File, stableId } from './fingerprint.ts'
import { Quarantine } from './quarantine.ts'
import { expandSources, type LocalSource } from './source-files.ts'

export interface IngestRequest {
  readonly repo: Repository
  readonly catalog: Catalog
  /** Files, directories and globs, as the user gave them. */
  readonly sources: readonly string[]
  readonly cwd: string
  /** The bronze dataset's name. */
  readonly dataset: string
  readonly source: string
  readonly license: string
  readonly format: SourceFormat | 'auto'
  readonly mapping?: Partial<FieldMapping>
  readonly split?: ReaderOptions['split']
  readonly maxDocBytes: number
  /** What to do with a batch whose license the dataset's policy does not allow. */
  readonly onPolicy: 'refuse' | 'quarantine'
  readonly actor: string
  readonly onProgress?: (progress: IngestProgress) => void
}

export interface IngestProgress {
  filesDone: number
  readonly filesTotal: number
  bytesDone: number
  readonly bytesTotal: number
  documents: number
  quarantined: number
}

export interface IngestSummary {
  /** `noop`: every file was already ingested into this dataset; nothing was written. */
  readonly status: 'ingested' | 'noop'
  readonly dataset: string
  readonly filesSkipped: number
  readonly record: IngestionRecord | undefined
}

const BATCH_ROWS = 1024
const FILES_IN_FLIGHT = 8

/**
 * Lands a batch of source files in `bronze/<dataset>` with its provenance: every record
 * becomes a document with the standard columns, or a row of `<dataset>__quarantine` with
 * file, offset and error. Files already ingested (same source, same content: a Delta txn
 * app id each) are skipped, so re-ingesting is a no-op and new files append only theirs.
 * The documents commit as one version; the ingestion record goes to the catalog and into
 * the commit's `commitInfo`, and the audit log gets a row.
 */
export async function ingest(request: IngestRequest): Promise<IngestSummary> {
  const dataset = `bronze/${request.dataset}`
  const files = await expandSources(request.sources, request.cwd)
  // Bounded: a directory of ten thousand files must not open ten thousand at once.
  const formats = await mapBounded(files, FILES_IN_FLIGHT, (f) => formatOf(f, request.format))
  const hashes = await mapBounded(files, FILES_IN_FLIGHT, sha256File)
  const appIds = hashes.map((h) => ingestAppId(request.source, h))
  const writer = await openDocuments(datasetStore(request.repo, 'bronze', request.dataset), dataset)
  const fresh = files.map((_, i) => i).filter((i) => !writer.snapshot.txns.has(appIds[i]!))
  if (fresh.length === 0) return { status: 'noop', dataset, filesSkipped: files.length, record: undefined }

  const policyError = await checkPolicy(request, dataset)
  const ingestionId = `ing-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}Z-${randomBytes(4).toString('hex')}`
  const mapping: FieldMapping = { textField: 'text', urlField: 'url', ...request.mapping }
  const batch = { source: request.source, license: request.license, ingestionId }
  const txns = fresh.map((i) => ({ appId: appIds[i]!, version: 1 }))
  const quarantine = await Quarantine.open(datasetStore(request.repo, 'bronze', quarantineName(request.dataset)), ingestionId, request.source, txns)
  const progress: IngestProgress = { filesDone: 0, filesTotal: fresh.length, bytesDone: 0, bytesTotal: fresh.reduce((n, i) => n + files[i]!.size, 0), documents: 0, quarantined: 0 }
  const options: ReaderOptions = { maxDocBytes: request.maxDocBytes, ...(request.split ? { split: request.split } : {}) }

  for (const i of fresh) {
    const file = files[i]!
    const appId = appIds[i]!
    const rows: Record<string, unknown>[] = []
    const report = (offset: number) => request.onProgress?.({ ...progress, bytesDone: progress.bytesDone + Math.min(offset, file.size) })
    for await (const item of readers[formats[i]!](file, options)) {
      if (item.kind === 'bad') {
        await quarantine.add(appId, { ...item, file: file.path })
      } else if (policyError) {
        await quarantine.add(appId, { ...item, file: file.path, error: policyError, raw: JSON.stringify(item.fields, jsonSafe) })
      } else {
        const doc = toDocument(item.fields, mapping, batch, () => stableId(request.source, hashes[i]!, item.offset))
        if (typeof doc === 'string') await quarantine.add(appId, { ...item, file: file.path, error: doc, raw: JSON.stringify(item.fields, jsonSafe) })
        else if (rows.push(doc) >= BATCH_ROWS) {
          await writeBatch(writer, rows, progress)
          progress.quarantined = quarantine.count
          // A decompressed offset runs ahead of the compressed size: the estimate caps at the file.
          report(item.offset)
        }
      }
    }
    await writeBatch(writer, rows, progress)
    progress.quarantined = quarantine.count
    progress.filesDone++
    progress.bytesDone += file.size
    report(0)
  }

  const record: IngestionRecord = {
    ingestionId,
    dataset,
    sourceName: request.source,
    sourcePaths: [...request.sources],
    ingestionTimestamp: new Date().toISOString(),
    license: request.license,
    fileFormat: [...new Set(fresh.map((i) => formats[i]!))].join(','),
    rawFileCount: fresh.length,
    rawSizeBytes: progress.bytesTotal,
    files: fresh.map((i) => ({ path: files[i]!.path, size: files[i]!.size, sha256: hashes[i]! })),
    storagePrefix: `${dataset}/`,
    strataVersion: STRATA_VERSION,
    actor: request.actor,
    documentsWritten: progress.documents,
    documentsQuarantined: quarantine.count,
    tableVersion: null,
  }
  check(await quarantine.commit({ ingestion: record }), `${dataset}__quarantine`)
  const written = await writer.commit({ strata: { ingestion: record }, txns })
  check(written, dataset)
  const final: IngestionRecord = { ...record, tableVersion: written.status === 'committed' ? written.version : null }
  await request.catalog.recordIngestion(final)
  await request.catalog.appendAudit({
    actor: request.actor,
    action: 'ingest',
    target: dataset,
    details: { ingestionId, version: final.tableVersion, documents: final.documentsWritten, quarantined: final.documentsQuarantined, files: fresh.length },
  })
  return { status: 'ingested', dataset, filesSkipped: files.length - fresh.length, record: final }
}

// The dataset's writer; the first ingestion creates the table.
async function openDocuments(store: BlobStore, dataset: string): Promise<TableWriter> {
  const open = () => TableWriter.open(store, { operation: 'INGEST' })
  try {
    return await open()
  } catch (e) {
    if (!isStrataError(e, 'not_a_table')) throw e
    await createTable(store, { schema: DOCUMENT_SCHEMA, name: dataset }).catch((c) => {
      if (!isStrataError(c, 'already_exists')) throw c
    })
    return open()
  }
}

async function writeBatch(writer: TableWriter, rows: Record<string, unknown>[], progress: IngestProgress): Promise<void> {
  if (rows.length === 0) return
  await writer.write(rows)
  progress.documents += rows.length
  rows.length = 0
}

function check(result: WriteResult | undefined, table: string): void {
  if (result?.status === 'conflict') {
    throw new StrataError('conflict', `${table}: another ingestion of the same files committed first (${result.reason}); nothing was written twice`)
  }
}

async function formatOf(file: LocalSource, requested: SourceFormat | 'auto'): Promise<SourceFormat> {
  if (requested !== 'auto') return requested
  const head = file.size === 0 ? new Uint8Array() : await file.store.read(file.key, { offset: 0, length: Math.min(file.size, 4096) })
  const format = detectFormat(file.key, head)
  if (!format) throw new StrataError('invalid_argument', `cannot tell the format of '${file.path}'; pass --format jsonl|parquet|csv|tsv|text|html|warc|wet`)
  return format
}

async function checkPolicy(request: IngestRequest, dataset: string): Promise<string | undefined> {
  const allowed = (await request.catalog.getDataset(dataset))?.allowedLicenses
  if (!allowed || allowed.includes(request.license)) return undefined
  const message = `license '${request.license}' is not allowed by the policy of ${dataset} (allowed: ${allowed.join(', ')})`
  if (request.onPolicy === 'refuse') throw new StrataError('policy_violation', `${message}; nothing was ingested. Pass --on-policy quarantine to keep the batch in quarantine`)
  return message
}
