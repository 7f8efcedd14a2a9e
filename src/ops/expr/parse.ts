import { closest } from '../../core/closest.ts'
import { expressionError, locate } from './expression-error.ts'
import { FUNCTIONS, type FunctionName, isFunctionName } from './functions.ts'
import { type Token, tokenize } from './tokenize.ts'

/** The deepest nesting of parentheses, calls, lists and unary operators accepted. */
export const MAX_EXPRESSION_DEPTH = 100

/** A literal's value: integers beyond 2^53 are bigint so they stay exact. */
export type LiteralValue = null | boolean | number | bigint | string

export type ArithmeticOp = '*' | '/' | '%' | '+' | '-'
export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>='

/** One step of an arithmetic chain: `op operand`, applied left to right. */
export interface ArithmeticStep {
  readonly op: ArithmeticOp
  readonly operand: Expr
  readonly pos: number
}

/**
 * The syntax tree. Every node has `pos`, the UTF-16 offset of the token that names it (the
 * operator of a binary node, the name of a call), for error messages. A chain of
 * operators of one precedence (`a + b - c`, `a or b or c`) is one flat node, so a long
 * chain costs no stack depth to compile or evaluate.
 */
export type Expr =
  | { readonly kind: 'literal'; readonly value: LiteralValue; readonly pos: number }
  | { readonly kind: 'column'; readonly name: string; readonly pos: number }
  | { readonly kind: 'not'; readonly operand: Expr; readonly pos: number }
  | { readonly kind: 'negate'; readonly operand: Expr; readonly pos: number }
  | { readonly kind: 'arithmetic'; readonly first: Expr; readonly rest: readonly ArithmeticStep[]; readonly pos: number }
  | { readonly kind: 'comparison'; readonly op: ComparisonOp; readonly left: Expr; readonly right: Expr; readonly pos: number }
  | { readonly kind: 'logical'; readonly op: 'and' | 'or'; readonly operands: readonly Expr[]; readonly pos: number }
  | { readonly kind: 'in'; readonly operand: Expr; readonly items: readonly Expr[]; readonly negated: boolean; readonly pos: number }
  | { readonly kind: 'call'; readonly name: FunctionName; readonly args: readonly Expr[]; readonly pos: number }

const COMPARISONS: ReadonlySet<string> = new Set<ComparisonOp>(['==', '!=', '<', '<=', '>', '>='])

/**
 * Parses an expression into its syntax tree. Throws an `invalid_expression` StrataError
 * naming the column of the first fault: `expression 'length(text) >> 3': unexpected '>' at
 * column 15`; an unknown function with the closest known name; a call with the wrong number
 * of arguments; nesting deeper than {@link MAX_EXPRESSION_DEPTH}.
 */
export function parseExpression(source: string): Expr {
  const tokens = tokenize(source)
  let i = 0
  let depth = 0

  const peek = (): Token => tokens[i]!
  const next = (): Token => tokens[i++]!
  const isSymbol = (t: Token, value: string): boolean => t.kind === 'symbol' && t.value === value
  const isKeyword = (t: Token, value: string): boolean => t.kind === 'keyword' && t.value === value
  const fail = (detail: string, at: number): never => {
    throw expressionError(source, detail.replace('{at}', locate(source, at)))
  }
  const unexpected = (t: Token, hint = ''): never => fail(`unexpected ${describe(source, t)} at {at}${hint}`, t.pos)
  const expect = (value: string): Token => {
    const t = next()
    return isSymbol(t, value) ? t : unexpected(t, `; expected '${value}'`)
  }
  const nested = <T>(at: number, parse: () => T): T => {
    if (++depth > MAX_EXPRESSION_DEPTH) fail(`nesting deeper than ${MAX_EXPRESSION_DEPTH} at {at}`, at)
    const result = parse()
    depth--
    return result
  }

  const logical = (op: 'and' | 'or', operand: () => Expr): Expr => {
    const first = operand()
    if (!isKeyword(peek(), op)) return first
    const pos = peek().pos
    const operands = [first]
    while (isKeyword(peek(), op)) {
      next()
      operands.push(operand())
    }
    return { kind: 'logical', op, operands, pos }
  }
  const expression = (): Expr => logical('or', conjunction)
  const conjunction = (): Expr => logical('and', negation)

  const negation = (): Expr => {
    const t = peek()
    if (!isKeyword(t, 'not')) return comparison()
    next()
    return { kind: 'not', operand: nested(t.pos, negation), pos: t.pos }
  }

  const comparison = (): Expr => {
    const left = additive()
    const t = peek()
    let result: Expr
    if (t.kind === 'symbol' && COMPARISONS.has(t.value)) {
      next()
      result = { kind: 'comparison', op: t.value as ComparisonOp, left, right: additive(), pos: t.pos }
    } else if (isKeyword(t, 'in') || (isKeyword(t, 'not') && isKeyword(tokens[i + 1]!, 'in'))) {
      const negated = isKeyword(next(), 'not')
      if (negated) next()
      result = { kind: 'in', operand: left, items: nested(t.pos, list), negated, pos: t.pos }
    } else {
      return left
    }
    const after = peek()
    if ((after.kind === 'symbol' && COMPARISONS.has(after.value)) || isKeyword(after, 'in')) {
      unexpected(after, "; comparisons do not chain, join them with 'and'")
    }
    return result
  }

  const list = (): Expr[] => {
    expect('[')
    const items: Expr[] = []
    if (isSymbol(peek(), ']')) {
      next()
      return items
    }
    while (true) {
      items.push(expression())
      const t = next()
      if (isSymbol(t, ']')) return items
      if (!isSymbol(t, ',')) unexpected(t, "; expected ',' or ']'")
    }
  }

  const binary = (ops: readonly string[], operand: () => Expr): Expr => {
    const first = operand()
    const rest: ArithmeticStep[] = []
    while (true) {
      const t = peek()
      if (t.kind !== 'symbol' || !ops.includes(t.value)) break
      next()
      rest.push({ op: t.value as ArithmeticOp, operand: operand(), pos: t.pos })
    }
    return rest.length === 0 ? first : { kind: 'arithmetic', first, rest, pos: rest[0]!.pos }
  }
  const additive = (): Expr => binary(['+', '-'], multiplicative)
  const multiplicative = (): Expr => binary(['*', '/', '%'], unary)

  const unary = (): Expr => {
    const t = peek()
    if (!isSymbol(t, '-')) return primary()
    next()
    const operand = nested(t.pos, unary)
    // A negative literal stays a literal, so -9007199254740993 stays exact.
    if (operand.kind === 'literal' && (typeof operand.value === 'number' || typeof operand.value === 'bigint')) {
      return { kind: 'literal', value: -operand.value, pos: t.pos }
    }
    return { kind: 'negate', operand, pos: t.pos }
  }

  const primary = (): Expr => {
    const t = next()
    switch (t.kind) {
      case 'number':
      case 'string':
        return { kind: 'literal', value: t.value, pos: t.pos }
      case 'keyword':
        if (t.value === 'true' || t.value === 'false') return { kind: 'literal', value: t.value === 'true', pos: t.pos }
        if (t.value === 'null') return { kind: 'literal', value: null, pos: t.pos }
        return unexpected(t)
      case 'name':
        if (!t.quoted && isSymbol(peek(), '(')) return call(t.value, t.pos)
        return { kind: 'column', name: t.value, pos: t.pos }
      case 'symbol':
        if (t.value !== '(') return unexpected(t)
        return nested(t.pos, () => {
          const inner = expression()
          expect(')')
          return inner
        })
      case 'eof':
        return unexpected(t)
    }
  }

  const call = (name: string, pos: number): Expr => {
    if (!isFunctionName(name)) {
      const near = closest(name, Object.keys(FUNCTIONS))
      const hint = near ? `did you mean '${near}'?` : `known functions: ${Object.keys(FUNCTIONS).join(', ')}`
      fail(`unknown function '${name}' at {at}; ${hint}`, pos)
    }
    const spec = FUNCTIONS[name as FunctionName]
    const args = nested(pos, () => {
      expect('(')
      const args: Expr[] = []
      if (isSymbol(peek(), ')')) {
        next()
        return args
      }
      while (true) {
        args.push(expression())
        const t = next()
        if (isSymbol(t, ')')) return args
        if (!isSymbol(t, ',')) unexpected(t, "; expected ',' or ')'")
      }
    })
    if (args.length < spec.min || args.length > spec.max) {
      const expected = spec.min === spec.max ? `${spec.min}` : spec.max === Infinity ? `at least ${spec.min}` : `${spec.min} to ${spec.max}`
      fail(`function '${name}' at {at} takes ${expected} argument${/(^| )1$/.test(expected) ? '' : 's'}, got ${args.length}`, pos)
    }
    return { kind: 'call', name: name as FunctionName, args, pos }
  }

  const tree = expression()
  const end = peek()
  if (end.kind !== 'eof') unexpected(end)
  return tree
}

function describe(source: string, t: Token): string {
  if (t.kind === 'eof') return 'end of expression'
  const text = source.slice(t.pos, t.end)
  const shown = text.length > 24 ? `${text.slice(0, 21)}...` : text
  if (t.kind === 'number') return `number ${shown}`
  if (t.kind === 'string') return `string ${shown}`
  if (t.kind === 'name') return `name ${t.quoted ? shown : `'${shown}'`}`
  return `'${shown}'`
}
