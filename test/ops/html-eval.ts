import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { decodeDocument } from '../../src/io/charset.ts'
import type { Doc, FilterOperator } from '../../src/ops/operator.ts'
import { TESTDATA } from '../helpers/temp-dir.ts'

/**
 * The trafilatura evaluation set (`../shared/testdata/html-extraction`, Apache-2.0):
 * ~990 pages, each with segments that must appear in the extracted text (`with`) and
 * segments of boilerplate that must not (`without`).
 */
const EVAL_DIR = path.join(TESTDATA, 'html-extraction', 'tests')

/** One annotated page: its HTML decoded to a string, and its segments. */
export interface EvalPage {
  readonly url: string
  readonly file: string
  readonly html: string
  readonly with: readonly string[]
  readonly without: readonly string[]
}

/** Segment counts: a `with` segment found is a true positive, missed a false negative; a `without` segment found is a false positive, absent a true negative. */
export interface Counts {
  tp: number
  fp: number
  fn: number
  tn: number
}

export interface EvalScores extends Counts {
  readonly pages: number
  readonly precision: number
  readonly recall: number
  readonly f1: number
  readonly accuracy: number
}

/**
 * Loads every page of the set. Each page's bytes (gzipped under `cache/` or `eval/`) are
 * decoded as Strata's HTML reader decodes them (BOM, `<meta charset>`, else UTF-8 or
 * windows-1252); the few pages declared UTF-8 that are not are decoded with replacement
 * characters rather than skipped, so the set stays whole.
 */
export function loadEvalSet(): EvalPage[] {
  const annotations = JSON.parse(readFileSync(path.join(EVAL_DIR, 'evaldata.json'), 'utf8')) as Record<string, { file: string; with: string[]; without: string[] }>
  return Object.entries(annotations).map(([url, a]) => {
    const cached = path.join(EVAL_DIR, 'cache', `${a.file}.gz`)
    const bytes = gunzipSync(readFileSync(existsSync(cached) ? cached : path.join(EVAL_DIR, 'eval', `${a.file}.gz`)))
    const decoded = decodeDocument(bytes, undefined)
    const html = decoded.kind === 'text' ? decoded.text : new TextDecoder('utf-8').decode(bytes)
    return { url, file: a.file, html, with: a.with, without: a.without }
  })
}

const SPACE_RUN = /\s+/g

/** Whitespace-normalised, as the set's scorer normalises both the output and the segments. */
function normalizeSpace(text: string): string {
  return text.replace(SPACE_RUN, ' ').trim()
}

/** The counts of one page given the extracted text, or null when the extractor kept nothing (every segment then counts as absent). */
export function scorePage(page: EvalPage, text: string | null): Counts {
  const found = text === null ? '' : normalizeSpace(text)
  let tp = 0
  let fp = 0
  if (text !== null) {
    for (const s of page.with) if (found.includes(normalizeSpace(s))) tp++
    for (const s of page.without) if (found.includes(normalizeSpace(s))) fp++
  }
  return { tp, fp, fn: page.with.length - tp, tn: page.without.length - fp }
}

/** Precision, recall, F1 and accuracy micro-averaged over all segments of all pages (each 0 when its denominator is). */
export function scores(counts: Counts, pages: number): EvalScores {
  const { tp, fp, fn, tn } = counts
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b)
  return {
    ...counts,
    pages,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    accuracy: ratio(tp + tn, tp + fp + fn + tn),
  }
}

/** What the operator made of one page: the text it kept (null when it dropped the page, with the reason) and the page's counts. */
export interface PageResult {
  readonly page: EvalPage
  readonly text: string | null
  readonly reason: string | null
  readonly counts: Counts
}

/**
 * Runs an `extract.html` operator (configured with column `text`) over the pages in
 * batches, as the engine would, and scores every page.
 */
export function evaluate(op: FilterOperator, pages: readonly EvalPage[], batchSize = 64): { scores: EvalScores; results: PageResult[] } {
  const total: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 }
  const results: PageResult[] = []
  for (let start = 0; start < pages.length; start += batchSize) {
    const slice = pages.slice(start, start + batchSize)
    const docs: Doc[] = slice.map((p) => ({ text: p.html }))
    const reasons = op.check(docs)
    slice.forEach((page, i) => {
      const reason = reasons[i]!
      const text = reason === null ? (docs[i]!.text as string) : null
      const counts = scorePage(page, text)
      total.tp += counts.tp
      total.fp += counts.fp
      total.fn += counts.fn
      total.tn += counts.tn
      results.push({ page, text, reason, counts })
    })
  }
  return { scores: scores(total, pages.length), results }
}
