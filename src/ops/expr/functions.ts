import { codePointLength, isNumeric, order, typeName, wordCount } from './values.ts'

/** The longest pattern `matches` accepts, in characters. */
export const MAX_REGEX_LENGTH = 200

/** A compiled sub-expression: what it computes for a document. */
export type Eval = (doc: Record<string, unknown>) => unknown

/** A compiled argument: its closure, and its value when known at compile time. */
export interface CompiledArg {
  readonly fn: Eval
  readonly constant: boolean
  readonly value: unknown
}

/**
 * Where a call is, for its errors. `fail` throws the per-document type error
 * (`function 'length' at column 1 expects a string, got number`); `refuse` throws a
 * compile-time error about the call itself.
 */
export interface CallSite {
  readonly name: string
  fail(detail: string): never
  refuse(detail: string): never
}

/**
 * A built-in function: how many arguments it takes (`max` Infinity for variadic) and how
 * it compiles to a closure. Every built-in is pure, so calls on constants fold.
 */
export interface FunctionSpec {
  readonly min: number
  readonly max: number
  readonly compile: (args: readonly CompiledArg[], site: CallSite) => Eval
}

const str1 = (f: (s: string) => unknown) => (args: readonly CompiledArg[], site: CallSite): Eval => {
  const a = args[0]!.fn
  return (doc) => {
    const s = a(doc)
    if (s === null) return null
    if (typeof s !== 'string') return site.fail(`expects a string, got ${typeName(s)}`)
    return f(s)
  }
}

const str2 = (f: (s: string, t: string) => unknown) => (args: readonly CompiledArg[], site: CallSite): Eval => {
  const a = args[0]!.fn
  const b = args[1]!.fn
  return (doc) => {
    const s = a(doc)
    const t = b(doc)
    if (s === null || t === null) return null
    if (typeof s !== 'string') return site.fail(`expects a string as argument 1, got ${typeName(s)}`)
    if (typeof t !== 'string') return site.fail(`expects a string as argument 2, got ${typeName(t)}`)
    return f(s, t)
  }
}

const least = (pickFirst: (o: number) => boolean) => (args: readonly CompiledArg[], site: CallSite): Eval => {
  const a = args[0]!.fn
  const b = args[1]!.fn
  return (doc) => {
    const x = a(doc)
    const y = b(doc)
    if (x === null || y === null) return null
    const o = order(x, y)
    if (o === undefined) return site.fail(`expects two numbers or two strings, got ${typeName(x)} and ${typeName(y)}`)
    return pickFirst(o) ? x : y
  }
}

function matches(args: readonly CompiledArg[], site: CallSite): Eval {
  const pattern = args[1]!
  if (!pattern.constant || typeof pattern.value !== 'string') site.refuse('takes its pattern as a string literal')
  const source = pattern.value as string
  if (source.length > MAX_REGEX_LENGTH) site.refuse(`got a regex of ${source.length} characters; the limit is ${MAX_REGEX_LENGTH}`)
  let re: RegExp
  try {
    re = new RegExp(source, 'u')
  } catch (e) {
    const reason = String((e as Error).message).replace(/^.*: /, '')
    return site.refuse(`got an invalid regex '${source}': ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`)
  }
  return str1((s) => re.test(s))([args[0]!], site)
}

/**
 * The built-in functions by name. Every one but `coalesce` and `is_null` returns null when
 * an argument is null. Characters are code points; words are runs of non-whitespace.
 */
export const FUNCTIONS = {
  length: { min: 1, max: 1, compile: str1(codePointLength) },
  words: { min: 1, max: 1, compile: str1(wordCount) },
  lower: { min: 1, max: 1, compile: str1((s) => s.toLowerCase()) },
  upper: { min: 1, max: 1, compile: str1((s) => s.toUpperCase()) },
  contains: { min: 2, max: 2, compile: str2((s, t) => s.includes(t)) },
  starts_with: { min: 2, max: 2, compile: str2((s, t) => s.startsWith(t)) },
  ends_with: { min: 2, max: 2, compile: str2((s, t) => s.endsWith(t)) },
  matches: { min: 2, max: 2, compile: matches },
  coalesce: {
    min: 1,
    max: Infinity,
    compile: (args) => {
      const fns = args.map((a) => a.fn)
      return (doc) => {
        for (let i = 0; i < fns.length; i++) {
          const v = fns[i]!(doc)
          if (v !== null) return v
        }
        return null
      }
    },
  },
  is_null: {
    min: 1,
    max: 1,
    compile: (args) => {
      const a = args[0]!.fn
      return (doc) => a(doc) === null
    },
  },
  abs: {
    min: 1,
    max: 1,
    compile: (args, site) => {
      const a = args[0]!.fn
      return (doc) => {
        const v = a(doc)
        if (v === null) return null
        if (!isNumeric(v)) return site.fail(`expects a number, got ${typeName(v)}`)
        return Math.abs(Number(v))
      }
    },
  },
  min: { min: 2, max: 2, compile: least((o) => o <= 0) },
  max: { min: 2, max: 2, compile: least((o) => o >= 0) },
} satisfies Readonly<Record<string, FunctionSpec>>

/** The name of a built-in function. */
export type FunctionName = keyof typeof FUNCTIONS

/** True when `name` is a built-in function (own names only, never `toString` and kin). */
export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(FUNCTIONS, name)
}
