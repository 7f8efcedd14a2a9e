import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { gzipSync } from 'node:zlib'
import { htmlTitle, readHtml } from '../../src/io/html.ts'
import { readItems, sourceFile } from '../helpers/read-items.ts'

const html = (bytes: string | Uint8Array, maxDocBytes?: number) => sourceFile('page.html', bytes).then((file) => readItems(readHtml, file, maxDocBytes ? { maxDocBytes } : {}))

describe('html', () => {
  it('reads a UTF-8 page with its title', async () => {
    const page = '<!doctype html><html><head><title>\n  Caf&eacute; &amp; cr&#232;me &#x263A;  </title></head><body>Grüße</body></html>'
    assert.deepEqual(await html(page), [{ kind: 'record', fields: { text: page, title: 'Caf&eacute; & crème ☺', charset: 'utf-8' }, offset: 0 }])
  })

  it('decodes by <meta charset> and by http-equiv', async () => {
    const latin = Buffer.concat([Buffer.from('<html><head><meta charset="ISO-8859-1"><title>'), Buffer.from([0x45, 0x73, 0x70, 0xe4, 0xf1, 0x61]), Buffer.from('</title>')])
    assert.deepEqual((await html(latin))[0], {
      kind: 'record',
      fields: { text: '<html><head><meta charset="ISO-8859-1"><title>Espäña</title>', title: 'Espäña', charset: 'windows-1252' },
      offset: 0,
    })
    const sjis = Buffer.concat([Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>'), Buffer.from([0x93, 0xfa, 0x96, 0x7b])])
    const [item] = await html(sjis)
    assert.deepEqual(item?.kind === 'record' && [item.fields.text, item.fields.charset], [
      '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>日本',
      'shift_jis',
    ])
  })

  it('falls back to windows-1252 for an unknown label or undeclared bytes that are not UTF-8', async () => {
    const unknown = Buffer.concat([Buffer.from('<meta charset="x-klingon"><p>'), Buffer.from([0xe9])])
    assert.deepEqual((await html(unknown))[0], { kind: 'record', fields: { text: '<meta charset="x-klingon"><p>é', charset: 'windows-1252', charset_fallback: true }, offset: 0 })
    const undeclared = Buffer.concat([Buffer.from('<p>'), Buffer.from([0x93, 0x71, 0x94])])
    assert.deepEqual((await html(undeclared))[0], { kind: 'record', fields: { text: '<p>“q”', charset: 'windows-1252', charset_fallback: true }, offset: 0 })
  })

  it('honours a byte order mark over the declaration', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<title>Ω</title>', 'utf16le')])
    assert.deepEqual((await html(utf16))[0], { kind: 'record', fields: { text: '<title>Ω</title>', title: 'Ω', charset: 'utf-16le' }, offset: 0 })
  })

  it('makes bad items of bytes declared UTF-8 that are not, of large files and of damaged ones', async () => {
    const bad = Buffer.concat([Buffer.from('<meta charset=utf-8><p>'), Buffer.from([0xc0, 0xaf])])
    assert.deepEqual(await html(bad), [{ kind: 'bad', offset: 0, error: 'invalid UTF-8 at byte 23 of a document declared UTF-8', raw: bad.toString('latin1') }])
    assert.deepEqual(await html('<p>'.repeat(100), 64), [{ kind: 'bad', offset: 0, error: 'file of 300 bytes exceeds maxDocBytes 64' }])
    const gz = gzipSync('<p>hello</p>')
    const items = await html(gz.subarray(0, gz.length - 4))
    assert.deepEqual(items, [{ kind: 'bad', offset: 0, error: 'truncated gzip stream after 12 decompressed bytes (unexpected end of file)' }])
  })

  it('has no record for an empty file and no title for a blank one', async () => {
    assert.deepEqual(await html(''), [])
    assert.equal(htmlTitle('<title>  </title>'), undefined)
    assert.equal(htmlTitle('<p>no title</p>'), undefined)
  })
})
