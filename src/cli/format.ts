const counts = new Intl.NumberFormat('en-US')
const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB']

/** A count with thousands separators, `1,234,567`; `undefined` (not known) prints as `?`. */
export function formatCount(n: number | undefined): string {
  return n === undefined ? '?' : counts.format(n)
}

/** A count and a noun, plural unless the count is one: `1 file`, `1,024 files`. */
export function countOf(n: number, noun: string): string {
  return `${formatCount(n)} ${n === 1 ? noun : `${noun}s`}`
}

/** A byte size in binary units: `512 B`, `1.5 KiB`, `12.3 MiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  let value = n
  let unit = -1
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`
}

/** A time in ms since the epoch as ISO 8601 in UTC, without milliseconds when they are zero. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

/** How a column of a table aligns: numbers right, text left. */
export type Align = 'left' | 'right'

/** A column of a rendered table: its header and alignment. */
export interface Column {
  readonly header: string
  readonly align?: Align
}

/**
 * Renders rows as lines of aligned columns under a header line, two spaces apart.
 * Cells are already text; widths count code points so accented text lines up.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const width = columns.map((c, i) => Math.max(length(c.header), ...rows.map((r) => length(r[i] ?? ''))))
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (columns[i]!.align === 'right' ? pad(cell, width[i]!, 'start') : i === cells.length - 1 ? cell : pad(cell, width[i]!, 'end')))
      .join('  ')
  return [line(columns.map((c) => c.header)), ...rows.map(line)]
}

/** `text` on one line, cut to `max` code points with an ellipsis; line breaks and tabs are shown escaped. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\r?\n/g, '\\n').replace(/\t/g, '\\t')
  const chars = [...flat]
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`
}

/** A JSON-ready value as one table cell of at most `max` code points: text unquoted, `null` for null, structures as JSON. */
export function cellText(v: unknown, max: number): string {
  if (v === null || v === undefined) return 'null'
  return truncate(typeof v === 'object' ? JSON.stringify(v) : String(v), max)
}

function length(s: string): number {
  return [...s].length
}

function pad(s: string, width: number, side: 'start' | 'end'): string {
  const fill = ' '.repeat(Math.max(0, width - length(s)))
  return side === 'start' ? fill + s : s + fill
}
