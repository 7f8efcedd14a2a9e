import assert from 'node:assert/strict'
import { Ajv } from 'ajv'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { isStrataError } from '../../src/core/errors.ts'
import { c4BadWordsFilter, type C4BadWordsConfig } from '../../src/ops/filters/c4-badwords.ts'
import { c4ParagraphFilter } from '../../src/ops/filters/c4-paragraph.ts'
import { c4QualityFilter, type C4QualityConfig } from '../../src/ops/filters/c4-quality.ts'
import { fineWebQualityFilter, type FineWebQualityConfig } from '../../src/ops/filters/fineweb-quality.ts'
import { gopherQualityFilter, type GopherQualityConfig } from '../../src/ops/filters/gopher-quality.ts'
import { gopherRepetitionFilter, type GopherRepetitionConfig } from '../../src/ops/filters/gopher-repetition.ts'
import type { Doc, FilterOperator, OperatorSpec } from '../../src/ops/operator.ts'
import { word } from '../interop/filter-fixture-cases.ts'
import { C4_BADWORDS, C4_PARAGRAPH, C4_QUALITY, FINEWEB, GOPHER_QUALITY, GOPHER_REPETITION } from './fixtures/datatrove-defaults.ts'

// As the recipe loader validates step configs (src/exec/recipe.ts).
const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false })

/** The config an empty recipe step gets from `spec`'s schema: its defaults. */
function schemaDefaults<C>(spec: OperatorSpec<C>): Record<string, unknown> {
  const config = {}
  assert.ok(ajv.compile(spec.config)(config), `${spec.name}: an empty config does not validate`)
  return config
}

/** What `spec` with `config` says of each text: null (kept) or the reason. */
function judge<C>(spec: OperatorSpec<C>, config: C, ...texts: string[]): (string | null)[] {
  return (spec.create(config) as FilterOperator).check(texts.map((text) => ({ text })))
}

/** `n` distinct made-up words, joined by spaces. */
const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => word(from + i)).join(' ')

describe('filter.gopher_quality', () => {
  // Every rule off but the one under test.
  const only = (rule: Partial<GopherQualityConfig>): GopherQualityConfig => ({
    ...GOPHER_QUALITY,
    min_doc_words: null,
    max_doc_words: null,
    min_avg_word_length: null,
    max_avg_word_length: null,
    max_symbol_word_ratio: null,
    max_bullet_lines_ratio: null,
    max_ellipsis_lines_ratio: null,
    max_non_alpha_words_ratio: null,
    min_stop_words: null,
    ...rule,
  })

  it("has datatrove's defaults", () => assert.deepEqual(schemaDefaults(gopherQualityFilter), GOPHER_QUALITY))

  it('keeps ordinary prose with the defaults', () => {
    const text = Array.from({ length: 8 }, (_, i) => `The ${words(8, i * 8)} of the ${word(100 + i)} and ${word(200 + i)}.`).join('\n')
    assert.deepEqual(judge(gopherQualityFilter, GOPHER_QUALITY, text), [null])
  })

  it('counts non-symbol words against min_doc_words (punctuation-only words do not count)', () => {
    const config = only({ min_doc_words: 50 })
    assert.deepEqual(judge(gopherQualityFilter, config, words(50), words(49), `${words(49)} - ... — !`, `${words(46)} don't can't`), [null, 'gopher_short_doc', 'gopher_short_doc', null])
  })

  it('drops documents over max_doc_words', () => {
    assert.deepEqual(judge(gopherQualityFilter, only({ max_doc_words: 60 }), words(60), words(61)), [null, 'gopher_long_doc'])
  })

  it('bounds the mean word length in code points, symbols left out', () => {
    const mean3 = `${Array(25).fill('at').join(' ')} ${Array(25).fill('fish').join(' ')} the and`
    assert.deepEqual(judge(gopherQualityFilter, only({ min_avg_word_length: 3 }), mean3, `${mean3} at`, `${mean3} !!! ...`), [null, 'gopher_below_avg_threshold', null])
    const mean10 = Array(10).fill('abcdefghij').join(' ')
    assert.deepEqual(judge(gopherQualityFilter, only({ max_avg_word_length: 10 }), mean10, `${mean10} abcdefghijk`, `${mean10} 😀😀😀😀😀😀😀😀😀😀`), [null, 'gopher_above_avg_threshold', null])
  })

  it("drops '#' or ellipses above max_symbol_word_ratio per word", () => {
    const config = only({ max_symbol_word_ratio: 0.1 })
    // 50 words plus k standalone marks: k / (50 + k) > 0.1 from k = 6.
    const marks = (mark: string, k: number) => `${words(25)} ${Array(k).fill(mark).join(' ')} ${words(25, 25)}`
    assert.deepEqual(judge(gopherQualityFilter, config, marks('#', 5), marks('#', 6)), [null, 'gopher_too_many_hashes'])
    assert.deepEqual(judge(gopherQualityFilter, config, marks('...', 5), marks('…', 6), marks('...', 6)), [null, 'gopher_too_many_ellipsis', 'gopher_too_many_ellipsis'])
    // '#' inside a word counts as a character of the text.
    assert.deepEqual(judge(gopherQualityFilter, config, `${words(50)} a#b#c#d#e#f#g`), ['gopher_too_many_hashes'])
  })

  it('drops when more than 90% of lines start with a bullet, after leading whitespace', () => {
    const lines = (bullets: number) => Array.from({ length: 10 }, (_, i) => (i < bullets ? ['- ', '  • ', '-'][i % 3] : '') + words(6, i * 6)).join('\n')
    assert.deepEqual(judge(gopherQualityFilter, only({ max_bullet_lines_ratio: 0.9 }), lines(9), lines(10)), [null, 'gopher_too_many_bullets'])
  })

  it('drops when more than 30% of lines end with an ellipsis, before trailing whitespace', () => {
    const lines = (ends: number) => Array.from({ length: 10 }, (_, i) => words(6, i * 6) + (i < ends ? ['...', '… ', '....\t'][i % 3] : '.')).join('\n')
    assert.deepEqual(judge(gopherQualityFilter, only({ max_ellipsis_lines_ratio: 0.3 }), lines(3), lines(4)), [null, 'gopher_too_many_end_ellipsis'])
  })

  it('drops when fewer than 80% of words have a letter', () => {
    const config = only({ max_non_alpha_words_ratio: 0.8 })
    const numbers = (k: number) => Array.from({ length: k }, (_, i) => String(100 + i)).join(' ')
    assert.deepEqual(judge(gopherQualityFilter, config, `${words(40)} ${numbers(10)}`, `${words(40)} ${numbers(11)}`, `${words(40)} ${numbers(9)} x1`), [null, 'gopher_below_alpha_threshold', null])
  })

  it('needs two distinct stop words, matched case-sensitively', () => {
    const config = only({ min_stop_words: 2 })
    assert.deepEqual(judge(gopherQualityFilter, config, `${words(20)} the of`, `${words(20)} the the`, `${words(20)} The Of`, `${words(20)} (the) "with"`), [null, 'gopher_enough_stop_words', 'gopher_enough_stop_words', null])
    assert.deepEqual(judge(gopherQualityFilter, { ...config, stop_words: ['ke', 'la'] }, `${words(20)} ke la`), [null])
  })

  it('applies the rules in datatrove order: the first failing rule is the reason', () => {
    // Short, and also without stop words and with hashes: the word count comes first.
    assert.deepEqual(judge(gopherQualityFilter, GOPHER_QUALITY, '# # # a b c'), ['gopher_short_doc'])
    assert.deepEqual(judge(gopherQualityFilter, GOPHER_QUALITY, `${words(60)} # # # # # # # # # #`), ['gopher_too_many_hashes'])
  })

  it('turns a rule off with null or 0, and survives texts without words or lines', () => {
    assert.deepEqual(judge(gopherQualityFilter, { ...GOPHER_QUALITY, min_doc_words: 0 }, 'the and cat'), [null])
    assert.deepEqual(judge(gopherQualityFilter, { ...GOPHER_QUALITY, min_doc_words: null }, 'the and cat'), [null])
    assert.deepEqual(judge(gopherQualityFilter, { ...GOPHER_QUALITY, min_doc_words: null }, ''), ['gopher_enough_stop_words'])
    assert.deepEqual(judge(gopherQualityFilter, only({}), ''), [null])
  })

  it('splits words by language: per character for Chinese', () => {
    const chinese = '我们今天去公园散步然后回家吃饭'.repeat(4)
    assert.deepEqual(judge(gopherQualityFilter, only({ min_doc_words: 50 }), chinese), ['gopher_short_doc'])
    assert.deepEqual(judge(gopherQualityFilter, only({ min_doc_words: 50, language: 'zh' }), chinese), [null])
  })

  it('reads the configured column and reports no_text for a missing or non-string one', () => {
    const op = gopherQualityFilter.create({ ...only({ min_doc_words: 3 }), column: 'body' }) as FilterOperator
    assert.deepEqual(op.check([{ body: 'a b c' }, { body: 'a b' }, { text: 'a b c' }, { body: 42 }]), [null, 'gopher_short_doc', 'no_text', 'no_text'])
  })
})

describe('filter.gopher_repetition', () => {
  const only = (rule: Partial<GopherRepetitionConfig>): GopherRepetitionConfig => ({
    ...GOPHER_REPETITION,
    dup_line_frac: null,
    dup_para_frac: null,
    dup_line_char_frac: null,
    dup_para_char_frac: null,
    top_n_grams: [],
    dup_n_grams: [],
    ...rule,
  })

  it("has datatrove's defaults, and takes n-gram limits as [n, fraction] pairs", () => {
    assert.deepEqual(schemaDefaults(gopherRepetitionFilter), GOPHER_REPETITION)
    const validate = ajv.compile(gopherRepetitionFilter.config)
    assert.equal(validate({ top_n_grams: [[2, 0.2]] }), true)
    assert.equal(validate({ top_n_grams: [[2]] }), false)
    assert.equal(validate({ dup_n_grams: [[0, 0.1]] }), false)
  })

  it('keeps text without repetition and drops the empty text', () => {
    const text = Array.from({ length: 6 }, (_, i) => `${words(12, i * 12)}.`).join('\n\n')
    assert.deepEqual(judge(gopherRepetitionFilter, GOPHER_REPETITION, text, ''), [null, 'empty'])
  })

  it('drops when more than 30% of paragraphs repeat an earlier one', () => {
    const paras = (distinct: number, copies: number) => [...Array.from({ length: distinct }, (_, i) => words(5, i * 5)), ...Array(copies).fill('same')].join('\n\n')
    // Repeats are the copies after the first: 3 of 10, then 4 of 10.
    assert.deepEqual(judge(gopherRepetitionFilter, only({ dup_para_frac: 0.3 }), paras(6, 4), paras(5, 5), `\n\n${paras(6, 4)}\n\n\n`), [null, 'dup_para_frac', null])
  })

  it('drops when repeated paragraphs hold more than 20% of the characters', () => {
    const repeated = 'x'.repeat(20)
    const text = (filler: number) => [repeated, 'y'.repeat(filler), repeated].join('\n\n')
    // 20 repeated characters of 44 + filler.
    assert.deepEqual(judge(gopherRepetitionFilter, only({ dup_para_char_frac: 0.2 }), text(56), text(55)), [null, 'dup_para_char_frac'])
  })

  it('drops when more than 30% of lines repeat, counting the empty line a leading newline makes', () => {
    const lines = (distinct: number, copies: number) => [...Array.from({ length: distinct }, (_, i) => words(5, i * 5)), ...Array(copies).fill('same')].join('\n')
    assert.deepEqual(judge(gopherRepetitionFilter, only({ dup_line_frac: 0.3 }), lines(6, 4), lines(5, 5)), [null, 'dup_line_frac'])
    // "\nA\n\nB\n" splits into '', A, B, '' on runs of newlines: one repeat of 4.
    assert.deepEqual(judge(gopherRepetitionFilter, only({ dup_line_frac: 0.2 }), '\nA\n\nB\n', '\nA\n\nB'), ['dup_line_frac', null])
  })

  it('drops when repeated lines hold more than 20% of the characters', () => {
    const text = (filler: number) => ['x'.repeat(20), 'y'.repeat(filler), 'x'.repeat(20)].join('\n')
    assert.deepEqual(judge(gopherRepetitionFilter, only({ dup_line_char_frac: 0.2 }), text(58), text(57)), [null, 'dup_line_char_frac'])
  })

  it('weighs the most frequent n-gram by its characters (words joined by spaces) times its count', () => {
    // "ab cd" (5 characters) 4 times: 20 characters of the text.
    const text = (filler: number) => `ab cd ab cd ab cd ab cd ${'z'.repeat(filler)}`
    const config = only({ top_n_grams: [[2, 0.2]] })
    assert.deepEqual(judge(gopherRepetitionFilter, config, text(76), text(75)), [null, 'top_2_gram'])
  })

  it('breaks a tie between most frequent n-grams in favour of the first seen', () => {
    // "a b" and "cccc dddd" both occur twice; the first seen is the short one.
    const config = only({ top_n_grams: [[2, 0.1]] })
    assert.deepEqual(judge(gopherRepetitionFilter, config, `a b cccc dddd a b cccc dddd ${'z'.repeat(60)}`), [null])
    assert.deepEqual(judge(gopherRepetitionFilter, config, `cccc dddd a b cccc dddd a b ${'z'.repeat(60)}`), ['top_2_gram'])
  })

  it('counts the characters of repeated n-grams without spaces, skipping each repeat whole', () => {
    // The 5-gram "a b c d e" (5 characters) repeats once: 5 repeated characters.
    const text = (filler: number) => `a b c d e a b c d e ${'z'.repeat(filler)}`
    const config = only({ dup_n_grams: [[5, 0.1]] })
    assert.deepEqual(judge(gopherRepetitionFilter, config, text(30), text(29)), [null, 'duplicated_5_n_grams'])
    // Words repeated as the same characters split differently ("ab c" vs "a bc") are the same n-gram.
    assert.deepEqual(judge(gopherRepetitionFilter, only({ dup_n_grams: [[2, 0.1]] }), 'ab c a bc zzzzzzzzzzzzzzz', 'ab c a bd zzzzzzzzzzzzzzz'), ['duplicated_2_n_grams', null])
  })

  it('checks the rules in datatrove order', () => {
    assert.deepEqual(judge(gopherRepetitionFilter, GOPHER_REPETITION, 'same\n\nsame\n\nsame'), ['dup_para_frac'])
    assert.deepEqual(judge(gopherRepetitionFilter, GOPHER_REPETITION, 'same\nsame\nsame'), ['dup_line_frac'])
  })

  it('reports no_text for a non-string column', () => {
    assert.deepEqual((gopherRepetitionFilter.create(GOPHER_REPETITION) as FilterOperator).check([{ text: null }]), ['no_text'])
  })
})

describe('filter.c4_quality', () => {
  /** The reason, or the cleaned text of a kept document. */
  const clean = (config: C4QualityConfig, ...texts: string[]) => {
    const batch: Doc[] = texts.map((text) => ({ text }))
    const verdicts = (c4QualityFilter.create(config) as FilterOperator).check(batch)
    return verdicts.map((reason, i) => reason ?? (batch[i]!.text as string))
  }
  const sentences = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `The ${words(3, from + i * 3)}.`)

  it("has datatrove's defaults", () => assert.deepEqual(schemaDefaults(c4QualityFilter), C4_QUALITY))

  it('keeps only lines ending in . ? ! " or \' (not ...), stripped, and their text', () => {
    const lines = [...sentences(4), '  Does it end? ', 'It really "ends".', 'Not this one', 'Nor this one:', 'Nor this one...', 'Nor this…', 'He said "yes"', "It is 'fine'", 'It "ends".']
    assert.deepEqual(clean(C4_QUALITY, lines.join('\n')), [[...sentences(4), 'Does it end?', 'It really "ends".', 'He said "yes"', "It is 'fine'"].join('\n')])
  })

  it('needs five sentences in the kept lines', () => {
    assert.deepEqual(clean(C4_QUALITY, sentences(4).join('\n'), sentences(5).join('\r\n')), ['too_few_sentences', sentences(5).join('\n')])
    assert.deepEqual(clean(C4_QUALITY, `${sentences(3).join(' ')} Mr. Smith came.\nThe end! Really?`), [`${sentences(3).join(' ')} Mr. Smith came.\nThe end! Really?`])
    assert.deepEqual(clean({ ...C4_QUALITY, min_num_sentences: -1 }, 'nothing kept here'), [''])
  })

  it('drops lines with fewer than three words, or a word over 1000 characters', () => {
    const base = sentences(5)
    assert.deepEqual(clean(C4_QUALITY, [...base, 'Two words.', 'Three words here.'].join('\n')), [[...base, 'Three words here.'].join('\n')])
    assert.deepEqual(clean(C4_QUALITY, [...base, `A ${'x'.repeat(1000)} fits.`, `A ${'y'.repeat(1001)} fails.`].join('\n')), [[...base, `A ${'x'.repeat(1000)} fits.`].join('\n')])
    assert.deepEqual(clean({ ...C4_QUALITY, min_words_per_line: -1, max_word_length: -1 }, [...base, 'One.', `${'y'.repeat(1001)}.`].join('\n')), [[...base, 'One.', `${'y'.repeat(1001)}.`].join('\n')])
  })

  it('removes citations before testing the line end, and keeps the line without them', () => {
    const base = sentences(5)
    const lines = ['Paris is big.[1]', 'It has museums.[12][edit]', 'Facts vary [citation needed] a lot.', 'Not cited [x] here.']
    assert.deepEqual(clean(C4_QUALITY, [...base, ...lines].join('\n')), [[...base, 'Paris is big.', 'It has museums.', 'Facts vary  a lot.', 'Not cited [x] here.'].join('\n')])
    assert.deepEqual(clean({ ...C4_QUALITY, remove_citations: false }, [...base, 'Paris is big.[1]'].join('\n')), [base.join('\n')])
  })

  it('cleans a line again where its citations leave what a second pass would change (datatrove keeps " Smith...")', () => {
    const base = sentences(5)
    assert.deepEqual(clean(C4_QUALITY, [...base, '[1] Smith, John. A book.', 'Read [1] more.', 'Nested [[2]] cite here.'].join('\n')), [[...base, 'Smith, John. A book.', 'Nested  cite here.'].join('\n')])
  })

  it('drops the page for "lorem ipsum" or "{" in a kept line only', () => {
    const base = sentences(5)
    assert.deepEqual(clean(C4_QUALITY, [...base, 'Lorem Ipsum dolor sit.'].join('\n'), [...base, 'Lorem ipsum dolor sit'].join('\n')), ['lorem_ipsum', base.join('\n')])
    assert.deepEqual(clean(C4_QUALITY, [...base, 'The set {a, b} is small.'].join('\n'), [...base, 'f() { return 1 }'].join('\n')), ['curly_bracket', base.join('\n')])
    assert.deepEqual(clean({ ...C4_QUALITY, filter_lorem_ipsum: false, filter_curly_bracket: false }, [...base, 'Lorem ipsum {x} sit.'].join('\n')), [[...base, 'Lorem ipsum {x} sit.'].join('\n')])
  })

  it('drops lines about javascript, cookies, terms of use and privacy policies', () => {
    const base = sentences(5)
    const lines = ['Please enable JavaScript now.', 'Read our Terms of Use first.', 'See the privacy policy here.', 'The cookie policy changed.', 'This site uses cookies today.', 'The use of cookies is fine.', 'We use cookies a lot.', 'We bake cookies daily.']
    assert.deepEqual(clean(C4_QUALITY, [...base, ...lines].join('\n')), [[...base, 'We bake cookies daily.'].join('\n')])
    assert.deepEqual(clean({ ...C4_QUALITY, filter_javascript: false, filter_policy: false }, [...base, ...lines].join('\n')), [[...base, ...lines].join('\n')])
  })

  it('gives the same text when run again on its own output', () => {
    const messy = ['  Home', ...sentences(6), '[3] Cited first. Then more.', 'Read [1] more.', 'Tail words here.[2]', 'menu | links'].join('\r\n')
    const [once] = clean(C4_QUALITY, messy)
    assert.equal(typeof once, 'string')
    assert.deepEqual(clean(C4_QUALITY, once!), [once])
  })

  it('rewrites only the documents it keeps, and reports no_text for a non-string column', () => {
    const batch: Doc[] = [{ text: 'too short' }, { text: `${sentences(5).join('\n')}\nmenu` }, { text: 7 }]
    assert.deepEqual((c4QualityFilter.create(C4_QUALITY) as FilterOperator).check(batch), ['too_few_sentences', null, 'no_text'])
    assert.deepEqual(batch, [{ text: 'too short' }, { text: sentences(5).join('\n') }, { text: 7 }])
  })
})

describe('filter.c4_paragraph', () => {
  it("has datatrove's defaults", () => assert.deepEqual(schemaDefaults(c4ParagraphFilter), C4_PARAGRAPH))

  it('needs three lines of at least 200 characters (code points), with datatrove\'s reason', () => {
    const line = (n: number) => 'a'.repeat(n)
    assert.deepEqual(
      judge(c4ParagraphFilter, C4_PARAGRAPH, [line(200), line(300), line(200)].join('\n'), [line(200), line(300), line(199), 'x'].join('\n'), [line(400), line(400)].join('\n'), [line(200), '', line(200), '', line(200)].join('\n')),
      [null, '< 3 paragraphs', '< 3 paragraphs', null],
    )
    assert.deepEqual(judge(c4ParagraphFilter, C4_PARAGRAPH, [line(200), line(200), '😀'.repeat(199)].join('\n'), [line(200), line(200), '😀'.repeat(200)].join('\n')), ['< 3 paragraphs', null])
  })

  it('names the configured count in its reason', () => {
    assert.deepEqual(judge(c4ParagraphFilter, { ...C4_PARAGRAPH, min_paragraphs: 2, min_paragraph_len: 5 }, 'abcde\nabc', 'abcde\nabcde'), ['< 2 paragraphs', null])
  })
})

describe('filter.c4_badwords', () => {
  const list = (language: string) => readFileSync(new URL(`../../src/ops/filters/c4-badwords/${language}`, import.meta.url), 'utf8').split('\n').filter((w) => w !== '')
  // A listed English word that is no part of another listed word, and a listed two-word phrase.
  const en = list('en')
  const bad = en.find((w) => /^[a-z]{5,}$/.test(w) && !en.some((o) => o !== w && o.includes(w)))!
  const phrase = en.find((w) => /^[a-z]+ [a-z]+$/.test(w))!
  const check = (config: C4BadWordsConfig, docs: Doc[]) => (c4BadWordsFilter.create(config) as FilterOperator).check(docs)

  it("has datatrove's defaults (no sampling, fail on a language without a list)", () => assert.deepEqual(schemaDefaults(c4BadWordsFilter), C4_BADWORDS))

  it('matches a listed word between non-word characters, in any case', () => {
    const texts = [`a ${bad} b`, `${bad.toUpperCase()}!`, `(${bad}'s)`, `x-${bad}-y`, `a ${bad}y b`, `un${bad}`, `_${bad}_`, `1${bad}`, `a ${phrase} b`, `a ${phrase.replace(' ', '  ')} b`, 'clean text']
    assert.deepEqual(
      check(C4_BADWORDS, texts.map((text) => ({ text }))),
      ['document_removed_with_badwords', 'document_removed_with_badwords', 'document_removed_with_badwords', 'document_removed_with_badwords', null, null, null, null, 'document_removed_with_badwords', null, null],
    )
  })

  it("uses each document's language column, else default_language; matches anywhere in Chinese and Japanese", () => {
    const german = list('de').find((w) => /^[a-zäöüß]{4,}$/.test(w))!
    const chinese = list('zh').find((w) => [...w].length >= 2 && !/[a-z ]/i.test(w))!
    const docs: Doc[] = [{ text: `ein ${german} hier`, lang: 'de' }, { text: `ein ${german} hier` }, { text: `今天${chinese}回家`, lang: 'zh' }, { text: '这个问题的性质', lang: 'zh' }, { text: `a ${bad} b`, lang: null }]
    assert.deepEqual(check(C4_BADWORDS, docs), ['document_removed_with_badwords', null, 'document_removed_with_badwords', null, 'document_removed_with_badwords'])
    assert.deepEqual(check({ ...C4_BADWORDS, default_language: 'de' }, [{ text: `ein ${german} hier` }]), ['document_removed_with_badwords'])
  })

  it('fails a document in a language without a list, or keeps it when told to', () => {
    assert.throws(
      () => check(C4_BADWORDS, [{ text: 'salve', lang: 'la' }]),
      (e: unknown) => isStrataError(e, 'invalid_argument') && /^filter\.c4_badwords: no bad-word list for language 'la' \(column lang\); lists exist for ar, cs, /.test(e.message),
    )
    assert.deepEqual(check({ ...C4_BADWORDS, fail_on_missing_language: false }, [{ text: `${bad}`, lang: 'la' }]), [null])
    assert.throws(() => c4BadWordsFilter.create({ ...C4_BADWORDS, default_language: 'la' }), (e: unknown) => isStrataError(e, 'invalid_argument') && e.message.includes("default_language 'la'"))
  })

  it('keeps keep_fraction of the matching documents, the same ones every time, chosen by seed and text', () => {
    const docs = Array.from({ length: 400 }, (_, i) => ({ text: `${word(i)} ${bad}` }))
    const half = check({ ...C4_BADWORDS, keep_fraction: 0.5 }, docs)
    const kept = half.filter((r) => r === null).length
    assert.ok(kept > 150 && kept < 250, `kept ${kept} of 400`)
    assert.deepEqual(check({ ...C4_BADWORDS, keep_fraction: 0.5 }, docs), half)
    assert.notDeepEqual(check({ ...C4_BADWORDS, keep_fraction: 0.5, seed: 1 }, docs), half)
    assert.deepEqual(check({ ...C4_BADWORDS, keep_fraction: 1 }, docs.slice(0, 5)), [null, null, null, null, null])
  })
})

describe('filter.fineweb_quality', () => {
  // Every rule off but the one under test (a threshold no ratio can cross).
  const only = (rule: Partial<FineWebQualityConfig>): FineWebQualityConfig => ({ ...FINEWEB, line_punct_thr: 0, short_line_thr: 1, char_duplicates_ratio: 1, new_line_ratio: 1e9, ...rule })
  const long = (i: number) => `${words(8, i * 8)} and some more`

  it("has datatrove's defaults", () => assert.deepEqual(schemaDefaults(fineWebQualityFilter), FINEWEB))

  it('drops texts without a non-blank line', () => {
    assert.deepEqual(judge(fineWebQualityFilter, FINEWEB, '', ' \n\t\n'), ['empty', 'empty'])
  })

  it('needs 12% of the non-blank lines to end in terminal punctuation, in any script', () => {
    const lines = (punctuated: number, end = '.') => Array.from({ length: 25 }, (_, i) => long(i) + (i < punctuated ? end : '')).join('\n\n')
    const config = only({ line_punct_thr: 0.12 })
    assert.deepEqual(judge(fineWebQualityFilter, config, lines(3), lines(2), lines(3, '。'), lines(3, '؟'), lines(3, ':'), lines(3, '. ')), [null, 'line_punct_ratio', null, null, 'line_punct_ratio', 'line_punct_ratio'])
    assert.deepEqual(judge(fineWebQualityFilter, { ...config, line_punct_exclude_zero: true }, lines(0), lines(2)), [null, 'line_punct_ratio'])
    assert.deepEqual(judge(fineWebQualityFilter, { ...config, stop_chars: [':'] }, lines(3, ':'), lines(3, '.')), [null, 'line_punct_ratio'])
  })

  it('drops when more than 67% of lines have at most 30 characters', () => {
    const lines = (short: number, total: number, length = 30) => Array.from({ length: total }, (_, i) => (i < short ? `${word(i)}${'x'.repeat(length)}`.slice(0, length) : long(i))).join('\n')
    const config = only({ short_line_thr: 0.67 })
    assert.deepEqual(judge(fineWebQualityFilter, config, lines(2, 3), lines(7, 10), lines(7, 10, 31)), [null, 'short_line_ratio', null])
  })

  it('drops when repeated lines hold more than 1% of the non-newline characters', () => {
    const text = (filler: number) => ['abcde', 'x'.repeat(filler), 'abcde'].join('\n')
    // 5 repeated characters of 10 + filler.
    assert.deepEqual(judge(fineWebQualityFilter, only({ char_duplicates_ratio: 0.01 }), text(490), text(489)), [null, 'char_dup_ratio'])
  })

  it('drops when there are more than 0.3 newlines per word', () => {
    const text = (perLine: number) => Array.from({ length: 10 }, (_, i) => words(perLine, i * 5)).join('\n')
    // 9 newlines over 30 words, then over 20.
    assert.deepEqual(judge(fineWebQualityFilter, only({ new_line_ratio: 0.3 }), text(3), text(2), `${text(3)}\n`), [null, 'list_ratio', 'list_ratio'])
  })

  it('checks the rules in datatrove order and reports no_text for a non-string column', () => {
    assert.deepEqual(judge(fineWebQualityFilter, FINEWEB, 'a\nb\nc'), ['line_punct_ratio'])
    assert.deepEqual(judge(fineWebQualityFilter, FINEWEB, 'a.\nb.\nc.'), ['short_line_ratio'])
    assert.deepEqual((fineWebQualityFilter.create(FINEWEB) as FilterOperator).check([{ text: undefined }]), ['no_text'])
  })
})
