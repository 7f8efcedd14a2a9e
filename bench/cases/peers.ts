// Peer cases: datatrove (Python, from PyPI) running its own pipelines with its
// LocalPipelineExecutor (tasks=1, workers=1) on the same corpus as Strata, timed by the child
// itself (bench/peers/datatrove/run_pipeline.py): wall and CPU seconds of the executor runs,
// without interpreter start-up and imports. No warm-up (every run is a fresh interpreter) and at
// most three runs; the slow pipelines read a prefix of the corpus (JsonlReader's `limit`), the
// subset is in the results' `detail`.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { BenchCase, RunReport } from '../measure.ts'
import { DATATROVE_SCRIPT, ensureDatatroveVenv, PEERS_DIR } from '../peers/datatrove/setup.ts'
import { fileURLToPath } from 'node:url'
import { LID_176_MODEL } from '../../src/ops/language/fasttext-model.ts'
import { documents } from '../synthetic-text.ts'
import { benchCorpus } from './engine-bronze.ts'
import { CURATION_BYTES } from './engine.ts'

/** Returns a JSONL or JSONL.gz file (`id`, `text` per line) of at least `docs` documents if it can. */
export type CorpusSource = (docs: number) => Promise<string>

/**
 * The default corpus: `$STRATA_BENCH_CORPUS` if set, else the first `docs` documents of
 * bench/synthetic-text.ts (the ingest cases' documents) written once to .tmp/peers/corpus/.
 */
export const defaultCorpus: CorpusSource = async (docs) => {
  if (process.env.STRATA_BENCH_CORPUS) return path.resolve(process.env.STRATA_BENCH_CORPUS)
  const file = path.join(PEERS_DIR, 'corpus', `synthetic-${docs}.jsonl`)
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(`${file}.tmp`, documents(docs).map((d) => `${JSON.stringify(d)}\n`).join(''))
    renameSync(`${file}.tmp`, file)
  }
  return file
}

type Pipeline = 'jsonl' | 'filters' | 'pii' | 'web' | 'minhash'

interface PeerSpec {
  readonly pipeline: Pipeline
  readonly description: string
  /** The documents it reads: the ingest cases' synthetic ones, or the engine cases' bench corpus (six languages, real-looking words). */
  readonly corpus: 'synthetic' | 'bench'
  /** Documents read per run at scale 1: sized for 4-9 s a run on this 2-core machine, so the whole suite stays under 10 minutes. */
  readonly docs: number
  /** The Strata case doing the same work, or null while Strata has none. */
  readonly counterpart: string | null
}

const SPECS: readonly PeerSpec[] = [
  { pipeline: 'jsonl', description: 'JsonlReader -> JsonlWriter (gzip, its default)', corpus: 'synthetic', docs: 10_000, counterpart: 'ingest-jsonl' },
  { pipeline: 'filters', description: 'Gopher repetition + Gopher quality + C4 quality + FineWeb quality filters (defaults) -> JsonlWriter', corpus: 'bench', docs: 400, counterpart: 'engine-quality-filters' },
  { pipeline: 'pii', description: 'PIIFormatter (emails, public IPs) -> JsonlWriter', corpus: 'bench', docs: 4_000, counterpart: 'engine-pii' },
  { pipeline: 'web', description: 'LanguageFilter (lid.176, en) + Gopher quality + Gopher repetition + C4 quality + FineWeb quality + PIIFormatter -> JsonlWriter: the web-cleaning recipe', corpus: 'bench', docs: 400, counterpart: 'engine-web-clean' },
  { pipeline: 'minhash', description: 'MinHash dedup, default MinhashConfig: signatures, buckets (14 tasks, 1 worker), cluster, filter -> JsonlWriter', corpus: 'bench', docs: 800, counterpart: 'engine-dedup-minhash' },
]

/** Peer case name -> the Strata case it is compared with (null: no Strata counterpart yet). */
export const PEER_COUNTERPARTS: Readonly<Record<string, string | null>> = Object.fromEntries(SPECS.map((s) => [`peer-datatrove-${s.pipeline}`, s.counterpart]))

const run = promisify(execFile)

interface ChildReport {
  seconds: number
  cpu_seconds: number
  startup_seconds: number
  bytes_in: number
  docs_in: number
  docs_out: number
  peak_rss_mb: number
  version: string | null
  limit: number
  input: string
  stats: Record<string, unknown>[]
}

function peerCase(spec: PeerSpec, corpus: CorpusSource): BenchCase {
  return {
    name: `peer-datatrove-${spec.pipeline}`,
    description: `datatrove ${spec.description}; LocalPipelineExecutor tasks=1 workers=1 (MB/s of uncompressed JSONL read)`,
    warmup: false,
    maxRuns: 3,
    async setup(scale) {
      const python = ensureDatatroveVenv()
      const docs = Math.max(1, Math.round(spec.docs * scale))
      const input = await corpus(docs)
      const args = [DATATROVE_SCRIPT, '--pipeline', spec.pipeline, '--input', input, '--limit', String(docs), '--lid-model', fileURLToPath(LID_176_MODEL)]
      return {
        bytes: 0, // from the child's report
        items: docs,
        run: async (): Promise<RunReport> => {
          const work = mkdtempSync(path.join(tmpdir(), `strata-bench-datatrove-${spec.pipeline}-`))
          try {
            const env = { ...process.env, HF_HUB_OFFLINE: '1', HF_DATASETS_OFFLINE: '1', TOKENIZERS_PARALLELISM: 'false' }
            const child = await run(python, [...args, '--workdir', path.join(work, 'run')], { env, maxBuffer: 1 << 26 }).catch((e: Error & { stderr?: string }) => {
              throw new Error(`${spec.pipeline}: ${e.message}\n${(e.stderr ?? '').split('\n').slice(-30).join('\n')}`)
            })
            const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ChildReport
            return {
              seconds: r.seconds,
              cpuSeconds: r.cpu_seconds,
              peakRssMb: r.peak_rss_mb,
              bytes: r.bytes_in,
              items: r.docs_in,
              detail: {
                peer: 'datatrove',
                version: r.version,
                input: r.input,
                subset: `first ${r.docs_in} documents (${(r.bytes_in / 1e6).toFixed(1)} MB) of ${path.basename(r.input)}`,
                docsIn: r.docs_in,
                docsOut: r.docs_out,
                startupSeconds: r.startup_seconds,
                steps: r.stats,
              },
            }
          } finally {
            rmSync(work, { recursive: true, force: true })
          }
        },
      }
    },
  }
}

/** The bench corpus the engine's curation cases ingest (see CURATION_BYTES in engine.ts), whatever prefix a peer reads. */
const benchSource: CorpusSource = async () => benchCorpus({ bytes: CURATION_BYTES }).file

/** The datatrove peer cases, each on its corpus. */
export function datatroveCases(): BenchCase[] {
  return SPECS.map((s) => peerCase(s, s.corpus === 'bench' ? benchSource : defaultCorpus))
}
