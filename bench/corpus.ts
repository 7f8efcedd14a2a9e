// `node bench/corpus.ts --out <dir> [--docs N | --mb M] [--seed S] [--format F] [--name corpus]`
// Writes a seeded benchmark corpus and its ground truth (`<name>.truth.json`) into <dir>.
import { mkdirSync, openSync, closeSync, writeSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { openSink, FORMATS, type CorpusFormat } from './corpus/formats.ts'
import { generateCorpus, type CorpusOptions, type GroundTruth } from './corpus/generate.ts'

export { FORMATS, htmlPage, openSink, type CorpusFormat, type CorpusSink } from './corpus/formats.ts'
export { DEFAULT_LANGUAGES, generateCorpus, MAX_DOC_BYTES, type ClusterMember, type CorpusDoc, type CorpusOptions, type DocTruth, type DuplicateCluster, type GroundTruth, type PiiSpan } from './corpus/generate.ts'
export { LANGUAGES, type Lang } from './corpus/languages.ts'
export { DEFECTS, type Defect } from './corpus/noise.ts'
export { ibanRemainder, luhnValid, PII_TYPES, ssnValid, type PiiType } from './corpus/pii.ts'
export { jaccard, shingles, SHINGLE_DEFINITION } from './corpus/shingles.ts'

export interface WriteCorpusOptions extends CorpusOptions {
  readonly out: string
  readonly format: CorpusFormat
  /** File name stem; defaults to `corpus`. */
  readonly name?: string
}

export interface WriteCorpusResult {
  readonly file: string
  readonly truthFile: string
  readonly docs: number
  readonly textBytes: number
  readonly fileBytes: number
  readonly seconds: number
}

/** Generates the corpus into `<out>/<name>.<format>` and its ground truth into `<out>/<name>.truth.json`. */
export function writeCorpus(options: WriteCorpusOptions): WriteCorpusResult {
  const start = performance.now()
  const name = options.name ?? 'corpus'
  mkdirSync(options.out, { recursive: true })
  const file = path.join(options.out, `${name}.${options.format}`)
  const truthFile = path.join(options.out, `${name}.truth.json`)
  const sink = openSink(options.format, file)
  const docs = generateCorpus(options)
  let step = docs.next()
  while (!step.done) {
    sink.write(step.value)
    step = docs.next()
  }
  const fileBytes = sink.close()
  writeTruth(truthFile, step.value)
  return { file, truthFile, docs: step.value.docs, textBytes: step.value.text_bytes, fileBytes, seconds: (performance.now() - start) / 1000 }
}

// One JSON document, with one array element per line so the file can be read and diffed.
function writeTruth(file: string, truth: GroundTruth): void {
  const fd = openSync(file, 'w')
  try {
    const { documents, clusters, pii, ...head } = truth
    const parts: string[] = [JSON.stringify(head, null, 1).slice(0, -2)]
    const list = (key: string, items: readonly unknown[]) => {
      parts.push(`,\n "${key}": [`)
      items.forEach((x, i) => parts.push(`${i === 0 ? '' : ','}\n  ${JSON.stringify(x)}`))
      parts.push('\n ]')
      if (parts.length > 4096) writeSync(fd, parts.splice(0).join(''))
    }
    list('documents', documents)
    list('clusters', clusters)
    list('pii', pii)
    parts.push('\n}\n')
    writeSync(fd, parts.join(''))
  } finally {
    closeSync(fd)
  }
}

const HELP = `usage: node bench/corpus.ts --out <dir> [--docs N | --mb M] [--seed S] [--format F] [--name corpus]

Writes a deterministic benchmark corpus (English-like and multilingual text in en, de, fr,
es, ru, zh; boilerplate; noisy documents; exact and near duplicates; planted PII) to
<dir>/<name>.<format>, and what was planted to <dir>/<name>.truth.json.

  --out <dir>     output folder (created)
  --docs N        exactly N documents
  --mb M          documents until their text reaches M x 10^6 UTF-8 bytes
  --seed S        integer seed (default 1); the same seed and size give the same bytes
  --format F      ${FORMATS.join(' | ')} (default jsonl)
  --name <stem>   file name stem (default corpus)

example: node bench/corpus.ts --out /tmp/corpus --mb 200 --seed 7 --format jsonl.zst`

/** The command: parses arguments, writes the corpus, prints a one-line summary. */
export function main(argv: readonly string[]): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      out: { type: 'string' },
      docs: { type: 'string' },
      mb: { type: 'string' },
      seed: { type: 'string', default: '1' },
      format: { type: 'string', default: 'jsonl' },
      name: { type: 'string', default: 'corpus' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(HELP)
    return 0
  }
  const fail = (message: string) => {
    console.error(`corpus: ${message}\n\n${HELP}`)
    return 2
  }
  if (!values.out) return fail('--out is required')
  if ((values.docs === undefined) === (values.mb === undefined)) return fail('give exactly one of --docs and --mb')
  const docs = values.docs === undefined ? undefined : Number(values.docs)
  const mb = values.mb === undefined ? undefined : Number(values.mb)
  const seed = Number(values.seed)
  if (docs !== undefined && !(Number.isInteger(docs) && docs >= 0)) return fail(`--docs '${values.docs}' is not a whole number`)
  if (mb !== undefined && !(mb > 0)) return fail(`--mb '${values.mb}' is not a positive number`)
  if (!Number.isSafeInteger(seed)) return fail(`--seed '${values.seed}' is not an integer`)
  if (!(FORMATS as readonly string[]).includes(values.format!)) return fail(`--format '${values.format}' is not one of ${FORMATS.join(', ')}`)
  const r = writeCorpus({ out: values.out, format: values.format as CorpusFormat, name: values.name!, seed, ...(docs !== undefined ? { docs } : { bytes: Math.round(mb! * 1e6) }) })
  const mbText = r.textBytes / 1e6
  console.log(`${r.file}: ${r.docs} documents, ${mbText.toFixed(1)} MB of text, ${(r.fileBytes / 1e6).toFixed(1)} MB on disk, ${r.seconds.toFixed(1)} s (${(mbText / r.seconds).toFixed(1)} MB/s); truth in ${r.truthFile}`)
  return 0
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2))
