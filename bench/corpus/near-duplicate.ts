import { word, type Lang } from './languages.ts'
import type { Rng } from './rng.ts'

/** A character range `[start, end)` of a text. */
export interface Span {
  readonly start: number
  readonly end: number
}

/** How many tokens an edit pass changed, by operation, out of how many it could change. */
export interface EditCounts {
  readonly tokens: number
  readonly substitute: number
  readonly insert: number
  readonly delete: number
}

interface Edit {
  readonly at: number
  readonly end: number
  readonly insert: string
}

const WORD = /[\p{L}\p{N}]+/gu
const HAN = /\p{Script=Han}/gu

/**
 * Changes `rate` of the tokens of `text` (words; Han characters for zh), at least one, by
 * substitution, insertion before, or deletion in equal shares, leaving every token that
 * overlaps a `protect` span untouched, and returns the new text with those spans moved to
 * their new places. Tokens are the maximal letter-digit runs the shingles also use.
 */
export function editText(rng: Rng, text: string, lang: Lang, rate: number, protect: readonly Span[]): { text: string; spans: Span[]; counts: EditCounts } {
  const tokens: Span[] = []
  for (const m of text.matchAll(lang === 'zh' ? HAN : WORD)) {
    const start = m.index
    const end = start + m[0].length
    if (!protect.some((p) => start < p.end && p.start < end)) tokens.push({ start, end })
  }
  const count = Math.min(tokens.length, Math.max(1, Math.round(rate * tokens.length)))
  // A partial Fisher-Yates shuffle picks `count` distinct tokens.
  const order = tokens.map((_, i) => i)
  for (let i = 0; i < count; i++) {
    const j = rng.int(i, order.length - 1)
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  const chosen = order.slice(0, count).sort((a, b) => a - b)
  const counts = { tokens: tokens.length, substitute: 0, insert: 0, delete: 0 }
  const edits: Edit[] = []
  const joiner = lang === 'zh' ? '' : ' '
  let lastEnd = 0
  for (const i of chosen) {
    const { start, end } = tokens[i]!
    const op = rng.pick(['substitute', 'insert', 'delete'] as const)
    counts[op]++
    if (op === 'insert') {
      edits.push({ at: start, end: start, insert: word(rng, lang) + joiner })
    } else if (op === 'substitute') {
      const old = text.slice(start, end)
      let w = word(rng, lang)
      for (let tries = 0; w === old.toLowerCase() && tries < 20; tries++) w = word(rng, lang)
      if (w === old.toLowerCase()) w = `${w}${w}`
      edits.push({ at: start, end, insert: old[0] !== old[0]!.toLowerCase() ? w[0]!.toUpperCase() + w.slice(1) : w })
    } else {
      let from = start
      let to = end
      if (lang !== 'zh') {
        if (text[start - 1] === ' ' && start - 1 >= lastEnd) from = start - 1
        else if (text[end] === ' ') to = end + 1
      }
      edits.push({ at: from, end: to, insert: '' })
    }
    lastEnd = edits[edits.length - 1]!.end
  }
  let out = ''
  let pos = 0
  for (const e of edits) {
    out += text.slice(pos, e.at) + e.insert
    pos = e.end
  }
  out += text.slice(pos)
  const moved = (p: number) => {
    let shift = 0
    for (const e of edits) if (e.at < p) shift += e.insert.length - (e.end - e.at)
    return p + shift
  }
  return { text: out, spans: protect.map((s) => ({ start: moved(s.start), end: moved(s.end) })), counts }
}
