import { mapBounded } from '../../core/map-bounded.ts'
import type { Action } from '../../table/actions.ts'
import { readCommit } from '../../table/commit-file.ts'
import { readHistory } from '../../table/history.ts'
import { loadSnapshot } from '../../table/snapshot.ts'
import { intOption } from '../args.ts'
import type { Command } from '../command.ts'
import { numRecords } from '../file-summary.ts'
import { formatCount, formatTime, renderTable } from '../format.ts'
import { jsonLine } from '../json-value.ts'

const COMMIT_READS = 16

/** What one version changed; `undefined` where neither metrics nor the commit file tell. */
interface Change {
  readonly rowsAdded: number | undefined
  readonly rowsRemoved: number | undefined
  readonly filesAdded: number | undefined
  readonly filesRemoved: number | undefined
}

/** `strata log <ref>`: the versions of a table, newest first. */
export const log: Command = {
  name: 'log',
  summary: 'list the versions of a dataset or table: operation, time, rows and files added and removed',
  args: ['<ref>'],
  usage: `Lists versions newest first. With <ref>@<version> or @<time>, starts at that version.
Rows come from the commit's operation metrics when it has them, otherwise from the
statistics of the files the commit added and removed ('?' when unknown).

Examples:
  strata log silver/web-en
  strata log silver/web-en@12 -n 5
  strata log ./spark-tables/events --json`,
  options: {
    limit: { type: 'string', short: 'n', value: 'n', description: 'show at most n versions (default: all)' },
  },
  async run(ctx, input) {
    const limit = intOption(input, 'limit', Number.POSITIVE_INFINITY, 1)
    const ref = await ctx.resolve(input.args[0]!)
    // The snapshot resolves @<time> exactly as every reader does, and refuses a version the log cannot give.
    const start = ref.at === undefined ? Number.POSITIVE_INFINITY : (await loadSnapshot(ref.store, ref.at)).version
    const history = await readHistory(ref.store, { limit: ref.at === undefined ? limit : Number.POSITIVE_INFINITY })
    const entries = history.filter((e) => e.version <= start).slice(0, limit)
    const changes = await mapBounded(entries, COMMIT_READS, async (e) => change(e.operationMetrics, await readCommit(ref.store, e.version)))
    if (ctx.json) {
      entries.forEach((e, i) =>
        ctx.out(jsonLine({
          version: e.version,
          timestamp: formatTime(e.timestamp),
          operation: e.operation,
          ...changes[i],
          operationParameters: e.operationParameters,
          operationMetrics: e.operationMetrics,
          engineInfo: e.engineInfo ?? null,
        })),
      )
      return
    }
    const rows = entries.map((e, i) => {
      const c = changes[i]!
      return [String(e.version), formatTime(e.timestamp), e.operation, formatCount(c.rowsAdded), formatCount(c.rowsRemoved), formatCount(c.filesAdded), formatCount(c.filesRemoved), e.engineInfo ?? '']
    })
    const columns = [
      { header: 'VERSION', align: 'right' },
      { header: 'TIME' },
      { header: 'OPERATION' },
      { header: '+ROWS', align: 'right' },
      { header: '-ROWS', align: 'right' },
      { header: '+FILES', align: 'right' },
      { header: '-FILES', align: 'right' },
      { header: 'ENGINE' },
    ] as const
    for (const line of renderTable(columns, rows)) ctx.out(line)
  },
}

// Spark's metric names per operation: WRITE numOutputRows, MERGE numTargetRows*, DELETE numDeletedRows, RESTORE numRestoredFiles.
function change(metrics: Readonly<Record<string, unknown>>, actions: readonly Action[] | undefined): Change {
  // Delta writers store metrics as strings of digits.
  const metric = (...names: string[]) => {
    for (const name of names) {
      const v = metrics[name]
      if ((typeof v === 'string' && /^\d+$/.test(v)) || typeof v === 'number') return Number(v)
    }
    return undefined
  }
  const adds = actions?.filter((a) => a.kind === 'add')
  const removes = actions?.filter((a) => a.kind === 'remove')
  return {
    rowsAdded: metric('numOutputRows', 'numTargetRowsInserted') ?? rowsOf(adds),
    rowsRemoved: metric('numDeletedRows', 'numTargetRowsDeleted') ?? rowsOf(removes),
    filesAdded: adds?.length ?? metric('numFiles', 'numAddedFiles', 'numRestoredFiles'),
    filesRemoved: removes?.length ?? metric('numRemovedFiles'),
  }
}

function rowsOf(actions: readonly Action[] | undefined): number | undefined {
  let rows = 0
  for (const a of actions ?? []) {
    const n = a.kind === 'add' || a.kind === 'remove' ? numRecords(a.stats) : undefined
    if (n === undefined) return undefined
    rows += n
  }
  return actions === undefined ? undefined : rows
}
