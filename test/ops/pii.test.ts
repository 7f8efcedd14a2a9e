import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { Ajv } from 'ajv'
import type { AnnotatorOperator, FilterOperator, MapperOperator } from '../../src/ops/operator.ts'
import { piiAnnotator } from '../../src/ops/pii/annotator.ts'
import { piiDetector } from '../../src/ops/pii/detect.ts'
import { piiFilter } from '../../src/ops/pii/filter.ts'
import { piiMapper } from '../../src/ops/pii/mapper.ts'
import { PII_TYPES, type PiiSpan, type PiiType } from '../../src/ops/pii/types.ts'

interface Labelled {
  readonly id: string
  readonly text: string
  readonly spans: readonly PiiSpan[]
  readonly near_misses: readonly { readonly kind: string; readonly start: number; readonly end: number }[]
}

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'pii-labelled.jsonl')
const labelled: Labelled[] = readFileSync(FIXTURE, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Labelled)

const scan = { column: 'text', types: [...PII_TYPES], include_private_ips: false }
const redactor = (config: Partial<Parameters<typeof piiMapper.create>[0]> = {}) => piiMapper.create({ ...scan, tokens: {}, ...config }) as MapperOperator
const redact = (text: string, config: Partial<Parameters<typeof piiMapper.create>[0]> = {}) => redactor(config).map([{ text }])[0]!.text

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end

describe('the PII detector on the labelled set', () => {
  const detect = piiDetector({ types: PII_TYPES, includePrivateIps: false })
  const counts = Object.fromEntries(PII_TYPES.map((t) => [t, { gold: 0, found: 0, exact: 0, partial: 0 }])) as Record<PiiType, { gold: number; found: number; exact: number; partial: number }>
  const nearMissHits = new Map<string, { total: number; hit: number }>()
  const errors: string[] = []
  for (const doc of labelled) {
    const found = detect(doc.text)
    for (const gold of doc.spans) counts[gold.type].gold++
    for (const span of found) {
      const c = counts[span.type]
      c.found++
      if (doc.spans.some((g) => g.type === span.type && g.start === span.start && g.end === span.end)) c.exact++
      else {
        if (doc.spans.some((g) => g.type === span.type && overlaps(g, span))) c.partial++
        errors.push(`${doc.id} false ${span.type}: ${JSON.stringify(doc.text.slice(span.start, span.end))}`)
      }
    }
    for (const gold of doc.spans) {
      if (!found.some((s) => s.type === gold.type && s.start === gold.start && s.end === gold.end)) errors.push(`${doc.id} missed ${gold.type}: ${JSON.stringify(doc.text.slice(gold.start, gold.end))}`)
    }
    for (const near of doc.near_misses) {
      const n = nearMissHits.get(near.kind) ?? { total: 0, hit: 0 }
      n.total++
      if (found.some((s) => overlaps(s, near))) n.hit++
      nearMissHits.set(near.kind, n)
    }
  }

  const rows = PII_TYPES.map((type) => {
    const c = counts[type]
    const precision = c.found === 0 ? 1 : c.exact / c.found
    const recall = c.gold === 0 ? 1 : c.exact / c.gold
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
    return { type, ...c, precision, recall, f1 }
  })
  const pad = (v: string | number, n: number) => String(v).padStart(n)
  console.log(`labelled set: ${labelled.length} documents, ${rows.reduce((n, r) => n + r.gold, 0)} PII spans, ${[...nearMissHits.values()].reduce((n, h) => n + h.total, 0)} near misses`)
  console.log(`${'type'.padEnd(16)}${pad('gold', 6)}${pad('found', 7)}${pad('exact', 7)}${pad('partial', 9)}${pad('precision', 11)}${pad('recall', 8)}${pad('F1', 7)}`)
  for (const r of rows) console.log(`${r.type.padEnd(16)}${pad(r.gold, 6)}${pad(r.found, 7)}${pad(r.exact, 7)}${pad(r.partial, 9)}${pad(r.precision.toFixed(3), 11)}${pad(r.recall.toFixed(3), 8)}${pad(r.f1.toFixed(3), 7)}`)
  console.log(`near misses detected as PII: ${[...nearMissHits].map(([kind, h]) => `${kind} ${h.hit}/${h.total}`).join(', ')}`)
  for (const e of errors) console.log(`  ${e}`)

  it('holds at least 300 PII spans, at least 20 of each type, and near misses of every kind the task names', () => {
    assert.ok(rows.reduce((n, r) => n + r.gold, 0) >= 300)
    for (const r of rows) assert.ok(r.gold >= 20, `${r.type}: ${r.gold} spans`)
    for (const kind of ['card_luhn', 'iban_checksum', 'ssn_invalid', 'version', 'ipv4_reserved', 'ipv6_reserved', 'date', 'time', 'isbn', 'uuid', 'hash', 'placeholder_secret', 'number']) {
      assert.ok((nearMissHits.get(kind)?.total ?? 0) >= 10, `${kind}: ${nearMissHits.get(kind)?.total ?? 0} near misses`)
    }
  })
  for (const r of rows) {
    it(`finds ${r.type} with recall >= 0.95 and precision >= 0.9 (exact spans)`, () => {
      assert.ok(r.recall >= 0.95, `${r.type} recall ${r.recall.toFixed(3)}`)
      assert.ok(r.precision >= 0.9, `${r.type} precision ${r.precision.toFixed(3)}`)
    })
  }
  it('takes no near miss for PII', () => {
    const hit = [...nearMissHits].filter(([, h]) => h.hit > 0).map(([kind, h]) => `${kind} ${h.hit}/${h.total}`)
    assert.deepEqual(hit, [])
  })
})

describe('the PII detector', () => {
  const detect = piiDetector({ types: PII_TYPES, includePrivateIps: false })
  const found = (text: string) => detect(text).map((s) => [s.type, text.slice(s.start, s.end)])

  it('returns spans sorted by start and keeps the longer of two overlapping values', () => {
    const text = 'key\n-----BEGIN PRIVATE KEY-----\nAKIAZ6HXROY7WIYTCMWY' + 'Q'.repeat(60) + '\n-----END PRIVATE KEY-----\nmail anna@gmail.com or +49 30 1234567'
    assert.deepEqual(detect(text).map((s) => s.type), ['private_key', 'email', 'phone'])
  })
  it('tells phone numbers from dates, times, versions, ISBNs and ids', () => {
    assert.deepEqual(found('on 2024-01-15 and 15.01.2024 at 12:30:45, v1.2.3.4, ISBN 978-3-16-148410-0, Order #123456789'), [])
    assert.deepEqual(found('2024-01-15 +44 20 7946 0958'), [['phone', '+44 20 7946 0958']])
  })
  it('reads a weak grouping as a phone number only after a word such as "tel"', () => {
    assert.deepEqual(found('population 612 345 678'), [])
    assert.deepEqual(found('Teléfono: 612 345 678'), [['phone', '612 345 678']])
  })
})

describe('the PII operators\' config schemas', () => {
  it('fill every default when a recipe validates them, and refuse an unknown type', () => {
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false })
    for (const spec of [piiMapper, piiAnnotator, piiFilter]) {
      const validate = ajv.compile(spec.config)
      const config: Record<string, unknown> = {}
      assert.equal(validate(config), true, spec.name)
      assert.deepEqual(config, { ...scan, types: PII_TYPES, ...(spec === piiMapper ? { tokens: {} } : spec === piiFilter ? { max_count: 0 } : {}) }, spec.name)
      assert.equal(validate({ types: ['phon'] }), false, spec.name)
    }
  })
})

describe('mapper.pii', () => {
  it('replaces each value with the token of its type and leaves the rest of the text and document alone', () => {
    const op = redactor()
    const doc = { id: 7, text: 'Mail anna.schmidt@posteo.de, call (415) 555-2671, card 4111 1111 1111 1111, IP 93.184.216.34.' }
    assert.deepEqual(op.map([doc]), [{ id: 7, text: 'Mail <EMAIL>, call <PHONE_NUMBER>, card <CREDIT_CARD>, IP <IP_ADDRESS>.' }])
    assert.equal(doc.text.startsWith('Mail anna'), true, 'the input is not mutated')
  })
  it('redacts IBANs, SSNs, IPv6 addresses, secrets and private keys', () => {
    const key = `-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI${'A'.repeat(20)}${'b9Z+'.repeat(20)}\n-----END EC PRIVATE KEY-----`
    const text = `IBAN DE89 3704 0044 0532 0130 00, SSN 536-90-4399, peer 2606:4700:4700::1111\nGITHUB_TOKEN=ghp_${'aB3'.repeat(12)}\n${key}\n`
    assert.equal(redact(text), 'IBAN <IBAN>, SSN <US_SSN>, peer <IP_ADDRESS>\nGITHUB_TOKEN=<SECRET>\n<PRIVATE_KEY>\n')
  })
  it('uses the tokens the config names and the defaults for the others', () => {
    assert.equal(redact('anna@gmail.com, 93.184.216.34', { tokens: { email: '[email]' } }), '[email], <IP_ADDRESS>')
  })
  it('redacts only the types asked for', () => {
    assert.equal(redact('anna@gmail.com, +49 30 1234567', { types: ['phone'] }), 'anna@gmail.com, <PHONE_NUMBER>')
  })
  it('leaves private and reserved IP addresses unless include_private_ips is set', () => {
    const text = 'gateway 192.168.1.1, loopback ::1, public 93.184.216.34'
    assert.equal(redact(text), 'gateway 192.168.1.1, loopback ::1, public <IP_ADDRESS>')
    assert.equal(redact(text, { include_private_ips: true }), 'gateway <IP_ADDRESS>, loopback <IP_ADDRESS>, public <IP_ADDRESS>')
  })
  it('returns a document whose text is not a string as it is', () => {
    const doc = { text: 42 }
    assert.equal(redactor().map([doc, {}])[0], doc)
  })
  it('refuses an unknown type or token key, naming the closest type', () => {
    assert.throws(() => piiMapper.create({ ...scan, types: ['phon' as PiiType], tokens: {} }), { code: 'invalid_argument', message: "mapper.pii: types: 'phon' is not a PII type; did you mean 'phone'?" })
    assert.throws(() => piiMapper.create({ ...scan, tokens: { mail: 'x' } as never }), { code: 'invalid_argument', message: /^mapper\.pii: tokens: 'mail' is not a PII type/ })
  })
})

describe('annotate.pii', () => {
  it('adds pii_count and the distinct types in the fixed order, null types when there is none', () => {
    const op = piiAnnotator.create(scan) as AnnotatorOperator
    assert.deepEqual(op.columns.map((c) => [c.name, c.type]), [['pii_count', 'integer'], ['pii_types', 'string']])
    assert.deepEqual(op.annotate([{ text: 'call +49 30 1234567 or mail anna@gmail.com or bob@web.de' }, { text: 'nothing here, 10.0.0.1' }, { text: null }]), [
      { pii_count: 3, pii_types: 'email,phone' },
      { pii_count: 0, pii_types: null },
      { pii_count: null, pii_types: null },
    ])
  })
  it('counts only the types asked for, and private addresses when asked', () => {
    const op = piiAnnotator.create({ ...scan, types: ['ipv4'], include_private_ips: true }) as AnnotatorOperator
    assert.deepEqual(op.annotate([{ text: 'anna@gmail.com 10.0.0.1 93.184.216.34' }]), [{ pii_count: 2, pii_types: 'ipv4' }])
  })
})

describe('filter.pii', () => {
  it('drops a document with PII, the reason naming the first type found in the fixed order', () => {
    const op = piiFilter.create({ ...scan, max_count: 0 }) as FilterOperator
    assert.deepEqual(op.check([{ text: 'call +49 30 1234567 or mail anna@gmail.com' }, { text: 'SSN 536-90-4399' }, { text: 'clean text, 1.2.3.4' }, { text: undefined }]), [
      'pii_email', 'pii_us_ssn', null, null,
    ])
  })
  it('keeps documents with at most max_count values of the types asked for', () => {
    const op = piiFilter.create({ ...scan, types: ['email'], max_count: 1 }) as FilterOperator
    assert.deepEqual(op.check([{ text: 'anna@gmail.com +49 30 1234567 +49 30 7654321' }, { text: 'anna@gmail.com, bob@web.de' }]), [null, 'pii_email'])
  })
  it('drops for a private address only when include_private_ips is set', () => {
    const docs = [{ text: 'server 10.1.2.3' }]
    assert.deepEqual((piiFilter.create({ ...scan, max_count: 0 }) as FilterOperator).check(docs), [null])
    assert.deepEqual((piiFilter.create({ ...scan, max_count: 0, include_private_ips: true }) as FilterOperator).check(docs), ['pii_ipv4'])
  })
})
