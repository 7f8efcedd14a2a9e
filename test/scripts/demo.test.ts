import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { REPO_ROOT } from '../helpers/temp-dir.ts'

describe('npm run demo', () => {
  it('ingests the example corpus, cleans it into silver, tokenizes and exports it, and sums up where every document went', () => {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/demo.ts')], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, STRATA_CATALOG_URL: '' } })
    assert.equal(r.status, 0, r.stderr)
    const summary = r.stdout.slice(r.stdout.indexOf('\nSummary\n'))
    assert.match(summary, /^  ingested      455 documents from 9 files into bronze\/texts@1 \(ingestion ing-\S+\)$/m)
    assert.match(summary, /^  run           run-\S+: 455 in = 368 kept \+ 87 rejected \+ 0 quarantined$/m)
    assert.match(summary, /^  dropped       heading 55 \(filter\.expr\), too_few_words 28 \(filter\.length\), exact_duplicate 4 \(dedup\.exact\)$/m)
    assert.match(summary, /^  gold          run-\S+: 364 train documents \(36648 tokens\) \+ 4 validation documents \(1044 tokens\), cl100k_base$/m)
    assert.match(summary, /^  versions      bronze\/texts@1, silver\/texts-clean@1, silver\/texts-clean__rejected@1, gold\/texts-tokens@1$/m)
    assert.match(summary, /lineage gold\/texts-tokens$/m)
    for (const file of ['megatron/train.bin', 'megatron/train.idx', 'megatron/validation.idx', 'hf/README.md', 'hf/data/train-00000-of-00001.parquet']) {
      assert.ok(existsSync(path.join(REPO_ROOT, '.tmp', 'demo-export', file)), file)
    }
  })
})
