import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import { parse as parseYaml } from 'yaml'
import type { CardFacts } from '../../src/gold/card-facts.ts'
import { datasetStore, findRepository } from '../../src/repo/repository.ts'
import type { StructField } from '../../src/table/schema.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import { jsonLines, strata } from '../helpers/cli.ts'
import { REPO_ROOT, tempDir } from '../helpers/temp-dir.ts'

const CORPUS = path.join(REPO_ROOT, 'examples/corpus')

// Two sources under different licenses; the-raven.txt is in both, so dedup.exact drops its
// second copies.
const RECIPE = `name: clean-mix
input: [bronze/poems, bronze/laws]
output: gold/clean
steps:
  - op: filter.length
    min_words: 5
  - op: filter.expr
    expr: "words(text) <= 300"
    reason: too_long
  - op: dedup.exact
`

const field = (name: string, type: StructField['type'], nullable = true): StructField => ({ name, type, nullable, metadata: {} })

/** One row of `strata sql --json`. */
function sql(repo: string, query: string): Record<string, unknown>[] {
  return jsonLines(repo, 'sql', query)
}

function card(repo: string, ref: string): CardFacts {
  const [facts, ...rest] = jsonLines(repo, 'card', ref)
  assert.deepEqual(rest, [])
  return facts as unknown as CardFacts
}

describe('strata card and strata export on a repository', () => {
  // Made here, not in before(): tempDir's cleanup then runs after the suite, not after the hook.
  const dir = tempDir()
  const repo = path.join(dir, 'repo')
  const file = (name: string) => path.join(CORPUS, name)
  let clean: CardFacts

  before(async () => {
    assert.equal(strata(dir, 'init', 'repo').code, 0)
    const poems = jsonLines(repo, 'ingest', file('the-raven.txt'), file('gettysburg-address.txt'), file('federalist-no-10.txt'),
      '--into', 'bronze/poems', '--source', 'poems', '--license', 'CC-BY-4.0', '--split', 'paragraphs')
    const laws = jsonLines(repo, 'ingest', file('the-raven.txt'), file('us-constitution.txt'),
      '--into', 'bronze/laws', '--source', 'laws', '--license', 'MIT', '--split', 'paragraphs')
    assert.equal(poems.length + laws.length, 2)
    writeFileSync(path.join(repo, 'recipe.yaml'), RECIPE)
    const run = strata(repo, 'run', 'recipe.yaml')
    assert.equal(run.code, 0, run.stderr)

    // A mixture written directly: token counts, copies and two splits, which the card counts as an export writes them.
    const store = datasetStore(await findRepository(repo), 'gold', 'tok')
    await createTable(store, {
      schema: {
        type: 'struct',
        fields: [field('id', 'string', false), field('text', 'string', false), field('source', 'string', false), field('license', 'string', false),
          field('token_count', 'long'), field('mix_copies', 'integer'), field('split', 'string'), field('shuffle_key', 'long')],
      },
    })
    await writeRows(store, Array.from({ length: 500 }, (_, i) => ({
      id: `t-${i}`,
      text: `doc ${i} ${'ä'.repeat(i % 7)} ${'word '.repeat(i % 23)}`,
      source: ['news', 'forum', 'wiki'][i % 3],
      license: i % 3 === 2 ? 'CC-BY-SA-4.0' : 'CC0-1.0',
      token_count: i % 50 === 0 ? null : BigInt(3 + (i % 23)),
      mix_copies: i % 19 === 0 ? null : i % 4,
      split: i % 10 === 0 ? 'validation' : 'train',
      shuffle_key: BigInt(i) * 2654435761n,
    })), { fileRows: 128 })
    clean = card(repo, 'gold/clean')
  })

  it('counts what strata sql counts on the same version: documents, bytes, sources, licenses', () => {
    const facts = clean
    const v = `"gold/clean@${facts.version}"`
    const [all] = sql(repo, `select count(*) as n, sum(strlen(text)) as bytes from ${v}`) as [{ n: number; bytes: number }]
    assert.ok(all.n > 100, `${all.n} documents`)
    assert.deepEqual(facts.total, { documents: all.n, rows: all.n, textBytes: all.bytes, tokens: null })
    assert.deepEqual(facts.splits, [{ split: 'train', documents: all.n, rows: all.n, textBytes: all.bytes, tokens: null }])
    const sources = sql(repo, `select source, count(*) as n, sum(strlen(text)) as bytes, string_agg(distinct license, ',') as licenses from ${v} group by source order by n desc`)
    assert.deepEqual(sources.map((s) => s.source), ['laws', 'poems'])
    assert.deepEqual(
      facts.sources.map((s) => ({ source: s.source, n: s.documents, bytes: s.textBytes, licenses: s.licenses.join(','), share: s.documentShare })),
      sources.map((s) => ({ ...s, share: (s.n as number) / all.n })),
    )
    const licenses = sql(repo, `select license, count(*) as documents from ${v} group by license order by documents desc`)
    assert.deepEqual(facts.licenses.map((l) => ({ license: l.license, documents: l.documents })), licenses)
    assert.equal(facts.license, 'other')
    assert.deepEqual(facts.licenses.map((l) => l.hf), ['mit', 'cc-by-4.0'])
  })

  it("gives the run's recipe and step statistics, whose drops strata sql finds in the rejected table", () => {
    const facts = clean
    assert.equal(facts.run!.name, 'clean-mix')
    assert.equal(facts.run!.recipe, RECIPE)
    assert.deepEqual(facts.run!.inputs, ['bronze/poems@1', 'bronze/laws@1'])
    const rejected = sql(repo, `select step, reason, count(*) as n from "gold/clean__rejected" group by all order by step, reason`)
    const dropped = facts.run!.steps.flatMap((s) => Object.entries(s.dropped).map(([reason, n]) => ({ step: s.step, reason, n })))
    assert.deepEqual(dropped.sort((a, b) => a.step.localeCompare(b.step) || a.reason.localeCompare(b.reason)), rejected)
    assert.deepEqual(facts.run!.steps.map((s) => s.op), ['filter.length', 'filter.expr', 'dedup.exact'])
    assert.ok(facts.run!.steps[2]!.dropped.exact_duplicate! > 0, 'the poem ingested twice is deduplicated')
    const [inputs] = sql(repo, 'select (select count(*) from bronze.poems) + (select count(*) from bronze.laws) as n') as [{ n: number }]
    assert.equal(facts.run!.steps[0]!.in, inputs.n)
    assert.equal(facts.run!.steps.at(-1)!.out, facts.total.documents)
  })

  it('names the bronze ingestions upstream with their licenses and the documents strata sql counts', () => {
    const facts = clean
    const counted = [...sql(repo, 'select ingestion_id, source, license, count(*) as n from bronze.poems group by all'), ...sql(repo, 'select ingestion_id, source, license, count(*) as n from bronze.laws group by all')]
    assert.deepEqual(
      facts.ingestions.map((i) => ({ ingestion_id: i.id, source: i.source, license: i.license, n: i.documents })).sort((a, b) => a.source.localeCompare(b.source)),
      counted.sort((a, b) => String(a.source).localeCompare(String(b.source))),
    )
    assert.deepEqual(facts.ingestions.map((i) => i.dataset).sort(), ['bronze/laws', 'bronze/poems'])
  })

  it('counts splits, copies and token sums as strata sql does on a mixture', () => {
    const facts = card(repo, 'gold/tok')
    const copies = 'coalesce(mix_copies, 1)'
    const splits = sql(repo, `select split, sum(${copies})::bigint as documents, count(*) as rows, sum(strlen(text) * ${copies})::bigint as textBytes,
      sum(coalesce(token_count, 0) * ${copies})::bigint as tokens from gold.tok group by split order by split`)
    assert.deepEqual(facts.splits, splits)
    const [total] = sql(repo, `select sum(${copies})::bigint as documents, count(*) as rows, sum(strlen(text) * ${copies})::bigint as textBytes, sum(coalesce(token_count, 0) * ${copies})::bigint as tokens from gold.tok`)
    assert.deepEqual(facts.total, total)
    const sources = sql(repo, `select source, sum(${copies})::bigint as documents, sum(coalesce(token_count, 0) * ${copies})::bigint as tokens from gold.tok group by source order by documents desc, source`)
    assert.deepEqual(
      facts.sources.map((s) => ({ source: s.source, documents: s.documents, tokens: s.tokens, documentShare: s.documentShare, tokenShare: s.tokenShare })),
      sources.map((s) => ({ ...s, documentShare: (s.documents as number) / (total!.documents as number), tokenShare: (s.tokens as number) / (total!.tokens as number) })),
    )
    assert.deepEqual([facts.copies, facts.shuffled, facts.license, facts.sizeCategory], [true, true, 'other', 'n<1K'])
  })

  it('exports the Hugging Face layout: the card strata card prints, and shards DuckDB counts as the card does', async () => {
    const out = path.join(dir, 'hf')
    const r = strata(repo, 'export', 'gold/tok', '--format', 'hf', '--to', out, '--shard-size', '4KB')
    assert.equal(r.code, 0, r.stderr)
    const lines = r.stdout.split('\n')
    assert.equal(lines[0], `exported gold/tok@1 as hf to ${out} (shuffled, mix_copies applied)`)
    const printed = strata(repo, 'card', 'gold/tok@1')
    assert.equal(printed.code, 0, printed.stderr)
    assert.equal(readFileSync(path.join(out, 'README.md'), 'utf8'), printed.stdout)
    const header = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(printed.stdout)![1]!) as { configs: { data_files: { split: string; path: string }[] }[] }
    const facts = card(repo, 'gold/tok')
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    for (const { split, path: glob } of header.configs[0]!.data_files) {
      const rows = (await connection.runAndReadAll(`select count(*)::int as n, sum(strlen(text))::int as bytes, sum(token_count)::int as tokens from read_parquet('${out}/${glob}')`)).getRowObjectsJson()
      const s = facts.splits.find((x) => x.split === split)!
      assert.deepEqual(rows, [{ n: s.documents, bytes: s.textBytes, tokens: s.tokens }], split)
    }
    connection.closeSync()
    assert.ok(readdirSync(path.join(out, 'data')).length > 4, 'shards cut at 4 KB')
  })

  it('prints what it wrote as JSON, and refuses a non-empty folder without --force', () => {
    const out = path.join(dir, 'jsonl')
    const [result] = jsonLines(repo, 'export', 'gold/clean', '--format', 'jsonl', '--to', out, '--columns', 'id,text')
    const facts = clean
    assert.deepEqual(
      { ...result, splits: undefined, dir: undefined, bytes: undefined },
      { ref: 'gold/clean@1', format: 'jsonl', order: 'table', documents: facts.total.documents, tokens: null, skipped: 0, vocabulary: null, tokenizer: null, card: null, splits: undefined, dir: undefined, bytes: undefined },
    )
    assert.deepEqual(readdirSync(out), ['train-00000-of-00001.jsonl'])
    const again = strata(repo, 'export', 'gold/clean', '--format', 'jsonl', '--to', out)
    assert.deepEqual(again, {
      code: 1,
      stdout: '',
      stderr: `strata: '${out}' is not empty; pick an empty folder, or pass --force to replace an earlier export there\n`,
    })
    assert.equal(strata(repo, 'export', 'gold/clean', '--format', 'jsonl', '--to', out, '--force').code, 0)
  })

  it('says how to get tokens when a token format has none to write', () => {
    const r = strata(repo, 'export', 'gold/clean', '--format', 'megatron', '--to', path.join(dir, 'm'))
    assert.deepEqual([r.code, r.stderr], [1, 'strata: gold/clean@1 has no tokens column; add a tokenize step to the recipe\n'])
    assert.equal(existsSync(path.join(dir, 'm', 'train.bin')), false)
  })

  it('checks its options, and its help has an example', () => {
    assert.deepEqual(strata(repo, 'export', 'gold/clean', '--to', 'x').stderr, "strata: --format is required: jsonl, parquet, hf, megatron, datatrove\nrun 'strata export --help' for usage\n")
    assert.equal(strata(repo, 'export', 'gold/clean', '--format', 'csv', '--to', 'x').code, 2)
    assert.equal(strata(repo, 'export', 'gold/clean', '--format', 'jsonl', '--to', 'x', '--shard-size', 'lots').stderr.split('\n')[0], "strata: --shard-size must be a size such as 256MB, 1GB or 500MiB, not 'lots'")
    assert.equal(strata(repo, 'export', 'gold/clean', '--format', 'megatron', '--to', 'x', '--columns', 'id').code, 2)
    for (const command of ['export', 'card']) {
      const help = strata(repo, command, '--help')
      assert.equal(help.code, 0)
      assert.match(help.stdout, new RegExp(`Examples:\\n  strata ${command} gold/mix`))
    }
  })

  it('writes the card to a file with --to', () => {
    const r = strata(repo, 'card', 'gold/clean', '--to', 'README.md')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, new RegExp(`^wrote the card of gold/clean@1 to ${path.join(repo, 'README.md').replace(/[/.]/g, '\\$&')} \\(`))
    assert.equal(readFileSync(path.join(repo, 'README.md'), 'utf8'), strata(repo, 'card', 'gold/clean').stdout)
  })
})
