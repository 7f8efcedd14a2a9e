import type { RunRecord, TaskRecord } from '../catalog/catalog.ts'
import type { RunDetails } from '../exec/run.ts'
import { companion } from '../exec/output-kinds.ts'
import { formatBytes, formatCount, renderTable } from './format.ts'

/**
 * A run as lines of text: status, the inputs and where every document went (with the
 * table versions written), per-step counts with drop reasons, and for a finished run the
 * commands to look further. With `tasks`, also how many tasks are done or failed.
 */
export function runReport(run: RunRecord, tasks?: readonly TaskRecord[]): string[] {
  const d = run.details as unknown as RunDetails
  const lines = [`run ${run.runId} ${run.status}${d.name ? ` (recipe ${d.name})` : ''}: ${d.inputs.map((i) => `${i.dataset}@${i.version}`).join(', ')} -> ${run.output}, ${d.tasks} tasks`]
  lines.push(`  started ${run.startedAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}, mode ${d.mode}`)
  if (tasks) {
    const done = tasks.filter((t) => t.status === 'done').length
    const failed = tasks.filter((t) => t.status === 'failed')
    lines.push(`  tasks: ${formatCount(done)} done, ${formatCount(failed.length)} failed, ${formatCount(d.tasks - done - failed.length)} not run`)
    for (const t of failed) lines.push(`    task ${t.taskId} failed after ${t.attempts} attempts: ${String(t.details.error)}`)
  }
  if (d.error) lines.push(`  error: ${d.error}`)
  if (d.counts) {
    const [zone, name] = run.output.split('/') as [string, string]
    const versions = d.outputs
    const where = (kind: 'kept' | 'rejected' | 'quarantine') => (versions && versions[kind] !== null ? `  -> ${zone}/${companion(name, kind)}@${versions[kind]}` : '')
    const total = (key: 'in' | 'kept' | 'rejected' | 'quarantine') => d.counts!.reduce((n, c) => n + c[key], 0)
    lines.push(`  documents in ${formatCount(total('in'))}`)
    lines.push(`    kept        ${formatCount(total('kept')).padStart(10)}${where('kept')}`)
    lines.push(`    rejected    ${formatCount(total('rejected')).padStart(10)}${where('rejected')}`)
    lines.push(`    quarantined ${formatCount(total('quarantine')).padStart(10)}${where('quarantine')}`)
  }
  if (d.steps && d.steps.length > 0) {
    const rows = d.steps.map((s) => [
      s.step,
      formatCount(s.in),
      formatCount(s.out),
      Object.entries(s.dropped).sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${reason} ${formatCount(n)}`).join(', ') || '-',
      formatCount(s.quarantined),
      formatBytes(s.bytes),
      `${Math.round(s.ms)} ms`,
    ])
    const table = renderTable(
      [{ header: 'STEP' }, { header: 'IN', align: 'right' }, { header: 'OUT', align: 'right' }, { header: 'DROPPED BY REASON' }, { header: 'QUARANTINED', align: 'right' }, { header: 'BYTES IN', align: 'right' }, { header: 'TIME', align: 'right' }],
      rows,
    )
    lines.push(...table.map((l) => `  ${l}`))
  }
  if (run.status === 'succeeded') {
    lines.push('look further:')
    lines.push(`  strata log ${run.output}`)
    if (d.outputs?.rejected !== null) {
      lines.push(`  strata head ${run.output}__rejected`)
      lines.push(`  strata sql 'select step, reason, count(*) as docs from "${run.output}__rejected" group by all order by docs desc'`)
    }
    lines.push(`  strata lineage ${run.output}`)
  } else {
    lines.push(`resume with: strata run --resume ${run.runId}`)
  }
  return lines
}
