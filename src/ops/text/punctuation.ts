// The punctuation sets datatrove's quality rules test against, as code point ranges (hex,
// inclusive). They are datatrove 0.10.1's `TERMINAL_PUNCTUATION` and `PUNCTUATION_SET`
// (`datatrove/utils/text.py`) and spaCy 3.8's sentencizer punctuation; parity depends on them
// being exactly these sets, so they are data, not Unicode properties of the running Node.

// Unicode 14's Sentence_Terminal characters, except U+2024 and the newer ones, plus Khmer U+17D6, U+17D9, U+17DA.
const TERMINAL = '21 2e 3f 589 61d-61f 6d4 700-702 7f9 837 839 83d-83e 964-965 104a-104b 1362 1367-1368 166e 1735-1736 17d4-17d6 ' +
  '17d9-17da 1803 1809 1944-1945 1aa8-1aab 1b5a-1b5b 1b5e-1b5f 1b7d-1b7e 1c3b-1c3c 1c7e-1c7f 203c-203d 2047-2049 2e2e 2e3c ' +
  '2e53-2e54 3002 a4ff a60e-a60f a6f3 a6f7 a876-a877 a8ce-a8cf a92f a9c8-a9c9 aa5d-aa5f aaf0-aaf1 abeb fe52 fe56-fe57 ff01 ff0e ' +
  'ff1f ff61 10a56-10a57 10f55-10f59 10f86-10f89 11047-11048 110be-110c1 11141-11143 111c5-111c6 111cd 111de-111df 11238-11239 ' +
  '1123b-1123c 112a9 1144b-1144c 115c2-115c3 115c9-115d7 11641-11642 1173c-1173e 11944 11946 11a42-11a43 11a9b-11a9c 11c41-11c42 ' +
  '11ef7-11ef8 11f43-11f44 16a6e-16a6f 16af5 16b37-16b38 16b44 16e98 1bc9f 1da88'
// ASCII punctuation, C0 and C1 controls but tab and newline, and some typographic and CJK marks (with fullwidth 1).
const SYMBOLS = '0-8 b-1f 21-2f 3a-40 5b-60 7b-9f ab b4 bb 2013-2014 2019 201c-201e 2026 2236 2501 25ba 3001-3002 3008-300d 3010-3011 ' +
  'ff01 ff05 ff08-ff09 ff0c ff0e ff11 ff1a-ff1b ff1f ff5e'
// The terminal characters spaCy's sentencizer does not end a sentence on.
const NOT_SENTENCE_END = '61d-61e 837 839 83d-83e 17d4-17d6 17d9-17da 1b7d-1b7e 2e53-2e54 10f55-10f59 10f86-10f89 11944 11946 ' +
  '11ef7-11ef8 11f43-11f44 16e98'

const TERMINAL_BIT = 1
const PUNCTUATION_BIT = 2
const SENTENCE_END_BIT = 4

const bmp = new Uint8Array(0x10000)
const astral = new Map<number, number>()

function mark(ranges: string, bit: number, set: boolean): void {
  for (const range of ranges.split(' ')) {
    const [from, to = from] = range.split('-').map((hex) => parseInt(hex, 16)) as [number, number?]
    for (let cp = from; cp <= to; cp++) {
      const flags = cp < 0x10000 ? bmp[cp]! : (astral.get(cp) ?? 0)
      const next = set ? flags | bit : flags & ~bit
      if (cp < 0x10000) bmp[cp] = next
      else astral.set(cp, next)
    }
  }
}
mark(TERMINAL, TERMINAL_BIT | PUNCTUATION_BIT | SENTENCE_END_BIT, true)
mark(SYMBOLS, PUNCTUATION_BIT, true)
mark(NOT_SENTENCE_END, SENTENCE_END_BIT, false)

const flagsOf = (cp: number): number => (cp < 0x10000 ? bmp[cp]! : (astral.get(cp) ?? 0))

/** datatrove's TERMINAL_PUNCTUATION: FineWeb's line-ending characters. */
export const isTerminalPunctuation = (cp: number): boolean => (flagsOf(cp) & TERMINAL_BIT) !== 0

/** datatrove's PUNCTUATION_SET: a word made only of these is a symbol, not a word, to Gopher. */
export const isPunctuation = (cp: number): boolean => (flagsOf(cp) & PUNCTUATION_BIT) !== 0

/** spaCy's sentencizer punctuation: a token of exactly one of these ends a sentence. */
export const isSentenceEnd = (cp: number): boolean => (flagsOf(cp) & SENTENCE_END_BIT) !== 0
