import { hash } from 'node:crypto'
import type { StructField } from '../../table/schema.ts'
import type { OperatorSpec, Verdict } from '../operator.ts'
import { IndexWriter, checkSettings, readRecords } from './dedup-index.ts'

export interface ExactDedupConfig {
  readonly column: string
  readonly id_column: string
  readonly lowercase: boolean
  readonly whitespace: boolean
  readonly punctuation: boolean
  readonly digits: boolean
  /** A dataset ref whose index the engine hands `decide` (see `DecideContext.against`). */
  readonly against?: string
}

const HASH_BYTES = 16
const DUP_OF: StructField = { name: 'dup_of', type: 'string', nullable: true, metadata: {} }
// Runs of whitespace and single whitespace other than a space: the places where collapsing changes the text.
const SPACES = /\s{2,}|[^\S ]/g
const PUNCTUATION = /[\p{P}\p{S}]/gu
const DIGITS = /\p{Nd}+/gu
const utf8 = new TextDecoder()

/**
 * `dedup.exact`: drops every document whose normalized text was seen before in the run's
 * input, in task and row order, so the first occurrence is kept; a dropped document's
 * `dup_of` names the kept one's id. Keys are 128 bits of SHA-256 of the normalized text
 * followed by the id. A document without text is kept. With `against`, the documents of
 * that dataset version's index come first: a new document equal to one of them is
 * dropped. The step's index holds one record (hash, id) per distinct text seen.
 */
export const exactDedup: OperatorSpec<ExactDedupConfig> = {
  name: 'dedup.exact',
  kind: 'global',
  version: 1,
  summary: 'drop documents whose normalized text appeared earlier in the input (dup_of names the kept one)',
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      id_column: { type: 'string', default: 'id', description: "the column whose value a duplicate's dup_of records" },
      lowercase: { type: 'boolean', default: true, description: 'compare case-insensitively' },
      whitespace: { type: 'boolean', default: true, description: 'treat every run of whitespace as one space and ignore it at the ends' },
      punctuation: { type: 'boolean', default: false, description: 'ignore punctuation and symbols' },
      digits: { type: 'boolean', default: false, description: 'treat every number as 0' },
      against: { type: 'string', description: 'a dataset (zone/name or zone/name@version) made by a run with this step: drop documents it already saw, from the index that run kept' },
    },
    additionalProperties: false,
  },
  create: (c) => {
    const normalize = (text: string): string => {
      if (c.lowercase) text = text.toLowerCase()
      if (c.digits) text = text.replace(DIGITS, '0')
      if (c.punctuation) text = text.replace(PUNCTUATION, ' ')
      if (c.whitespace) text = text.replace(SPACES, ' ').trim()
      return text
    }
    return {
      kind: 'global',
      columns: [DUP_OF],
      key: (batch) =>
        batch.map((doc) => {
          const text = doc[c.column]
          if (typeof text !== 'string') return new Uint8Array(0)
          const id = doc[c.id_column]
          return Buffer.concat([hash('sha256', normalize(text), 'buffer').subarray(0, HASH_BYTES), Buffer.from(id === null || id === undefined ? '' : String(id))])
        }),
      decide: async (keys, context) => {
        const settings = { lowercase: c.lowercase, whitespace: c.whitespace, punctuation: c.punctuation, digits: c.digits }
        const index = context.index === undefined ? undefined : new IndexWriter(context.index, settings)
        const first = new Map<string, string>()
        const see = (key: Uint8Array): string | undefined => {
          const digest = Buffer.from(key.buffer, key.byteOffset, HASH_BYTES).toString('latin1')
          const kept = first.get(digest)
          if (kept === undefined) {
            first.set(digest, utf8.decode(key.subarray(HASH_BYTES)))
            index?.add(key)
          }
          return kept
        }
        if (context.against) {
          checkSettings(exactDedup.name, context.against, settings)
          for (const key of readRecords(context.against)) see(key)
        }
        const verdicts = new Map<number, Verdict>()
        let position = 0
        for await (const key of keys) {
          if (key.length >= HASH_BYTES) {
            const kept = see(key)
            if (kept !== undefined) verdicts.set(position, { reason: 'exact_duplicate', values: { [DUP_OF.name]: kept === '' ? null : kept } })
          }
          position++
        }
        index?.close()
        return verdicts
      },
    }
  },
}
