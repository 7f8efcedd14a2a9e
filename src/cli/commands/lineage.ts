import { openCatalog } from '../../catalog/open-catalog.ts'
import { lineageGraph, type LineageGraph } from '../../exec/lineage.ts'
import { parseRef } from '../../repo/ref.ts'
import { loadSnapshot } from '../../table/snapshot.ts'
import type { Command } from '../command.ts'
import { UsageError } from '../usage-error.ts'

const FORMATS = ['text', 'dot'] as const

/** `strata lineage <ref> [--format text|dot] [--json]` */
export const lineage: Command = {
  name: 'lineage',
  summary: 'show where a dataset version came from: runs, inputs, down to bronze and its ingestions',
  args: ['<ref>'],
  usage: `Prints the upstream graph of a dataset version (the latest when the ref names none):
the run that wrote it, with its recipe, the input versions that run read, recursively,
down to bronze versions and the ingestion batches (source, license, files, documents)
committed into them. --format dot prints Graphviz; --json prints {root, nodes, edges}.

Examples:
  strata lineage silver/web-clean
  strata lineage silver/web-clean@3 --json
  strata lineage gold/mix --format dot | dot -Tsvg > lineage.svg`,
  options: {
    format: { type: 'string', value: 'fmt', description: 'text (default) or dot' },
  },
  async run(ctx, input) {
    const format = input.options.format ?? 'text'
    if (!FORMATS.includes(format as (typeof FORMATS)[number])) throw new UsageError(`--format must be text or dot, not '${String(format)}'`)
    const text = input.args[0]!
    if (parseRef(text).kind !== 'dataset') throw new UsageError(`'${text}' is a table folder; lineage follows datasets of the repository, e.g. silver/web-clean`)
    const ref = await ctx.resolve(text)
    const snapshot = await loadSnapshot(ref.store, ref.at)
    const repo = await ctx.repository()
    const catalog = await openCatalog(repo, ctx.env)
    try {
      const graph = await lineageGraph(catalog, `${ref.name}@${snapshot.version}`)
      if (ctx.json) ctx.out(JSON.stringify(graph))
      else for (const line of format === 'dot' ? dot(graph) : tree(graph)) ctx.out(line)
    } finally {
      await catalog.close()
    }
  },
}

// Upstream as an indented tree from the root; a node reached twice is printed once and
// referred to after.
function tree(graph: LineageGraph): string[] {
  const label = new Map(graph.nodes.map((n) => [n.id, n.label]))
  const parents = new Map<string, string[]>()
  for (const e of graph.edges) parents.set(e.to, [...(parents.get(e.to) ?? []), e.from])
  const lines = [graph.root]
  const printed = new Set([graph.root])
  const walk = (id: string, indent: string) => {
    const ups = parents.get(id) ?? []
    ups.forEach((up, i) => {
      const last = i === ups.length - 1
      const seen = printed.has(up)
      lines.push(`${indent}${last ? '└─ ' : '├─ '}${label.get(up) ?? up}${seen ? ' (see above)' : ''}`)
      printed.add(up)
      if (!seen) walk(up, indent + (last ? '   ' : '│  '))
    })
  }
  walk(graph.root, '')
  if (graph.edges.length === 0) lines.push('  no recorded run or ingestion wrote this version')
  return lines
}

function dot(graph: LineageGraph): string[] {
  const quote = (s: string) => JSON.stringify(s)
  const shape = { dataset: 'box', run: 'ellipse', ingestion: 'note' } as const
  return [
    'digraph lineage {',
    '  rankdir=LR;',
    ...graph.nodes.map((n) => `  ${quote(n.id)} [shape=${shape[n.kind]}, label=${quote(n.kind === 'dataset' ? n.id : n.label.replace(/: /, '\n'))}];`),
    ...graph.edges.map((e) => `  ${quote(e.from)} -> ${quote(e.to)};`),
    '}',
  ]
}
