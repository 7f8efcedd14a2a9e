import assert from 'node:assert/strict'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import { planTasks, type TaskPlan } from '../../src/exec/planner.ts'
import { LocalStore } from '../../src/io/local-store.ts'
import { parquetSource, readParquetMetadata } from '../../src/io/parquet.ts'
import type { AddAction, DeletionVectorDescriptor } from '../../src/table/actions.ts'
import { fileKey } from '../../src/table/log-segment.ts'
import { scan } from '../../src/table/scan.ts'
import { loadSnapshot, type Snapshot } from '../../src/table/snapshot.ts'
import { createTable, writeRows } from '../../src/table/write.ts'
import { TESTDATA, tempDir } from '../helpers/temp-dir.ts'
import { DOCS_SCHEMA, docs } from '../table/fixtures/docs-schema.ts'

const GOLDEN = path.join(TESTDATA, 'delta/golden')

/** A row group as the footer describes it: its rows and uncompressed bytes. */
interface Group {
  readonly rows: number
  readonly bytes: number
}

async function rowGroups(snapshot: Snapshot, file: AddAction): Promise<Group[]> {
  const key = fileKey(file.path, snapshot.store.describe(''))
  const meta = await readParquetMetadata(await parquetSource(snapshot.store, key), key)
  return meta.row_groups.map((g) => ({ rows: Number(g.num_rows), bytes: Number(g.total_byte_size) }))
}

const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0)

/** The rows each task reads, scanned the way a task scans them (its one file, its row range), in task order. */
async function rowsByTasks(snapshots: readonly Snapshot[], plan: TaskPlan, column: string): Promise<unknown[]> {
  const out: unknown[] = []
  for (const task of plan.tasks) {
    for await (const batch of scan({ ...snapshots[task.input]!, files: [task.file] }, { rows: task.rows, columns: [column] })) out.push(...batch.map((r) => r[column]))
  }
  return out
}

async function allRows(snapshot: Snapshot, column: string): Promise<unknown[]> {
  const out: unknown[] = []
  for await (const batch of scan(snapshot, { columns: [column] })) out.push(...batch.map((r) => r[column]))
  return out
}

/**
 * Checks the planner's contract for one input: every file is cut at row-group boundaries
 * into contiguous ranges covering [0, rows) in file order, each task's bytes are its
 * groups' bytes, within the bound unless the task is one group, and a task ends only
 * where adding the next group would pass the bound.
 */
async function assertWellFormed(snapshot: Snapshot, plan: TaskPlan, maxTaskBytes: number): Promise<void> {
  assert.deepEqual(plan.tasks.map((t) => t.id), plan.tasks.map((_, i) => String(i).padStart(6, '0')))
  assert.deepEqual(plan.tasks.map((t) => t.input), plan.tasks.map(() => 0))
  assert.deepEqual([...new Set(plan.tasks.map((t) => t.file.path))], snapshot.files.map((f) => f.path), 'files appear once each, in snapshot order')
  for (const file of snapshot.files) {
    const groups = await rowGroups(snapshot, file)
    const starts = [0]
    for (const g of groups) starts.push(starts.at(-1)! + g.rows)
    const mine = plan.tasks.filter((t) => t.file.path === file.path)
    assert.equal(mine[0]!.rows.start, 0)
    assert.equal(mine.at(-1)!.rows.end, starts.at(-1))
    mine.forEach((task, i) => {
      const first = starts.indexOf(task.rows.start)
      const end = starts.indexOf(task.rows.end)
      assert.ok(first >= 0 && end > first, `${task.id}: rows ${task.rows.start}..${task.rows.end} are not whole row groups`)
      if (i > 0) assert.equal(task.rows.start, mine[i - 1]!.rows.end, `${task.id} does not start where the previous task ended`)
      assert.equal(task.bytes, sum(groups.slice(first, end).map((g) => g.bytes)))
      if (end - first > 1) assert.ok(task.bytes <= maxTaskBytes, `${task.id}: ${task.bytes} bytes in ${end - first} groups, more than ${maxTaskBytes}`)
      if (i < mine.length - 1) assert.ok(task.bytes + groups[end]!.bytes > maxTaskBytes, `${task.id} could have taken the next group`)
    })
  }
}

// Z85 (ZeroMQ base85) of bytes whose length is a multiple of 4.
function z85(bytes: Uint8Array): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#'
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let out = ''
  for (let i = 0; i < bytes.length; i += 4) {
    let v = view.getUint32(i)
    let group = ''
    for (let j = 0; j < 5; j++) {
      group = alphabet[v % 85] + group
      v = Math.floor(v / 85)
    }
    out += group
  }
  return out
}

/** An inline deletion vector removing `rows` (ascending, all below 65,536): one bucket, one array container. */
function inlineDeletionVector(rows: readonly number[]): DeletionVectorDescriptor {
  const size = 12 + 4 + 8 + 4 + 4 + rows.length * 2
  const bytes = new Uint8Array(Math.ceil(size / 4) * 4)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, 1681511377, true) // RoaringBitmapArray magic
  view.setBigUint64(4, 1n, true) // one bucket
  view.setUint32(12, 0, true) // its high key
  view.setUint32(16, 12346, true) // Roaring cookie, no run containers
  view.setUint32(20, 1, true) // one container
  view.setUint16(24, 0, true) // its key
  view.setUint16(26, rows.length - 1, true) // its cardinality less one
  view.setUint32(28, 32, true) // its offset, from the bitmap's start at byte 16
  rows.forEach((r, i) => view.setUint16(32 + i * 2, r, true))
  return { storageType: 'i', pathOrInlineDv: z85(bytes), sizeInBytes: size, cardinality: rows.length }
}

describe('planTasks', () => {
  // Four files: A holds 40,000 rows in three row groups (16,384 + 16,384 + 7,232), B 100
  // rows in one, and a write split at 20,000 rows per file gives C (16,384 + 3,616) and D
  // (10,000).
  const store = new LocalStore(tempDir())
  let snapshot: Snapshot
  let a: Group[]

  before(async () => {
    await createTable(store, { schema: DOCS_SCHEMA })
    await writeRows(store, docs(0, 40_000))
    await writeRows(store, docs(40_000, 100))
    await writeRows(store, docs(40_100, 30_000), { fileRows: 20_000 })
    snapshot = await loadSnapshot(store)
    a = await rowGroups(snapshot, snapshot.files[0]!)
  })

  it('is given files with the row groups the test relies on', async () => {
    const groups = await Promise.all(snapshot.files.map((f) => rowGroups(snapshot, f)))
    assert.deepEqual(groups.map((gs) => gs.map((g) => g.rows)), [[16_384, 16_384, 7_232], [100], [16_384, 3_616], [10_000]])
  })

  it('makes one task per file when the bound is larger than every file', async () => {
    const plan = await planTasks([snapshot], Number.MAX_SAFE_INTEGER)
    assert.deepEqual(plan.tasks.map((t) => [t.id, t.file.path, t.rows]), [
      ['000000', snapshot.files[0]!.path, { start: 0, end: 40_000 }],
      ['000001', snapshot.files[1]!.path, { start: 0, end: 100 }],
      ['000002', snapshot.files[2]!.path, { start: 0, end: 20_000 }],
      ['000003', snapshot.files[3]!.path, { start: 0, end: 10_000 }],
    ])
    assert.equal(plan.tasks[0]!.bytes, sum(a.map((g) => g.bytes)))
    assert.deepEqual(plan.inputRows, [70_100])
  })

  it('makes a row group larger than the bound a task alone, never splitting it', async () => {
    const plan = await planTasks([snapshot], 1)
    assert.deepEqual(plan.tasks.map((t) => [t.file.path, t.rows.start, t.rows.end]), [
      [snapshot.files[0]!.path, 0, 16_384],
      [snapshot.files[0]!.path, 16_384, 32_768],
      [snapshot.files[0]!.path, 32_768, 40_000],
      [snapshot.files[1]!.path, 0, 100],
      [snapshot.files[2]!.path, 0, 16_384],
      [snapshot.files[2]!.path, 16_384, 20_000],
      [snapshot.files[3]!.path, 0, 10_000],
    ])
    assert.deepEqual(plan.tasks.map((t) => t.bytes).slice(0, 3), a.map((g) => g.bytes))
    assert.deepEqual(plan.tasks.map((t) => t.id), ['000000', '000001', '000002', '000003', '000004', '000005', '000006'])
  })

  it('puts consecutive row groups together up to the bound, inclusive', async () => {
    const two = a[0]!.bytes + a[1]!.bytes
    const exact = await planTasks([snapshot], two)
    assert.deepEqual(exact.tasks.filter((t) => t.file === snapshot.files[0]).map((t) => [t.rows.start, t.rows.end, t.bytes]), [
      [0, 32_768, two],
      [32_768, 40_000, a[2]!.bytes],
    ])
    // One byte less: the first group no longer takes the second, which then takes the
    // smaller third.
    assert.ok(a[1]!.bytes + a[2]!.bytes <= two - 1)
    const under = await planTasks([snapshot], two - 1)
    assert.deepEqual(under.tasks.filter((t) => t.file === snapshot.files[0]).map((t) => [t.rows.start, t.rows.end]), [
      [0, 16_384],
      [16_384, 40_000],
    ])
  })

  it('keeps every task whole, within the bound and in file and row order, for any bound', async () => {
    const bounds = [1, a[2]!.bytes, a[0]!.bytes, a[0]!.bytes + 1, a[0]!.bytes + a[1]!.bytes, 2 * a[0]!.bytes + a[2]!.bytes, 64 * 1024 * 1024]
    for (const bound of bounds) await assertWellFormed(snapshot, await planTasks([snapshot], bound), bound)
  })

  it('reads every row exactly once, in table order, when the tasks are scanned in id order', async () => {
    const expected = await allRows(snapshot, 'id')
    assert.equal(expected.length, 70_100)
    for (const bound of [1, a[0]!.bytes + a[1]!.bytes, Number.MAX_SAFE_INTEGER]) {
      const plan = await planTasks([snapshot], bound)
      assert.deepEqual(await rowsByTasks([snapshot], plan, 'id'), expected, `bound ${bound}`)
    }
  })

  it('numbers tasks across inputs and counts rows per input', async () => {
    const other = new LocalStore(tempDir())
    await createTable(other, { schema: DOCS_SCHEMA })
    await writeRows(other, docs(0, 7))
    const second = await loadSnapshot(other)
    const plan = await planTasks([second, snapshot], 1)
    assert.deepEqual(plan.tasks.map((t) => [t.id, t.input]), [
      ['000000', 0], ['000001', 1], ['000002', 1], ['000003', 1], ['000004', 1], ['000005', 1], ['000006', 1], ['000007', 1],
    ])
    assert.deepEqual(plan.inputRows, [7, 70_100])
  })

  it('plans no tasks and zero rows for an input with no files', async () => {
    const empty = new LocalStore(tempDir())
    await createTable(empty, { schema: DOCS_SCHEMA })
    assert.deepEqual(await planTasks([await loadSnapshot(empty)], 1024), { tasks: [], inputRows: [0] })
  })

  it('gives the same plan for the same inputs', async () => {
    const bound = a[0]!.bytes + a[1]!.bytes
    const first = await planTasks([snapshot], bound)
    const again = await planTasks([await loadSnapshot(store)], bound)
    assert.deepEqual(again, first)
  })

  it('counts a file less its deleted rows, and its tasks skip exactly those rows, across row groups', async () => {
    // Deleted rows at both ends of every row group boundary of file A.
    const deleted = [0, 5, 16_383, 16_384, 16_390, 32_767, 32_768, 39_999]
    const [first, ...rest] = snapshot.files
    const withDv: Snapshot = { ...snapshot, files: [{ ...first!, deletionVector: inlineDeletionVector(deleted) }, ...rest] }
    const plan = await planTasks([withDv], 1)
    assert.deepEqual(plan.inputRows, [70_100 - deleted.length])
    assert.deepEqual(plan.tasks.slice(0, 3).map((t) => t.rows), [{ start: 0, end: 16_384 }, { start: 16_384, end: 32_768 }, { start: 32_768, end: 40_000 }])
    const read = await rowsByTasks([withDv], plan, 'id')
    const gone = new Set(deleted.map((r) => `doc-${r}`))
    assert.deepEqual(read, (await allRows(snapshot, 'id')).filter((id) => !gone.has(id as string)))
    assert.equal(read.length, plan.inputRows[0])
  })

  for (const name of ['dv-with-columnmapping', 'dv-partitioned-with-checkpoint']) {
    it(`counts the rows of golden table ${name} less its deletion vectors`, async () => {
      const golden = await loadSnapshot(new LocalStore(path.join(GOLDEN, name, 'delta')))
      const deleted = sum(golden.files.map((f) => f.deletionVector?.cardinality ?? 0))
      assert.ok(deleted > 0, `${name} has deletion vectors`)
      const physical = sum(await Promise.all(golden.files.map(async (f) => sum((await rowGroups(golden, f)).map((g) => g.rows)))))
      const plan = await planTasks([golden], 1)
      assert.deepEqual(plan.inputRows, [physical - deleted])
      const expected = new LocalStore(path.join(GOLDEN, name, 'expected'))
      let rows = 0
      for (const { key } of await expected.list('')) if (key.endsWith('.parquet')) rows += Number((await readParquetMetadata(await parquetSource(expected, key), key)).num_rows)
      assert.equal(plan.inputRows[0], rows)
      const column = golden.schema.fields[0]!.name
      assert.equal((await rowsByTasks([golden], plan, column)).length, rows)
      await assertWellFormed(golden, plan, 1)
    })
  }
})
