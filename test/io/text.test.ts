import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { zstdCompressSync } from 'node:zlib'
import type { ReadItem, ReaderOptions } from '../../src/io/record-reader.ts'
import { readText } from '../../src/io/text.ts'
import { readItems, sourceFile } from '../helpers/read-items.ts'

const text = (bytes: string | Uint8Array, options: Partial<ReaderOptions> = {}, key = 'a.txt') => sourceFile(key, bytes).then((file) => readItems(readText, file, options))
const brief = (items: ReadItem[]) => items.map((i) => (i.kind === 'bad' ? [i.offset, i.line, i.error] : [i.offset, i.line, i.fields.text]))

const BODY = 'First line.\r\nSecond line.\n\n  \nNext paragraph\nends here.\n'

describe('text', () => {
  it('reads a whole file as one record by default, without its byte order mark', async () => {
    assert.deepEqual(await text(`\ufeff${BODY}`), [{ kind: 'record', fields: { text: BODY }, offset: 3, line: 1 }])
    assert.deepEqual(await text(''), [])
  })

  it('reads one record per non-blank line', async () => {
    assert.deepEqual(brief(await text(BODY, { split: 'lines' })), [
      [0, 1, 'First line.'],
      [13, 2, 'Second line.'],
      [30, 5, 'Next paragraph'],
      [45, 6, 'ends here.'],
    ])
  })

  it('reads one record per blank-line-separated paragraph', async () => {
    assert.deepEqual(brief(await text(`${BODY}last`, { split: 'paragraphs' })), [
      [0, 1, 'First line.\nSecond line.'],
      [30, 5, 'Next paragraph\nends here.\nlast'],
    ])
  })

  it('makes a bad item of invalid UTF-8 naming the byte, and of text over maxDocBytes', async () => {
    const bad = Buffer.concat([Buffer.from('ok\nbad '), Buffer.from([0xe2, 0x82]), Buffer.from('\nfine\n')])
    assert.deepEqual(brief(await text(bad)), [[0, 1, 'invalid UTF-8 at byte 7']])
    assert.deepEqual(brief(await text(bad, { split: 'lines' })), [
      [0, 1, 'ok'],
      [3, 2, 'invalid UTF-8 at byte 7'],
      [10, 3, 'fine'],
    ])
    assert.deepEqual(brief(await text(bad, { split: 'paragraphs' })), [[0, 1, 'invalid UTF-8 at byte 7']])
    assert.deepEqual(brief(await text(BODY, { maxDocBytes: 20 })), [[0, 1, 'file of 56 bytes exceeds maxDocBytes 20']])
    assert.deepEqual(brief(await text(BODY, { maxDocBytes: 20, split: 'paragraphs' })), [
      [0, 1, 'text of 24 bytes exceeds maxDocBytes 20'],
      [30, 5, 'text of 25 bytes exceeds maxDocBytes 20'],
    ])
  })

  it('reports a damaged compressed file on the record it cut short', async () => {
    const zst = zstdCompressSync(BODY)
    const items = await text(zst.subarray(0, zst.length - 3), { split: 'paragraphs' }, 'a.txt.zst')
    assert.deepEqual(brief(items), [
      [0, 1, 'First line.\nSecond line.'],
      [30, 5, 'truncated zstd stream after 53 decompressed bytes (unexpected end of file)'],
    ])
  })
})
