import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { codePointCount } from '../../src/ops/text/char-class.ts'
import { countOccurrences, forEachLine, splitLines, strip, whitespaceWords } from '../../src/ops/text/python-str.ts'
import { countSentences, splitStyle, splitWords, tokenizerFor } from '../../src/ops/text/split.ts'

// Expected words and sentence counts are what datatrove 0.10.1 returned (split_into_words,
// split_into_sentences with spaCy 3.8.18's blank English tokenizer) for the same strings.
describe('splitWords (English, as spacy.blank("en"))', () => {
  const cases: [string, string[]][] = [
    ["I don't know, can't you see? It's John's car.", ['I', 'do', "n't", 'know', ',', 'ca', "n't", 'you', 'see', '?', 'It', "'s", 'John', "'s", 'car', '.']],
    ['Mr. Smith met Dr. Jones at 5pm in Washington, D.C. e.g. yesterday.', ['Mr.', 'Smith', 'met', 'Dr.', 'Jones', 'at', '5', 'pm', 'in', 'Washington', ',', 'D.C.', 'e.g.', 'yesterday', '.']],
    ['Visit https://www.example.com/a-b?c=1 or mail me@ex-ample.org now!', ['Visit', 'https://www.example.com/a-b?c=1', 'or', 'mail', 'me@ex-ample.org', 'now', '!']],
    [
      'well-known state-of-the-art 3-year-old 10km 5$ US$10 20% (see p. 12)',
      ['well', '-', 'known', 'state', '-', 'of', '-', 'the', '-', 'art', '3', '-', 'year', '-', 'old', '10', 'km', '5', '$', 'US$', '10', '20', '%', '(', 'see', 'p.', '12', ')'],
    ],
    ['Great :) <3 :-( xD wait...what end.Start Mr.Smith dont cannot gonna', ['Great', ':)', '<3', ':-(', 'xD', 'wait', '...', 'what', 'end', '.', 'Start', 'Mr.', 'Smith', 'do', 'nt', 'can', 'not', 'gon', 'na']],
    ['  leading spaces\tand\ttabs\n\nnew paragraph  ', ['leading', 'spaces', 'and', 'tabs', 'new', 'paragraph']],
  ]
  for (const [text, words] of cases) {
    it(`splits ${JSON.stringify(text.slice(0, 40))}`, () => assert.deepEqual(splitWords(text, 'en'), words))
  }

  it('splits the same text the same way when its words come from the cache', () => {
    const text = "Don't stop: it's 10km away, Mr.Smith!"
    assert.deepEqual(splitWords(text, 'en'), splitWords(text, 'en'))
    assert.deepEqual(splitWords(text, 'en'), ['Do', "n't", 'stop', ':', 'it', "'s", '10', 'km', 'away', ',', 'Mr.', 'Smith', '!'])
  })

  it('keeps whitespace other than one space after a word as tokens of their own', () => {
    const text = 'a  b\nc '
    const tokens = tokenizerFor('en').tokenize(text)
    const all = Array.from({ length: tokens.count }, (_, i) => [text.slice(tokens.starts[i], tokens.ends[i]), tokens.space[i]])
    assert.deepEqual(all, [['a', 0], [' ', 1], ['b', 0], ['\n', 1], ['c', 0]])
  })
})

describe('splitWords beyond English', () => {
  it('uses the shared rules without English contractions for space-separated languages', () => {
    assert.deepEqual(splitWords("L'été dernier, c'était beau !", 'fr'), ["L'été", 'dernier', ',', "c'était", 'beau', '!'])
    assert.deepEqual(splitWords("don't stop", 'de'), ["don't", 'stop'])
    assert.deepEqual(splitWords('Москва — столица.', 'ru'), ['Москва', '—', 'столица', '.'])
  })

  it('falls back to one word per character for Chinese, Japanese and Thai, keeping Latin words whole', () => {
    assert.deepEqual(splitWords('我们去公园。', 'zh'), ['我', '们', '去', '公', '园', '。'])
    assert.deepEqual(splitWords('東京はiPhone 15です', 'ja'), ['東', '京', 'は', 'iPhone', '15', 'で', 'す'])
    assert.deepEqual(splitWords('ไปที่', 'th'), ['ไ', 'ป', 'ที่'])
  })

  it('keeps Korean words whole (they are space-separated) and splits their Han characters', () => {
    assert.deepEqual(splitWords('한국어 文字 공부', 'ko'), ['한국어', '文', '字', '공부'])
  })

  it('maps language codes to a split style', () => {
    assert.deepEqual(['en', 'eng', 'en-US', 'eng_Latn', 'EN'].map(splitStyle), Array(5).fill('english'))
    assert.deepEqual(['zh', 'zh-Hans', 'cmn', 'ja', 'jpn', 'ko', 'th'].map(splitStyle), Array(7).fill('characters'))
    assert.deepEqual(['de', 'fr', 'ru', 'xx', 'vi'].map(splitStyle), Array(5).fill('spaced'))
  })
})

describe('countSentences (spaCy sentencizer)', () => {
  const cases: [string, number][] = [
    ['One. Two! Three? Four', 4],
    ['Mr. Smith went home. He slept.', 2],
    ['Wait... what?! Yes.', 2],
    ['He said "Stop." Then left.', 2],
    ['No end here', 1],
    ['A. B. C.', 1],
    ['Hello.  !', 2],
    ['', 1],
  ]
  for (const [text, n] of cases) it(`counts ${n} in ${JSON.stringify(text)}`, () => assert.equal(countSentences(text, 'en'), n))

  it('ends sentences at CJK full stops in the per-character fallback', () => {
    assert.equal(countSentences('今天天气很好。我们去公园。', 'zh'), 2)
    assert.equal(countSentences('今天天气很好。我们去公园。', 'en'), 1)
  })
})

describe("Python's str operations", () => {
  it('splits lines at every line break splitlines() knows, \\r\\n as one, without a trailing empty line', () => {
    assert.deepEqual(splitLines('a\nb\r\nc\rd\x0be\x0cf\x1cg\x1dh\x1ei\x85j\u2028k\u2029l\n'), 'abcdefghijkl'.split(''))
    assert.deepEqual(splitLines(''), [])
    assert.deepEqual(splitLines('\n\n'), ['', ''])
    const seen: [number, number][] = []
    assert.equal(forEachLine('ab\n\ncd', (s, e) => seen.push([s, e])), 3)
    assert.deepEqual(seen, [[0, 2], [3, 3], [4, 6]])
  })

  it("strips Python's whitespace, which includes U+001C-U+001F and U+0085 but not U+FEFF or U+200B", () => {
    assert.equal(strip('\x1c\x85\u00a0 a b \u3000\t'), 'a b')
    assert.equal(strip('\ufeffa\u200b'), '\ufeffa\u200b')
  })

  it('counts non-overlapping occurrences and words split on whitespace', () => {
    assert.equal(countOccurrences('.....', '...'), 1)
    assert.equal(countOccurrences('......', '...'), 2)
    assert.deepEqual(whitespaceWords(' ab  c😀😀😀\u00a0d ', { count: 0, longest: 0 }), { count: 3, longest: 4 })
    assert.equal(codePointCount('a😀b'), 3)
  })
})
