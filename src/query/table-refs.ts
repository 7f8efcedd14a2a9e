import { isZone } from '../repo/repository.ts'

/**
 * A table a query names: `ref` is what to resolve (`bronze/web_en`, `silver/web-en@12`,
 * `./events`), `name` the SQL name to define for it so that the query finds it.
 */
export interface TableRef {
  readonly ref: string
  readonly name: SqlName
}

/** A DuckDB table or view name: `schema.table`, or `table` in the default schema. */
export interface SqlName {
  readonly schema: string | undefined
  readonly table: string
}

type Token =
  | { readonly kind: 'word'; readonly value: string; readonly quoted: boolean }
  | { readonly kind: 'dot' }
  | { readonly kind: 'other' }

/**
 * The tables a query reads: every identifier pair `zone.name` whose first part is a zone
 * (`bronze.docs`, `silver."web-en"`), read as the dataset `zone/name`, and every quoted
 * identifier holding a `/` (`"silver/web-en@12"`, `"./events"`), read as a ref. Names
 * inside string literals and comments are not references. Each table appears once.
 */
export function findTableRefs(sql: string): TableRef[] {
  const tokens = tokenize(sql)
  const found = new Map<string, TableRef>()
  tokens.forEach((t, i) => {
    if (t.kind !== 'word' || tokens[i - 1]?.kind === 'dot') return
    const next = tokens[i + 2]
    if (!t.quoted && isZone(t.value.toLowerCase()) && tokens[i + 1]?.kind === 'dot' && next?.kind === 'word') {
      const zone = t.value.toLowerCase()
      found.set(`${zone}/${next.value}`, { ref: `${zone}/${next.value}`, name: { schema: zone, table: next.value } })
    } else if (t.quoted && t.value.includes('/')) {
      found.set(t.value, { ref: t.value, name: { schema: undefined, table: t.value } })
    }
  })
  return [...found.values()]
}

/** `name` as a SQL quoted identifier. */
export function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** A table name as SQL: `"schema"."table"` or `"table"`. */
export function sqlName(name: SqlName): string {
  return name.schema === undefined ? quote(name.table) : `${quote(name.schema)}.${quote(name.table)}`
}

const WORD = /[A-Za-z_][A-Za-z0-9_$]*/y

// Only what tells names apart from literals and comments: DuckDB does the real parsing.
function tokenize(sql: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < sql.length) {
    const c = sql[i]!
    if (c === "'") {
      i = closing(sql, i, "'")
      tokens.push({ kind: 'other' })
    } else if (c === '"') {
      const end = closing(sql, i, '"')
      tokens.push({ kind: 'word', value: sql.slice(i + 1, end - 1).replaceAll('""', '"'), quoted: true })
      i = end
    } else if (sql.startsWith('--', i)) {
      i = sql.indexOf('\n', i) < 0 ? sql.length : sql.indexOf('\n', i)
    } else if (sql.startsWith('/*', i)) {
      i = sql.indexOf('*/', i + 2) < 0 ? sql.length : sql.indexOf('*/', i + 2) + 2
    } else if (/[A-Za-z_]/.test(c)) {
      WORD.lastIndex = i
      const word = WORD.exec(sql)![0]
      tokens.push({ kind: 'word', value: word, quoted: false })
      i += word.length
    } else if (c === '.') {
      tokens.push({ kind: 'dot' })
      i++
    } else {
      if (!/\s/.test(c)) tokens.push({ kind: 'other' })
      i++
    }
  }
  return tokens
}

// The index after the quote that closes the one at `start`; a doubled quote is an escaped one.
function closing(sql: string, start: number, q: string): number {
  let i = start + 1
  while (i < sql.length) {
    if (sql[i] === q) {
      if (sql[i + 1] !== q) return i + 1
      i += 2
    } else {
      i++
    }
  }
  return sql.length
}
