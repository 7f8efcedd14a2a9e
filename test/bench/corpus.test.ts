import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { crc32 } from 'node:zlib'
import { FORMATS, generateCorpus, LANGUAGES, main, PII_TYPES, writeCorpus, type CorpusDoc, type CorpusFormat, type GroundTruth } from '../../bench/corpus.ts'
import { DEFECTS } from '../../bench/corpus/noise.ts'
import { LocalStore } from '../../src/io/local-store.ts'
import { readers } from '../../src/io/readers.ts'
import type { SourceFormat } from '../../src/io/record-reader.ts'
import { fieldsOf, readItems } from '../helpers/read-items.ts'
import { tempDir } from '../helpers/temp-dir.ts'

function collect(seed: number, docs: number): { docs: CorpusDoc[]; truth: GroundTruth } {
  const out: CorpusDoc[] = []
  const gen = generateCorpus({ seed, docs })
  let step = gen.next()
  for (; !step.done; step = gen.next()) out.push(step.value)
  return { docs: out, truth: step.value }
}

// One 2,000-document corpus shared by the checks of what was planted.
const corpus = collect(11, 2000)
const byId = new Map(corpus.docs.map((d) => [d.id, d]))

// Independent re-implementations of the checks, so the test does not trust the generator's own.
const luhn = (s: string) => {
  const ds = s.replace(/[ -]/g, '')
  let sum = 0
  for (let i = 0; i < ds.length; i++) {
    let d = Number(ds[ds.length - 1 - i])
    if (i % 2) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return sum % 10 === 0
}
const mod97 = (iban: string) => {
  const s = iban.replace(/ /g, '')
  const digits = (s.slice(4) + s.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55))
  return Number(BigInt(digits) % 97n)
}
const privateIpv4 = (ip: string) => {
  const [a, b, c] = ip.split('.').map(Number) as [number, number, number]
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 192 && b === 0 && c === 2) || (a === 203 && b === 0 && c === 113) || (a >= 224 && a <= 239)
}
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const githubChecksum = (body: string) => {
  let n = crc32(body)
  let s = ''
  for (let i = 0; i < 6; i++, n = Math.floor(n / 62)) s = BASE62[n % 62] + s
  return s
}
const shingleSet = (text: string, lang: string) => {
  let tokens: string[] = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  if (lang === 'zh') tokens = tokens.flatMap((t) => [...t])
  const set = new Set<string>()
  for (let i = 0; i + 5 <= tokens.length; i++) set.add(tokens.slice(i, i + 5).join(' '))
  return set
}

describe('bench corpus', () => {
  for (const format of FORMATS) {
    it(`writes the same bytes for the same seed, and other bytes for another seed, as ${format}`, () => {
      const dir = tempDir('strata-corpus-')
      const write = (name: string, seed: number) => {
        const r = writeCorpus({ out: dir, format, name, seed, docs: 120 })
        return { data: readFileSync(r.file), truth: readFileSync(r.truthFile) }
      }
      const a = write('a', 5)
      const b = write('b', 5)
      const c = write('c', 6)
      assert.ok(a.data.equals(b.data) && a.truth.equals(b.truth))
      assert.ok(!a.data.equals(c.data) && !a.truth.equals(c.truth))
    })
  }

  const READERS: Record<CorpusFormat, SourceFormat> = { jsonl: 'jsonl', 'jsonl.gz': 'jsonl', 'jsonl.zst': 'jsonl', parquet: 'parquet', warc: 'warc', 'warc.gz': 'warc' }
  for (const format of FORMATS) {
    it(`is read back by Strata's ${READERS[format]} reader from ${format}`, async () => {
      const dir = tempDir('strata-corpus-')
      writeCorpus({ out: dir, format, seed: 2, docs: 40 })
      const expected = collect(2, 40).docs
      const file = { store: new LocalStore(dir), key: `corpus.${format}`, size: readFileSync(path.join(dir, `corpus.${format}`)).length }
      const rows = fieldsOf(await readItems(readers[READERS[format]], file))
      assert.equal(rows.length, 40)
      rows.forEach((row, i) => {
        assert.equal(row.url, expected[i]!.url)
        if (format.startsWith('warc')) assert.equal(row.warc_record_id, `<urn:strata-bench:${expected[i]!.id}>`)
        else assert.deepEqual({ ...row }, { ...expected[i] })
      })
    })
  }

  it('plants PII whose spans hold the value, valid exactly when its checksum or range says so', () => {
    const { pii } = corpus.truth
    assert.deepEqual(new Set(pii.map((p) => p.type)), new Set(PII_TYPES))
    for (const p of pii) {
      const where = `${p.doc} ${p.type} ${p.value}`
      assert.equal(byId.get(p.doc)!.text.slice(p.start, p.end), p.value, where)
      const checks: Record<string, () => boolean> = {
        credit_card: () => luhn(p.value),
        iban: () => mod97(p.value) === 1,
        us_ssn: () => {
          const [area, group, serial] = p.value.split('-')
          return area !== '000' && area !== '666' && !area!.startsWith('9') && group !== '00' && serial !== '0000'
        },
        ipv4: () => !privateIpv4(p.value),
        ipv6: () => !/^(::1$|fe80:|f[cd]|2001:db8:)/.test(p.value),
        github_token: () => githubChecksum(p.value.slice(4, 34)) === p.value.slice(34),
      }
      assert.equal(checks[p.type]?.() ?? true, p.valid, where)
    }
    for (const type of ['credit_card', 'iban', 'us_ssn', 'ipv4']) {
      assert.deepEqual(new Set(pii.filter((p) => p.type === type).map((p) => p.valid)), new Set([true, false]), type)
    }
  })

  it('plants exact duplicates with identical text and near duplicates with the Jaccard the truth states', () => {
    const { clusters } = corpus.truth
    const near = clusters.flatMap((c) => c.members.filter((m) => m.kind === 'near'))
    assert.ok(clusters.some((c) => c.members.some((m) => m.kind === 'exact')) && near.length > 20)
    for (const c of clusters) {
      const original = byId.get(c.original)!
      const a = shingleSet(original.text, original.lang)
      for (const m of c.members) {
        const doc = byId.get(m.id)!
        assert.ok(Number(m.id.slice(4)) > Number(c.original.slice(4)))
        if (m.kind === 'exact') {
          assert.equal(doc.text, original.text)
          continue
        }
        assert.notEqual(doc.text, original.text)
        assert.ok(m.edit_rate >= 0.01 && m.edit_rate <= 0.2)
        const b = shingleSet(doc.text, doc.lang)
        const intersection = [...a].filter((s) => b.has(s)).length
        const union = a.size + b.size - intersection
        assert.deepEqual([m.intersection, m.union, m.jaccard], [intersection, union, intersection / union], m.id)
      }
    }
  })

  it('draws lengths with a median near 2 KB and none over 100 KB', () => {
    const bytes = corpus.docs.map((d) => Buffer.byteLength(d.text)).sort((a, b) => a - b)
    const median = bytes[bytes.length / 2]!
    assert.ok(median >= 1500 && median <= 2500, `median ${median}`)
    assert.ok(bytes.at(-1)! <= 100_000, `longest ${bytes.at(-1)}`)
    assert.deepEqual(corpus.truth.documents.map((d) => d.bytes), corpus.docs.map((d) => Buffer.byteLength(d.text)))
  })

  it('writes every language, zh without spaces, and labels each document with its language and defect', () => {
    assert.deepEqual(new Set(corpus.docs.map((d) => d.lang)), new Set(LANGUAGES))
    assert.deepEqual(corpus.truth.documents.map((d) => [d.id, d.lang]), corpus.docs.map((d) => [d.id, d.lang]))
    const zh = corpus.docs.filter((d) => d.lang === 'zh' && corpus.truth.documents[Number(d.id.slice(4))]!.noise === null)
    assert.ok(zh.some((d) => !/ /.test(d.text)))
    assert.deepEqual(new Set(corpus.truth.documents.flatMap((d) => (d.noise ? [d.noise] : []))), new Set(Object.keys(DEFECTS)))
  })

  it('refuses a command line without a size, and with a format it does not write', () => {
    const dir = tempDir('strata-corpus-')
    const error = console.error
    console.error = () => {}
    try {
      assert.equal(main(['--out', dir]), 2)
      assert.equal(main(['--out', dir, '--docs', '5', '--format', 'csv']), 2)
    } finally {
      console.error = error
    }
  })
})
