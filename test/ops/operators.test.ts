import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { lengthAnnotator } from '../../src/ops/annotators/length.ts'
import { exprFilter } from '../../src/ops/filters/expr.ts'
import { lengthFilter } from '../../src/ops/filters/length.ts'
import { normalizeMapper } from '../../src/ops/mappers/normalize.ts'
import type { AnnotatorOperator, FilterOperator, MapperOperator } from '../../src/ops/operator.ts'
import { OPERATORS, operatorSpec } from '../../src/ops/registry.ts'

describe('filter.length', () => {
  const op = lengthFilter.create({ column: 'text', min_chars: 3, max_chars: 10, min_words: 2, max_words: 3 }) as FilterOperator
  it('keeps documents inside the bounds and names the bound a document breaks', () => {
    assert.deepEqual(op.check([{ text: 'ab' }, { text: 'a b c d e f' }, { text: 'abcd' }, { text: 'a b c d' }, { text: 'ab cd' }, { text: 'ab cd ef' }, {}]), [
      'too_few_chars', 'too_many_chars', 'too_few_words', 'too_many_words', null, null, 'no_text',
    ])
  })
  it('counts characters as code points and words across Unicode spaces', () => {
    const chars = lengthFilter.create({ column: 'text', max_chars: 2 }) as FilterOperator
    assert.deepEqual(chars.check([{ text: '😀😀' }, { text: '😀😀😀' }]), [null, 'too_many_chars'])
    const words = lengthFilter.create({ column: 'text', min_words: 3 }) as FilterOperator
    assert.deepEqual(words.check([{ text: 'a\u00a0b\u3000c' }, { text: '  a  b  ' }]), [null, 'too_few_words'])
  })
})

describe('mapper.normalize', () => {
  it('composes to NFC, drops control characters and tidies whitespace without touching other columns', () => {
    const op = normalizeMapper.create({ column: 'text', form: 'NFC', whitespace: true, control: true }) as MapperOperator
    const doc = { id: 'x', text: '  Cafe\u0301\u0007   au\u00a0lait  \r\n\r\n\r\n\r\nnext\t\tline  ' }
    assert.deepEqual(op.map([doc]), [{ id: 'x', text: 'Caf\u00e9 au lait\n\nnext line' }])
    assert.equal(doc.text.startsWith('  Cafe'), true, 'the input is not mutated')
  })
})

describe('filter.expr', () => {
  it('keeps documents for which the expression is true and drops null and false with the reason', () => {
    const op = exprFilter.create({ expr: "lang == 'en' and words(text) >= 2", reason: 'not_english_prose' }) as FilterOperator
    assert.deepEqual(op.check([{ lang: 'en', text: 'two words' }, { lang: 'de', text: 'zwei Wörter' }, { text: 'no lang' }, { lang: 'en', text: 'one' }]), [
      null, 'not_english_prose', 'not_english_prose', 'not_english_prose',
    ])
  })
  it('refuses an expression that does not parse, at creation', () => {
    assert.throws(() => exprFilter.create({ expr: 'lenght(text) > 3', reason: 'expr' }), { code: 'invalid_expression', message: /did you mean 'length'/ })
  })
})

describe('annotate.length', () => {
  it('adds characters, words and lines as integer columns, null for a missing text', () => {
    const op = lengthAnnotator.create({ column: 'text', prefix: 'n_' }) as AnnotatorOperator
    assert.deepEqual(op.columns.map((c) => [c.name, c.type]), [['n_chars', 'integer'], ['n_words', 'integer'], ['n_lines', 'integer']])
    assert.deepEqual(op.annotate([{ text: 'Caf\u00e9 au\nlait\n' }, { text: '' }, {}]), [
      { n_chars: 13, n_words: 3, n_lines: 3 },
      { n_chars: 0, n_words: 0, n_lines: 0 },
      { n_chars: null, n_words: null, n_lines: null },
    ])
  })
})

describe('the registry', () => {
  it('names the closest operator when one is unknown', () => {
    assert.throws(() => operatorSpec('mapper.normalise'), { message: "unknown operator 'mapper.normalise'; did you mean 'mapper.normalize'?" })
    assert.throws(() => operatorSpec('zzz'), { message: `unknown operator 'zzz'; known operators: ${[...OPERATORS.keys()].join(', ')}` })
    assert.ok([...OPERATORS.keys()].join() === [...OPERATORS.keys()].sort().join(), 'the registry lists operators in name order')
  })
})
