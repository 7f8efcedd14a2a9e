/** The OpenAI encodings Strata tokenizes with. */
export type OpenAiEncodingName = 'cl100k_base' | 'o200k_base'

// tiktoken's patterns run on Rust's regex engine, where `\s` is Unicode's White_Space: it holds
// U+0085 (next line) and not U+FEFF (byte-order mark), the reverse of JavaScript's `\s`. So
// the property is named, and JavaScript's `\s` is never used.
const S = String.raw`\p{White_Space}`
const NOT_S = String.raw`\P{White_Space}`
// tiktoken's `(?i:...)` under simple case folding: `s` also matches U+017F (long s); no other
// letter of the contractions has a fold outside ASCII. Written out because Node 22 lacks `(?i:)`.
const CONTRACTION = `'(?:[sS\u017F]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE])`

// tiktoken_ext/openai_public.py's patterns. cl100k's possessive quantifiers (`?+`, `++`, `*+`)
// are written as plain ones: at each of them the next token cannot start with what the
// quantifier gave back, so backtracking finds no other match and both read the same.
const SOURCES: Record<OpenAiEncodingName, string> = {
  cl100k_base: [
    CONTRACTION,
    String.raw`[^\r\n\p{L}\p{N}]?\p{L}+`,
    String.raw`\p{N}{1,3}`,
    String.raw` ?[^\p{White_Space}\p{L}\p{N}]+[\r\n]*`,
    `${S}+$`,
    String.raw`${S}*[\r\n]`,
    `${S}+(?!${NOT_S})`,
    S,
  ].join('|'),
  o200k_base: [
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?:${CONTRACTION})?`,
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?:${CONTRACTION})?`,
    String.raw`\p{N}{1,3}`,
    String.raw` ?[^\p{White_Space}\p{L}\p{N}]+[\r\n/]*`,
    String.raw`${S}*[\r\n]+`,
    `${S}+(?!${NOT_S})`,
    `${S}+`,
  ].join('|'),
}

/**
 * The regular expression that cuts text into the pieces an encoding's byte-pair merges run
 * on, equal to tiktoken's on every string. Sticky: some alternative matches at every position
 * (each character is whitespace, a letter, a number or something else), so pieces tile the
 * text and the caller reads each one's end from `lastIndex` without a match array.
 */
export function piecePattern(encoding: OpenAiEncodingName): RegExp {
  return new RegExp(SOURCES[encoding], 'uy')
}
