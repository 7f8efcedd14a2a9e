import type { Doc, FilterOperator } from '../operator.ts'

/** A filter's `check` that judges the text in `column` of each document; one without a string there is dropped as `no_text`. */
export function judgeText(column: string, judge: (text: string, doc: Doc) => string | null): FilterOperator['check'] {
  return (batch) =>
    batch.map((doc) => {
      const text = doc[column]
      return typeof text === 'string' ? judge(text, doc) : 'no_text'
    })
}
