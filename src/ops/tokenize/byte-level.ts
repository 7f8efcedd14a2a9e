import { PreTokenizer } from './hf-library.ts'

// GPT-2's pattern as the Rust library runs it, with Oniguruma's `\s`: Unicode's White_Space.
// The JavaScript port compiles it with JavaScript's `\s`, which adds U+FEFF and lacks U+0085,
// and so cuts text around those characters differently.
const PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\p{White_Space}\p{L}\p{N}]+|\p{White_Space}+(?!\P{White_Space})|\p{White_Space}+/gu

// GPT-2's table from bytes to the printable characters that spell them in byte-level vocabularies.
const BYTE_CHARS: readonly string[] = (() => {
  const chars: string[] = []
  let unprintable = 0
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff)
    chars.push(String.fromCharCode(printable ? b : 256 + unprintable++))
  }
  return chars
})()

/**
 * Hugging Face's ByteLevel pre-tokenizer, as the Rust library runs it: optionally a space
 * before the text, GPT-2's pattern cuts it into pieces, and each piece's UTF-8 bytes are
 * spelled with GPT-2's byte characters. Replaces the JavaScript port's, which splits on
 * JavaScript's `\s` and allocates a byte array per piece (over half of its encoding time).
 */
export class ByteLevelPieces extends PreTokenizer {
  readonly #addPrefixSpace: boolean
  readonly #useRegex: boolean
  #bytes = Buffer.alloc(1024)

  constructor(addPrefixSpace: boolean, useRegex: boolean) {
    super()
    this.#addPrefixSpace = addPrefixSpace
    this.#useRegex = useRegex
  }

  pre_tokenize_text(text: string): string[] {
    if (this.#addPrefixSpace && !text.startsWith(' ')) text = ` ${text}`
    const pieces = this.#useRegex ? (text.match(PATTERN) ?? []) : [text]
    for (let i = 0; i < pieces.length; i++) pieces[i] = this.#spell(pieces[i]!)
    return pieces
  }

  #spell(piece: string): string {
    if (this.#bytes.length < piece.length * 3) this.#bytes = Buffer.alloc(piece.length * 3)
    const length = this.#bytes.write(piece, 'utf8')
    let spelled = ''
    for (let i = 0; i < length; i++) spelled += BYTE_CHARS[this.#bytes[i]!]
    return spelled
  }
}
