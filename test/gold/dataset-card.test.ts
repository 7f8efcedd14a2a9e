import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { parse as parseYaml } from 'yaml'
import { cardFacts, sizeCategory, type CardFacts, type Provenance } from '../../src/gold/card-facts.ts'
import { cardHeader, renderCard } from '../../src/gold/dataset-card.ts'
import { cardLicense, hfLicense } from '../../src/gold/hf-license.ts'
import { LocalStore } from '../../src/io/local-store.ts'
import type { StructField } from '../../src/table/schema.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const field = (name: string, type: StructField['type'], nullable = true): StructField => ({ name, type, nullable, metadata: {} })

describe('Hugging Face license identifiers', () => {
  it('maps the SPDX ids Strata records to the Hub identifiers, and nothing else', () => {
    const cases: [string, string | undefined][] = [
      ['CC-BY-4.0', 'cc-by-4.0'], ['cc-by-sa-4.0', 'cc-by-sa-4.0'], ['CC0-1.0', 'cc0-1.0'], ['MIT', 'mit'], ['Apache-2.0', 'apache-2.0'],
      ['GPL-3.0-or-later', 'gpl-3.0'], ['LGPL-2.1-only', 'lgpl-2.1'], ['GFDL-1.3-no-invariants-only', 'gfdl'], ['ODC-By-1.0', 'odc-by'],
      ['ODbL-1.0', 'odbl'], ['PDDL-1.0', 'pddl'], ['BSD-3-Clause', 'bsd-3-clause'], ['Unlicense', 'unlicense'], ['unknown', 'unknown'],
      ['LicenseRef-public-domain', undefined], ['proprietary', undefined], ['CC-BY-4.1', undefined],
    ]
    assert.deepEqual(cases.map(([spdx]) => [spdx, hfLicense(spdx)]), cases)
  })

  it('gives a card the common identifier of its licenses, else other', () => {
    assert.equal(cardLicense(['CC-BY-4.0', 'cc-by-4.0']), 'cc-by-4.0')
    assert.equal(cardLicense(['CC-BY-4.0', 'MIT']), 'other')
    assert.equal(cardLicense(['LicenseRef-public-domain']), 'other')
    assert.equal(cardLicense([]), 'other')
  })

  it("puts a document count in Hugging Face's size buckets", () => {
    const n = [0, 999, 1000, 9999, 10_000, 999_999, 1_000_000, 99_999_999_999, 1e12]
    assert.deepEqual(n.map(sizeCategory), ['n<1K', 'n<1K', '1K<n<10K', '1K<n<10K', '10K<n<100K', '100K<n<1M', '1M<n<10M', '10B<n<100B', 'n>1T'])
  })
})

describe('the card of a version', () => {
  const fields = [
    field('id', 'string', false), field('text', 'string', false), field('source', 'string', false), field('license', 'string', false),
    field('lang', 'string'), field('token_count', 'long'), field('mix_copies', 'integer'), field('split', 'string'), field('shuffle_key', 'long'),
  ]
  // Six documents: copies 2, 1 (null), 0, 3, 1, 1; texts with multi-byte characters.
  const rows = [
    { id: 'a', text: 'héllo', source: 'web', license: 'CC-BY-4.0', lang: 'en', token_count: 3n, mix_copies: 2, split: 'train', shuffle_key: 1n },
    { id: 'b', text: 'wörld wide', source: 'web', license: 'CC-BY-4.0', lang: 'de', token_count: 5n, mix_copies: null, split: 'train', shuffle_key: 2n },
    { id: 'c', text: 'dropped', source: 'books', license: 'MIT', lang: 'en', token_count: 7n, mix_copies: 0, split: 'train', shuffle_key: 3n },
    { id: 'd', text: '日本', source: 'books', license: 'MIT', lang: 'ja', token_count: 2n, mix_copies: 3, split: 'train', shuffle_key: 4n },
    { id: 'e', text: 'valid', source: 'web', license: 'CC-BY-4.0', lang: 'en', token_count: 1n, mix_copies: 1, split: 'validation', shuffle_key: 5n },
    { id: 'f', text: 'x', source: 'code', license: 'LicenseRef-internal', lang: null, token_count: null, mix_copies: 1, split: 'validation', shuffle_key: 6n },
  ]
  const provenance: Provenance = {
    run: {
      id: 'run-1', name: 'mix-it', status: 'succeeded', startedAt: '2026-11-21T10:00:00.000Z', finishedAt: '2026-11-21T10:01:00.000Z',
      inputs: ['silver/web@2'], recipe: 'name: mix-it\nsteps:\n  - op: tokenize\n    encoding: cl100k_base\n',
      steps: [{ step: 'filter.length', op: 'filter.length', in: 10, out: 6, dropped: { too_few_words: 4 }, quarantined: 0 }],
    },
    upstream: [],
    ingestions: [{ id: 'ing-1', dataset: 'bronze/web', source: 'web', license: 'CC-BY-4.0', files: 2, rawBytes: 100, documents: 10, quarantined: 1, at: '2026-11-20T00:00:00.000Z', tableVersion: 1 }],
  }
  let facts: CardFacts

  it('counts documents, text bytes and tokens per split and per source, every copy included', async () => {
    const store = new LocalStore(path.join(tempDir(), 't'))
    await createTable(store, { schema: { type: 'struct', fields } })
    await writeRows(store, rows)
    facts = await cardFacts(await loadSnapshot(store), 'gold/m', provenance)
    const bytes = (s: string) => Buffer.byteLength(s)
    assert.deepEqual(facts.splits, [
      { split: 'train', documents: 2 + 1 + 0 + 3, rows: 4, textBytes: 2 * bytes('héllo') + bytes('wörld wide') + 3 * bytes('日本'), tokens: 2 * 3 + 5 + 3 * 2 },
      { split: 'validation', documents: 2, rows: 2, textBytes: 6, tokens: 1 },
    ])
    assert.deepEqual(facts.total, { documents: 8, rows: 6, textBytes: 12 + 11 + 18 + 6, tokens: 18 })
    assert.deepEqual(facts.sources.map((s) => [s.source, s.documents, s.rows, s.documentShare, s.tokens, s.tokenShare, s.licenses]), [
      ['web', 4, 3, 4 / 8, 12, 12 / 18, ['CC-BY-4.0']],
      ['books', 3, 2, 3 / 8, 6, 6 / 18, ['MIT']],
      ['code', 1, 1, 1 / 8, 0, 0, ['LicenseRef-internal']],
    ])
    assert.deepEqual(facts.licenses, [
      { license: 'CC-BY-4.0', hf: 'cc-by-4.0', documents: 4 },
      { license: 'MIT', hf: 'mit', documents: 3 },
      { license: 'LicenseRef-internal', hf: null, documents: 1 },
    ])
    assert.deepEqual(facts.languages, [{ language: 'en', documents: 3 }, { language: 'ja', documents: 3 }, { language: 'de', documents: 1 }])
    assert.deepEqual([facts.license, facts.sizeCategory, facts.copies, facts.shuffled, facts.tokenizer, facts.version], ['other', 'n<1K', true, true, 'cl100k_base', 1])
  })

  it('writes a YAML header Hugging Face reads: license, languages, size, configs per split', () => {
    const text = renderCard(facts)
    const header = /^---\n([\s\S]*?)\n---\n/.exec(text)
    assert.ok(header)
    assert.deepEqual(parseYaml(header[1]!), cardHeader(facts))
    assert.deepEqual(cardHeader(facts), {
      license: 'other',
      language: ['en', 'ja', 'de'],
      size_categories: ['n<1K'],
      pretty_name: 'gold/m (version 1)',
      tags: ['strata', 'gold', 'tokenized'],
      configs: [{ config_name: 'default', data_files: [{ split: 'train', path: 'data/train-*' }, { split: 'validation', path: 'data/validation-*' }] }],
    })
  })

  it('lists the licenses, the recipe, the step statistics and the ingestions in the text', () => {
    const lines = renderCard(facts).split('\n')
    for (const expected of [
      '| train | 6 | 41 | 17 |',
      '| validation | 2 | 6 | 1 |',
      '| **total** | 8 | 47 | 18 |',
      '| web | 4 | 50.00% | 66.67% | CC-BY-4.0 |',
      '- `LicenseRef-internal`: 1 document',
      '- `MIT` (`mit`): 3 documents',
      '    encoding: cl100k_base',
      '| filter.length | 10 | 6 | too_few_words 4 | 0 |',
      '| `ing-1` | bronze/web | web | CC-BY-4.0 | 2 | 100 | 10 | 1 | 2026-11-20T00:00:00.000Z |',
    ]) {
      assert.ok(lines.includes(expected), `missing line: ${expected}`)
    }
  })

  it('names a shared license in the header when every document has it', () => {
    const one = { ...facts, license: cardLicense(['MIT']), licenses: [{ license: 'MIT', hf: 'mit', documents: 8 }] }
    assert.equal(cardHeader(one).license, 'mit')
    assert.ok(renderCard(one).includes('All documents are under `MIT` (`mit` on the Hub).'))
  })
})
