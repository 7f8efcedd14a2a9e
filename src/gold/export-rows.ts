import { StrataError } from '../core/errors.ts'
import type { Doc } from '../ops/operator.ts'

/** Which of the columns that shape an export a table has: `split`, `mix_copies`, `shuffle_key`. */
export interface ExportColumns {
  readonly split: boolean
  readonly copies: boolean
  readonly shuffleKey: boolean
}

const SPLIT_NAME = /^\w+$/

/**
 * The split of a row (of a table with a `split` column): its value, which must be a plain
 * name (letters, digits, `_`), as Hugging Face split names and file names need.
 * `index` (the row's place in the table) and `label` (`gold/x@3`) name it in errors.
 */
export function splitOf(row: Doc, index: number, label: string): string {
  const split = row.split
  if (typeof split === 'string' && SPLIT_NAME.test(split)) return split
  const what = split === null || split === undefined ? 'has no split' : `has split ${JSON.stringify(split)}, which is not a plain name (letters, digits, _)`
  throw new StrataError('invalid_argument', `${label}: row ${index} ${what}`)
}

/** How many times an export writes a row (of a table with `mix_copies`): the column's value, 1 when null. */
export function copiesOf(row: Doc, index: number, label: string): number {
  const v = row.mix_copies
  if (v === null || v === undefined) return 1
  const n = typeof v === 'bigint' ? Number(v) : v
  if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) return n
  throw new StrataError('invalid_argument', `${label}: row ${index} has mix_copies ${String(v)}, not a whole number of at least 0`)
}

/** Splits in the order exports and cards list them: `train`, `validation`, `test`, then the others by name. */
export function exportSplits(splits: Iterable<string>): string[] {
  const rank = (s: string) => {
    const i = ['train', 'validation', 'test'].indexOf(s)
    return i < 0 ? 3 : i
  }
  return [...splits].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
}
