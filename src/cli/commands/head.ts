import { loadSnapshot } from '../../table/snapshot.ts'
import { scan } from '../../table/scan.ts'
import { intOption } from '../args.ts'
import type { Command } from '../command.ts'
import { cellText, renderTable } from '../format.ts'
import { rowJson } from '../row-json.ts'

const CELL_CHARS = 40
const NUMERIC = /^(long|integer|short|byte|float|double|decimal)/

/** `strata head <ref>`: the first rows of a version. */
export const head: Command = {
  name: 'head',
  summary: 'print the first rows of a dataset or table',
  args: ['<ref>'],
  usage: `Prints the first rows of a version as a table; long text is cut to ${CELL_CHARS} characters
and line breaks are shown as \\n. With --json, prints one JSON object per row (JSON
Lines): 64-bit integers become numbers when they fit exactly and strings otherwise,
decimals exact strings, times ISO strings with microseconds, binary base64.

Examples:
  strata head silver/web-en
  strata head silver/web-en@12 -n 3 --json
  strata head ./spark-tables/events`,
  options: {
    rows: { type: 'string', short: 'n', value: 'n', description: 'number of rows (default 10)' },
  },
  async run(ctx, input) {
    const limit = intOption(input, 'rows', 10, 0)
    const ref = await ctx.resolve(input.args[0]!)
    const snapshot = await loadSnapshot(ref.store, ref.at)
    const rows: Record<string, unknown>[] = []
    if (limit > 0) {
      for await (const batch of scan(snapshot)) {
        rows.push(...batch.slice(0, limit - rows.length))
        if (rows.length >= limit) break
      }
    }
    const values = rows.map((row) => rowJson(row, snapshot.schema))
    if (ctx.json) {
      for (const row of values) ctx.out(JSON.stringify(row))
      return
    }
    const fields = snapshot.schema.fields
    const names = fields.map((f) => f.name)
    const table = renderTable(
      fields.map((f) => ({ header: f.name, align: typeof f.type === 'string' && NUMERIC.test(f.type) ? 'right' : 'left' })),
      values.map((row) => names.map((n) => cellText(row[n], CELL_CHARS))),
    )
    for (const line of table) ctx.out(line)
  },
}
