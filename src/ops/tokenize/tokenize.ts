import { StrataError } from '../../core/errors.ts'
import type { StructField } from '../../table/schema.ts'
import type { OperatorSpec } from '../operator.ts'
import { HfTokenizer } from './hf-tokenizer.ts'
import { OpenAiEncoding } from './openai-encoding.ts'
import type { OpenAiEncodingName } from './piece-patterns.ts'
import { TokenBuffer } from './token-buffer.ts'
import type { TokenEncoder } from './token-encoder.ts'

export interface TokenizeConfig {
  readonly column: string
  readonly encoding?: OpenAiEncodingName
  readonly tokenizer?: string
  readonly bos: string | null
  readonly eos: string | null
  readonly keep_tokens: boolean
}

const ENCODINGS: readonly OpenAiEncodingName[] = ['cl100k_base', 'o200k_base']
const TOKENS: StructField = { name: 'tokens', type: { type: 'array', elementType: 'integer', containsNull: false }, nullable: true, metadata: {} }
const TOKEN_COUNT: StructField = { name: 'token_count', type: 'long', nullable: true, metadata: {} }

/** What a config encodes with: exactly one of `encoding` and `tokenizer`, or a StrataError saying so. */
function encoderKey(c: TokenizeConfig): string {
  const hasEncoding = c.encoding !== undefined && c.encoding !== null
  const hasTokenizer = c.tokenizer !== undefined && c.tokenizer !== null
  if (hasEncoding && !ENCODINGS.includes(c.encoding!)) {
    throw new StrataError('invalid_argument', `tokenize: encoding '${c.encoding}' is not one of ${ENCODINGS.join(', ')}`)
  }
  if (hasEncoding === hasTokenizer) {
    throw new StrataError(
      'invalid_argument',
      hasEncoding
        ? `tokenize: both encoding '${c.encoding}' and tokenizer '${c.tokenizer}' are set; set only one`
        : `tokenize: set encoding (cl100k_base or o200k_base) or tokenizer (the path of a tokenizer.json)`,
    )
  }
  return hasEncoding ? `encoding:${c.encoding}` : `tokenizer:${c.tokenizer}`
}

/** An encoder with the ids of the step's BOS and EOS (-1 for none). */
interface Loaded {
  readonly encoder: TokenEncoder
  readonly bos: number
  readonly eos: number
}

// This thread's encoders, by what they load: each loads once however many tasks use it.
const encoders = new Map<string, Promise<TokenEncoder>>()
const loaded = new Map<string, Loaded>()
const loadedKey = (c: TokenizeConfig) => JSON.stringify([encoderKey(c), c.bos, c.eos])

function specialId(encoder: TokenEncoder, field: 'bos' | 'eos', token: string | null): number {
  if (token === null) return -1
  const id = encoder.tokenId(token)
  if (id === undefined) throw new StrataError('invalid_argument', `tokenize: ${field} '${token}' is not a token of ${encoder.name}`)
  return id
}

/**
 * `tokenize`: adds the token ids of the text as a training job will read them (`tokens`,
 * an array of integers) and their number (`token_count`), with an OpenAI encoding
 * (`cl100k_base`, `o200k_base`: ids equal tiktoken's `encode_ordinary`) or a Hugging Face
 * `tokenizer.json` (ids equal the `tokenizers` library's). Special-token spellings inside a
 * document are encoded as ordinary text; `bos` and `eos` name tokens put before and after
 * every document. With `keep_tokens: false` only `token_count` is written, to measure a
 * dataset. A document whose column is not a string gets null for both.
 */
export const tokenize: OperatorSpec<TokenizeConfig> = {
  name: 'tokenize',
  kind: 'annotator',
  version: 1,
  summary: 'add token ids (tiktoken cl100k_base / o200k_base or a Hugging Face tokenizer.json) and token counts',
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      encoding: { enum: ENCODINGS, description: "an OpenAI encoding (GPT-4's cl100k_base, GPT-4o's o200k_base); or set tokenizer" },
      tokenizer: { type: 'string', minLength: 1, description: 'a Hugging Face tokenizer.json, relative to the working directory; or set encoding' },
      bos: { type: ['string', 'null'], minLength: 1, default: null, description: 'a token put before every document (e.g. <s>), or null' },
      eos: { type: ['string', 'null'], minLength: 1, default: null, description: 'a token put after every document (e.g. <|endoftext|>), or null' },
      keep_tokens: { type: 'boolean', default: true, description: 'write the ids (tokens); false writes only token_count' },
    },
    additionalProperties: false,
  },
  load: async (c) => {
    const key = encoderKey(c)
    if (!encoders.has(key)) {
      const loading = c.encoding ? OpenAiEncoding.load(c.encoding) : HfTokenizer.load(c.tokenizer!)
      // A failed load is not kept: the next task retries it, and reports its own error.
      loading.catch(() => encoders.delete(key))
      encoders.set(key, loading)
    }
    const encoder = await encoders.get(key)!
    const full = loadedKey(c)
    if (!loaded.has(full)) loaded.set(full, { encoder, bos: specialId(encoder, 'bos', c.bos), eos: specialId(encoder, 'eos', c.eos) })
  },
  create: (c) => {
    encoderKey(c)
    const key = loadedKey(c)
    const buffer = new TokenBuffer()
    return {
      kind: 'annotator',
      columns: c.keep_tokens ? [TOKENS, TOKEN_COUNT] : [TOKEN_COUNT],
      annotate: (batch) => {
        const step = loaded.get(key)
        // A programming error, not a user's: the engine awaits the spec's load before running a step.
        if (!step) throw new Error(`tokenize: the encoder is not loaded; await the spec's load(config) first`)
        const { encoder, bos, eos } = step
        return batch.map((doc) => {
          const text = doc[c.column]
          if (typeof text !== 'string') return c.keep_tokens ? { tokens: null, token_count: null } : { token_count: null }
          buffer.clear()
          if (bos >= 0) buffer.push(bos)
          encoder.encode(text, buffer)
          if (eos >= 0) buffer.push(eos)
          return c.keep_tokens ? { tokens: buffer.toArray(), token_count: buffer.length } : { token_count: buffer.length }
        })
      },
    }
  },
}
