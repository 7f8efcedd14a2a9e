import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { gzipSync } from 'node:zlib'
import { readCsv, readTsv } from '../../src/io/csv.ts'
import type { ReadItem } from '../../src/io/record-reader.ts'
import { readItems, sourceFile } from '../helpers/read-items.ts'

const csv = (text: string | Uint8Array, maxDocBytes?: number, key = 'a.csv') =>
  sourceFile(key, text).then((file) => readItems(key.includes('.tsv') ? readTsv : readCsv, file, maxDocBytes ? { maxDocBytes } : {}))

const brief = (items: ReadItem[]) => items.map((i) => (i.kind === 'bad' ? [i.offset, i.line, i.error] : [i.offset, i.line, i.fields]))

describe('csv', () => {
  it('reads rows as records named by the header, with quoting per RFC 4180', async () => {
    const text = 'id,text,note\r\n1,plain,\r\n2,"with, comma","say ""hi"""\r\n\r\n3,"two\r\nlines",x\r\n4,café,"""quoted"""'
    assert.deepEqual(brief(await csv(text)), [
      [14, 2, { id: '1', text: 'plain', note: '' }],
      [24, 3, { id: '2', text: 'with, comma', note: 'say "hi"' }],
      [56, 5, { id: '3', text: 'two\r\nlines', note: 'x' }],
      [74, 7, { id: '4', text: 'café', note: '"quoted"' }],
    ])
  })

  it('takes LF line ends, a byte order mark, and a quote inside an unquoted field as text', async () => {
    assert.deepEqual(brief(await csv('\ufeffa,b\n5" screen,"x"\n')), [[7, 2, { a: '5" screen', b: 'x' }]])
  })

  it('names empty and repeated header fields so no column is lost', async () => {
    assert.deepEqual(brief(await csv('a,,a,a\n1,2,3,4\n')), [[7, 2, { a: '1', column_2: '2', 'a.1': '3', 'a.2': '4' }]])
  })

  it('makes bad items of rows with the wrong field count, text after a closing quote, invalid UTF-8 and long rows', async () => {
    const bytes = Buffer.concat([
      Buffer.from('a,b\n1\n1,2,3\n"x"y,2\n'),
      Buffer.from([0x31, 0x2c, 0xff, 0x0a]),
      Buffer.from(`"${'z'.repeat(50)}",1\nok,1\n`),
    ])
    assert.deepEqual(brief(await csv(bytes, 40)), [
      [4, 2, 'row has 1 fields, expected 2 (the header\'s)'],
      [6, 3, 'row has 3 fields, expected 2 (the header\'s)'],
      [12, 4, 'text after the closing quote of field 1'],
      [19, 5, 'invalid UTF-8 at byte 21'],
      [23, 6, 'row of 54 bytes exceeds maxDocBytes 40'],
      [78, 7, { a: 'ok', b: '1' }],
    ])
  })

  it('makes a bad item of an unterminated quote at the end of the file', async () => {
    const items = await csv('a,b\n1,2\n3,"open\nmore\n')
    assert.deepEqual(items.at(-1), { kind: 'bad', offset: 8, line: 3, error: 'unterminated quoted field 2 at end of file', raw: '3,"open\nmore\n' })
    assert.equal(items.length, 2)
  })

  it('makes every row bad when the header row is', async () => {
    assert.deepEqual(brief(await csv('"a"x,b\n1,2\n')), [
      [0, 1, 'text after the closing quote of field 1'],
      [7, 2, 'no valid header row (line 1 was not: text after the closing quote of field 1)'],
    ])
  })

  it('reads rows that straddle chunks of a compressed stream', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},"line ""${i}""\nnext"`)
    const items = await csv(gzipSync(`n,t\n${rows.join('\n')}\n`), undefined, 'big.csv.gz')
    assert.equal(items.length, 20_000)
    assert.deepEqual(items[12_345], { kind: 'record', fields: { n: '12345', t: 'line "12345"\nnext' }, offset: 4 + rows.slice(0, 12_345).join('\n').length + 1, line: 2 + 12_345 * 2 })
  })
})

describe('tsv', () => {
  it('reads tab-separated rows with the same quoting', async () => {
    assert.deepEqual(brief(await csv('a\tb\n1\t"x\ty"\n', undefined, 'a.tsv')), [[4, 2, { a: '1', b: 'x\ty' }]])
  })
})
