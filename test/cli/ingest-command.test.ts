import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { REPO_ROOT, tempDir } from '../helpers/temp-dir.ts'

const BIN = path.join(REPO_ROOT, 'bin/strata.js')

function strata(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' })
  return { code: r.status!, stdout: r.stdout, stderr: r.stderr }
}

describe('strata ingest', () => {
  const dir = tempDir()
  const repo = path.join(dir, 'repo')
  const sources = path.join(dir, 'sources')
  mkdirSync(sources)
  writeFileSync(path.join(sources, 'ok.jsonl'), '{"text":"a"}\n{"text":"b"}\n{"text":"c"}\n')
  writeFileSync(path.join(sources, 'bad.jsonl'), '{"text":"d"}\nnot json\n')

  it('ingests, reports as JSON, and is a no-op the second time', () => {
    assert.equal(strata(dir, 'init', repo).code, 0)
    const first = strata(repo, 'ingest', path.join(sources, 'ok.jsonl'), '--into', 'bronze/docs', '--source', 's', '--license', 'CC0-1.0', '--json')
    assert.equal(first.code, 0, first.stderr)
    const summary = JSON.parse(first.stdout)
    assert.equal(summary.status, 'ingested')
    assert.equal(summary.ingestion.documentsWritten, 3)
    assert.equal(summary.ingestion.tableVersion, 1)
    const again = strata(repo, 'ingest', path.join(sources, 'ok.jsonl'), '--into', 'bronze/docs', '--source', 's', '--license', 'CC0-1.0')
    assert.equal(again.code, 0)
    assert.equal(again.stdout, "nothing to ingest: all 1 files were already ingested into bronze/docs from this source\n")
  })

  it('exits 1 when the quarantined share exceeds --max-bad, after committing the good records', () => {
    const r = strata(repo, 'ingest', path.join(sources, 'bad.jsonl'), '--into', 'bronze/docs', '--source', 's', '--license', 'CC0-1.0', '--max-bad', '0.2')
    assert.equal(r.code, 1)
    assert.match(r.stdout, /^ingested 1 documents from 1 files .* into bronze\/docs as version 2$/m)
    assert.match(r.stdout, /^quarantined 1 records: strata head bronze\/docs__quarantine$/m)
    assert.equal(r.stderr.trim().split('\n').at(-1), 'strata: 50.0% of the records were quarantined (1 of 2), more than --max-bad 0.2; the good ones were committed, see bronze/docs__quarantine')
  })

  it('refuses a bad --into and a missing --license as usage errors', () => {
    const into = strata(repo, 'ingest', sources, '--into', 'silver/x', '--source', 's', '--license', 'MIT')
    assert.equal(into.code, 2)
    assert.match(into.stderr, /--into must be bronze\/<name>/)
    const license = strata(repo, 'ingest', sources, '--into', 'bronze/x', '--source', 's')
    assert.equal(license.code, 2)
    assert.match(license.stderr, /^strata: --license is required$/m)
  })
})
