import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { rowJson } from '../../src/cli/row-json.ts'
import { LocalStore } from '../../src/io/local-store.ts'
import { runQuery } from '../../src/query/run-query.ts'
import { scan } from '../../src/table/scan.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'
import { TESTDATA } from '../helpers/temp-dir.ts'

const golden = (name: string) => path.join(TESTDATA, 'delta/golden', name, 'delta')
const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort()

async function scanned(dir: string): Promise<unknown[]> {
  const snapshot = await loadSnapshot(new LocalStore(dir))
  const out: unknown[] = []
  for await (const batch of scan(snapshot)) out.push(...batch.map((row) => rowJson(row, snapshot.schema)))
  return out
}

async function queried(sql: string, dir: string): Promise<unknown[]> {
  const result = await runQuery(sql, async () => loadSnapshot(new LocalStore(dir)))
  return result.rows.map((row) => Object.fromEntries(row.map((v, i) => [result.columns[i]!.name, v])))
}

describe('runQuery', () => {
  // Parquet views (partitioned, decimals, int96 timestamps, many partition types) and scan
  // loading (deletion vectors, column mapping with nested types) must both give what the reader gives.
  for (const table of [
    'basic-decimal-table',
    'data-reader-partition-values',
    'kernel-timestamp-int96',
    'parquet-all-types',
    'dv-partitioned-with-checkpoint',
    'table-with-columnmapping-mode-name',
  ]) {
    it(`returns the rows the table reader returns for ${table}`, async () => {
      const dir = golden(table)
      assert.deepEqual(sorted(await queried(`select * from "${dir}"`, dir)), sorted(await scanned(dir)))
    })
  }

  it('reports a query DuckDB rejects, with how to name tables', async () => {
    await assert.rejects(runQuery('select * from docs', async () => assert.fail('no table is named')), {
      code: 'invalid_argument',
      message: /^query failed: Catalog Error: Table with name docs does not exist![^]*\nname a dataset as zone\.name/,
    })
  })
})
