import type { Lang } from './languages.ts'

/** Shingle width: word 5-grams, or character 5-grams for zh. */
export const SHINGLE_SIZE = 5

/**
 * The normalisation behind every Jaccard value in the ground truth, stated so any
 * implementation can recompute it.
 */
export const SHINGLE_DEFINITION =
  'text is lower-cased (String.prototype.toLowerCase, locale-independent); tokens are the maximal runs of Unicode letters and digits ' +
  '(regex /[\\p{L}\\p{N}]+/gu), so whitespace and punctuation separate tokens and are dropped; for lang zh every letter or digit ' +
  'code point of those runs is a token of its own. Shingles are the distinct sequences of 5 consecutive tokens, joined by one ' +
  'space; a text of fewer than 5 tokens has the one shingle of all its tokens (none when it has none). ' +
  'jaccard = |A ∩ B| / |A ∪ B| of the two shingle sets (1 when both are empty).'

const TOKEN = /[\p{L}\p{N}]+/gu

/** The tokens of `text` under {@link SHINGLE_DEFINITION}. */
export function shingleTokens(text: string, lang: Lang): string[] {
  const runs = text.toLowerCase().match(TOKEN) ?? []
  return lang === 'zh' ? runs.flatMap((r) => [...r]) : runs
}

/**
 * The set of shingles of `text` under {@link SHINGLE_DEFINITION}. With `ids`, each token is
 * replaced by one character naming it in that map (shared by the texts to compare), which
 * keeps the sets exact but much cheaper to build and probe than the joined words.
 */
export function shingles(text: string, lang: Lang, ids?: Map<string, number>): Set<string> {
  let tokens = shingleTokens(text, lang)
  if (ids) {
    tokens = tokens.map((t) => {
      let id = ids.get(t)
      if (id === undefined) ids.set(t, (id = ids.size))
      return String.fromCharCode(id)
    })
    if (ids.size > 65536) throw new Error(`shingles: over 65536 distinct tokens`)
  }
  const sep = ids ? '' : ' '
  const out = new Set<string>()
  if (tokens.length > 0 && tokens.length < SHINGLE_SIZE) out.add(tokens.join(sep))
  for (let i = 0; i + SHINGLE_SIZE <= tokens.length; i++) out.add(tokens.slice(i, i + SHINGLE_SIZE).join(sep))
  return out
}

/** The exact Jaccard similarity of two shingle sets, with the counts it is the ratio of. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): { jaccard: number; intersection: number; union: number } {
  let intersection = 0
  for (const s of a) if (b.has(s)) intersection++
  const union = a.size + b.size - intersection
  return { jaccard: union === 0 ? 1 : intersection / union, intersection, union }
}
