import { restoreTable } from '../../table/restore.ts'
import type { Command } from '../command.ts'
import { countOf, formatCount } from '../format.ts'
import { UsageError } from '../usage-error.ts'

/** `strata restore <ref>@<version|time>`: makes an earlier version the latest again. */
export const restore: Command = {
  name: 'restore',
  summary: 'make an earlier version the latest again, as a new version',
  args: ['<ref>'],
  usage: `Commits a new version whose files and schema are those of the version <ref> names;
nothing is deleted, so the restore itself can be undone by another restore. The ref
must say which version: <ref>@<version> or <ref>@<time>. Fails when vacuum already
deleted files that version needs.

Examples:
  strata restore silver/web-en@12
  strata restore silver/web-en@2026-11-20T10:00Z --json`,
  options: {},
  async run(ctx, input) {
    const ref = await ctx.resolve(input.args[0]!)
    if (ref.at === undefined) {
      throw new UsageError(`restore needs the version to go back to: '${ref.name}@<version>' or '${ref.name}@<time>'`)
    }
    const result = await restoreTable(ref.store, ref.at)
    if (ctx.json) {
      ctx.out(JSON.stringify(result))
      return
    }
    ctx.out(
      `restored ${ref.name} to version ${result.restoredTo} as version ${result.version} ` +
        `(${countOf(result.filesAdded, 'file')} added back, ${formatCount(result.filesRemoved)} removed)`,
    )
  },
}
