import { stringify } from 'yaml'
import { countOf, formatCount } from '../cli/format.ts'
import type { CardFacts, CountFacts, RunFacts } from './card-facts.ts'

/**
 * The YAML header of a Hugging Face dataset card for `facts`: `license`, `language` (when
 * the data has a language column), `size_categories`, `pretty_name`, `tags` and `configs`,
 * whose `data_files` name the shards `strata export --format hf` writes (`data/<split>-*`).
 */
export function cardHeader(facts: CardFacts): Record<string, unknown> {
  const languages = facts.languages?.map((l) => l.language) ?? []
  const [zone] = facts.dataset.split('/')
  return {
    license: facts.license,
    ...(languages.length > 0 ? { language: languages } : {}),
    size_categories: [facts.sizeCategory],
    pretty_name: `${facts.dataset} (version ${facts.version})`,
    tags: ['strata', ...(zone === 'bronze' || zone === 'silver' || zone === 'gold' ? [zone] : []), ...(facts.total.tokens !== null ? ['tokenized'] : [])],
    configs: [
      {
        config_name: 'default',
        data_files: facts.splits.map((s) => ({ split: s.split, path: `data/${s.split}-*` })),
      },
    ],
  }
}

/**
 * The dataset card (`README.md`) of a version: the YAML header (`cardHeader`), then what
 * the dataset is, its counts per split and per source, its licenses, the recipe and step
 * statistics of the run that made it, and the lineage down to the bronze ingestions.
 */
export function renderCard(facts: CardFacts): string {
  const lines: string[] = ['---', stringify(cardHeader(facts)).trimEnd(), '---', '']
  const ref = `${facts.dataset}@${facts.version}`
  lines.push(`# ${facts.dataset}`, '')
  const made = facts.run ? ` by run \`${facts.run.id}\`${facts.run.name ? ` (recipe \`${facts.run.name}\`)` : ''}` : ''
  lines.push(
    `Version ${facts.version} of \`${facts.dataset}\`, committed ${facts.committedAt}${made}. ` +
      `\`strata export ${ref} --format hf --to <dir>\` writes the files \`configs\` names. Columns: ${facts.columns.map((c) => `\`${c}\``).join(', ')}.`,
    '',
  )
  if (facts.tokenizer) lines.push(`Token counts are of the tokenizer \`${facts.tokenizer}\`.`, '')
  if (facts.shuffled || facts.copies) {
    lines.push(
      `The documents are in the order of a seeded global shuffle (\`shuffle_key\`)` +
        (facts.copies ? `, each written as many times as its \`mix_copies\` says: counts below count every copy, and the version holds ${formatCount(facts.total.rows)} distinct rows.` : '.'),
      '',
    )
  }

  lines.push('## Splits', '', '| split | documents | text bytes | tokens |', '|---|---:|---:|---:|')
  const counts = (c: CountFacts) => `${formatCount(c.documents)} | ${count(c.textBytes)} | ${count(c.tokens)}`
  for (const s of facts.splits) lines.push(`| ${cell(s.split)} | ${counts(s)} |`)
  if (facts.splits.length > 1) lines.push(`| **total** | ${counts(facts.total)} |`)
  lines.push('')

  if (facts.sources.length > 0) {
    lines.push('## Sources', '', '| source | documents | share of documents | share of tokens | license |', '|---|---:|---:|---:|---|')
    for (const s of facts.sources) {
      lines.push(`| ${cell(s.source ?? '(none)')} | ${formatCount(s.documents)} | ${percent(s.documentShare)} | ${s.tokenShare === null ? '-' : percent(s.tokenShare)} | ${cell(s.licenses.join(', ') || '-')} |`)
    }
    lines.push('')
  }

  lines.push('## License', '')
  if (facts.licenses.length === 0) {
    lines.push('The documents carry no `license` column; check the licenses of the sources before use.')
  } else if (facts.license !== 'other') {
    lines.push(`All documents are under ${facts.licenses.map((l) => `\`${l.license}\``).join(', ')} (\`${facts.license}\` on the Hub).`)
  } else {
    lines.push('The documents carry these licenses; each document keeps its own in the `license` column:', '')
    for (const l of facts.licenses) lines.push(`- \`${l.license}\`${l.hf ? ` (\`${l.hf}\`)` : ''}: ${countOf(l.documents, 'document')}`)
  }
  lines.push('')

  if (facts.languages && facts.languages.length > 0) {
    lines.push('## Languages', '', '| language | documents |', '|---|---:|')
    for (const l of facts.languages) lines.push(`| ${cell(l.language)} | ${formatCount(l.documents)} |`)
    lines.push('')
  }

  lines.push('## How it was made', '')
  if (facts.run) lines.push(...runSection(facts.run, '###'))
  else lines.push('No recorded run wrote this version.', '')
  if (facts.upstream.length > 0) {
    lines.push('### Upstream runs', '')
    for (const run of facts.upstream) lines.push(...runSection(run, '####'))
  }
  if (facts.ingestions.length > 0) {
    lines.push(
      '### Bronze ingestions',
      '',
      '| ingestion | dataset | source | license | files | raw bytes | documents | quarantined | at |',
      '|---|---|---|---|---:|---:|---:|---:|---|',
    )
    for (const i of facts.ingestions) {
      lines.push(
        `| \`${i.id}\` | ${cell(i.dataset)} | ${cell(i.source)} | ${cell(i.license)} | ${formatCount(i.files)} | ${formatCount(i.rawBytes)} | ` +
          `${formatCount(i.documents)} | ${formatCount(i.quarantined)} | ${i.at} |`,
      )
    }
    lines.push('')
  }
  return `${lines.join('\n').trimEnd()}\n`
}

function runSection(run: RunFacts, heading: string): string[] {
  const lines = [
    `${heading} Run \`${run.id}\`${run.name ? ` (recipe \`${run.name}\`)` : ''}`,
    '',
    `${run.status}, started ${run.startedAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}; read ${run.inputs.map((i) => `\`${i}\``).join(', ') || 'no inputs'}.`,
    '',
  ]
  if (run.recipe !== '') lines.push('```yaml', run.recipe.trimEnd(), '```', '')
  if (run.steps.length > 0) {
    lines.push('| step | in | out | dropped by reason | quarantined |', '|---|---:|---:|---|---:|')
    for (const s of run.steps) {
      const dropped = Object.entries(s.dropped).sort(([, a], [, b]) => b - a).map(([reason, n]) => `${reason} ${formatCount(n)}`).join(', ')
      lines.push(`| ${cell(s.step)} | ${formatCount(s.in)} | ${formatCount(s.out)} | ${cell(dropped || '-')} | ${formatCount(s.quarantined)} |`)
    }
    lines.push('')
  }
  return lines
}

const count = (n: number | null) => (n === null ? '-' : formatCount(n))
const percent = (share: number) => `${(share * 100).toFixed(2)}%`
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
