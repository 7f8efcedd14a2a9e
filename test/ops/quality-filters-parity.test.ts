// Parity with datatrove 0.10.1: the six quality filters with datatrove's default parameters
// decide as datatrove's did on the documents of test/interop/fixtures/datatrove-filters.json
// (514 real web pages rebuilt from ../shared/testdata, 228 generated edge cases; rebuilt by
// test/interop/make-filter-fixture.ts), and C4's cleaned text is datatrove's.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { before, describe, it } from 'node:test'
import { c4BadWordsFilter } from '../../src/ops/filters/c4-badwords.ts'
import { c4ParagraphFilter } from '../../src/ops/filters/c4-paragraph.ts'
import { c4QualityFilter } from '../../src/ops/filters/c4-quality.ts'
import { fineWebQualityFilter } from '../../src/ops/filters/fineweb-quality.ts'
import { gopherQualityFilter } from '../../src/ops/filters/gopher-quality.ts'
import { gopherRepetitionFilter } from '../../src/ops/filters/gopher-repetition.ts'
import type { Doc, FilterOperator } from '../../src/ops/operator.ts'
import { C4_BADWORDS, C4_PARAGRAPH, C4_QUALITY, FINEWEB, GOPHER_QUALITY, GOPHER_REPETITION } from './fixtures/datatrove-defaults.ts'
import { realFilterInputs } from '../interop/filter-fixture-inputs.ts'
import { FIXTURE_FILTERS, FIXTURE_PATH, sha256, type FilterFixture, type FixtureFilter } from '../interop/make-filter-fixture.ts'

/** Each filter with datatrove's defaults; datatrove reads a document's language from metadata["language"], which the fixture calls language. */
const OPERATORS: Record<FixtureFilter, () => FilterOperator> = {
  gopher_quality: () => gopherQualityFilter.create(GOPHER_QUALITY) as FilterOperator,
  gopher_repetition: () => gopherRepetitionFilter.create(GOPHER_REPETITION) as FilterOperator,
  c4_quality: () => c4QualityFilter.create(C4_QUALITY) as FilterOperator,
  c4_paragraph: () => c4ParagraphFilter.create(C4_PARAGRAPH) as FilterOperator,
  c4_badwords: () => c4BadWordsFilter.create({ ...C4_BADWORDS, language_column: 'language' }) as FilterOperator,
  fineweb_quality: () => fineWebQualityFilter.create(FINEWEB) as FilterOperator,
}

const MIN_AGREEMENT = 0.99

describe('quality filters agree with datatrove 0.10.1', () => {
  const fixture = JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as FilterFixture
  const texts = new Map<string, string>()

  before(async () => {
    for (const doc of await realFilterInputs()) texts.set(doc.id, doc.text)
    for (const doc of fixture.documents) if (doc.text !== undefined) texts.set(doc.id, doc.text)
  })

  const docs = (): Doc[] => fixture.documents.map((d) => ({ text: texts.get(d.id)!, ...(d.language !== undefined ? { language: d.language } : {}) }))

  it('rebuilds every fixture document exactly, from testdata or the fixture', () => {
    assert.ok(fixture.documents.length >= 500, `${fixture.documents.length} documents`)
    const changed = fixture.documents.filter((d) => !texts.has(d.id) || sha256(texts.get(d.id)!) !== d.sha256).map((d) => d.id)
    assert.deepEqual(changed, [], 'these inputs differ from the fixture; rebuild it with node test/interop/make-filter-fixture.ts')
  })

  for (const name of FIXTURE_FILTERS) {
    it(`${name}: the same decision and reason on at least 99% of the documents`, () => {
      const verdicts = OPERATORS[name]().check(docs())
      const disagreements = fixture.documents.flatMap((d, i) => (verdicts[i] === d.datatrove[name] ? [] : [`${d.id}: datatrove ${d.datatrove[name]}, strata ${verdicts[i]}`]))
      const agreement = 1 - disagreements.length / fixture.documents.length
      const dropped = fixture.documents.filter((d) => d.datatrove[name] !== null).length
      console.log(`${name}: agreement ${(agreement * 100).toFixed(2)}% (${fixture.documents.length - disagreements.length}/${fixture.documents.length}; datatrove drops ${dropped})`)
      for (const line of disagreements) console.log(`  ${line}`)
      assert.ok(agreement >= MIN_AGREEMENT, `${name}: ${disagreements.length} disagreements`)
    })
  }

  it("c4_quality: the cleaned text of every document both keep is datatrove's, as a further datatrove pass leaves it", () => {
    const batch = docs()
    const verdicts = OPERATORS.c4_quality().check(batch)
    let both = 0
    let firstPass = 0
    const different: string[] = []
    const unstable: string[] = []
    fixture.documents.forEach((d, i) => {
      if (verdicts[i] !== null || d.datatrove.c4_quality !== null) return
      both++
      const text = sha256(batch[i]!.text as string)
      if (text === d.c4_text_sha256) firstPass++
      else unstable.push(d.id)
      if (!d.c4_stable || !('sha256' in d.c4_stable) || text !== d.c4_stable.sha256) different.push(d.id)
    })
    console.log(`c4_quality text: ${both - different.length}/${both} equal datatrove's stable output; ${firstPass}/${both} equal its first pass`)
    for (const id of unstable) console.log(`  differs from datatrove's first pass (which a second pass changes): ${id}`)
    assert.deepEqual(different, [])
  })
})
