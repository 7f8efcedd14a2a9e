// The real documents of the quality-filter parity fixture, rebuilt from ../shared/testdata at
// test time (the fixture holds only their ids and hashes; test data is never copied into the
// repository): the conversion record of Common Crawl's whirlwind WET sample, read with Strata's
// WET reader (the cc_net sample's three records all have wrong Content-Lengths, so the reader
// quarantines them), and every other page of Trafilatura's extraction benchmark (tests/cache,
// tests/eval: news, blogs, shops, forums, mostly German and English; Apache-2.0 repository),
// decoded with Strata's HTML reader and flattened to WET-like text by `htmlToText` below.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { LocalStore } from '../../src/io/local-store.ts'
import { readHtml } from '../../src/io/html.ts'
import type { RecordReader } from '../../src/io/record-reader.ts'
import { readWet } from '../../src/io/wet.ts'
import { TESTDATA } from '../helpers/temp-dir.ts'

/** One input document of the fixture: an id naming where it comes from, its text, and the language its metadata declares (C4 bad words). */
export interface FilterInput {
  readonly id: string
  readonly text: string
  readonly language?: string
}

const WET_FILES = ['warc/cc-whirlwind/whirlwind.warc.wet.gz']
const HTML_DIRS = ['html-extraction/tests/cache', 'html-extraction/tests/eval']
/** Every how many benchmark pages one is taken (sorted by name): about 500 real documents in all. */
const HTML_STRIDE = 2

async function* records(reader: RecordReader, key: string): AsyncGenerator<Record<string, unknown>> {
  const store = new LocalStore(TESTDATA)
  const size = (await store.stat(key))!.size
  for await (const item of reader({ store, key, size }, { maxDocBytes: 1 << 24 })) if (item.kind === 'record') yield item.fields
}

/** The real documents, in a fixed order: WET records (`wet/<file>/<n>`), then benchmark pages (`html/<dir>/<file>`). */
export async function realFilterInputs(): Promise<FilterInput[]> {
  const out: FilterInput[] = []
  for (const key of WET_FILES) {
    let n = 0
    for await (const fields of records(readWet, key)) out.push({ id: `wet/${path.basename(key)}/${n++}`, text: fields.text as string })
  }
  for (const dir of HTML_DIRS) {
    const names = readdirSync(path.join(TESTDATA, dir)).filter((name) => name.endsWith('.html.gz')).sort()
    for (let i = 0; i < names.length; i += HTML_STRIDE) {
      for await (const fields of records(readHtml, `${dir}/${names[i]}`)) {
        const text = htmlToText(fields.text as string)
        if (text !== '') out.push({ id: `html/${path.basename(dir)}/${names[i]}`, text })
      }
    }
  }
  return out
}

const INVISIBLE = /<(script|style|noscript|template|svg|iframe)\b[^>]*>[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi
const PARAGRAPH = /<\/?(?:p|h[1-6]|article|section|blockquote|pre|table|ul|ol|dl|header|footer|main|aside|nav|figure|form)\b[^>]*>/gi
const LINE = /<\/?(?:br|div|li|tr|td|th|dt|dd|option|title|label|button|hr|figcaption)\b[^>]*>/gi
const TAG = /<[^>]*>/g
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));/g
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '\u00ad', hellip: '\u2026', mdash: '\u2014',
  ndash: '\u2013', lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', bdquo: '\u201e', laquo: '\u00ab',
  raquo: '\u00bb', copy: '\u00a9', reg: '\u00ae', euro: '\u20ac', middot: '\u00b7', bull: '\u2022', auml: 'ä', ouml: 'ö',
  uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß', eacute: 'é', egrave: 'è', agrave: 'à', ccedil: 'ç',
}

/**
 * Web page to plain text, roughly as Common Crawl's WET conversion does: invisible elements
 * dropped, block elements on lines of their own (paragraph-like ones separated by a blank
 * line), tags removed, entities decoded, runs of spaces and tabs collapsed, lines trimmed.
 */
export function htmlToText(html: string): string {
  const flat = html
    .replace(INVISIBLE, ' ')
    .replace(PARAGRAPH, '\n\n')
    .replace(LINE, '\n')
    .replace(TAG, '')
    .replace(ENTITY, (entity, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (name !== undefined) return NAMED[name] ?? entity
      const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16)
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : entity
    })
  return flat
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
