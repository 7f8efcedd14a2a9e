import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatDays, parseDate, parseTimestamp } from '../../src/table/calendar.ts'
import { formatDecimal, normalizeDecimal } from '../../src/table/decimal.ts'
import { parsePartitionValue } from '../../src/table/partition-parse.ts'

describe('partition values', () => {
  it('parses each primitive type into the scan representation', () => {
    const cases: [string, string, unknown][] = [
      ['string', 'a=b/c', 'a=b/c'],
      ['byte', '-128', -128],
      ['integer', '2147483647', 2147483647],
      ['long', '-9223372036854775808', -9223372036854775808n],
      ['double', '1.5', 1.5],
      ['float', 'NaN', NaN],
      ['double', '-Infinity', -Infinity],
      ['boolean', 'false', false],
      ['date', '2021-09-08', '2021-09-08'],
      ['timestamp', '1970-01-01 00:00:01.000001', 1_000_001n],
      ['timestamp', '1970-01-01T00:00:00.123456Z', 123_456n],
      ['timestamp', '1970-01-01T01:00:00+01:00', 0n],
      ['timestamp_ntz', '2013-07-05 17:01:00.123456', 1373043660123456n],
      ['decimal(12,5)', '-2342342.23423', '-2342342.23423'],
      ['decimal(12,5)', '4E-5', '0.00004'],
      ['decimal(5,2)', '7', '7.00'],
      ['binary', '\u0001\u00ff', Uint8Array.of(1, 255)],
    ]
    for (const [type, raw, expected] of cases) assert.deepEqual(parsePartitionValue(raw, type as 'string', 'f'), expected, `${type} ${raw}`)
  })

  it('reads null, missing and empty values as null', () => {
    assert.equal(parsePartitionValue(null, 'integer', 'f'), null)
    assert.equal(parsePartitionValue(undefined, 'date', 'f'), null)
    assert.equal(parsePartitionValue('', 'string', 'f'), null)
  })

  it('reads zone-less timestamps in the writer time zone when told it', () => {
    assert.equal(parsePartitionValue('2021-09-08 11:11:11', 'timestamp', 'f', 'America/Los_Angeles'), 1631124671000000n)
    assert.equal(parsePartitionValue('2021-01-08 11:11:11', 'timestamp', 'f', 'America/Los_Angeles'), 1610133071000000n)
    assert.equal(parsePartitionValue('2021-09-08 11:11:11Z', 'timestamp', 'f', 'America/Los_Angeles'), 1631099471000000n)
    assert.equal(parsePartitionValue('2021-09-08 11:11:11', 'timestamp_ntz', 'f', 'America/Los_Angeles'), 1631099471000000n)
  })

  it('refuses a value that is not of its type, naming it', () => {
    assert.throws(() => parsePartitionValue('300', 'byte', 'a.parquet: partition column p'), {
      code: 'corrupt_log',
      message: "a.parquet: partition column p: partition value '300' is not a valid byte",
    })
    assert.throws(() => parsePartitionValue('2021-02-30', 'date', 'f'), { message: "f: partition value '2021-02-30' is not a valid date" })
    assert.throws(() => parsePartitionValue('1.234', 'decimal(4,2)', 'f'), { message: "f: partition value '1.234' is not a valid decimal(4,2)" })
    assert.throws(() => parsePartitionValue('yes', 'boolean', 'f'), { message: "f: partition value 'yes' is not a valid boolean" })
  })
})

describe('calendar and decimals', () => {
  it('formats and parses days across the whole range', () => {
    for (const [days, text] of [[0, '1970-01-01'], [-719162, '0001-01-01'], [2932896, '9999-12-31'], [11016, '2000-02-29'], [-719528, '0000-01-01']] as const) {
      assert.equal(formatDays(days), text)
      assert.equal(parseDate(text), days)
    }
    assert.equal(parseTimestamp('not a time'), undefined)
  })

  it('formats unscaled decimals exactly', () => {
    assert.equal(formatDecimal(-5, 2), '-0.05')
    assert.equal(formatDecimal(12345678901234567890123456789012345678n, 36), '12.345678901234567890123456789012345678')
    assert.equal(formatDecimal(0n, 0), '0')
    assert.equal(normalizeDecimal('-0.50', 1), '-0.5')
    assert.equal(normalizeDecimal('abc', 1), undefined)
  })
})
