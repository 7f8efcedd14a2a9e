import { loadSnapshot } from '../../table/snapshot.ts'
import type { Command } from '../command.ts'
import { cellText, formatCount, renderTable } from '../format.ts'

const CELL_CHARS = 60

/** `strata sql "<query>"`: SQL over datasets and Delta tables, through DuckDB. */
export const sql: Command = {
  name: 'sql',
  summary: 'run a SQL query over datasets and Delta tables (DuckDB)',
  args: ['<query>'],
  usage: `Runs one DuckDB SQL query. Name a dataset's latest version as zone.name (quote names
that are not plain identifiers: silver."web-en"), or any ref as a quoted identifier:
"silver/web-en@12", "silver/web-en@2026-11-20T10:00Z", "./spark-tables/events".
Each table reads exactly the files of its version: DuckDB reads them in place, except
for tables with deletion vectors or column mapping, whose rows Strata's reader loads
into memory first. Prints an aligned table, or with --json one JSON object per row
(JSON Lines, values as 'strata head' prints them); timestamps are in UTC.

Examples:
  strata sql "select count(*) as n from bronze.docs"
  strata sql "select lang, count(*) from silver.\\"web-en\\" group by lang order by 2 desc"
  strata sql 'select a.id from "silver/web-en@12" a anti join silver."web-en" b using (id)' --json`,
  options: {},
  async run(ctx, input) {
    // Loading DuckDB's native library costs every command startup time; only sql needs it.
    const { runQuery } = await import('../../query/run-query.ts')
    const result = await runQuery(input.args[0]!, async (t) => {
      const ref = await ctx.resolve(t.ref)
      return loadSnapshot(ref.store, ref.at)
    })
    const names = result.columns.map((c) => c.name)
    if (ctx.json) {
      for (const row of result.rows) ctx.out(JSON.stringify(Object.fromEntries(row.map((v, i) => [names[i], v]))))
      return
    }
    const columns = result.columns.map((c) => ({ header: c.name, align: c.numeric ? 'right' : 'left' }) as const)
    for (const line of renderTable(columns, result.rows.map((row) => row.map((v) => cellText(v, CELL_CHARS))))) ctx.out(line)
    ctx.out(`(${formatCount(result.rows.length)} ${result.rows.length === 1 ? 'row' : 'rows'})`)
  },
}
