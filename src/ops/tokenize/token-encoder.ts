import type { TokenBuffer } from './token-buffer.ts'

/**
 * Turns text into token ids, as a training job will read them: OpenAI's encodings, or a
 * Hugging Face tokenizer.json. Loaded once per worker thread and reused for every batch.
 */
export interface TokenEncoder {
  /** Names the encoder in messages: `cl100k_base`, or the tokenizer.json's path. */
  readonly name: string
  /**
   * Appends the ids of `text` to `out`. Special-token spellings in the text (`<|endoftext|>`,
   * `<s>`) are ordinary text, as tiktoken's `encode_ordinary` treats them: a document
   * cannot forge a document boundary. Adds no BOS or EOS of its own.
   */
  encode(text: string, out: TokenBuffer): void
  /** The id of the token spelled `token` (a special token, or one entry of the vocabulary), or undefined. */
  tokenId(token: string): number | undefined
}
