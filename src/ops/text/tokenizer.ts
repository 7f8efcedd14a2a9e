// A reimplementation of what spaCy 3.8's blank tokenizers do (datatrove splits words with
// spacy.blank("en")): the text is cut into runs of whitespace and non-whitespace; one space
// after a word belongs to it, other whitespace runs are tokens of their own; a non-space run
// ("chunk") is split by special cases, prefixes, suffixes, URLs and infixes; then special
// cases formed by adjacent tokens are merged back. A chunk's tokens are a pure function of the
// chunk, so they are cached by chunk: web text repeats its words, and most chunks are hits.
import { prefixLength, suffixLength, infixLength } from './affixes.ts'
import { charClass, codePointAt, isSpaceUnit, LETTER, MARK, NO_SPACE_SCRIPT, SPACE, unitsOf } from './char-class.ts'
import { ChunkCache } from './chunk-cache.ts'
import type { SpecialCases } from './special-cases.ts'
import { isUrl } from './url-match.ts'

/** How a tokenizer splits: its special cases, whether a dash after a digit splits (English), whether scripts without spaces split per character. */
export interface TokenizerRules {
  readonly specials: SpecialCases
  readonly hyphenAfterDigit: boolean
  readonly charPerToken: boolean
}

/**
 * The tokens of the last text tokenized, as UTF-16 offsets into it: token `i` is
 * `text.slice(starts[i], ends[i])`, and `space[i]` is 1 for a whitespace token. The arrays are
 * reused by the next call; only the first `count` entries are meaningful.
 */
export interface Tokens {
  count: number
  starts: Int32Array
  ends: Int32Array
  space: Uint8Array
}

const ONE_TOKEN: readonly number[] = []
const LETTER_OR_MARK = LETTER | MARK
/** Whether a character of class `flags` is a plain letter: a letter or mark, not of a script split per character (`split`). */
const plain = (flags: number, split: number) => (flags & LETTER_OR_MARK) !== 0 && (flags & split) === 0
const OFFSET_BASIS = 0x811c9dc5 | 0
const FNV_PRIME = 0x01000193

/** Splits texts into tokens by `rules`; holds reusable buffers and a cache, so one per thread and language. */
export class Tokenizer {
  readonly #rules: TokenizerRules
  readonly #cache = new ChunkCache<readonly number[]>(1 << 18)
  readonly #patterns = new Map<string, readonly number[]>()
  readonly #longestSpecial: number
  /** The class bits of scripts split per character (none, or NO_SPACE_SCRIPT). */
  readonly #split: number
  /** Marks, by the low 16 bits of their hash, the special cases made only of letters, which the letters-only shortcut must not take. */
  readonly #letterSpecials = new Uint8Array(1 << 16)
  readonly #tokens: Tokens = { count: 0, starts: new Int32Array(1024), ends: new Int32Array(1024), space: new Uint8Array(1024) }

  constructor(rules: TokenizerRules) {
    this.#rules = rules
    this.#split = rules.charPerToken ? NO_SPACE_SCRIPT : 0
    let longest = 0
    for (const key of rules.specials.keys()) {
      longest = Math.max(longest, key.length)
      let hash = OFFSET_BASIS
      let letters = true
      for (let i = 0; i < key.length; i++) {
        const c = key.charCodeAt(i)
        hash = Math.imul(hash ^ c, FNV_PRIME)
        if (!plain(charClass(c), this.#split)) letters = false
      }
      if (letters) this.#letterSpecials[hash & 0xffff] = 1
    }
    this.#longestSpecial = longest
  }

  /** The tokens of `text` (see {@link Tokens}; valid until the next call). */
  tokenize(text: string): Tokens {
    const length = text.length
    const tokens = this.#tokens
    tokens.count = 0
    if (tokens.starts.length < length) {
      const capacity = Math.max(length, tokens.starts.length * 2)
      tokens.starts = new Int32Array(capacity)
      tokens.ends = new Int32Array(capacity)
      tokens.space = new Uint8Array(capacity)
    }
    const split = this.#split
    let i = 0
    // Leading whitespace is a token of its own, first space included.
    while (i < length && isSpaceUnit(text.charCodeAt(i))) i++
    if (i > 0) this.#push(0, i, 1)
    while (i < length) {
      // A chunk: FNV-1a over it (the key of the caches), and whether it is letters only.
      const start = i
      let hash = OFFSET_BASIS
      let letters = true
      let c = 0
      for (; i < length; i++) {
        c = text.charCodeAt(i)
        if (c < 0x80) {
          if (c <= 0x20 && isSpaceUnit(c)) break
          if (letters && ((c | 0x20) - 0x61) >>> 0 >= 26) letters = false
        } else {
          const flags = charClass(c)
          if (flags & SPACE) break
          if (letters && !plain(flags, split)) letters = false
        }
        hash = Math.imul(hash ^ c, FNV_PRIME)
      }
      this.#chunkAt(text, start, i, hash, letters)
      if (i >= length) break
      // Whitespace after a chunk: its first space belongs to the chunk, the rest is a token.
      const spaceStart = c === 0x20 ? i + 1 : i
      i++
      while (i < length && isSpaceUnit(text.charCodeAt(i))) i++
      if (spaceStart < i) this.#push(spaceStart, i, 1)
    }
    return tokens
  }

  #chunkAt(text: string, start: number, end: number, hash: number, letters: boolean): void {
    // A chunk of letters is one token, unless it may be a special case (dont, cannot, hes...).
    if (letters && this.#letterSpecials[hash & 0xffff] === 0) {
      this.#push(start, end, 0)
      return
    }
    let ends = this.#cache.get(text, start, end, hash)
    if (ends === undefined) {
      const chunk = text.slice(start, end)
      const computed = this.#chunk(chunk, true)
      ends = computed.length === 1 ? ONE_TOKEN : computed
      this.#cache.set(chunk, hash, ends)
    }
    if (ends === ONE_TOKEN) this.#push(start, end, 0)
    else for (let i = 0, from = start; i < ends.length; i++) this.#push(from, (from = start + ends[i]!), 0)
  }

  // The buffers hold a token per UTF-16 unit at most, so a push needs no bounds check.
  #push(start: number, end: number, space: number): void {
    const t = this.#tokens
    const k = t.count++
    t.starts[k] = start
    t.ends[k] = end
    t.space[k] = space
  }

  /** Token end offsets within the space-free `chunk`; with `specials` false, as spaCy builds its special-case patterns. */
  #chunk(chunk: string, specials: boolean): number[] {
    const ends: number[] = []
    if (this.#rules.charPerToken) {
      // Characters of scripts written without spaces are words of their own; runs of others follow the rules.
      let from = 0
      for (let i = 0; i < chunk.length; ) {
        const cp = codePointAt(chunk, i)
        let next = i + unitsOf(cp)
        if (charClass(cp) & NO_SPACE_SCRIPT) {
          while (next < chunk.length && charClass(codePointAt(chunk, next)) & MARK) next += unitsOf(codePointAt(chunk, next))
          if (from < i) this.#affixes(chunk, from, i, specials, ends)
          ends.push(next)
          from = next
        }
        i = next
      }
      if (from < chunk.length) this.#affixes(chunk, from, chunk.length, specials, ends)
    } else this.#affixes(chunk, 0, chunk.length, specials, ends)
    return specials && ends.length > 0 ? this.#mergeSpecials(chunk, ends) : ends
  }

  /** spaCy's affix loop over `s[a:b]`, pushing token ends. */
  #affixes(s: string, a: number, b: number, useSpecials: boolean, ends: number[]): void {
    const specials = useSpecials ? this.#rules.specials : undefined
    const isSpecial = (from: number, to: number) => specials !== undefined && specials.has(s.slice(from, to))
    const suffixes: number[] = []
    let last = -1
    while (a < b && b - a !== last) {
      if (isSpecial(a, b)) break
      last = b - a
      const pre = prefixLength(s, a, b)
      if (pre > 0 && a + pre < b && isSpecial(a + pre, b)) {
        ends.push(a + pre)
        a += pre
        break
      }
      const suf = pre < b - a ? suffixLength(s, a + pre, b) : 0
      if (suf > 0 && b - suf > a && isSpecial(a, b - suf)) {
        suffixes.push(b)
        b -= suf
        break
      }
      if (pre > 0) {
        ends.push(a + pre)
        a += pre
      }
      if (suf > 0) {
        suffixes.push(b)
        b -= suf
      }
    }
    if (a < b) this.#middle(s, a, b, specials, ends)
    for (let i = suffixes.length - 1; i >= 0; i--) ends.push(suffixes[i]!)
  }

  #middle(s: string, a: number, b: number, specials: SpecialCases | undefined, ends: number[]): void {
    const special = specials?.get(s.slice(a, b))
    if (special !== undefined) {
      for (const token of special) ends.push((a += token.length))
      return
    }
    if (isUrl(s, a, b)) {
      ends.push(b)
      return
    }
    let start = a
    for (let i = a; i < b; ) {
      const length = infixLength(s, a, b, i, this.#rules.hyphenAfterDigit)
      if (length === 0) {
        i += unitsOf(codePointAt(s, i))
        continue
      }
      // An infix at the very start is not split off (it stays with what follows).
      if (i !== a) {
        if (i !== start) ends.push(i)
        ends.push(i + length)
        start = i + length
      }
      i += length
    }
    if (start < b) ends.push(b)
  }

  /**
   * spaCy's second pass: runs of adjacent tokens whose text is a special case, split the way the
   * special case's own text splits without special cases, become the special case's tokens
   * (`Mr.Smith` -> Mr. Smith). Longer runs win, then earlier ones.
   */
  #mergeSpecials(chunk: string, ends: number[]): number[] {
    const specials = this.#rules.specials
    const runs: [number, number][] = []
    for (let i = 0; i < ends.length; i++) {
      const from = i === 0 ? 0 : ends[i - 1]!
      for (let j = i; j < ends.length && ends[j]! - from <= this.#longestSpecial; j++) {
        const key = chunk.slice(from, ends[j])
        if (!specials.has(key)) continue
        const pattern = this.#pattern(key)
        if (pattern.length !== j - i + 1) continue
        let same = true
        for (let k = 0; k < pattern.length && same; k++) same = pattern[k]! + from === ends[i + k]
        if (same) runs.push([i, j + 1])
      }
    }
    if (runs.length === 0) return ends
    runs.sort((x, y) => y[1] - y[0] - (x[1] - x[0]) || x[0] - y[0])
    const seen = new Set<number>()
    const chosen = new Map<number, number>()
    for (const [from, to] of runs) {
      if (!seen.has(from) && !seen.has(to - 1)) chosen.set(from, to)
      for (let k = from; k < to; k++) seen.add(k)
    }
    const merged: number[] = []
    for (let i = 0; i < ends.length; ) {
      const to = chosen.get(i)
      if (to === undefined) {
        merged.push(ends[i++]!)
        continue
      }
      let at = i === 0 ? 0 : ends[i - 1]!
      for (const token of specials.get(chunk.slice(at, ends[to - 1]))!) merged.push((at += token.length))
      i = to
    }
    return merged
  }

  /**
   * The token ends of special case `key` split without special cases: the token run it
   * replaces. Empty (matching nothing) for a key with no prefix, suffix, infix or space, which
   * spaCy leaves out of its second pass.
   */
  #pattern(key: string): readonly number[] {
    let pattern = this.#patterns.get(key)
    if (pattern === undefined) {
      pattern = !this.#hasAffix(key) ? [] : isSpaceUnit(key.charCodeAt(0)) ? [key.length] : this.#chunk(key, false)
      this.#patterns.set(key, pattern)
    }
    return pattern
  }

  #hasAffix(key: string): boolean {
    if (key.includes(' ') || prefixLength(key, 0, key.length) > 0 || suffixLength(key, 0, key.length) > 0) return true
    for (let i = 0; i < key.length; i += unitsOf(codePointAt(key, i))) if (infixLength(key, 0, key.length, i, this.#rules.hyphenAfterDigit) > 0) return true
    return false
  }
}
