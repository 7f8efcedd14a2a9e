import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { constants, gunzipSync, gzipSync, zstdCompressSync } from 'node:zlib'
import { readJsonl } from '../../src/io/jsonl.ts'
import { readItems, sourceFile } from '../helpers/read-items.ts'

const jsonl = (key: string, text: string | Uint8Array, maxDocBytes?: number) =>
  sourceFile(key, text).then((file) => readItems(readJsonl, file, maxDocBytes ? { maxDocBytes } : {}))

describe('jsonl', () => {
  it('reads one record per line with the offset and number of its line', async () => {
    const items = await jsonl('a.jsonl', '{"id":1,"text":"héllo"}\r\n\n  \n{"id":2,"nested":{"a":[1,2]}}\n{"id":3}')
    assert.deepEqual(items, [
      { kind: 'record', fields: { id: 1, text: 'héllo' }, offset: 0, line: 1 },
      { kind: 'record', fields: { id: 2, nested: { a: [1, 2] } }, offset: 30, line: 4 },
      { kind: 'record', fields: { id: 3 }, offset: 60, line: 5 },
    ])
  })

  it('skips a byte order mark at the start', async () => {
    assert.deepEqual(await jsonl('bom.jsonl', '\ufeff{"a":1}\n'), [{ kind: 'record', fields: { a: 1 }, offset: 3, line: 1 }])
  })

  it('turns invalid JSON, non-objects, invalid UTF-8 and long lines into bad items and reads on', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"a":\n[1,2]\n"text"\nnull\n'),
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x0a]),
      Buffer.from(`{"long":"${'x'.repeat(100)}"}\n{"ok":true}\n`),
    ])
    const items = await jsonl('bad.jsonl', bytes, 64)
    assert.deepEqual(
      items.map((i) => (i.kind === 'bad' ? [i.offset, i.line, i.error, i.raw] : [i.offset, i.line, i.fields])),
      [
        [0, 1, 'invalid JSON: Unexpected end of JSON input', '{"a":'],
        [6, 2, 'line is a JSON array, not an object', '[1,2]'],
        [12, 3, 'line is a JSON string, not an object', '"text"'],
        [19, 4, 'line is a JSON null, not an object', 'null'],
        [24, 5, 'invalid UTF-8 at byte 30', '{"a":"\ufffd("}'],
        [35, 6, 'line of 111 bytes exceeds maxDocBytes 64', undefined],
        [147, 7, { ok: true }],
      ],
    )
  })

  it('counts a long line without holding it, across chunks', async () => {
    const long = `{"t":"${'y'.repeat(3_000_000)}"}`
    const items = await jsonl('long.jsonl', `${long}\n{"n":1}\n`, 1000)
    assert.deepEqual(items, [
      { kind: 'bad', offset: 0, line: 1, error: `line of ${long.length} bytes exceeds maxDocBytes 1000` },
      { kind: 'record', fields: { n: 1 }, offset: long.length + 1, line: 2 },
    ])
  })

  it('reads the same records from .gz (multi-member) and .zst (multi-frame) files, by magic bytes', async () => {
    const a = '{"a":1}\n{"a":2}\n'
    const b = '{"a":3}\n'
    const expected = await jsonl('plain.jsonl', a + b)
    assert.deepEqual(await jsonl('x.jsonl.gz', Buffer.concat([gzipSync(a), gzipSync(b)])), expected)
    assert.deepEqual(await jsonl('x.jsonl.zst', Buffer.concat([zstdCompressSync(a), zstdCompressSync(b)])), expected)
    assert.deepEqual(await jsonl('misnamed.jsonl', gzipSync(a + b)), expected)
  })

  it('yields the records before a truncated gzip stream, then one bad item at the damage', async () => {
    const text = Array.from({ length: 5000 }, (_, i) => `{"i":${i},"pad":"${'p'.repeat(i % 50)}"}\n`).join('')
    const gz = gzipSync(text)
    const cut = gz.subarray(0, Math.floor(gz.length * 0.6))
    const prefix = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH })
    const complete = prefix.subarray(0, prefix.lastIndexOf(10) + 1)
    const lines = complete.toString().split('\n').length - 1
    const items = await jsonl('cut.jsonl.gz', cut)
    assert.equal(items.length, lines + 1)
    assert.ok(items.slice(0, -1).every((i, n) => i.kind === 'record' && i.fields.i === n))
    assert.deepEqual(items.at(-1), {
      kind: 'bad',
      offset: complete.length,
      line: lines + 1,
      error: `truncated gzip stream after ${prefix.length} decompressed bytes (unexpected end of file)`,
    })
  })

  it('names corrupt compressed data as such, after what came before it', async () => {
    const line = (i: number) => `{"i":${String(i).padStart(7, ' ')}}\n`
    const gz = gzipSync(Array.from({ length: 200_000 }, (_, i) => line(i)).join(''))
    gz[gz.length - 6]! ^= 0xff
    const items = await jsonl('crc.jsonl.gz', gz)
    const records = items.length - 1
    // zlib drops what it decoded from the failing piece of input along with the error.
    assert.ok(records > 150_000, `${records} records`)
    assert.ok(items.slice(0, -1).every((item, n) => item.kind === 'record' && item.fields.i === n))
    const last = items.at(-1)!
    assert.deepEqual([last.kind, last.offset, last.line], ['bad', records * line(0).length, records + 1])
    // The count includes the start of the line cut short.
    const produced = Number(/^corrupt gzip stream after (\d+) decompressed bytes \(incorrect data check\)$/.exec(last.kind === 'bad' ? last.error : '')?.[1])
    assert.ok(produced >= last.offset && produced < last.offset + line(0).length, last.kind === 'bad' ? last.error : '')
  })

  it('throws for a file that does not exist', async () => {
    const file = await sourceFile('a.jsonl', '')
    await assert.rejects(readItems(readJsonl, { ...file, key: 'missing.jsonl' }), { code: 'not_found' })
  })
})
