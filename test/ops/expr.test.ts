import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isStrataError } from '../../src/core/errors.ts'
import { compileExpression } from '../../src/ops/expr/evaluate.ts'
import { MAX_EXPRESSION_DEPTH, parseExpression } from '../../src/ops/expr/parse.ts'
import { MAX_EXPRESSION_LENGTH, tokenize } from '../../src/ops/expr/tokenize.ts'

const run = (source: string, doc: Record<string, unknown> = {}) => compileExpression(source).evaluate(doc)

/** Asserts that compiling (or, with `doc`, evaluating) `source` throws exactly `message` with `code`. */
function refuses(source: string, message: string, code = 'invalid_expression', doc?: Record<string, unknown>) {
  assert.throws(
    () => (doc ? compileExpression(source).evaluate(doc) : compileExpression(source)),
    (e: unknown) => {
      assert.ok(isStrataError(e), `not a StrataError: ${String(e)}`)
      assert.equal(e.message, message)
      assert.equal(e.code, code)
      return true
    },
  )
}

const brief = (source: string) => tokenize(source).map((t) => (t.kind === 'eof' ? 'eof' : `${t.kind}:${String(t.value)}`))

describe('expression tokenizer', () => {
  it('splits numbers, strings, names, keywords and operators', () => {
    assert.deepEqual(brief("a_1 >= 1.5e3 and `odd name` != 'x' or not b <= .5"), [
      'name:a_1', 'symbol:>=', 'number:1500', 'keyword:and', 'name:odd name', 'symbol:!=', 'string:x',
      'keyword:or', 'keyword:not', 'name:b', 'symbol:<=', 'number:0.5', 'eof',
    ])
  })

  it('decodes backslash escapes in both quote styles and in backtick names', () => {
    const [a, b, c] = tokenize(String.raw`'it\'s\n' "say \"hi\"\t\\" ` + '`a\\`b`')
    assert.equal(a!.kind === 'string' && a.value, "it's\n")
    assert.equal(b!.kind === 'string' && b.value, 'say "hi"\t\\')
    assert.equal(c!.kind === 'name' && c.value, 'a`b')
    const [u] = tokenize(String.raw`'\u00e9\u{1F600}'`)
    assert.equal(u!.kind === 'string' && u.value, 'é😀')
  })

  it('keeps integers beyond 2^53 exact as bigint', () => {
    const [t] = tokenize('9007199254740993')
    assert.equal(t!.kind === 'number' && t.value, 9007199254740993n)
  })

  it('takes unicode letters in names', () => {
    assert.deepEqual(brief('café_größe'), ['name:café_größe', 'eof'])
  })

  it('names the column of a bad character, string, escape or number', () => {
    refuses("x = 1", "expression 'x = 1': unexpected '=' at column 3; did you mean '=='?")
    refuses('a && b', "expression 'a && b': unexpected '&' at column 3; did you mean 'and'?")
    refuses('x # 1', "expression 'x # 1': unexpected '#' at column 3")
    refuses("text == 'abc", "expression 'text == 'abc': unterminated string starting at column 9")
    refuses('`col', "expression '`col': unterminated quoted name starting at column 1")
    refuses('``', "expression '``': empty column name at column 1")
    refuses(String.raw`'a\q'`, String.raw`expression ''a\q'': unknown escape '\q' at column 3`)
    refuses(String.raw`'\u12'`, String.raw`expression ''\u12'': invalid unicode escape at column 2; write '\uXXXX' or '\u{X…}' up to 10FFFF`)
    refuses('1e', "expression '1e': malformed number '1e' at column 1")
    refuses('x > 1.2.3', "expression 'x > 1.2.3': malformed number '1.2.3' at column 5")
    refuses('2abc', "expression '2abc': malformed number '2abc' at column 1")
    refuses('1e400', "expression '1e400': number 1e400 at column 1 is out of range")
  })

  it('counts columns in code points and lines after a newline', () => {
    refuses("'😀😀' ? 1", "expression ''😀😀' ? 1': unexpected '?' at column 6")
    refuses('a\n  >> b', "expression 'a\n  >> b': unexpected '>' at line 2, column 4")
  })

  it(`refuses sources longer than ${MAX_EXPRESSION_LENGTH} characters`, () => {
    const source = `x == '${'a'.repeat(MAX_EXPRESSION_LENGTH)}'`
    refuses(source, `expression '${source.slice(0, 77)}...': ${source.length} characters exceed the limit of ${MAX_EXPRESSION_LENGTH}`)
  })
})

describe('expression parser', () => {
  it('names the column of an unexpected token', () => {
    refuses('length(text) >> 3', "expression 'length(text) >> 3': unexpected '>' at column 15")
    refuses('length(text', "expression 'length(text': unexpected end of expression at column 12; expected ',' or ')'")
    refuses('a b', "expression 'a b': unexpected name 'b' at column 3")
    refuses("a 'b'", "expression 'a 'b'': unexpected string 'b' at column 3")
    refuses('(a', "expression '(a': unexpected end of expression at column 3; expected ')'")
    refuses('', "expression '': unexpected end of expression at column 1")
    refuses('x in (1, 2)', "expression 'x in (1, 2)': unexpected '(' at column 6; expected '['")
    refuses('x in [1 2]', "expression 'x in [1 2]': unexpected number 2 at column 9; expected ',' or ']'")
    refuses('a < b < c', "expression 'a < b < c': unexpected '<' at column 7; comparisons do not chain, join them with 'and'")
    refuses('1 + and', "expression '1 + and': unexpected 'and' at column 5")
  })

  it('suggests the closest function for an unknown one, or lists them all', () => {
    refuses('lenght(text) > 3', "expression 'lenght(text) > 3': unknown function 'lenght' at column 1; did you mean 'length'?")
    refuses('starts_wth(a, b)', "expression 'starts_wth(a, b)': unknown function 'starts_wth' at column 1; did you mean 'starts_with'?")
    refuses(
      'x and foo(x)',
      "expression 'x and foo(x)': unknown function 'foo' at column 7; known functions: length, words, lower, upper, contains, starts_with, ends_with, matches, coalesce, is_null, abs, min, max",
    )
    refuses('toString(x)', "expression 'toString(x)': unknown function 'toString' at column 1; known functions: length, words, lower, upper, contains, starts_with, ends_with, matches, coalesce, is_null, abs, min, max")
  })

  it('names the expected argument count', () => {
    refuses('length(a, b)', "expression 'length(a, b)': function 'length' at column 1 takes 1 argument, got 2")
    refuses('min(1)', "expression 'min(1)': function 'min' at column 1 takes 2 arguments, got 1")
    refuses('coalesce()', "expression 'coalesce()': function 'coalesce' at column 1 takes at least 1 argument, got 0")
  })

  it('binds * over +, + over comparison, comparison over not, not over and, and over or', () => {
    assert.deepEqual(parseExpression('not a + b * c == d and e or f'), {
      kind: 'logical',
      op: 'or',
      pos: 25,
      operands: [
        {
          kind: 'logical',
          op: 'and',
          pos: 19,
          operands: [
            {
              kind: 'not',
              pos: 0,
              operand: {
                kind: 'comparison',
                op: '==',
                pos: 14,
                left: {
                  kind: 'arithmetic',
                  pos: 6,
                  first: { kind: 'column', name: 'a', pos: 4 },
                  rest: [
                    {
                      op: '+',
                      pos: 6,
                      operand: { kind: 'arithmetic', pos: 10, first: { kind: 'column', name: 'b', pos: 8 }, rest: [{ op: '*', pos: 10, operand: { kind: 'column', name: 'c', pos: 12 } }] },
                    },
                  ],
                },
                right: { kind: 'column', name: 'd', pos: 17 },
              },
            },
            { kind: 'column', name: 'e', pos: 23 },
          ],
        },
        { kind: 'column', name: 'f', pos: 28 },
      ],
    })
  })

  it('makes a negated number a literal', () => {
    assert.deepEqual(parseExpression('-9007199254740993'), { kind: 'literal', value: -9007199254740993n, pos: 0 })
  })

  it(`accepts nesting ${MAX_EXPRESSION_DEPTH} deep and refuses one more`, () => {
    const deep = (n: number) => `${'('.repeat(n)}1${')'.repeat(n)}`
    assert.equal(run(deep(MAX_EXPRESSION_DEPTH)), 1)
    refuses(deep(101), `expression '${deep(101).slice(0, 77)}...': nesting deeper than 100 at column 101`)
    refuses(`${'not '.repeat(101)}true`, `expression '${'not '.repeat(101).slice(0, 77)}...': nesting deeper than 100 at column 401`)
    refuses(`${'abs('.repeat(101)}1${')'.repeat(101)}`, `expression '${'abs('.repeat(101).slice(0, 77)}...': nesting deeper than 100 at column 401`)
  })

  it('evaluates a long flat chain that is not nested', () => {
    const source = Array.from({ length: 4000 }, () => '1').join('+')
    assert.equal(run(source), 4000)
    const columns = Array.from({ length: 2400 }, () => 'x').join(' - ')
    assert.equal(run(columns, { x: 1 }), -2398)
    assert.equal(run('10 - 4 - 3 * 2 + 1'), 1)
    const ors = Array.from({ length: 800 }, (_, i) => `x == ${i}`).join(' or ')
    assert.equal(run(ors, { x: 799 }), true)
  })
})

describe('expression evaluation', () => {
  it('follows precedence', () => {
    assert.equal(run('1 + 2 * 3 == 7 and not false'), true)
    assert.equal(run('(1 + 2) * 3'), 9)
    assert.equal(run('10 - 4 - 3'), 3)
    assert.equal(run('7 % 4 * 2'), 6)
    assert.equal(run('-2 * -3'), 6)
    assert.equal(run('- x', { x: 4 }), -4)
    assert.equal(run('true or false and false'), true)
    assert.equal(run('1.5e1 / 2'), 7.5)
  })

  it('concatenates strings with + and refuses mixing strings and numbers', () => {
    assert.equal(run("a + ' ' + b", { a: 'héllo', b: 'wörld' }), 'héllo wörld')
    refuses("a + 1", "expression 'a + 1': operator '+' at column 3 expects two numbers or two strings, got string and number", 'invalid_argument', { a: 'x' })
    refuses("a * 2", "expression 'a * 2': operator '*' at column 3 expects two numbers, got string and number", 'invalid_argument', { a: 'x' })
  })

  it('gives null for division or remainder by zero', () => {
    assert.equal(run('1 / 0'), null)
    assert.equal(run('x % 0', { x: 5 }), null)
  })

  it('propagates null through arithmetic, comparison, functions and not', () => {
    const cases: [string, unknown][] = [
      ['x + 1', null], ['-x', null], ['x * 2', null], ['x == 1', null], ['x != 1', null], ['x < 1', null],
      ['null == null', null], ['not x', null], ['length(x)', null], ['contains(x, "a")', null], ['min(x, 1)', null],
      ['abs(x)', null], ['x in [1, 2]', null], ['is_null(x)', true], ['is_null(1)', false], ['coalesce(x, 0)', 0],
    ]
    for (const [source, expected] of cases) assert.equal(run(source, { x: null }), expected, source)
    assert.equal(run('missing + 1', {}), null, 'a missing column is null')
  })

  it('follows three-valued logic for and, or and not', () => {
    const t = true, f = false, n = null
    // [a, b, a and b, a or b]
    const table: [boolean | null, boolean | null, boolean | null, boolean | null][] = [
      [t, t, t, t], [t, f, f, t], [t, n, n, t],
      [f, t, f, t], [f, f, f, f], [f, n, f, n],
      [n, t, n, t], [n, f, f, n], [n, n, n, n],
    ]
    const and = compileExpression('a and b')
    const or = compileExpression('a or b')
    for (const [a, b, both, either] of table) {
      assert.equal(and.evaluate({ a, b }), both, `${a} and ${b}`)
      assert.equal(or.evaluate({ a, b }), either, `${a} or ${b}`)
    }
    assert.equal(run('not a', { a: null }), null)
  })

  it('short-circuits and and or', () => {
    // The right side would be a type error if it ran.
    assert.equal(run('false and length(n) > 1', { n: 5 }), false)
    assert.equal(run('true or length(n) > 1', { n: 5 }), true)
    refuses('true and length(n) > 1', "expression 'true and length(n) > 1': function 'length' at column 10 expects a string, got number", 'invalid_argument', { n: 5 })
    refuses('a and 1', "expression 'a and 1': operator 'and' at column 3 expects booleans, got number", 'invalid_argument', { a: true })
  })

  it('keeps a document only when the expression is exactly true', () => {
    const e = compileExpression('x > 1')
    assert.deepEqual([{ x: 2 }, { x: 1 }, { x: null }, {}].map((d) => e.keeps(d)), [true, false, false, false])
    assert.equal(compileExpression('x').keeps({ x: 1 }), false)
  })

  it('compares bigint columns exactly with numbers and bigint', () => {
    const big = 9007199254740993n
    assert.equal(run('x == 9007199254740993', { x: big }), true)
    assert.equal(run('x == 9007199254740992', { x: big }), false)
    assert.equal(run('x > 9007199254740992', { x: big }), true)
    assert.equal(run('x == y', { x: 3n, y: 3 }), true)
    assert.equal(run('x < y', { x: 2n, y: 2.5 }), true)
    assert.equal(run('x >= y', { x: big, y: big }), true)
    assert.equal(run('x in [1, 2, 3]', { x: 2n }), true)
    assert.equal(run('x in [9007199254740993]', { x: big }), true)
    assert.equal(run('x in [9007199254740992]', { x: big }), false)
    assert.equal(run('x + 1', { x: 41n }), 42)
    assert.equal(run('abs(x)', { x: -5n }), 5)
    assert.equal(run('max(x, 1)', { x: big }), big)
  })

  it('treats values of different types as unequal but refuses to order them', () => {
    assert.equal(run("x == '1'", { x: 1 }), false)
    assert.equal(run("x != '1'", { x: 1 }), true)
    assert.equal(run('x == true', { x: 1 }), false)
    refuses("x < '1'", "expression 'x < '1'': operator '<' at column 3 cannot compare number with string", 'invalid_argument', { x: 1 })
    refuses('x == 1', "expression 'x == 1': operator '==' at column 3 cannot compare array with number", 'invalid_argument', { x: [1] })
    refuses('x in [1]', "expression 'x in [1]': operator 'in' at column 3 cannot compare object with list items", 'invalid_argument', { x: {} })
  })

  it('compares unicode strings by code point', () => {
    assert.equal(run("'\\u{1F600}' > '\\uFFFF'"), true, 'an astral character sorts after the last BMP one, as in UTF-8')
    assert.equal(run("'é' > 'z'"), true)
    assert.equal(run("'abc' < 'abd' and 'ab' < 'abc'"), true)
    assert.equal(run("s == 'naïve 😀'", { s: 'naïve 😀' }), true)
  })

  it('tests membership in lists of constants and of expressions', () => {
    assert.equal(run("lang in ['en', 'de']", { lang: 'de' }), true)
    assert.equal(run("lang in ['en', 'de']", { lang: 'fr' }), false)
    assert.equal(run("lang not in ['en', 'de']", { lang: 'fr' }), true)
    assert.equal(run('x in []', { x: 1 }), false)
    assert.equal(run('x in [1, null]', { x: 1 }), true)
    assert.equal(run('x in [2, null]', { x: 1 }), null, 'unknown, as in SQL')
    assert.equal(run('x not in [2, null]', { x: 1 }), null)
    assert.equal(run('x in [y, z + 1]', { x: 3, y: 1, z: 2 }), true)
    assert.equal(run('x in [y, z]', { x: 3, y: null, z: 2 }), null)
    assert.equal(run('b in [true]', { b: true }), true)
  })

  it('computes each function', () => {
    const doc = { s: 'Héllo  wörld 😀', n: -2.5 }
    const cases: [string, unknown][] = [
      ['length(s)', 14],
      ["length('')", 0],
      ['words(s)', 3],
      ["words('  \\t\\n ')", 0],
      ["words('a\\u3000b\\u00a0c')", 3],
      ['lower(s)', 'héllo  wörld 😀'],
      ['upper(s)', 'HÉLLO  WÖRLD 😀'],
      ["contains(s, 'wö')", true],
      ["contains(s, 'xyz')", false],
      ["starts_with(s, 'Hé')", true],
      ["ends_with(s, '😀')", true],
      ["ends_with(s, 'd')", false],
      ["matches(s, '^H.llo\\\\s+w')", true],
      ["matches(s, '\\\\p{Emoji_Presentation}$')", true],
      ["matches(s, '^wörld')", false],
      ['coalesce(missing, null, s)', doc.s],
      ['coalesce(missing)', null],
      ['is_null(missing)', true],
      ['abs(n)', 2.5],
      ['min(n, 1)', -2.5],
      ['max(n, 1)', 1],
      ["min('b', 'a')", 'a'],
      ["max('😀', '\\uFFFF')", '😀'],
    ]
    for (const [source, expected] of cases) assert.equal(run(source, doc), expected, source)
  })

  it('throws per document when a function gets the wrong type', () => {
    refuses('length(42)', "expression 'length(42)': function 'length' at column 1 expects a string, got number", 'invalid_argument', {})
    refuses('words(x) > 3', "expression 'words(x) > 3': function 'words' at column 1 expects a string, got boolean", 'invalid_argument', { x: true })
    refuses("contains('a', x)", "expression 'contains('a', x)': function 'contains' at column 1 expects a string as argument 2, got bigint", 'invalid_argument', { x: 1n })
    refuses("abs('x')", "expression 'abs('x')': function 'abs' at column 1 expects a number, got string", 'invalid_argument', {})
    refuses("min(1, 'a')", "expression 'min(1, 'a')': function 'min' at column 1 expects two numbers or two strings, got number and string", 'invalid_argument', {})
    refuses('-s', "expression '-s': operator '-' at column 1 expects a number, got string", 'invalid_argument', { s: 'a' })
    refuses('not s', "expression 'not s': operator 'not' at column 1 expects a boolean, got string", 'invalid_argument', { s: 'a' })
  })

  it('compiles the regex of matches once, from a string literal of at most 200 characters', () => {
    refuses('matches(s, p)', "expression 'matches(s, p)': function 'matches' at column 1 takes its pattern as a string literal")
    refuses("matches(s, '(')", "expression 'matches(s, '(')': function 'matches' at column 1 got an invalid regex '(': unterminated group")
    const long = `matches(s, '${'a'.repeat(201)}')`
    refuses(long, `expression '${long.slice(0, 77)}...': function 'matches' at column 1 got a regex of 201 characters; the limit is 200`)
    assert.equal(run(`matches(s, '${'a'.repeat(200)}')`, { s: 'a'.repeat(200) }), true)
  })

  it('lists the columns it reads, once each, in order of mention', () => {
    assert.deepEqual(compileExpression("length(text) > 3 and lang in ['en'] and `my col` == text").columns, ['text', 'lang', 'my col'])
    assert.deepEqual(compileExpression('1 + 2').columns, [])
  })

  it('reads a column named like an Object.prototype member from the document only', () => {
    assert.equal(run('constructor', {}), null)
    assert.equal(run('is_null(toString)', {}), true)
    assert.equal(run('`__proto__` == 1', JSON.parse('{"__proto__": 1}')), true)
  })

  it('agrees that a < b exactly when b > a, over seeded random numbers', () => {
    const lt = compileExpression('a < b')
    const gt = compileExpression('b > a')
    const le = compileExpression('a <= b')
    const ge = compileExpression('b >= a')
    let seed = 0x2545f491
    const random = () => {
      // xorshift32: deterministic, so a failure reproduces.
      seed ^= seed << 13
      seed ^= seed >>> 17
      seed ^= seed << 5
      return (seed >>> 0) / 0x100000000
    }
    const pick = (): unknown => {
      const r = random()
      if (r < 0.1) return null
      if (r < 0.2) return BigInt(Math.floor((random() - 0.5) * 2 ** 60))
      if (r < 0.3) return Math.floor(random() * 5)
      if (r < 0.35) return NaN
      return (random() - 0.5) * 10 ** Math.floor(random() * 20)
    }
    for (let i = 0; i < 5000; i++) {
      const doc = { a: pick(), b: pick() }
      assert.equal(lt.evaluate(doc), gt.evaluate(doc), `a=${String(doc.a)} b=${String(doc.b)}`)
      assert.equal(le.evaluate(doc), ge.evaluate(doc), `a=${String(doc.a)} b=${String(doc.b)}`)
      if (doc.a !== null && doc.b !== null && typeof doc.a === 'number' && typeof doc.b === 'number') {
        assert.equal(lt.evaluate(doc), doc.a < doc.b)
      }
    }
  })
})
