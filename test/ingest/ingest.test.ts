import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync, zstdCompressSync } from 'node:zlib'
import { describe, it } from 'node:test'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { openCatalog } from '../../src/catalog/open-catalog.ts'
import type { Catalog } from '../../src/catalog/catalog.ts'
import { ingest, type IngestRequest } from '../../src/ingest/ingest.ts'
import { datasetStore, initRepository, type Repository } from '../../src/repo/repository.ts'
import { readCommit } from '../../src/table/commit-file.ts'
import { scan } from '../../src/table/scan.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
import { TESTDATA, tempDir } from '../helpers/temp-dir.ts'

type Row = Record<string, unknown>

async function setup(): Promise<{ repo: Repository; catalog: Catalog; dir: string }> {
  const dir = tempDir()
  const repo = await initRepository(path.join(dir, 'repo'))
  const catalog = await openCatalog(repo)
  return { repo, catalog, dir }
}

function request(repo: Repository, catalog: Catalog, sources: string[], dataset: string, extra: Partial<IngestRequest> = {}): IngestRequest {
  return { repo, catalog, sources, cwd: '/', dataset, source: 'test-source', license: 'CC-BY-4.0', format: 'auto', maxDocBytes: 10 << 20, onPolicy: 'refuse', actor: 'tester', ...extra }
}

async function rows(repo: Repository, name: string): Promise<Row[]> {
  const out: Row[] = []
  for await (const batch of scan(await loadSnapshot(datasetStore(repo, 'bronze', name)))) out.push(...batch)
  return out
}

const TEXTS = ['First document, plain ASCII.', 'Zweites Dokument: Grüße aus Köln — “quotes”.', '第三个文档，中文文本。', 'line one\nline two, with a comma']

describe('ingest', () => {
  it('round-trips every format: same texts, ids from the id field or stable hashes', async () => {
    const { repo, catalog, dir } = await setup()
    const jsonl = TEXTS.map((text, i) => JSON.stringify({ doc_id: `d${i}`, text, url: `https://example.org/${i}`, extra: i })).join('\n') + '\n'
    const csv = 'doc_id,text\n' + TEXTS.map((t, i) => `d${i},"${t.replace(/"/g, '""')}"`).join('\r\n') + '\r\n'
    const files: Record<string, Uint8Array | string> = {
      'a.jsonl': jsonl,
      'b.jsonl.gz': gzipSync(jsonl),
      'c.jsonl.zst': zstdCompressSync(Buffer.from(jsonl)),
      'd.csv': csv,
      'e.tsv': 'doc_id\ttext\n' + TEXTS.map((t, i) => `d${i}\t"${t.replace(/"/g, '""')}"`).join('\n') + '\n',
      'f.parquet': new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'doc_id', data: TEXTS.map((_, i) => `d${i}`) }, { name: 'text', data: TEXTS }] })),
    }
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(path.join(dir, name), content)
      const summary = await ingest(request(repo, catalog, [path.join(dir, name)], name.replace(/\W/g, '-'), { mapping: { idField: 'doc_id' } }))
      assert.equal(summary.record?.documentsWritten, TEXTS.length, name)
      const back = (await rows(repo, name.replace(/\W/g, '-'))).sort((a, b) => String(a.id).localeCompare(String(b.id)))
      assert.deepEqual(back.map((r) => r.text), TEXTS, name)
      assert.deepEqual(back.map((r) => r.id), ['d0', 'd1', 'd2', 'd3'], name)
      assert.ok(back.every((r) => r.source === 'test-source' && r.license === 'CC-BY-4.0' && r.ingestion_id === summary.record!.ingestionId), name)
    }
    const viaJsonl = (await rows(repo, 'a-jsonl')).find((r) => r.id === 'd1')!
    assert.equal(viaJsonl.url, 'https://example.org/1')
    assert.deepEqual(JSON.parse(viaJsonl.meta as string), { extra: 1 })

    mkdirSync(path.join(dir, 'texts'))
    TEXTS.forEach((t, i) => writeFileSync(path.join(dir, 'texts', `${i}.txt`), t))
    writeFileSync(path.join(dir, 'texts', 'page.html'), '<html><head><title>T</title></head><body><p>Hello</p></body></html>')
    await ingest(request(repo, catalog, [path.join(dir, 'texts', '*.txt')], 'text', { format: 'text' }))
    assert.deepEqual((await rows(repo, 'text')).map((r) => r.text).sort(), [...TEXTS].sort())
    await ingest(request(repo, catalog, [path.join(dir, 'texts', 'page.html')], 'html'))
    const [page] = await rows(repo, 'html')
    assert.match(page!.text as string, /<p>Hello<\/p>/)
  })

  it('gives the same stable ids when the same file is ingested again elsewhere', async () => {
    const { repo, catalog, dir } = await setup()
    writeFileSync(path.join(dir, 'x.jsonl'), TEXTS.map((text) => JSON.stringify({ text })).join('\n'))
    await ingest(request(repo, catalog, [path.join(dir, 'x.jsonl')], 'one'))
    await ingest(request(repo, catalog, [path.join(dir, 'x.jsonl')], 'two'))
    const ids = async (n: string) => (await rows(repo, n)).map((r) => r.id).sort()
    assert.deepEqual(await ids('one'), await ids('two'))
    assert.equal(new Set(await ids('one')).size, TEXTS.length)
  })

  it('is a no-op the second time, and appends only the documents of an added file', async () => {
    const { repo, catalog, dir: root } = await setup()
    const dir = path.join(root, 'sources')
    mkdirSync(dir)
    writeFileSync(path.join(dir, '1.jsonl'), '{"text":"one"}\n{"text":"two"}\n')
    const first = await ingest(request(repo, catalog, [dir], 'web'))
    assert.equal(first.record?.tableVersion, 1)
    const again = await ingest(request(repo, catalog, [dir], 'web'))
    assert.deepEqual(again, { status: 'noop', dataset: 'bronze/web', filesSkipped: 1, record: undefined })
    writeFileSync(path.join(dir, '2.jsonl'), '{"text":"three"}\n')
    const more = await ingest(request(repo, catalog, [dir], 'web'))
    assert.equal(more.filesSkipped, 1)
    assert.equal(more.record?.documentsWritten, 1)
    assert.deepEqual((await rows(repo, 'web')).map((r) => r.text).sort(), ['one', 'three', 'two'])
    assert.equal((await loadSnapshot(datasetStore(repo, 'bronze', 'web'))).version, 2)
  })

  it('quarantines bad records with file, line, offset and error, and keeps the good ones', async () => {
    const { repo, catalog, dir } = await setup()
    const file = path.join(dir, 'mixed.jsonl')
    writeFileSync(file, '{"text":"good"}\n{"text": broken\n{"body":"no text field"}\n{"text":"also good"}\n')
    const summary = await ingest(request(repo, catalog, [file], 'mixed'))
    assert.equal(summary.record?.documentsWritten, 2)
    assert.equal(summary.record?.documentsQuarantined, 2)
    const bad = (await rows(repo, 'mixed__quarantine')).sort((a, b) => Number(a.line) - Number(b.line))
    assert.deepEqual(bad.map((r) => [r.file, r.line, r.offset]), [[file, 2n, 16n], [file, 3n, 32n]])
    assert.match(bad[0]!.error as string, /JSON/)
    assert.equal(bad[1]!.error, "record has no field 'text' (fields: body); pass --text-field")
    assert.equal(bad[1]!.raw, '{"body":"no text field"}')
  })

  it('records the ingestion in the catalog and in the commit, and audits it', async () => {
    const { repo, catalog, dir } = await setup()
    const file = path.join(dir, 'docs.jsonl')
    writeFileSync(file, '{"text":"a"}\n{"text":"b"}\n')
    const { record } = await ingest(request(repo, catalog, [file], 'docs'))
    const [listed] = await catalog.listIngestions({ dataset: 'bronze/docs' })
    assert.deepEqual(listed, record)
    assert.deepEqual(record!.files, [{ path: file, size: 26, sha256: createHash('sha256').update('{"text":"a"}\n{"text":"b"}\n').digest('hex') }])
    assert.equal(record!.rawSizeBytes, 26)
    assert.equal(record!.fileFormat, 'jsonl')
    const info = (await readCommit(datasetStore(repo, 'bronze', 'docs'), 1))!.find((a) => a.kind === 'commitInfo')!
    assert.equal(info.kind === 'commitInfo' && (info.info.strata as { ingestion: { ingestionId: string } }).ingestion.ingestionId, record!.ingestionId)
    const audit = await catalog.listAudit({ target: 'bronze/docs' })
    assert.equal(audit.at(-1)?.action, 'ingest')
    assert.equal((await catalog.verifyAudit()).ok, true)
  })

  it('refuses a license outside the dataset policy, or quarantines the batch when asked', async () => {
    const { repo, catalog, dir } = await setup()
    await catalog.upsertDataset({ dataset: 'bronze/open', description: null, owner: null, allowedLicenses: ['CC0-1.0', 'CC-BY-4.0'], sensitivity: null })
    const file = path.join(dir, 'nc.jsonl')
    writeFileSync(file, '{"text":"non-commercial text"}\n')
    await assert.rejects(ingest(request(repo, catalog, [file], 'open', { license: 'CC-BY-NC-4.0' })), {
      code: 'policy_violation',
      message: "license 'CC-BY-NC-4.0' is not allowed by the policy of bronze/open (allowed: CC0-1.0, CC-BY-4.0); nothing was ingested. Pass --on-policy quarantine to keep the batch in quarantine",
    })
    const kept = await ingest(request(repo, catalog, [file], 'open', { license: 'CC-BY-NC-4.0', onPolicy: 'quarantine' }))
    assert.equal(kept.record?.documentsWritten, 0)
    assert.equal(kept.record?.documentsQuarantined, 1)
    assert.equal((await rows(repo, 'open__quarantine'))[0]!.error, "license 'CC-BY-NC-4.0' is not allowed by the policy of bronze/open (allowed: CC0-1.0, CC-BY-4.0)")
  })

  it('ingests the real WARC and WET samples with URLs, dates and decoded text', async () => {
    const { repo, catalog } = await setup()
    const warc = await ingest(request(repo, catalog, [path.join(TESTDATA, 'warc/cc-whirlwind/whirlwind.warc.gz')], 'warc', { license: 'unknown' }))
    const docs = await rows(repo, 'warc')
    assert.equal(docs.length, warc.record!.documentsWritten)
    assert.ok(docs.length > 0)
    assert.ok(docs.every((d) => typeof d.url === 'string' && (d.url as string).startsWith('http')))
    assert.ok(docs.every((d) => typeof d.fetched_at === 'bigint'))
    assert.ok(docs.some((d) => /<html/i.test(d.text as string)))
    const wet = await ingest(request(repo, catalog, [path.join(TESTDATA, 'warc/cc-whirlwind/whirlwind.warc.wet.gz')], 'wet', { license: 'unknown' }))
    const wetDocs = await rows(repo, 'wet')
    assert.equal(wetDocs.length, wet.record!.documentsWritten)
    assert.ok(wetDocs.every((d) => typeof d.url === 'string' && typeof d.fetched_at === 'bigint' && !/<html/i.test(d.text as string)))
  })

  it('keeps the readable records of a clipped WARC and quarantines the broken one', async () => {
    const { repo, catalog, dir } = await setup()
    // A crawl file whose last record was cut off: 16 good records, then the clipped one.
    const file = path.join(dir, 'cut.warc.gz')
    writeFileSync(file, Buffer.concat(['warcfile.warc.gz', 'clipped.warc.gz'].map((f) => readFileSync(path.join(TESTDATA, 'warc/resiliparse', f)))))
    const summary = await ingest(request(repo, catalog, [file], 'clipped', { license: 'unknown' }))
    assert.equal(summary.record!.documentsWritten, 16)
    assert.equal(summary.record!.documentsQuarantined, 1)
    const [bad] = await rows(repo, 'clipped__quarantine')
    assert.equal(bad!.file, file)
    assert.match(bad!.error as string, /^response record is truncated: Content-Length 88275/)
})
})
