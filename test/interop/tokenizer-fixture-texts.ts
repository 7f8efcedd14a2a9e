// The texts of the tokenizer fixture (test/interop/fixtures/tokenizer/reference.json) and the
// corpus its small Hugging Face tokenizers are trained on or built from. All written for this fixture or
// generated here from a seeded generator; none comes from ../shared/testdata.

/** One fixture text and what it exercises. */
export interface FixtureText {
  readonly id: string
  readonly text: string
}

const written: Record<string, string> = {
  empty: '',
  space: ' ',
  'english-short': 'The quick brown fox jumps over the lazy dog.',
  'english-paragraphs':
    'Rivers shape the land slowly. Over thousands of years, a stream can carve a canyon deep enough to hide a city.\n\n' +
    "Engineers who build bridges study that patience: they measure how water moves in spring floods, and they don't guess.\n" +
    'Most of the time, the answer is a wider span and deeper piers.',
  'english-web':
    'Home | About us | Contact\nSign up for our newsletter! Get 20% off your first order (terms apply).\n' +
    '© 2024 Example Gardens Ltd. All rights reserved. Questions? Email help@example-gardens.test or call +44 20 7946 0000.',
  contractions: "I'm sure you're right: they'll say it's fine, we've seen that, she'd agree and I'd've left.",
  'contractions-upper': "I'M SURE YOU'RE RIGHT, THEY'LL SAY IT'S FINE; WE'VE DONE IT, SHE'D AGREE. DON'T.",
  'contractions-odd': "it'ſt o'clock rock'n'roll 'twas y'all ''quoted'' 'S 's's 'll'll",
  french: "L'été dernier, nous sommes allés à Marseille ; la mer était d'un bleu éclatant et les cigales chantaient.",
  german: 'Die Straßenbahn fährt über die Brücke, während Schüler ihre Hausaufgaben im Café erledigen. Größe: 1,85 m.',
  spanish: '¿Dónde está la estación? ¡Qué sorpresa! El niño comió piña y mañana irá a la montaña.',
  portuguese: 'A ação do coração não é só emoção; também há razão nas decisões do cidadão.',
  turkish: 'İstanbul’da ılık bir akşam; ŞİŞLİ ve Kadıköy arasında vapurla geçtik. Iğdır, İzmir, ığıl ığıl.',
  polish: 'Zażółć gęślą jaźń — pchnąć w tę łódź jeża lub ośm skrzyń fig.',
  russian: 'Съешь же ещё этих мягких французских булок, да выпей чаю. Москва — столица России.',
  ukrainian: 'Їжачок ґудзиком заштопав шкарпетку; Євген пішов до бібліотеки.',
  greek: 'Η γρήγορη καφέ αλεπού πηδάει πάνω από τον τεμπέλη σκύλο. Ελλάδα, Αθήνα, Θεσσαλονίκη.',
  arabic: 'اللغة العربية جميلة جداً، وهي من أقدم اللغات في العالم. العدد ١٢٣٤٥ مكتوب بالأرقام الهندية.',
  hebrew: 'שלום עולם! הספרייה פתוחה מיום ראשון עד יום חמישי, בין השעות 9:00 ל־17:30.',
  hindi: 'हिन्दी भारत की एक प्रमुख भाषा है। नमस्ते, आप कैसे हैं? संख्या: १२३४',
  bengali: 'আমি বাংলায় গান গাই। কলকাতা একটি বড় শহর।',
  tamil: 'தமிழ் மொழி மிகவும் பழமையானது. சென்னை ஒரு பெரிய நகரம்.',
  thai: 'ภาษาไทยไม่มีการเว้นวรรคระหว่างคำ กรุงเทพมหานครเป็นเมืองหลวง',
  chinese: '今天天气很好，我们去公园散步吧。北京是中国的首都，人口超过两千万。',
  'chinese-traditional': '臺灣的夜市非常熱鬧，滷肉飯和珍珠奶茶都很有名。',
  japanese: '東京は日本の首都です。ひらがな、カタカナ、そして漢字を使います。コンピューターでプログラムを書く。',
  'japanese-halfwidth': 'ｶﾀｶﾅ ﾃｽﾄ ｰ ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ ＡＢＣ１２３',
  korean: '한국어는 한글로 씁니다. 서울은 대한민국의 수도이고, 인구는 약 천만 명입니다.',
  vietnamese: 'Tiếng Việt có nhiều dấu: ă â đ ê ô ơ ư, và thanh điệu như sắc, huyền, hỏi, ngã, nặng.',
  'vietnamese-decomposed': 'Tie\u0302\u0301ng Vie\u0323\u0302t vie\u0302\u0301t ba\u0306\u0300ng da\u0302\u0301u ta\u0301ch rie\u0302ng',
  georgian: 'ქართული ენა ძალიან ლამაზია. თბილისი საქართველოს დედაქალაქია.',
  armenian: 'Հայերենը հնդեվրոպական լեզու է։ Երևանը մայրաքաղաքն է։',
  amharic: 'አማርኛ የኢትዮጵያ ቋንቋ ነው። አዲስ አበባ ዋና ከተማ ናት።',
  mixed: 'Meeting at 9:30 in 会议室 B; bring the Präsentation and the отчёт (PDF, 2.4 MB). ¡Gracias! 🙏',
  'python-code':
    'def fibonacci(n: int) -> list[int]:\n    """Return the first n Fibonacci numbers."""\n    a, b = 0, 1\n    out = []\n' +
    '    for _ in range(n):\n        out.append(a)\n        a, b = b, a + b\n    return out\n\n\nif __name__ == "__main__":\n    print(fibonacci(10))\n',
  'javascript-code':
    "export async function fetchAll(urls) {\n  const results = await Promise.all(urls.map((u) => fetch(u).then((r) => r.json())));\n" +
    "  return results.filter(Boolean); // drop empty answers\n}\nconst x = a?.b ?? c; x >>>= 2; if (x !== 0 && y <= 3) { z++ }\n",
  'c-code-tabs': '#include <stdio.h>\n\nint main(void) {\n\tint i;\n\tfor (i = 0; i < 10; ++i) {\n\t\tprintf("%d\\n", i);\n\t}\n\treturn 0;\n}\n',
  'json-data': '{"id": 12345, "name": "Widget \\"Pro\\"", "tags": ["a", "b"], "price": 19.99, "nested": {"ok": true, "list": [1, 2, 3]}}',
  'html-snippet': '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Hi &amp; bye</title></head>\n<body><p class="x">Text&nbsp;here</p></body></html>',
  'sql-query': "SELECT u.id, COUNT(*) AS n\nFROM users u\nLEFT JOIN orders o ON o.user_id = u.id\nWHERE u.created_at >= '2024-01-01'\nGROUP BY u.id\nHAVING n > 5;",
  'shell-script': '#!/usr/bin/env bash\nset -euo pipefail\nfor f in *.txt; do\n  wc -l "$f" | awk \'{print $1}\' >> counts.log\ndone\n',
  markdown: '# Title\n\n- item one\n- item **two**\n\n```ts\nconst a = 1\n```\n\n> quoted _text_ with [a link](https://example.test/path?q=1&r=2#frag)\n',
  'url-and-email': 'Visit https://www.example.test/a/b/c.html?x=1&y=two#top or mail first.last+tag@sub.example.test today.',
  'long-numbers': '12345678901234567890 3.14159265358979323846 1,000,000,000 0x7fffffff 1e-9 -42 +7 007 2024-06-30T12:34:56Z',
  'numbers-other-scripts': 'Arabic-Indic ٠١٢٣٤٥٦٧٨٩, Devanagari ०१२३४५६७८९, fullwidth ０１２３４５, Roman Ⅻ Ⅳ, superscripts x² y³ ½ ¾',
  'numbers-with-zeros':
    'Sold 50,000 units for $300,000.00 (190.000 € / 10.000 Stück); 2.000.000 views, 1,000,000 likes, x000, 39.000, ' +
    '100000000, 0.0001, 7000 BC, 20.000 Meilen, 3000m, 1900-2000, 00:00:00, 1.000.000.000 km',
  'phone-and-ids': 'Call 555-0100 or (555) 010-0199; order #A-99812-ZX; ISBN 978-3-16-148410-0; IBAN DE89 3704 0044 0532 0130 00.',
  emoji: 'Good morning ☀️🌻! Family: 👨‍👩‍👧‍👦, flags 🇫🇷🇯🇵🇧🇷, skin tones 👍🏽👋🏿, keycap 1️⃣, heart ❤️‍🔥, 🧑🏻‍💻 coding.',
  'emoji-only': '😀😃😄😁😆😅😂🤣🥲☺️😊😇🙂🙃😉😌😍🥰😘',
  'special-endoftext': 'First document ends here.<|endoftext|>Second document starts here.',
  'special-alone': '<|endoftext|>',
  'special-many': '<|endoftext|><|endoftext|> <|fim_prefix|>x<|fim_middle|>y<|fim_suffix|>z <|endofprompt|> <|im_start|>user<|im_end|>',
  'special-partial': '<|endoftext| <|endoftext |endoftext|> <| endoftext |> <|ENDOFTEXT|>',
  'special-hf': 'A sentence <s> with tags </s> inside, and <s></s> glued, and <unk> <pad> [CLS] [SEP] [MASK].',
  'special-llama': '<|begin_of_text|>Hello<|end_of_text|> and <|begin_of_text|> again',
  'added-tokens': 'call <tool>search</tool> then [[link]] and <tool><tool>x[[link]]y [[ link ]] <TOOL>',
  'whitespace-runs': 'a  b   c    d\t\te\n\nf\n\n\ng     \n   h',
  'whitespace-trailing': 'trailing spaces   ',
  'whitespace-leading': '   leading spaces',
  'whitespace-only': ' \t \n \r\n  ',
  'crlf-lines': 'line one\r\nline two\r\n\r\nline four\rline five\n\r',
  'unicode-spaces': 'nbsp\u00a0here, ideographic\u3000space, em\u2003space, thin\u2009space, narrow\u202fnbsp, ogham\u1680mark',
  'line-separators': 'line\u2028separator and paragraph\u2029separator; next-line\u0085char; vt\u000bff\u000c.',
  'zero-width': 'zero\u200bwidth\u200cnon\u200djoiner and word\u2060joiner; soft\u00adhyphen',
  bom: '\ufeffstarts with a byte-order mark',
  'bom-inside': 'text\ufeffwith\ufeff\ufeffboms \ufeff inside \ufeff\ufeff',
  nel: 'x\u0085\u0085y \u0085 z\u0085',
  'control-chars': 'bell\u0007 backspace\u0008 escape\u001b[31mred\u001b[0m nul\u0000 del\u007f unit\u001fsep',
  'combining-marks': 'e\u0301 a\u0308 n\u0303 Z\u0351\u0324\u032b\u0353a\u0364\u0317l\u0356g\u0316o\u0350 \u0301\u0302 ́',
  'private-use-and-rare': '\ue000\uf8ff \u{10ffff} \u{1d11e} 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝐁𝐨𝐥𝐝 ℌ𝔢𝔩𝔩𝔬',
  'lone-surrogates': 'broken \ud800 high, \udfff low, pair-reversed \udc00\ud800, end \ud83d',
  'replacement-char': 'decoded badly: \ufffd\ufffd caf\ufffd',
  'repeated-letters': 'a'.repeat(300),
  'repeated-pattern': 'abcabcabc'.repeat(40) + ' ' + 'ab'.repeat(100),
  'repeated-spaces': 'x' + ' '.repeat(200) + 'y',
  'repeated-newlines': '\n'.repeat(50) + 'end',
  'repeated-punctuation': '!!!!!!!!!!??????......,,,,,,------======********' + '.'.repeat(120),
  'long-word': 'Pneumonoultramicroscopicsilicovolcanoconiosis Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft',
  'base64-blob': 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'hex-dump': '00000000  7f 45 4c 46 02 01 01 00  00 00 00 00 00 00 00 00  |.ELF............|',
  'math-symbols': '∀x ∈ ℝ: x² ≥ 0; ∑_{i=1}^{n} i = n(n+1)/2; ∫₀^∞ e^{−x} dx = 1; √2 ≈ 1.41421; a ≠ b ⇒ ¬(a = b)',
  'quotes-and-dashes': '“Curly quotes” and ‘single’ ones — em dash – en dash … ellipsis «guillemets» „low-high“',
  'slashes-paths': 'C:\\Users\\me\\file.txt /usr/local/bin/node ../../up//double///triple a/b/c/ //comment',
  'apostrophe-variants': "it’s rock’n’roll, I‘m, you`re, we've, o’clock",
  'title-case-and-caps': 'HTTPServerError XMLHttpRequest iPhone eBay McDonald LaTeX ǅungla ǈudevit ǋovak',
}

/** Whitespace characters next to each other and to letters, digits and punctuation: where regex `\s` classes differ. */
function whitespaceMatrix(): Record<string, string> {
  const spaces = ['\u0020', '\t', '\n', '\r', '\u000b', '\u000c', '\u0085', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u200b']
  const out: Record<string, string> = {}
  spaces.forEach((s, i) => {
    const t = spaces[(i + 5) % spaces.length]!
    out[`whitespace-u${s.codePointAt(0)!.toString(16).padStart(4, '0')}`] =
      `a${s}b ${s}c${s}${s}d${s} ${t}e${s}1${s}${s}2 !${s}? ${s}${s}${s}x${s}\n${s}y${s}`
  })
  return out
}

// A small deterministic generator (mulberry32), so that a rebuild yields the same texts.
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Code point ranges the random texts draw from: ASCII, Latin-1 and Latin Extended, combining
// marks, Greek, Cyrillic, Hebrew, Arabic, Devanagari, Thai, CJK, Hangul, emoji, spaces and
// controls of several kinds, letter-like and number-like symbols.
const RANGES: readonly (readonly [number, number, number])[] = [
  [0x20, 0x7e, 30], [0x09, 0x0d, 4], [0x80, 0xff, 6], [0x100, 0x24f, 5], [0x300, 0x36f, 3], [0x370, 0x3ff, 3],
  [0x400, 0x4ff, 4], [0x5d0, 0x5ea, 2], [0x600, 0x6ff, 3], [0x900, 0x97f, 3], [0xe00, 0xe7f, 2], [0x2000, 0x206f, 4],
  [0x2100, 0x218f, 2], [0x2460, 0x24ff, 1], [0x3000, 0x30ff, 3], [0x4e00, 0x9fff, 4], [0xac00, 0xd7a3, 3],
  [0xfe00, 0xfe0f, 1], [0xff00, 0xffef, 2], [0x1f300, 0x1faff, 4], [0x1d400, 0x1d7ff, 1], [0xfeff, 0xfeff, 1],
]

function randomText(next: () => number, length: number): string {
  const total = RANGES.reduce((sum, r) => sum + r[2], 0)
  let text = ''
  while (text.length < length) {
    let pick = next() * total
    const range = RANGES.find((r) => (pick -= r[2]) < 0) ?? RANGES[0]!
    const cp = range[0] + Math.floor(next() * (range[1] - range[0] + 1))
    // A run of the same class makes words, numbers and space runs, not only single characters.
    const run = next() < 0.3 ? 1 + Math.floor(next() * 6) : 1
    for (let i = 0; i < run; i++) text += String.fromCodePoint(range[0] + ((cp - range[0] + i) % (range[1] - range[0] + 1)))
  }
  return text
}

const WORDS = {
  en: 'the of and to in is was for on that with as by at from this are be it an have not or which has but they were had their more one all been also can new after two first who other when its into time over only years some out would about there most may these people such many where between during under while city state used world back since made work through both later three school well high part being each life family second including known'.split(' '),
  fr: 'le la les des une dans pour avec sur est pas plus par mais comme tout cette aussi bien être fait deux ville monde temps jour année après sans sous entre très grand petit'.split(' '),
  de: 'der die das und ist nicht mit auf für eine sich auch dem den von wird sind nach bei noch über durch Jahr Stadt Zeit immer wieder zwischen während groß klein'.split(' '),
  es: 'el la los las una por con para del que más pero como todo esta también muy año ciudad tiempo mundo después entre durante grande pequeño'.split(' '),
  ru: 'и в не на что с по это как из он год был для от который город время мир после между большой маленький'.split(' '),
  zh: '的 一 是 在 不 了 有 和 人 这 中 大 为 上 个 国 我 以 要 他 时 来 用 们 生 到 作 地 于 出 就 分 对 成 会 可 主 发 年 动 同 工 也 能 下 过 子 说 产 种 面 而 方 后 多 定 行 学 法 所 民 得 经'.split(' '),
  code: 'def return if else for while import from class self None True False const let function => { } ( ) [ ] ; : = == != += -> :: <= >= && || // # /* */ print console.log null undefined async await'.split(' '),
} as const

/** Texts generated from a seeded generator: random code points, and random word salad in several languages. */
function generated(): Record<string, string> {
  const next = random(20240601)
  const out: Record<string, string> = {}
  for (let i = 0; i < 50; i++) out[`random-unicode-${String(i).padStart(2, '0')}`] = randomText(next, 20 + Math.floor(next() * 300))
  const langs = Object.keys(WORDS) as (keyof typeof WORDS)[]
  for (let i = 0; i < 20; i++) {
    const lang = langs[i % langs.length]!
    out[`words-${lang}-${i}`] = sentences(next, WORDS[lang], 2 + Math.floor(next() * 4), lang === 'zh' ? '' : ' ')
  }
  return out
}

function sentences(next: () => number, words: readonly string[], count: number, joiner: string): string {
  const out: string[] = []
  for (let s = 0; s < count; s++) {
    const n = 4 + Math.floor(next() * 14)
    const picked = Array.from({ length: n }, () => words[Math.floor(next() * words.length)]!)
    if (next() < 0.3) picked.splice(Math.floor(next() * n), 0, String(Math.floor(next() * 100000)))
    const sentence = picked.join(joiner)
    out.push(sentence.charAt(0).toUpperCase() + sentence.slice(1) + (next() < 0.8 ? '.' : next() < 0.5 ? '?' : '!'))
  }
  return out.join(next() < 0.7 ? ' ' : '\n')
}

/** Every fixture text, in a fixed order. */
export function fixtureTexts(): FixtureText[] {
  return Object.entries({ ...written, ...whitespaceMatrix(), ...generated() }).map(([id, text]) => ({ id, text }))
}

/**
 * About 700 KB of generated text in the languages and code of the fixture, to train the small
 * tokenizers on: word salad from the lists above, amounts of money, and the written texts (so
 * that their words are in the vocabulary and the tokenizers merge more than single bytes).
 */
export function trainingCorpus(): string[] {
  const next = random(7)
  const langs = Object.keys(WORDS) as (keyof typeof WORDS)[]
  const lines: string[] = []
  for (let i = 0; i < 6000; i++) {
    const lang = langs[Math.floor(next() * langs.length)]!
    lines.push(sentences(next, WORDS[lang], 1 + Math.floor(next() * 3), lang === 'zh' ? '' : ' '))
  }
  // Amounts and years, as web text is full of them: digit pieces ('00', ',0') enter the vocabularies.
  for (let i = 0; i < 3000; i++) {
    const amount = Math.floor(next() * 10 ** (1 + Math.floor(next() * 7)))
    const grouped = amount.toLocaleString(next() < 0.5 ? 'en-US' : 'de-DE')
    lines.push(`${next() < 0.5 ? 'Price' : 'Preis'} ${grouped} ${next() < 0.5 ? '€' : 'USD'}, ${1900 + Math.floor(next() * 125)}: ${amount % 1000}0 ${next() < 0.3 ? '00' : ''}`)
  }
  for (let copy = 0; copy < 3; copy++) lines.push(...Object.values(written).filter((t) => t !== ''))
  return lines
}

/**
 * Short texts over the letters of the hand-built Unigram (a, b, c, an unknown x) and spaces,
 * every one up to four characters and some longer: where two segmentations tie or a piece
 * could span a space.
 */
export function craftedUnigramTexts(): string[] {
  const alphabet = ['a', 'b', 'c', 'x', ' ']
  const texts: string[] = []
  const grow = (prefix: string) => {
    if (prefix !== '') texts.push(prefix)
    if (prefix.length < 4) for (const char of alphabet) grow(prefix + char)
  }
  grow('')
  const next = random(11)
  for (let i = 0; i < 100; i++) texts.push(Array.from({ length: 5 + Math.floor(next() * 20) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''))
  return texts
}
