// Word 5-gram shingles as 32-bit hashes, computed in one pass over the text without
// building a string per token. Tokens are the maximal runs of letters and digits of the
// lower-cased text; in scripts written without spaces (Han, kana, Hangul, Thai) every
// character is a token of its own. This is the definition bench/corpus/shingles.ts
// states for its ground truth, so the near-duplicate test measures against exact
// Jaccard values.

const WORD = 1
const CHAR_TOKEN = 2

// Code unit classes of the BMP: letters and digits (WORD), those of unspaced scripts
// (CHAR_TOKEN), everything else 0. Surrogates count as letters: astral letters are rare
// and a lone surrogate pair inside a word keeps the word whole.
const CLASS = (() => {
  const table = new Uint8Array(0x10000)
  const word = /[\p{L}\p{N}]/u
  const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) table[c] = WORD
    else {
      const ch = String.fromCharCode(c)
      if (word.test(ch)) table[c] = unspaced.test(ch) ? CHAR_TOKEN : WORD
    }
  }
  return table
})()

// fmix32 of MurmurHash3: spreads every input bit over the output.
function mix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

// The token hashes of the text last tokenized, reused from one call to the next.
const tokens: number[] = []

/** Tokenizes `text` (see the top of this file) into this module's token hashes; returns how many. */
export function tokenize(text: string): number {
  const lower = text.toLowerCase()
  tokens.length = 0
  let h = 0
  let inWord = false
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i)
    const kind = CLASS[c]!
    if (kind === WORD) {
      h = Math.imul(inWord ? h : 0x811c9dc5, 0x01000193) ^ c
      inWord = true
      continue
    }
    if (inWord) tokens.push(mix(h))
    inWord = false
    if (kind === CHAR_TOKEN) tokens.push(mix(c + 0x9e3779b9))
  }
  if (inWord) tokens.push(mix(h))
  return tokens.length
}

/**
 * Fills `out` (grown when too small, so pass the previous result back in) with the hashes
 * of the shingles of `size` tokens of the text last tokenized, one per position,
 * duplicates included; fewer tokens make one shingle of all of them, none make none.
 * Returns the buffer and the count. Another `seed` gives another, independent hash of the
 * same shingles, without tokenizing again.
 */
export function hashShingles(size: number, out: Uint32Array, seed = 0x9747b28c): { hashes: Uint32Array; count: number } {
  const count = tokens.length === 0 ? 0 : Math.max(1, tokens.length - size + 1)
  let hashes = out
  if (hashes.length < count) hashes = new Uint32Array(Math.max(count, hashes.length * 2))
  const width = Math.min(size, tokens.length)
  for (let i = 0; i < count; i++) {
    let s = seed
    for (let k = 0; k < width; k++) s = Math.imul(s ^ tokens[i + k]!, 0x5bd1e995) + k
    hashes[i] = mix(s)
  }
  return { hashes, count }
}
