import type { AuditEntry, AuditVerification } from '../../catalog/catalog.ts'
import { canonicalJson } from '../../catalog/audit-chain.ts'
import { openCatalog } from '../../catalog/open-catalog.ts'
import { intOption } from '../args.ts'
import type { Command, CommandContext } from '../command.ts'
import { countOf, renderTable, truncate } from '../format.ts'
import { jsonLine } from '../json-value.ts'
import { UsageError } from '../usage-error.ts'

const DETAILS_WIDTH = 80

/** `strata audit [--verify] [--target <ref>] [-n N]`: the audit log, or the check of its hash chain. */
export const audit: Command = {
  name: 'audit',
  summary: 'show the append-only audit log newest first, or verify its hash chain (--verify)',
  args: [],
  usage: `Shows the audit log of the repository newest first: sequence number, time, actor,
action, target and details. Each row holds the SHA-256 of its content and of the row
before, so a row changed, deleted, inserted or reordered behind Strata's back breaks
the chain. --verify recomputes the whole chain: it prints
'audit log verified: <n> rows, chain intact' and exits 0, or
'audit log TAMPERED at row <seq>: <reason>' and exits 1.

Examples:
  strata audit -n 20
  strata audit --target bronze/web
  strata audit --verify
  strata audit --json | jq 'select(.action == "ingest")'`,
  options: {
    verify: { type: 'boolean', description: 'verify the hash chain; exit 1 when it is broken' },
    target: { type: 'string', value: 'ref', description: 'only rows about this target, e.g. bronze/web' },
    limit: { type: 'string', short: 'n', value: 'n', description: 'show at most the newest n rows (default: all)' },
  },
  async run(ctx, input) {
    const verify = input.options.verify === true
    const target = input.options.target as string | undefined
    const limit = intOption(input, 'limit', Number.POSITIVE_INFINITY, 1)
    if (verify && (target !== undefined || input.options.limit !== undefined)) {
      throw new UsageError('--verify checks the whole log; it takes no --target or -n')
    }
    const catalog = await openCatalog(await ctx.repository(), ctx.env)
    try {
      if (verify) return report(ctx, await catalog.verifyAudit())
      list(ctx, await catalog.listAudit({ ...(target === undefined ? {} : { target }), ...(Number.isFinite(limit) ? { limit } : {}) }))
    } finally {
      await catalog.close()
    }
  },
}

function report(ctx: CommandContext, verdict: AuditVerification): number {
  if (ctx.json) ctx.out(JSON.stringify(verdict))
  else ctx.out(verdict.ok ? `audit log verified: ${countOf(verdict.rows, 'row')}, chain intact` : `audit log TAMPERED at row ${verdict.seq}: ${verdict.reason}`)
  return verdict.ok ? 0 : 1
}

function list(ctx: CommandContext, entries: readonly AuditEntry[]): void {
  if (ctx.json) {
    for (const e of entries) ctx.out(jsonLine(e))
    return
  }
  if (entries.length === 0) {
    ctx.out('no audit rows')
    return
  }
  const columns = [{ header: 'SEQ', align: 'right' }, { header: 'TIME' }, { header: 'ACTOR' }, { header: 'ACTION' }, { header: 'TARGET' }, { header: 'DETAILS' }] as const
  const rows = entries.map((e) => [String(e.seq), e.at, e.actor, e.action, e.target, truncate(canonicalJson(e.details), DETAILS_WIDTH)])
  for (const line of renderTable(columns, rows)) ctx.out(line)
}
