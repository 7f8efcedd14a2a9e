import type { RunRecord, RunStatus } from '../../catalog/catalog.ts'
import { openCatalog } from '../../catalog/open-catalog.ts'
import type { RunDetails } from '../../exec/run.ts'
import { parseDatasetId } from '../../repo/repository.ts'
import type { Command } from '../command.ts'
import { formatCount, renderTable } from '../format.ts'
import { jsonLine } from '../json-value.ts'
import { UsageError } from '../usage-error.ts'

const STATUSES: readonly RunStatus[] = ['running', 'succeeded', 'failed']

const COLUMNS = [
  { header: 'RUN' },
  { header: 'STATUS' },
  { header: 'RECIPE' },
  { header: 'INPUTS' },
  { header: 'OUTPUT' },
  { header: 'IN', align: 'right' },
  { header: 'KEPT', align: 'right' },
  { header: 'REJECTED', align: 'right' },
  { header: 'QUARANTINED', align: 'right' },
  { header: 'STARTED' },
] as const

/** `strata runs [--output <zone/name>] [--status <s>] [--limit <n>]` */
export const runs: Command = {
  name: 'runs',
  summary: 'list recipe runs newest first: status, inputs, output version, counts',
  args: [],
  usage: `Lists the runs recorded in the catalog, newest first: run id, status (running,
succeeded, failed), recipe name, pinned inputs, the output version written, and the
documents in, kept, rejected and quarantined. 'strata run show <run-id>' prints one run
with its per-step stats and tasks; --json prints every field, one run per line.

Examples:
  strata runs
  strata runs --output silver/web-clean --limit 5
  strata runs --status failed --json`,
  options: {
    output: { type: 'string', value: 'zone/name', description: 'only the runs writing this dataset' },
    status: { type: 'string', value: 'status', description: `only runs with this status: ${STATUSES.join(', ')}` },
    limit: { type: 'string', value: 'n', description: 'at most n runs, the newest' },
  },
  async run(ctx, input) {
    const { output, status, limit } = input.options
    if (output !== undefined && (typeof output !== 'string' || !parseDatasetId(output))) throw new UsageError(`--output must be <zone>/<name>, e.g. silver/web-clean, not '${String(output)}'`)
    if (status !== undefined && !STATUSES.includes(status as RunStatus)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, not '${String(status)}'`)
    const n = limit === undefined ? undefined : Number(limit)
    if (n !== undefined && (!Number.isSafeInteger(n) || n < 0)) throw new UsageError(`--limit must be a whole number >= 0, not '${String(limit)}'`)
    const repo = await ctx.repository()
    const catalog = await openCatalog(repo, ctx.env)
    try {
      const records = await catalog.listRuns({
        ...(output !== undefined ? { output: output as string } : {}),
        ...(status !== undefined ? { status: status as RunStatus } : {}),
        ...(n !== undefined ? { limit: n } : {}),
      })
      if (ctx.json) for (const r of records) ctx.out(jsonLine(r))
      else if (records.length === 0) ctx.out(`no runs in ${repo.root}; 'strata run <recipe.yaml>' starts one`)
      else for (const line of renderTable(COLUMNS, records.map(row))) ctx.out(line)
    } finally {
      await catalog.close()
    }
  },
}

function row(r: RunRecord): string[] {
  const d = r.details as unknown as RunDetails
  const total = (key: 'in' | 'kept' | 'rejected' | 'quarantine') => (d.counts ? formatCount(d.counts.reduce((n, c) => n + c[key], 0)) : '-')
  const version = d.outputs?.kept
  return [
    r.runId,
    r.status,
    d.name ?? '-',
    d.inputs.map((i) => `${i.dataset}@${i.version}`).join(' '),
    version === undefined || version === null ? r.output : `${r.output}@${version}`,
    total('in'),
    total('kept'),
    total('rejected'),
    total('quarantine'),
    r.startedAt.replace(/\.\d+Z$/, 'Z'),
  ]
}
