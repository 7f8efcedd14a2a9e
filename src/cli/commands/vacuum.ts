import { DEFAULT_RETENTION_HOURS, vacuumTable } from '../../table/vacuum.ts'
import { intOption } from '../args.ts'
import type { Command } from '../command.ts'
import { countOf, formatBytes, renderTable } from '../format.ts'
import { UsageError } from '../usage-error.ts'

/** `strata vacuum <ref>`: deletes data files no recent version references. */
export const vacuum: Command = {
  name: 'vacuum',
  summary: 'delete data files that no version within the retention window needs',
  args: ['<ref>'],
  usage: `Deletes files in the table folder that the latest version does not use and that were
removed (or written) longer ago than the retention window. Versions older than the
window can no longer be read or restored afterwards. Lists the files and their total
size; --dry-run only lists them.

Examples:
  strata vacuum silver/web-en --dry-run
  strata vacuum silver/web-en --retention-hours 720`,
  options: {
    'dry-run': { type: 'boolean', description: 'list the files that would be deleted, delete nothing' },
    'retention-hours': { type: 'string', value: 'n', description: `keep files needed by versions of the last n hours (default ${DEFAULT_RETENTION_HOURS})` },
  },
  async run(ctx, input) {
    const retentionHours = intOption(input, 'retention-hours', DEFAULT_RETENTION_HOURS, 0)
    const ref = await ctx.resolve(input.args[0]!)
    if (ref.at !== undefined) throw new UsageError(`vacuum works on the latest version; drop the '@…' from '${ref.label}'`)
    const dryRun = input.options['dry-run'] === true
    if (retentionHours < DEFAULT_RETENTION_HOURS && !dryRun) {
      ctx.err(`note: a retention under ${DEFAULT_RETENTION_HOURS} hours can delete files that readers of recent versions still need`)
    }
    const result = await vacuumTable(ref.store, { retentionHours, dryRun })
    const bytes = result.files.reduce((sum, f) => sum + f.size, 0)
    if (ctx.json) {
      ctx.out(JSON.stringify({ dryRun: result.dryRun, retentionHours, files: result.files, count: result.files.length, bytes }))
      return
    }
    if (result.files.length > 0) {
      const rows = result.files.map((f) => [f.key, formatBytes(f.size)])
      for (const line of renderTable([{ header: 'FILE' }, { header: 'SIZE', align: 'right' }], rows)) ctx.out(line)
    }
    const verb = result.dryRun ? 'would delete' : 'deleted'
    ctx.out(`${verb} ${countOf(result.files.length, 'file')} (${formatBytes(bytes)}) from ${ref.name}`)
  },
}
