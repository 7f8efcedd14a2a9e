// A document's text without its repeated sentences, rejoined as datatrove's
// SentenceDedupFilter rejoins it.
import { skipSpace } from '../text/python-str.ts'
import type { SentenceRanges } from './sentence-repeats.ts'
import type { SentenceSplitter } from './sentence-split.ts'

/** The rebuilt text, and how many sentences it lost. */
export interface Rebuilt {
  readonly text: string
  readonly removed: number
}

/**
 * `text` (already cut by `sentences`) without the sentences of `ranges`, except a range of
 * fewer than `minWords` words (by `countWords`), which stays whole (datatrove 0.10.1 means
 * the same but counts, and keeps, only the range's first sentence). In sentence mode each kept
 * sentence brings the whitespace before it and the pieces are concatenated, so what
 * follows the last sentence (one trailing space) is lost; in line mode the kept lines are
 * joined by `\n`. Either way the result starts at its first non-whitespace character.
 * Ranges past the last sentence are clipped.
 */
export function removeSentences(
  text: string,
  sentences: SentenceSplitter,
  ranges: SentenceRanges,
  lines: boolean,
  minWords: number,
  countWords: (text: string) => number,
): Rebuilt {
  const count = sentences.count
  const piece = (from: number, to: number): string => text.slice(sentences.pieceStart(from), sentences.ends[to - 1])
  const kept: string[] = []
  const keep = (from: number, to: number): void => {
    if (from >= to) return
    if (!lines) kept.push(piece(from, to))
    else for (let i = from; i < to; i++) kept.push(piece(i, i + 1))
  }
  let removed = 0
  let next = 0
  for (let r = 0; r + 1 < ranges.length; r += 2) {
    const start = Math.max(next, Math.min(ranges[r]!, count))
    const end = Math.min(ranges[r + 1]!, count)
    if (end <= start) continue
    keep(next, start)
    // datatrove counts a removed run's words in its sentences joined by newlines.
    if (minWords > 0 && countWords(lines ? joinedLines(text, sentences, start, end) : piece(start, end)) < minWords) keep(start, end)
    else removed += end - start
    next = end
  }
  keep(next, count)
  const joined = kept.join(lines ? '\n' : '')
  const first = skipSpace(joined, 0, joined.length)
  return { text: first === 0 ? joined : joined.slice(first), removed }
}

function joinedLines(text: string, sentences: SentenceSplitter, from: number, to: number): string {
  const parts: string[] = []
  for (let i = from; i < to; i++) parts.push(text.slice(sentences.starts[i], sentences.ends[i]))
  return parts.join('\n')
}
