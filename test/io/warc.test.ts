import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { brotliCompressSync, deflateRawSync, gzipSync, zstdCompressSync } from 'node:zlib'
import type { ReadItem } from '../../src/io/record-reader.ts'
import { readWarc } from '../../src/io/warc.ts'
import { fieldsOf, readItems, sourceFile, warcSample } from '../helpers/read-items.ts'
import { chunked, httpResponse, warcRecord } from '../helpers/warc-fixture.ts'

const id = (n: number) => `<urn:uuid:00000000-0000-0000-0000-00000000000${n}>`
const at = (n: number) => ({ 'WARC-Record-ID': id(n), 'WARC-Date': '2024-05-18T01:58:10Z', 'WARC-Target-URI': `https://example.org/${n}`, 'Content-Type': 'application/http; msgtype=response' })
const cp1251 = Buffer.from([0x3c, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x3e, 0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]) // <title>Привет
const sjis = Buffer.from([0x3c, 0x6d, 0x65, 0x74, 0x61, 0x20, 0x63, 0x68, 0x61, 0x72, 0x73, 0x65, 0x74, 0x3d, 0x73, 0x68, 0x69, 0x66, 0x74, 0x5f, 0x6a, 0x69, 0x73, 0x3e, 0x93, 0xfa, 0x96, 0x7b]) // <meta charset=shift_jis>日本

/** The fixture's records: what each is, and the fields it should read as (undefined: skipped). */
const RECORDS: [Buffer, Record<string, unknown> | string | undefined][] = [
  [warcRecord('warcinfo', { 'Content-Type': 'application/warc-fields' }, 'software: test\r\n'), undefined],
  [warcRecord('request', at(1), 'GET / HTTP/1.1\r\nHost: example.org\r\n\r\n'), undefined],
  [
    warcRecord('response', at(2), httpResponse('200 OK', { 'Content-Type': 'text/html; charset="windows-1251"', 'Transfer-Encoding': 'chunked', 'Content-Encoding': 'gzip' }, chunked(gzipSync(cp1251), 7))),
    { text: '<title>Привет', url: 'https://example.org/2', fetched_at: '2024-05-18T01:58:10.000Z', content_type: 'text/html', charset: 'windows-1251', http_status: 200, warc_record_id: id(2), warc_type: 'response' },
  ],
  [warcRecord('metadata', at(3), 'fetchTimeMs: 12\r\n'), undefined],
  [
    warcRecord('response', at(4), httpResponse('404 Not Found', { 'Content-Type': 'text/html', 'Content-Encoding': 'br' }, brotliCompressSync(sjis))),
    { text: '<meta charset=shift_jis>日本', url: 'https://example.org/4', fetched_at: '2024-05-18T01:58:10.000Z', content_type: 'text/html', charset: 'shift_jis', http_status: 404, warc_record_id: id(4), warc_type: 'response' },
  ],
  [
    warcRecord('response', at(5), httpResponse('200 OK', { 'Content-Type': 'TEXT/Plain' }, Buffer.from([0x63, 0x61, 0x66, 0xe9]))),
    { text: 'café', url: 'https://example.org/5', fetched_at: '2024-05-18T01:58:10.000Z', content_type: 'text/plain', charset: 'windows-1252', http_status: 200, warc_record_id: id(5), warc_type: 'response', charset_fallback: true },
  ],
  [warcRecord('revisit', at(6), httpResponse('304 Not Modified', {}, '')), undefined],
  [warcRecord('response', { ...at(7), 'Content-Type': 'text/dns' }, '20240518015810\nexample.org. 300 IN A 192.0.2.1\n'), undefined],
  [warcRecord('response', at(8), httpResponse('200 OK', { 'Content-Type': 'text/html; charset=utf-8' }, Buffer.from([0x3c, 0x70, 0x3e, 0xff]))), `response record ${id(8)}: invalid UTF-8 at byte 3 of a payload declared UTF-8`],
  [
    warcRecord('response', at(9), httpResponse('200 OK', { 'Content-Encoding': 'deflate' }, deflateRawSync('<p>raw deflate</p>'))),
    { text: '<p>raw deflate</p>', url: 'https://example.org/9', fetched_at: '2024-05-18T01:58:10.000Z', content_type: null, charset: 'utf-8', http_status: 200, warc_record_id: id(9), warc_type: 'response' },
  ],
  [
    warcRecord('response', { ...at(1), 'WARC-Target-URI': '<https://example.org/a b>', 'WARC-Date': '2024-05-18T01:58:10.123456Z' }, httpResponse('200', { 'content-type': 'text/html' }, 'lf only', '\n')),
    { text: 'lf only', url: 'https://example.org/a b', fetched_at: '2024-05-18T01:58:10.123Z', content_type: 'text/html', charset: 'utf-8', http_status: 200, warc_record_id: id(1), warc_type: 'response' },
  ],
]

const offsets = RECORDS.reduce<number[]>((o, _, i) => [...o, i === 0 ? 0 : o[i - 1]! + RECORDS[i - 1]![0].length], [])
const expected = RECORDS.flatMap(([, want], i): ReadItem[] =>
  want === undefined ? [] : typeof want === 'string' ? [{ kind: 'bad', offset: offsets[i]!, error: want }] : [{ kind: 'record', fields: want, offset: offsets[i]! }],
)
const plain = Buffer.concat(RECORDS.map(([bytes]) => bytes))
const warc = (key: string, bytes: Uint8Array, maxDocBytes?: number) => sourceFile(key, bytes).then((file) => readItems(readWarc, file, maxDocBytes ? { maxDocBytes } : {}))

describe('warc', () => {
  it('reads HTTP responses: de-chunked, decoded, charset from header, meta or fallback', async () => {
    assert.deepEqual(await warc('a.warc', plain), expected)
  })

  it('reads the same from per-record gzip members and from zstd', async () => {
    assert.deepEqual(await warc('a.warc.gz', Buffer.concat(RECORDS.map(([bytes]) => gzipSync(bytes)))), expected)
    assert.deepEqual(await warc('a.warc.zst', zstdCompressSync(plain)), expected)
  })

  it('makes a bad item of a record whose Content-Length is wrong, and finds the next record inside it', async () => {
    const wrong = warcRecord('response', at(2), httpResponse('200 OK', {}, 'short'), 500)
    const header = wrong.indexOf('\r\n\r\n')
    assert.deepEqual(await warc('wrong.warc', Buffer.concat([wrong, plain])), [
      {
        kind: 'bad',
        offset: 0,
        error: `response record has a wrong Content-Length: 500 bytes do not end at a record boundary (${wrong.length - header - 4} bytes skipped to the next record)`,
        raw: wrong.subarray(0, header).toString(),
      },
      ...expected.map((item) => ({ ...item, offset: item.offset + wrong.length })),
    ])
  })

  it('makes a bad item of bytes between records that are not a record', async () => {
    const junk = Buffer.from('junk\r\nmore junk')
    const split = offsets[4]!
    const items = await warc('junk.warc', Buffer.concat([plain.subarray(0, split), junk, plain.subarray(split)]))
    assert.deepEqual(items[1], { kind: 'bad', offset: split, error: `15 bytes at offset ${split} are not a WARC record` })
    assert.equal(items.length, expected.length + 1)
  })

  it('yields the records before a truncated gzip file, then one bad item for the record it cut', async () => {
    const members = RECORDS.map(([bytes]) => gzipSync(bytes))
    const gz = Buffer.concat(members)
    const cutAt = members.slice(0, 9).reduce((n, m) => n + m.length, 0) + Math.floor(members[9]!.length / 2)
    const items = await warc('cut.warc.gz', gz.subarray(0, cutAt))
    assert.deepEqual(items.slice(0, -1), expected.slice(0, 4))
    const last = items.at(-1)!
    assert.equal(last.offset, offsets[9])
    // Where the cut falls in the record decides the first half of the message.
    assert.match(last.kind === 'bad' ? last.error : '', /^record header is truncated \(\d+ bytes skipped\); truncated gzip stream after \d+ decompressed bytes \(unexpected end of file\)$/)
  })

  it('makes a bad item of a response larger than maxDocBytes, without holding it', async () => {
    const big = warcRecord('response', at(3), httpResponse('200 OK', {}, 'x'.repeat(200_000)))
    const header = big.indexOf('\r\n\r\n')
    const items = await warc('big.warc', Buffer.concat([big, plain]), 1000)
    assert.deepEqual(items[0], { kind: 'bad', offset: 0, error: `response record of ${big.length - header - 8} bytes exceeds the limit of ${1000 + 65536}`, raw: big.subarray(0, header).toString() })
    assert.deepEqual(items.slice(1), expected.map((item) => ({ ...item, offset: item.offset + big.length })))
  })
})

describe('warc samples', () => {
  const read = async (key: string) => readItems(readWarc, await warcSample(key), { maxDocBytes: 4 << 20 })

  it('reads the Common Crawl whirlwind WARC: its one response, decoded', async () => {
    const items = await read('cc-whirlwind/whirlwind.warc.gz')
    assert.equal(items.length, 1)
    const [item] = items
    assert.equal(item?.kind, 'record')
    if (item?.kind !== 'record') return
    const { text, ...rest } = item.fields
    assert.equal(item.offset, 1551)
    assert.deepEqual(rest, {
      url: 'https://an.wikipedia.org/wiki/Escopete',
      fetched_at: '2024-05-18T01:58:10.000Z',
      content_type: 'text/html',
      charset: 'utf-8',
      http_status: 200,
      warc_record_id: '<urn:uuid:2aabeff2-67f5-4608-8466-e87c6296e2b6>',
      warc_type: 'response',
    })
    assert.ok((text as string).startsWith('<!DOCTYPE html>\n<html class="client-nojs vector-feature-language-in-header-enabled'))
    assert.match(text as string, /<title>Escopete - Biquipedia, a enciclopedia libre<\/title>/)
  })

  it('reads warcio samples: gzip content-encoding, chunked transfer, a wrong Content-Length', async () => {
    for (const key of ['warcio/test/data/example.warc', 'warcio/test/data/example.warc.gz']) {
      const [item, ...more] = await read(key)
      assert.equal(more.length, 0)
      assert.deepEqual(item?.kind === 'record' && [item.offset, item.fields.url, item.fields.http_status], [1197, 'http://example.com/', 200], key)
      assert.match(item?.kind === 'record' ? (item.fields.text as string) : '', /<title>Example Domain<\/title>/)
    }
    const [iana] = fieldsOf(await read('warcio/test/data/example-iana.org-chunked.warc'))
    assert.match(iana?.text as string, /^<!doctype html>\n<html>\n<head>\n\t<title>Internet Assigned Numbers Authority<\/title>/)
    assert.doesNotMatch(iana?.text as string, /\r\n[0-9a-f]+\r\n/)
    const trunc = await read('warcio/test/data/example-trunc.warc')
    assert.deepEqual(
      trunc.map((i) => i.kind === 'bad' && [i.offset, i.error, i.raw?.split('\r\n')[1]]),
      [[1197, 'response record has a wrong Content-Length: 973 bytes do not end at a record boundary (979 bytes skipped to the next record)', 'WARC-Target-URI: http://example.com/']],
    )
  })

  it('reads resiliparse samples: Cyrillic and EUC-JP pages, ClueWeb09 quirks', async () => {
    const web = fieldsOf(await read('resiliparse/warcfile.warc.gz'))
    assert.equal(web.length, 16)
    const spb = web.find((f) => f.url === 'http://01spb.ru/company/')
    assert.equal(spb?.charset, 'windows-1251')
    assert.match(spb?.text as string, /<title>О компании/)
    const clueweb = await read('resiliparse/clueweb-quirk.warc.gz')
    assert.equal(clueweb.length, 29)
    const first = fieldsOf(clueweb)[0]!
    assert.deepEqual([first.charset, first.fetched_at, first.http_status], ['euc-jp', null, 200])
    assert.match(first.text as string, /<title>ブラウニー ブリーフケース/)
  })

  it('keeps what is before the damage of the clipped resiliparse file: one bad item', async () => {
    const items = await read('resiliparse/clipped.warc.gz')
    assert.equal(items.length, 1)
    assert.equal(items[0]!.offset, 0)
    assert.match(items[0]!.kind === 'bad' ? items[0]!.error : '', /^response record is truncated: Content-Length 88275, \d+ bytes present; truncated gzip stream after \d+ decompressed bytes \(unexpected end of file\)$/)
  })

  it('reads the dolma samples', async () => {
    assert.equal(fieldsOf(await read('dolma/tests/data/warc/sample-0000.warc.gz')).length, 22)
    assert.equal(fieldsOf(await read('dolma/tests/data/warc/sample-0001.warc.gz')).length, 15)
  })
})
