import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cellText, countOf, formatBytes, formatCount, formatTime, renderTable, truncate } from '../../src/cli/format.ts'
import { formatTimestamp } from '../../src/table/timestamp-format.ts'

describe('format', () => {
  it('separates thousands and marks unknown counts', () => {
    assert.equal(formatCount(1234567), '1,234,567')
    assert.equal(formatCount(0.5), '0.5')
    assert.equal(formatCount(undefined), '?')
    assert.equal(countOf(1, 'file'), '1 file')
    assert.equal(countOf(1024, 'file'), '1,024 files')
  })

  it('prints bytes in binary units', () => {
    assert.deepEqual([0, 1023, 1536, 10 * 1024 * 1024, 5.5 * 1024 ** 4].map(formatBytes), ['0 B', '1023 B', '1.5 KiB', '10 MiB', '5.5 TiB'])
  })

  it('prints times as ISO in UTC', () => {
    assert.equal(formatTime(Date.UTC(2026, 10, 20, 10)), '2026-11-20T10:00:00Z')
    assert.equal(formatTime(Date.UTC(2026, 10, 20, 10, 0, 0, 5)), '2026-11-20T10:00:00.005Z')
    assert.equal(formatTimestamp(1_795_168_800_000_001n, true), '2026-11-20T10:00:00.000001Z')
    assert.equal(formatTimestamp(-1n, false), '1969-12-31T23:59:59.999999')
  })

  it('aligns columns, numbers to the right', () => {
    const lines = renderTable([{ header: 'NAME' }, { header: 'ROWS', align: 'right' }, { header: 'NOTE' }], [
      ['bronze/a', '1', 'x'],
      ['silver/äöü', '1,000', ''],
    ])
    assert.deepEqual(lines, ['NAME         ROWS  NOTE', 'bronze/a        1  x', 'silver/äöü  1,000  '])
  })

  it('cuts long cells and shows line breaks', () => {
    assert.equal(truncate('a\nb\tc', 10), 'a\\nb\\tc')
    assert.equal(truncate('abcdefghij', 5), 'abcd…')
    assert.equal(cellText(null, 10), 'null')
    assert.equal(cellText({ a: [1, 2] }, 40), '{"a":[1,2]}')
  })
})
