import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { openCatalog } from '../../catalog/open-catalog.ts'
import { cardFacts, readProvenance, type Provenance } from '../../gold/card-facts.ts'
import { renderCard } from '../../gold/dataset-card.ts'
import { parseRef, type ResolvedRef } from '../../repo/ref.ts'
import { loadSnapshot } from '../../table/snapshot.ts'
import type { Command, CommandContext } from '../command.ts'
import { formatBytes } from '../format.ts'

/** `strata card <ref> [--to <file>] [--json]` */
export const card: Command = {
  name: 'card',
  summary: "print a version's Hugging Face dataset card (README.md): license, sizes, sources, recipe, lineage",
  args: ['<ref>'],
  usage: `Prints the dataset card of a version as Hugging Face reads it: a YAML header (license
as a Hub identifier — the documents' common license, else 'other' with the list in the
text —, languages, size category, configs with one data_files entry per split as
'strata export --format hf' writes them, pretty_name, tags), then the counts per split
(documents, text bytes, tokens) and per source (documents, shares of documents and tokens,
licenses), the recipe and step statistics of the run that made the version, and the runs
and bronze ingestions upstream. Counts include every copy a mixture writes (mix_copies).
--to writes the card to a file; --json prints the facts behind it.

Examples:
  strata card gold/mix
  strata card gold/mix@3 --to export/README.md
  strata card gold/mix --json | jq '.sources'`,
  options: {
    to: { type: 'string', value: 'file', description: 'write the card to this file instead of printing it' },
  },
  async run(ctx, input) {
    const text = input.args[0]!
    const ref = await ctx.resolve(text)
    const snapshot = await loadSnapshot(ref.store, ref.at)
    const facts = await cardFacts(snapshot, ref.name, await versionProvenance(ctx, text, ref, snapshot.version))
    if (ctx.json) {
      ctx.out(JSON.stringify(facts))
      return
    }
    const card = renderCard(facts)
    if (typeof input.options.to === 'string') {
      const file = path.resolve(ctx.cwd, input.options.to)
      await writeFile(file, card)
      ctx.out(`wrote the card of ${ref.name}@${snapshot.version} to ${file} (${formatBytes(Buffer.byteLength(card))})`)
      return
    }
    ctx.out(card.trimEnd())
  },
}

/**
 * How a version was made, from the repository's catalog; null for a table folder, which
 * has no catalog.
 */
export async function versionProvenance(ctx: CommandContext, text: string, ref: ResolvedRef, version: number): Promise<Provenance | null> {
  if (parseRef(text).kind !== 'dataset') return null
  const catalog = await openCatalog(await ctx.repository(), ctx.env)
  try {
    return await readProvenance(catalog, `${ref.name}@${version}`)
  } finally {
    await catalog.close()
  }
}
