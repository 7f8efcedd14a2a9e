// Word 5-gram shingles as 32-bit hashes, computed in one pass over the text without
// building a string per token. Tokens are the maximal runs of letters and digits of the
// lower-cased text; in scripts written without spaces (Han, kana, Hangul, Thai) every
// character is a token of its own. This is the definition bench/corpus/shingles.ts
// states for its ground truth, so the near-duplicate test measures against exact
// Jaccard values.

const WORD = 1
const CHAR_TOKEN = 2
const SPECIAL = 4

const utf16 = new TextDecoder('utf-16le')

// Every unit of the Basic Multilingual Plane at its own index, surrogates as spaces.
const BMP = (() => {
  const units = new Uint16Array(0x10000)
  for (let c = 0; c < 0x10000; c++) units[c] = c >= 0xd800 && c <= 0xdfff ? 0x20 : c
  return utf16.decode(units)
})()

// For each UTF-16 code unit of an already lower-cased text: the unit (low 16 bits) and
// its class (bits 16-18): WORD for letters and digits, CHAR_TOKEN for those of unspaced
// scripts, 0 for separators. Surrogates count as letters: astral letters are rare and a
// lone surrogate pair inside a word keeps the word whole. Built from regex matches over
// one string of every unit, which costs milliseconds where testing each unit costs tenths
// of a second at every start.
const LOWERED_UNIT = (() => {
  const table = new Uint32Array(0x10000)
  for (let c = 0; c < 0x10000; c++) table[c] = c >= 0xd800 && c <= 0xdfff ? c | (WORD << 16) : c
  for (const m of BMP.matchAll(/[\p{L}\p{N}]+/gu)) for (let c = m.index; c < m.index + m[0].length; c++) table[c]! |= WORD << 16
  for (const m of BMP.matchAll(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]+/gu)) {
    for (let c = m.index; c < m.index + m[0].length; c++) if (table[c]! >>> 16 === WORD) table[c] = c | (CHAR_TOKEN << 16)
  }
  return table
})()

// The same for a text not yet lower-cased: each unit is replaced by the entry of the unit
// `toLowerCase` makes of it, or SPECIAL (bit 18) where lower-casing is not one unit for
// one unit: İ becomes two units, Σ becomes ς at the end of a word, and astral letters
// (Deseret, Adlam...) lower-case in pairs, so every high surrogate is SPECIAL. A text
// holding one of those is lower-cased whole first.
const UNIT = (() => {
  const table = LOWERED_UNIT.slice()
  for (const m of BMP.matchAll(/\p{Changes_When_Lowercased}/gu)) {
    const lower = m[0].toLowerCase()
    table[m.index] = lower.length !== 1 || m[0] === 'Σ' ? SPECIAL << 16 : LOWERED_UNIT[lower.charCodeAt(0)]!
  }
  table.fill(SPECIAL << 16, 0xd800, 0xdc00)
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
let tokens = new Uint32Array(1024)
let tokenCount = 0

/** Tokenizes `text` (see the top of this file) into this module's token hashes; returns how many. */
export function tokenize(text: string): number {
  tokenCount = scan(text, UNIT)
  if (tokenCount < 0) tokenCount = scan(text.toLowerCase(), LOWERED_UNIT)
  return tokenCount
}

// Hashes the tokens of `text` (FNV-1a over its lower-cased units, then mixed) into
// `tokens`, which holds one per unit; returns how many, or -1 at a SPECIAL unit.
function scan(text: string, table: Uint32Array): number {
  if (tokens.length < text.length) tokens = new Uint32Array(Math.max(text.length, 2 * tokens.length))
  const out = tokens
  let n = 0
  let h = 0x811c9dc5
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    const unit = table[text.charCodeAt(i)]!
    const kind = unit >>> 16
    if (kind === WORD) {
      h = Math.imul(h, 0x01000193) ^ (unit & 0xffff)
      inWord = true
      continue
    }
    if (inWord) {
      out[n++] = mix(h)
      h = 0x811c9dc5
      inWord = false
    }
    if (kind === CHAR_TOKEN) out[n++] = mix((unit & 0xffff) + 0x9e3779b9)
    else if (kind === SPECIAL) return -1
  }
  if (inWord) out[n++] = mix(h)
  return n
}

/**
 * Fills `out` (grown when too small, so pass the previous result back in) with the hashes
 * of the shingles of `size` tokens of the text last tokenized, one per position,
 * duplicates included; fewer tokens make one shingle of all of them, none make none.
 * Returns the buffer and the count. Another `seed` gives another, independent hash of the
 * same shingles, without tokenizing again.
 */
export function hashShingles(size: number, out: Uint32Array, seed = 0x9747b28c): { hashes: Uint32Array; count: number } {
  const n = tokenCount
  const count = n === 0 ? 0 : Math.max(1, n - size + 1)
  let hashes = out
  if (hashes.length < count) hashes = new Uint32Array(Math.max(count, hashes.length * 2))
  const width = Math.min(size, n)
  for (let i = 0; i < count; i++) {
    let s = seed
    for (let k = 0; k < width; k++) s = Math.imul(s ^ tokens[i + k]!, 0x5bd1e995) + k
    hashes[i] = mix(s)
  }
  return { hashes, count }
}
