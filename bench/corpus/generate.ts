import { boilerplate, LANGUAGES, pageUrl, paragraph, utf8Length, type Lang } from './languages.ts'
import { editText, type EditCounts, type Span } from './near-duplicate.ts'
import { DEFECT_NAMES, DEFECTS, noisyText, WORD_DEFECTS, type Defect } from './noise.ts'
import { piiLead, piiValue, PII_TYPES, type PiiType, type PiiValue } from './pii.ts'
import { Rng } from './rng.ts'
import { jaccard, shingles, SHINGLE_DEFINITION, SHINGLE_SIZE } from './shingles.ts'

/** What to generate: a seed, and a size as a document count or as bytes of document text (UTF-8). */
export interface CorpusOptions {
  readonly seed: number
  readonly docs?: number
  readonly bytes?: number
  /** Relative weights of the languages; defaults to {@link DEFAULT_LANGUAGES}. */
  readonly languages?: Readonly<Record<Lang, number>>
}

/** One document, with the fields every output format carries. */
export interface CorpusDoc {
  readonly id: string
  readonly text: string
  readonly url: string
  readonly lang: Lang
}

/** A planted PII value: `text.slice(start, end) === value` in document `doc` (offsets in UTF-16 code units, which here are code points). */
export interface PiiSpan {
  readonly doc: string
  readonly type: PiiType
  readonly start: number
  readonly end: number
  readonly value: string
  readonly valid: boolean
  readonly detail: string
}

export interface DocTruth {
  readonly id: string
  readonly lang: Lang
  readonly bytes: number
  /** The planted defect of a noisy document (see `defects`), null for ordinary text. */
  readonly noise: Defect | null
  readonly boilerplate_lines: number
  /** The duplicate cluster the document belongs to (as original or member), else null. */
  cluster: number | null
}

export type ClusterMember =
  | { readonly id: string; readonly kind: 'exact' }
  | { readonly id: string; readonly kind: 'near'; readonly edit_rate: number; readonly edits: EditCounts; readonly jaccard: number; readonly intersection: number; readonly union: number }

export interface DuplicateCluster {
  readonly cluster: number
  readonly original: string
  readonly members: ClusterMember[]
}

/** Everything planted, written beside the corpus as `<name>.truth.json`. */
export interface GroundTruth {
  readonly truth_version: 1
  readonly seed: number
  readonly docs: number
  readonly text_bytes: number
  readonly shingles: { readonly size: number; readonly definition: string }
  readonly defects: typeof DEFECTS
  readonly languages: Record<Lang, number>
  readonly documents: DocTruth[]
  readonly clusters: DuplicateCluster[]
  readonly pii: PiiSpan[]
}

export const DEFAULT_LANGUAGES: Readonly<Record<Lang, number>> = { en: 0.5, de: 0.1, fr: 0.1, es: 0.1, ru: 0.1, zh: 0.1 }
/** No document is longer than this many UTF-8 bytes. */
export const MAX_DOC_BYTES = 100_000

const NOISE_RATE = 0.1
const PII_RATE = 0.25
const CLUSTER_RATE = 0.05
const EXACT_SHARE = 0.4
// Duplicates land within this many documents after their original.
const CLUSTER_WINDOW = 400
// Log-normal body length: median and shape chosen so whole documents (with boilerplate and
// PII) have a median near 2 KB; clamped so short clean documents still pass length rules.
const MEDIAN_BODY_BYTES = 1850
const LENGTH_SIGMA = 0.9
const MIN_BODY_BYTES = 600
const MAX_BODY_BYTES = 80_000

type Segment = string | PiiValue

interface Original {
  readonly cluster: DuplicateCluster
  readonly doc: CorpusDoc
  readonly pii: readonly PiiValue[]
  readonly spans: readonly Span[]
}

interface Pending {
  readonly original: Original
  readonly kind: 'exact' | 'near'
  readonly rate: number
}

const docId = (i: number) => `doc-${String(i).padStart(9, '0')}`

/**
 * Generates the corpus document by document (memory bounded by the duplicate window, not
 * the corpus) and returns its ground truth when done. The same options give the same
 * documents, in the same order, on every run.
 */
export function* generateCorpus(options: CorpusOptions): Generator<CorpusDoc, GroundTruth, undefined> {
  if (options.docs === undefined && options.bytes === undefined) throw new Error('corpus: give a size, docs or bytes')
  const rng = new Rng(options.seed)
  const weights = options.languages ?? DEFAULT_LANGUAGES
  const documents: DocTruth[] = []
  const clusters: DuplicateCluster[] = []
  const pii: PiiSpan[] = []
  const pending = new Map<number, Pending[]>()
  const ready: Pending[] = []
  let textBytes = 0

  for (let i = 0; options.docs !== undefined ? i < options.docs : textBytes < options.bytes!; i++) {
    const id = docId(i)
    const due = pending.get(i)
    if (due) {
      ready.push(...due)
      pending.delete(i)
    }
    let doc: CorpusDoc
    let truth: DocTruth
    const next = ready.shift()
    if (next) {
      const { original, kind, rate } = next
      const url = pageUrl(rng, original.doc.lang, i)
      let spans = original.spans
      let text = original.doc.text
      if (kind === 'exact') {
        original.cluster.members.push({ id, kind })
      } else {
        const edited = editText(rng, text, original.doc.lang, rate, spans)
        text = edited.text
        spans = edited.spans
        const ids = new Map<string, number>()
        const j = jaccard(shingles(original.doc.text, original.doc.lang, ids), shingles(text, original.doc.lang, ids))
        original.cluster.members.push({ id, kind, edit_rate: rate, edits: edited.counts, ...j })
      }
      doc = { id, text, url, lang: original.doc.lang }
      spans.forEach((s, k) => pii.push(spanOf(id, original.pii[k]!, s)))
      const source = documents[Number(original.doc.id.slice(4))]!
      source.cluster = original.cluster.cluster
      truth = { id, lang: doc.lang, bytes: utf8Length(text), noise: null, boilerplate_lines: source.boilerplate_lines, cluster: original.cluster.cluster }
    } else if (rng.chance(NOISE_RATE)) {
      const defect = rng.pick(DEFECT_NAMES)
      let lang = rng.weighted(weights)
      if (lang === 'zh' && WORD_DEFECTS.has(defect)) lang = 'en'
      const text = noisyText(rng, lang, defect, bodyBytes(rng))
      doc = { id, text, url: pageUrl(rng, lang, i), lang }
      truth = { id, lang, bytes: utf8Length(text), noise: defect, boilerplate_lines: 0, cluster: null }
    } else {
      const lang = rng.weighted(weights)
      const { text, values, spans, boilerplateLines } = cleanText(rng, lang)
      doc = { id, text, url: pageUrl(rng, lang, i), lang }
      spans.forEach((s, k) => pii.push(spanOf(id, values[k]!, s)))
      truth = { id, lang, bytes: utf8Length(text), noise: null, boilerplate_lines: boilerplateLines, cluster: null }
      if (rng.chance(CLUSTER_RATE)) {
        const cluster: DuplicateCluster = { cluster: clusters.length, original: id, members: [] }
        clusters.push(cluster)
        const original: Original = { cluster, doc, pii: values, spans }
        for (let n = rng.chance(0.5) ? 1 : rng.int(2, 6); n > 0; n--) {
          const at = i + rng.int(1, CLUSTER_WINDOW)
          const member: Pending = { original, kind: rng.chance(EXACT_SHARE) ? 'exact' : 'near', rate: rng.int(1, 20) / 100 }
          const list = pending.get(at)
          if (list) list.push(member)
          else pending.set(at, [member])
        }
      }
    }
    if (truth.bytes > MAX_DOC_BYTES) throw new Error(`corpus: document ${id} has ${truth.bytes} bytes, over the ${MAX_DOC_BYTES} cap`)
    textBytes += truth.bytes
    documents.push(truth)
    yield doc
  }
  const languages = Object.fromEntries(LANGUAGES.map((l) => [l, 0])) as Record<Lang, number>
  for (const d of documents) languages[d.lang]++
  const emitted = clusters.filter((c) => c.members.length > 0).map((c, k) => ({ ...c, cluster: k }))
  // Renumber clusters densely in order of appearance, once unemitted ones are gone.
  const renumber = new Map(clusters.filter((c) => c.members.length > 0).map((c, k) => [c.cluster, k]))
  for (const d of documents) if (d.cluster !== null) d.cluster = renumber.get(d.cluster)!
  return {
    truth_version: 1,
    seed: options.seed,
    docs: documents.length,
    text_bytes: textBytes,
    shingles: { size: SHINGLE_SIZE, definition: SHINGLE_DEFINITION },
    defects: DEFECTS,
    languages,
    documents,
    clusters: emitted,
    pii,
  }
}

const spanOf = (doc: string, v: PiiValue, s: Span): PiiSpan => ({ doc, type: v.type, start: s.start, end: s.end, value: v.value, valid: v.valid, detail: v.detail })

function bodyBytes(rng: Rng): number {
  return Math.round(Math.min(MAX_BODY_BYTES, Math.max(MIN_BODY_BYTES, MEDIAN_BODY_BYTES * Math.exp(LENGTH_SIGMA * rng.normal()))))
}

// Values that read as pasted configuration take a line of their own.
const OWN_LINE: ReadonlySet<PiiType> = new Set(['aws_access_key', 'github_token', 'slack_token', 'stripe_key', 'private_key'])

function cleanText(rng: Rng, lang: Lang): { text: string; values: PiiValue[]; spans: Span[]; boilerplateLines: number } {
  const target = bodyBytes(rng)
  const lines: Segment[][] = []
  for (let n = 0; n < target; ) {
    const p = paragraph(rng, lang)
    lines.push([p])
    n += utf8Length(p) + 1
  }
  if (rng.chance(PII_RATE)) {
    for (let k = rng.int(1, 3); k > 0; k--) {
      const v = piiValue(rng, rng.pick(PII_TYPES))
      const lead = piiLead(rng, v.type)
      const at = rng.int(0, lines.length - 1)
      if (OWN_LINE.has(v.type)) {
        lines.splice(rng.int(0, lines.length), 0, v.type === 'private_key' ? [v] : [`${lead}${lead.endsWith('=') ? '' : ' '}`, v])
      } else if (lang === 'zh') {
        lines[at]!.push(`${lead}：`, v, '。')
      } else {
        lines[at]!.push(` ${lead}: `, v, '.')
      }
    }
  }
  let boilerplateLines = 0
  if (rng.chance(0.35)) {
    const { header, footer } = boilerplate(rng, lang)
    lines.unshift(...header.map((l) => [l]))
    lines.push(...footer.map((l) => [l]))
    boilerplateLines = header.length + footer.length
  }
  let text = ''
  const values: PiiValue[] = []
  const spans: Span[] = []
  for (const line of lines) {
    if (text.length > 0) text += '\n'
    for (const seg of line) {
      if (typeof seg === 'string') {
        text += seg
      } else {
        values.push(seg)
        spans.push({ start: text.length, end: text.length + seg.value.length })
        text += seg.value
      }
    }
  }
  return { text, values, spans, boilerplateLines }
}
