import { expressionError, locate } from './expression-error.ts'
import { type CallSite, type CompiledArg, type Eval, FUNCTIONS } from './functions.ts'
import { type ArithmeticOp, type ComparisonOp, type Expr, parseExpression } from './parse.ts'
import { isNumeric, order, scalarEquals, typeName } from './values.ts'

/**
 * A compiled expression: a tree of closures built once, run per document with no syntax
 * tree walk. `columns` lists the columns it reads, in order of first mention.
 */
export interface CompiledExpression {
  readonly source: string
  readonly columns: string[]
  /**
   * The expression's value for `doc` (a missing column is null). Throws an
   * `invalid_argument` StrataError when a value has the wrong type for its operator or
   * function, e.g. `expression 'length(n) > 3': function 'length' at column 1 expects a
   * string, got number`.
   */
  evaluate(doc: Record<string, unknown>): unknown
  /** True when the expression is exactly `true` for `doc`: what a filter keeps. Throws as `evaluate`. */
  keeps(doc: Record<string, unknown>): boolean
}

/**
 * Parses and compiles an expression (see `parseExpression` for the errors it throws).
 * Sub-expressions of constants are folded at compile time; a fold that would throw is left
 * to throw per document instead, so `length(42)` is a per-document type error.
 *
 * Semantics: null propagates through arithmetic, comparisons and functions (except
 * `coalesce` and `is_null`); `and`, `or` and `not` are three-valued and short-circuit;
 * division or remainder by zero is null; bigint values become numbers in arithmetic but
 * compare exactly with numbers; strings order by code point; values of different scalar
 * types are unequal and cannot be ordered.
 */
export function compileExpression(source: string): CompiledExpression {
  const tree = parseExpression(source)
  const context: Context = { source, columns: new Set() }
  const root = compile(tree, context)
  const evaluate = root.fn
  return Object.freeze({
    source,
    columns: Object.freeze([...context.columns]) as string[],
    evaluate,
    keeps: (doc: Record<string, unknown>) => evaluate(doc) === true,
  })
}

interface Context {
  readonly source: string
  readonly columns: Set<string>
}

type Compiled = CompiledArg
type Compiler<K extends Expr['kind']> = (node: Extract<Expr, { kind: K }>, context: Context) => Compiled

const NO_DOC: Record<string, unknown> = Object.freeze({})

function compile(node: Expr, context: Context): Compiled {
  return (COMPILERS[node.kind] as Compiler<Expr['kind']>)(node, context)
}

function constant(value: unknown): Compiled {
  return { fn: () => value, constant: true, value }
}

function dynamic(fn: Eval): Compiled {
  return { fn, constant: false, value: undefined }
}

// Pure nodes over constants are constants, unless computing one throws: that error is the
// document's to see, at evaluation, like any other type error.
function fold(fn: Eval, children: readonly Compiled[]): Compiled {
  if (!children.every((c) => c.constant)) return dynamic(fn)
  try {
    return constant(fn(NO_DOC))
  } catch {
    return dynamic(fn)
  }
}

function thrower(context: Context, subject: string, pos: number): (detail: string) => never {
  return (detail) => {
    throw expressionError(context.source, `${subject} at ${locate(context.source, pos)} ${detail}`, 'invalid_argument')
  }
}

const ARITHMETIC: { readonly [K in ArithmeticOp]: (x: number, y: number) => number | null } = {
  '*': (x, y) => x * y,
  '/': (x, y) => (y === 0 ? null : x / y),
  '%': (x, y) => (y === 0 ? null : x % y),
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
}

const ORDERING: { readonly [K in Exclude<ComparisonOp, '==' | '!='>]: (o: number) => boolean } = {
  '<': (o) => o < 0,
  '<=': (o) => o <= 0,
  '>': (o) => o > 0,
  '>=': (o) => o >= 0,
}

function arithmeticStep(op: ArithmeticOp, fail: (detail: string) => never): (x: unknown, y: unknown) => unknown {
  const apply = ARITHMETIC[op]
  const concatenates = op === '+'
  const expects = concatenates ? 'two numbers or two strings' : 'two numbers'
  return (x, y) => {
    if (typeof x === 'number' && typeof y === 'number') return apply(x, y)
    if (x === null || y === null) return null
    if (isNumeric(x) && isNumeric(y)) return apply(Number(x), Number(y))
    if (concatenates && typeof x === 'string' && typeof y === 'string') return x + y
    return fail(`expects ${expects}, got ${typeName(x)} and ${typeName(y)}`)
  }
}

const COMPILERS: { readonly [K in Expr['kind']]: Compiler<K> } = {
  literal: (node) => constant(node.value),

  column: (node, context) => {
    const name = node.name
    context.columns.add(name)
    // A column named like an Object.prototype member must not read the prototype.
    if (name in Object.prototype) return dynamic((doc) => (Object.hasOwn(doc, name) ? (doc[name] ?? null) : null))
    return dynamic((doc) => {
      const v = doc[name]
      return v === undefined ? null : v
    })
  },

  not: (node, context) => {
    const operand = compile(node.operand, context)
    const a = operand.fn
    const fail = thrower(context, "operator 'not'", node.pos)
    return fold((doc) => {
      const v = a(doc)
      if (v === null) return null
      if (typeof v !== 'boolean') return fail(`expects a boolean, got ${typeName(v)}`)
      return !v
    }, [operand])
  },

  negate: (node, context) => {
    const operand = compile(node.operand, context)
    const a = operand.fn
    const fail = thrower(context, "operator '-'", node.pos)
    return fold((doc) => {
      const v = a(doc)
      if (typeof v === 'number') return -v
      if (v === null) return null
      if (typeof v === 'bigint') return -Number(v)
      return fail(`expects a number, got ${typeName(v)}`)
    }, [operand])
  },

  arithmetic: (node, context) => {
    const first = compile(node.first, context)
    const operands = node.rest.map((step) => compile(step.operand, context))
    const a = first.fn
    const fns = operands.map((o) => o.fn)
    const steps = node.rest.map((step) => arithmeticStep(step.op, thrower(context, `operator '${step.op}'`, step.pos)))
    if (steps.length === 1) {
      const b = fns[0]!
      const step = steps[0]!
      return fold((doc) => step(a(doc), b(doc)), [first, ...operands])
    }
    return fold((doc) => {
      let acc = a(doc)
      for (let i = 0; i < fns.length; i++) acc = steps[i]!(acc, fns[i]!(doc))
      return acc
    }, [first, ...operands])
  },

  comparison: (node, context) => {
    const left = compile(node.left, context)
    const right = compile(node.right, context)
    const a = left.fn
    const b = right.fn
    const fail = thrower(context, `operator '${node.op}'`, node.pos)
    if (node.op === '==' || node.op === '!=') {
      const equal = node.op === '=='
      return fold((doc) => {
        const x = a(doc)
        const y = b(doc)
        if (x === null || y === null) return null
        const eq = scalarEquals(x, y)
        if (eq === undefined) return fail(`cannot compare ${typeName(x)} with ${typeName(y)}`)
        return eq === equal
      }, [left, right])
    }
    const holds = ORDERING[node.op]
    return fold((doc) => {
      const x = a(doc)
      const y = b(doc)
      if (typeof x === 'number' && typeof y === 'number') return holds(x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN)
      if (x === null || y === null) return null
      const o = order(x, y)
      if (o === undefined) return fail(`cannot compare ${typeName(x)} with ${typeName(y)}`)
      return holds(o)
    }, [left, right])
  },

  logical: (node, context) => {
    const operands = node.operands.map((o) => compile(o, context))
    const fns = operands.map((o) => o.fn)
    const fail = thrower(context, `operator '${node.op}'`, node.pos)
    // `and` stops at the first false, `or` at the first true; null means unknown.
    const decisive = node.op === 'or'
    return fold((doc) => {
      let unknown = false
      for (let i = 0; i < fns.length; i++) {
        const v = fns[i]!(doc)
        if (v === decisive) return decisive
        if (v === null) unknown = true
        else if (typeof v !== 'boolean') return fail(`expects booleans, got ${typeName(v)}`)
      }
      return unknown ? null : !decisive
    }, operands)
  },

  in: (node, context) => {
    const operand = compile(node.operand, context)
    const items = node.items.map((item) => compile(item, context))
    const a = operand.fn
    const fail = thrower(context, node.negated ? "operator 'not in'" : "operator 'in'", node.pos)
    const found = !node.negated
    if (items.every((item) => item.constant)) {
      const member = literalMembership(items.map((item) => item.value))
      return fold((doc) => {
        const v = a(doc)
        if (v === null) return null
        const m = member(v)
        if (m === undefined) return fail(`cannot compare ${typeName(v)} with list items`)
        return m ? found : member.hasNull ? null : !found
      }, [operand])
    }
    const fns = items.map((item) => item.fn)
    return fold((doc) => {
      const v = a(doc)
      if (v === null) return null
      let unknown = false
      for (let i = 0; i < fns.length; i++) {
        const w = fns[i]!(doc)
        if (w === null) {
          unknown = true
          continue
        }
        const eq = scalarEquals(v, w)
        if (eq === undefined) return fail(`cannot compare ${typeName(v)} with ${typeName(w)}`)
        if (eq) return found
      }
      return unknown ? null : !found
    }, [operand, ...items])
  },

  call: (node, context) => {
    const args = node.args.map((arg) => compile(arg, context))
    const subject = `function '${node.name}'`
    const where = `${subject} at ${locate(context.source, node.pos)}`
    const site: CallSite = {
      name: node.name,
      fail: thrower(context, subject, node.pos),
      refuse: (detail) => {
        throw expressionError(context.source, `${where} ${detail}`)
      },
    }
    return fold(FUNCTIONS[node.name].compile(args, site), args)
  },
}

type Membership = ((v: unknown) => boolean | undefined) & { hasNull: boolean }

// A list of constants becomes hash sets, so `in` costs one lookup per document.
function literalMembership(values: readonly unknown[]): Membership {
  const strings = new Set<string>()
  const numbers = new Set<number>()
  const bigints = new Set<bigint>()
  const booleans = new Set<boolean>()
  let hasNull = false
  for (const v of values) {
    if (typeof v === 'string') strings.add(v)
    else if (typeof v === 'number') numbers.add(v)
    else if (typeof v === 'bigint') bigints.add(v)
    else if (typeof v === 'boolean') booleans.add(v)
    else if (v === null) hasNull = true
  }
  const member = (v: unknown): boolean | undefined => {
    switch (typeof v) {
      case 'string':
        return strings.has(v)
      case 'number':
        return numbers.has(v) || (bigints.size > 0 && Number.isInteger(v) && bigints.has(BigInt(v)))
      case 'bigint': {
        if (bigints.has(v)) return true
        const n = Number(v)
        return numbers.has(n) && BigInt(n) === v
      }
      case 'boolean':
        return booleans.has(v)
      default:
        return undefined
    }
  }
  return Object.assign(member, { hasNull })
}
