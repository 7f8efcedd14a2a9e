import { countOf, formatCount } from '../cli/format.ts'
import type { Catalog } from '../catalog/catalog.ts'

/** A node of a lineage graph: a dataset version, a run, or an ingestion batch into bronze. */
export interface LineageNode {
  /** `zone/name@version`, a run id or an ingestion id. */
  readonly id: string
  readonly kind: 'dataset' | 'run' | 'ingestion'
  /** One line on what it is: a run's recipe and status, an ingestion's source, license and counts. */
  readonly label: string
}

/** The upstream graph of a dataset version; edges point downstream (`from` was read to make `to`). */
export interface LineageGraph {
  readonly root: string
  readonly nodes: readonly LineageNode[]
  readonly edges: readonly { readonly from: string; readonly to: string }[]
}

/**
 * Walks upstream from a dataset version (`zone/name@version`): the runs that wrote it and
 * the input versions they read, recursively, down to bronze versions and the ingestion
 * batches committed at or before them. Nodes are in the order first reached.
 */
export async function lineageGraph(catalog: Catalog, root: string): Promise<LineageGraph> {
  const nodes = new Map<string, LineageNode>()
  const edges: { from: string; to: string }[] = []
  const pending = [root]
  nodes.set(root, { id: root, kind: 'dataset', label: root })
  while (pending.length > 0) {
    const version = pending.shift()!
    const [dataset, at] = version.split('@') as [string, string]
    if (dataset.startsWith('bronze/')) {
      for (const ing of (await catalog.listIngestions({ dataset })).reverse()) {
        if (ing.tableVersion === null || ing.tableVersion > Number(at)) continue
        nodes.set(ing.ingestionId, {
          id: ing.ingestionId,
          kind: 'ingestion',
          label: `ingestion ${ing.ingestionId}: source ${ing.sourceName}, license ${ing.license}, ${countOf(ing.rawFileCount, `${ing.fileFormat} file`)}, ${countOf(ing.documentsWritten, 'document')}, ${formatCount(ing.documentsQuarantined)} quarantined, at ${ing.ingestionTimestamp} by ${ing.actor} -> version ${ing.tableVersion}`,
        })
        edges.push({ from: ing.ingestionId, to: version })
      }
      continue
    }
    for (const edge of await catalog.lineageInto(version)) {
      if (!nodes.has(edge.runId)) {
        const run = await catalog.getRun(edge.runId)
        const name = run?.details.name
        nodes.set(edge.runId, { id: edge.runId, kind: 'run', label: `run ${edge.runId}${typeof name === 'string' ? ` (recipe ${name})` : ''}: ${run?.status ?? 'unknown'}, started ${run?.startedAt ?? '?'}` })
      }
      edges.push({ from: edge.runId, to: version })
      if (!nodes.has(edge.from)) {
        nodes.set(edge.from, { id: edge.from, kind: 'dataset', label: edge.from })
        pending.push(edge.from)
      }
      edges.push({ from: edge.from, to: edge.runId })
    }
  }
  return { root, nodes: [...nodes.values()], edges: dedupe(edges) }
}

function dedupe(edges: readonly { from: string; to: string }[]): { from: string; to: string }[] {
  const seen = new Set<string>()
  return edges.filter((e) => {
    const key = `${e.from}\u0000${e.to}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
