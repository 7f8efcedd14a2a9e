import { userInfo } from 'node:os'
import type { DatasetRecord } from '../../catalog/catalog.ts'
import { openCatalog } from '../../catalog/open-catalog.ts'
import { parseDatasetId } from '../../repo/repository.ts'
import type { Command } from '../command.ts'
import { UsageError } from '../usage-error.ts'

const FIELDS = ['description', 'owner', 'allowed-licenses', 'sensitivity'] as const

/** `strata dataset <zone/name> [--allowed-licenses …]`: a dataset's catalog record and policy. */
export const dataset: Command = {
  name: 'dataset',
  summary: "show or set a dataset's description, owner, allowed licenses and sensitivity",
  args: ['<zone/name>'],
  usage: `Shows the catalog record of a dataset, or updates it with the options given. The
allowed licenses are the policy 'strata ingest' enforces: a batch under any other
license is refused (or quarantined with --on-policy quarantine). 'any' lifts the policy.
Every change is written to the audit log.

Examples:
  strata dataset bronze/wiki --allowed-licenses CC-BY-SA-4.0,CC0-1.0 --owner data-team
  strata dataset bronze/wiki --json
  strata dataset bronze/wiki --allowed-licenses any`,
  options: {
    description: { type: 'string', value: 'text', description: 'what the dataset holds' },
    owner: { type: 'string', value: 'name', description: 'who answers for it' },
    'allowed-licenses': { type: 'string', value: 'ids', description: "comma-separated SPDX ids ingest accepts, or 'any'" },
    sensitivity: { type: 'string', value: 'level', description: 'e.g. public, internal, restricted' },
  },
  async run(ctx, input) {
    const name = input.args[0]!
    if (!parseDatasetId(name)) throw new UsageError(`'${name}' is not a dataset name; write <zone>/<name>, e.g. bronze/web`)
    const catalog = await openCatalog(await ctx.repository(), ctx.env)
    try {
      const current: DatasetRecord = (await catalog.getDataset(name)) ?? { dataset: name, description: null, owner: null, allowedLicenses: null, sensitivity: null }
      const o = input.options
      const changed = FIELDS.some((f) => typeof o[f] === 'string')
      let record = current
      if (changed) {
        const licenses = o['allowed-licenses']
        record = {
          ...current,
          ...(typeof o.description === 'string' ? { description: o.description } : {}),
          ...(typeof o.owner === 'string' ? { owner: o.owner } : {}),
          ...(typeof o.sensitivity === 'string' ? { sensitivity: o.sensitivity } : {}),
          ...(typeof licenses === 'string' ? { allowedLicenses: licenses === 'any' ? null : licenses.split(',').map((l) => l.trim()).filter(Boolean) } : {}),
        }
        await catalog.upsertDataset(record)
        await catalog.appendAudit({ actor: userInfo().username, action: 'dataset.update', target: name, details: { before: current, after: record } })
      }
      if (ctx.json) {
        ctx.out(JSON.stringify(record))
        return
      }
      ctx.out(`dataset:          ${record.dataset}${changed ? '  (updated)' : ''}`)
      ctx.out(`description:      ${record.description ?? '-'}`)
      ctx.out(`owner:            ${record.owner ?? '-'}`)
      ctx.out(`allowed licenses: ${record.allowedLicenses ? record.allowedLicenses.join(', ') : 'any'}`)
      ctx.out(`sensitivity:      ${record.sensitivity ?? '-'}`)
    } finally {
      await catalog.close()
    }
  },
}
