import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { gzipSync } from 'node:zlib'
import { readWet } from '../../src/io/wet.ts'
import { readItems, sourceFile, warcSample } from '../helpers/read-items.ts'
import { warcRecord } from '../helpers/warc-fixture.ts'

const conversion = (n: number, text: string | Uint8Array, languages?: string) =>
  warcRecord(
    'conversion',
    {
      'WARC-Target-URI': `https://example.org/${n}`,
      'WARC-Date': '2024-05-18T01:58:10Z',
      'WARC-Record-ID': `<urn:uuid:${n}>`,
      ...(languages ? { 'WARC-Identified-Content-Language': languages } : {}),
      'Content-Type': 'text/plain',
    },
    text,
  )

describe('wet', () => {
  it('reads conversion records into text with their URL, date and languages', async () => {
    const info = warcRecord('warcinfo', { 'Content-Type': 'application/warc-fields' }, 'isPartOf: test\r\n')
    const a = conversion(1, 'Première ligne\nSecond line', 'fra,eng')
    const b = conversion(2, Buffer.from([0x6e, 0x61, 0xef, 0x76, 0x65]))
    const file = await sourceFile('a.warc.wet.gz', Buffer.concat([info, a, b].map((r) => gzipSync(r))))
    assert.deepEqual(await readItems(readWet, file), [
      {
        kind: 'record',
        offset: info.length,
        fields: { text: 'Première ligne\nSecond line', url: 'https://example.org/1', fetched_at: '2024-05-18T01:58:10.000Z', content_type: 'text/plain', warc_record_id: '<urn:uuid:1>', languages: ['fra', 'eng'] },
      },
      {
        kind: 'record',
        offset: info.length + a.length,
        fields: { text: 'naïve', url: 'https://example.org/2', fetched_at: '2024-05-18T01:58:10.000Z', content_type: 'text/plain', warc_record_id: '<urn:uuid:2>', languages: null, charset_fallback: true },
      },
    ])
  })

  it('reads the Common Crawl whirlwind WET', async () => {
    const items = await readItems(readWet, await warcSample('cc-whirlwind/whirlwind.warc.wet.gz'))
    assert.equal(items.length, 1)
    const [item] = items
    assert.equal(item?.kind, 'record')
    if (item?.kind !== 'record') return
    const { text, ...rest } = item.fields
    assert.equal(item.offset, 693)
    assert.deepEqual(rest, {
      url: 'https://an.wikipedia.org/wiki/Escopete',
      fetched_at: '2024-05-18T01:58:10.000Z',
      content_type: 'text/plain',
      warc_record_id: '<urn:uuid:ba729a40-ff84-4085-8d48-0a5b2ee0c42d>',
      languages: ['spa'],
    })
    assert.ok((text as string).startsWith('Escopete - Biquipedia, a enciclopedia libre\nIr al contenido\nMenú principal'))
    assert.equal(Buffer.byteLength(text as string), 4456)
  })

  it('makes bad items of the cc_net sample, whose Content-Lengths are all wrong', async () => {
    const items = await readItems(readWet, await warcSample('cc_net/sample.warc.wet.txt'))
    assert.deepEqual(
      items.map((i) => i.kind === 'bad' && [i.offset, i.error]),
      [
        [617, 'conversion record has a wrong Content-Length: 353 bytes do not end at a record boundary (356 bytes skipped to the next record)'],
        [1310, 'conversion record has a wrong Content-Length: 109 bytes do not end at a record boundary (313 bytes skipped to the next record)'],
        [1959, 'conversion record has a wrong Content-Length: 355 bytes do not end at a record boundary (653 bytes skipped to the next record)'],
      ],
    )
  })
})
