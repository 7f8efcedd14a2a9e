// Generated documents of the quality-filter parity fixture: for every rule of the six
// filters, documents on both sides of its threshold (usually a sweep across it, so that
// datatrove's decisions show the boundary), plus text that stresses word and sentence
// splitting (contractions, abbreviations, URLs, emoticons, other scripts). Deterministic; all
// text is written here (the bad words are picked from the bundled lists, not spelled out).
import { readFileSync } from 'node:fs'
import type { FilterInput } from './filter-fixture-inputs.ts'

const SYLLABLES = Array.from('bdfgklmnprstvz').flatMap((c) => Array.from('aeiou').map((v) => c + v))

/** The i-th of a sequence of distinct made-up words (two or three syllables, lowercase letters). */
export function word(i: number): string {
  let out = SYLLABLES[i % 70]! + SYLLABLES[Math.floor(i / 70) % 70]!
  if (i >= 4900) out += SYLLABLES[Math.floor(i / 4900) % 70]!
  return out
}

const STOP = ['the', 'of', 'and', 'to', 'with', 'that', 'have', 'be']

/** `n` distinct made-up words from `from`, with a stop word after every fifth, as sentences of about a dozen words. */
function prose(n: number, from = 0): string {
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    let w = word(from + i)
    if (i % 12 === 0) w = w[0]!.toUpperCase() + w.slice(1)
    out.push(w)
    if (i % 5 === 4) out.push(STOP[(i / 5) % STOP.length | 0]!)
    if (i % 12 === 11 || i === n - 1) out[out.length - 1] += '.'
  }
  return out.join(' ')
}

/** Lines of prose, each a sentence of `perLine` words ending with a period. */
function proseLines(lines: number, perLine: number, from = 0): string[] {
  return Array.from({ length: lines }, (_, k) => {
    const ws = Array.from({ length: perLine }, (_, i) => word(from + k * perLine + i))
    ws[0] = ws[0]![0]!.toUpperCase() + ws[0]!.slice(1)
    ws.splice(2, 0, 'the')
    ws.splice(5, 0, 'of')
    return `${ws.join(' ')}.`
  })
}

function gopherQuality(): FilterInput[] {
  const out: FilterInput[] = []
  const add = (name: string, text: string) => out.push({ id: `gen/gopher_quality/${name}`, text })
  // Word counts: n plain words, including stop words, plus symbols that are not words.
  const plain = (n: number) => Array.from({ length: n }, (_, i) => (i % 6 === 0 ? STOP[(i / 6) % 4]! : word(i)))
  for (const n of [48, 49, 50, 51]) add(`short_doc/${n}`, plain(n).join(' '))
  for (const n of [49, 50]) add(`short_doc_with_symbols/${n}`, `${plain(n).join(' ')} — … -- ... ; : ! ?`)
  // Four contractions are eight words; a URL, an e-mail address and a hyphenated word four (the hyphen is a symbol).
  for (const n of [49, 50]) add(`short_doc_with_contractions/${n}`, `${plain(n - 8).join(' ')} don't can't I'm we'll`)
  for (const n of [49, 50]) add(`short_doc_with_urls/${n}`, `${plain(n - 4).join(' ')} https://example.com/a-b?c=d mail@ex-ample.org well-known`)
  for (const n of [100000, 100001]) add(`long_doc/${n}`, Array.from({ length: n }, (_, i) => (i < 8 ? STOP[i]! : 'I')).join(' '))
  // Mean word length around 3 and 10 (code points; symbols excluded).
  for (const twos of [28, 29, 30, 31, 32]) {
    const ws = ['the', 'and', 'the', 'and', ...Array(twos).fill('at'), ...Array(30).fill('fish')]
    add(`avg_below_3/${twos}_of_2_vs_30_of_4`, ws.join(' '))
  }
  for (const extra of [0, 1, 2, 5]) {
    const long = Array.from({ length: 60 }, (_, i) => `${word(i)}${word(i + 100)}ss`.slice(0, 10))
    for (let k = 0; k < extra; k++) long[k] += 'xxxxxxxxxxxxxxxxxxxx'
    add(`avg_above_10/${extra}`, `the and ${long.join(' ')} of`)
  }
  // '#' and ellipses per word around 0.1; each '#' is also a word of its own.
  for (const k of [12, 13, 14, 15, 16]) add(`hashes/${k}`, `${prose(90)} ${Array(k).fill('#tag').join(' ')} the end.`)
  for (const k of [16, 18, 20, 22, 24]) add(`ellipsis/${k}`, `${prose(90)} ${Array.from({ length: k }, (_, i) => (i % 2 ? 'so… and' : 'so... and')).join(' ')} the end.`)
  add('ellipsis/five_dots', `${prose(90)} ${Array(22).fill('wait..... and').join(' ')} the end.`)
  // Bullet lines around 90% and lines ending in an ellipsis around 30%.
  for (const [bullets, total] of [[9, 10], [10, 10], [18, 20], [19, 20], [20, 20]] as const) {
    const lines = proseLines(total, 8).map((line, k) => (k < bullets ? (k % 3 === 0 ? '  - ' : k % 3 === 1 ? '• ' : '-') + line : line))
    add(`bullets/${bullets}_of_${total}`, lines.join('\n'))
  }
  for (const ends of [2, 3, 4, 5]) {
    const lines = proseLines(10, 8).map((line, k) => (k < ends ? (k % 2 ? `${line.slice(0, -1)}…  ` : `${line.slice(0, -1)}...`) : line))
    add(`end_ellipsis/${ends}_of_10`, lines.join('\n'))
  }
  add('end_ellipsis/crlf_lines', proseLines(10, 8).map((line, k) => (k < 4 ? `${line}..` : line)).join('\r\n'))
  // Words with a letter around 80%.
  for (const numbers of [8, 11, 13, 15, 17, 19]) {
    const ws = [...prose(80).split(' ').slice(0, 100 - numbers), ...Array.from({ length: numbers }, (_, i) => String(1000 + i * 7))]
    add(`alpha/${numbers}_numbers`, ws.join(' '))
  }
  // Stop words: none, one (repeated), two, capitalised ones that do not count.
  const body = Array.from({ length: 60 }, (_, i) => word(i)).join(' ')
  add('stop_words/none', body)
  add('stop_words/one_repeated', `${body} the the the`)
  add('stop_words/two', `${body} the of`)
  add('stop_words/capitalised', `${body} The Of AND`)
  add('stop_words/two_in_punctuation', `${body} (the) "with"`)
  return out
}

function gopherRepetition(): FilterInput[] {
  const out: FilterInput[] = []
  const add = (name: string, text: string) => out.push({ id: `gen/gopher_repetition/${name}`, text })
  add('empty', '')
  add('whitespace_only', ' \n\n \n')
  // Duplicate paragraphs (split at blank lines) around 30% of paragraphs, and their characters around 20%.
  // (A repeat is each copy after the first.)
  for (const dups of [2, 3, 4]) {
    const paras = proseLines(9 - dups, 30).concat(Array(dups + 1).fill('Short one.'))
    add(`dup_para_frac/${dups}_of_10`, paras.join('\n\n'))
  }
  for (const words of [40, 60, 80, 100]) {
    const long = prose(words, 5000)
    add(`dup_para_char_frac/${words}_words`, [long, ...proseLines(10, 20), long].join('\n\n\n'))
  }
  // Duplicate lines around 30% and their characters around 20%.
  for (const dups of [2, 3, 4]) {
    const lines = proseLines(9 - dups, 30).concat(Array(dups + 1).fill('Hi.'))
    add(`dup_line_frac/${dups}_of_10`, lines.join('\n'))
  }
  for (const words of [20, 30, 40, 50]) {
    const long = prose(words, 6000)
    add(`dup_line_char_frac/${words}_words`, [long, ...proseLines(10, 20), long].join('\n'))
  }
  add('leading_and_trailing_newlines', `\n\n${proseLines(8, 20).join('\n')}\n\n`)
  // The most frequent 2-, 3- and 4-gram around 20%, 18% and 16% of the characters.
  // (k copies of the n-gram spread over 200 words of otherwise distinct prose.)
  for (const [n, counts] of [[2, [24, 30, 36, 42, 48]], [3, [14, 18, 22, 26, 30]], [4, [8, 11, 14, 17, 20]]] as const) {
    for (const k of counts) {
      const gram = Array.from({ length: n }, (_, i) => word(9000 + i)).join(' ')
      const base = prose(200, 7000).split(' ')
      const parts: string[] = []
      for (let i = 0; i < k; i++) parts.push(base.slice(Math.floor((i * base.length) / k), Math.floor(((i + 1) * base.length) / k)).join(' '), gram)
      add(`top_${n}_gram/${k}`, parts.join(' '))
    }
  }
  // Repeated n-grams of 5 to 10 words: a passage of m words written twice in otherwise distinct text.
  for (const m of [5, 8, 10, 12, 15, 20, 30, 40]) {
    const passage = prose(m, 9500)
    add(`duplicated_n_grams/passage_${m}`, [prose(45, 100), passage, prose(8, 400), passage, prose(5, 500)].join(' '))
  }
  // A phrase repeated r times (the most frequent 4-gram grows with it).
  for (const r of [2, 3, 6]) {
    const phrase = Array.from({ length: 7 }, (_, i) => word(9600 + i)).join(' ')
    const parts = [prose(120, 100)]
    for (let i = 0; i < r; i++) parts.push(phrase, prose(15, 400 + i * 15))
    add(`repeated_phrase/${r}`, parts.join(' '))
  }
  // "".join equality: the same characters split into different words.
  add('joined_ngrams', `${prose(60)} ab cd ef gh ij kl ${prose(20, 300)} abc def ghi jkl ${prose(20, 600)} abcd efgh ijkl`)
  return out
}

function c4Quality(): FilterInput[] {
  const out: FilterInput[] = []
  const add = (name: string, text: string) => out.push({ id: `gen/c4_quality/${name}`, text })
  // Four sentences: the document stays (five sentences) only when the line under test stays.
  const good = proseLines(4, 8)
  const five = proseLines(5, 8)
  for (const end of ['.', '?', '!', '"', "'", '', ':', '...', '…', '.)', '. ', '."', "'."]) {
    add(`terminal/${JSON.stringify(end)}`, [...good, `Alpha beta gamma delta${end}`].join('\n'))
  }
  for (const sentences of [3, 4, 5, 6]) add(`sentences/${sentences}`, proseLines(sentences, 6).join('\n'))
  add('sentences/several_per_line', 'One two three. Four five six! Seven eight nine? Ten eleven twelve.\nThirteen fourteen fifteen.')
  add('sentences/abbreviations', 'Mr. Smith met Dr. Jones at St. Mary. They talked e.g. about U.S. law.\nIt was 5 p.m. on Jan. 3 when they left. Then it rained.')
  add('sentences/quotes_and_ellipses', 'He said "stop." Then he left... Nobody knew why!?\n"Really?" she asked. "Yes." he said.')
  for (const words of [2, 3]) add(`words_per_line/${words}`, [...good, `${Array.from({ length: words }, (_, i) => word(i + 50)).join(' ')}.`].join('\n'))
  for (const length of [1000, 1001]) add(`long_word/${length}`, [...good, `A word ${'x'.repeat(length)} here.`].join('\n'))
  add('citations/kept_cleaned', [...five, 'Paris is the capital of France.[1]', 'It has many museums.[12][edit]', 'Facts vary [citation needed] by source.'].join('\n'))
  add('citations/empty_brackets', [...five, 'Some text here [] and more text.'].join('\n'))
  add('citations/line_start', [...five, '[1] Smith, John. A book about things. London.'].join('\n'))
  add('citations/reduce_words', [...five, 'Read [1] more.'].join('\n'))
  add('citations/nested', [...five, 'This is nested [[1]] text here.'].join('\n'))
  add('citations/before_period_only', [...five, 'The end of the story [2].'].join('\n'))
  add('lorem_ipsum/kept_line', [...good, 'Lorem ipsum dolor sit amet.'].join('\n'))
  add('lorem_ipsum/skipped_line', [...good, 'Lorem ipsum dolor sit amet'].join('\n'))
  add('javascript/line', [...good, 'Please enable JavaScript to view this page.', 'JavaScript is disabled.'].join('\n'))
  add('curly_bracket/kept_line', [...good, 'The set {a, b} has two members.'].join('\n'))
  add('curly_bracket/skipped_line', [...good, 'function f() { return 1 }'].join('\n'))
  const policies = ['Read our terms of use before posting.', 'See the Privacy Policy for details.', 'Our cookie policy has changed.', 'This site uses cookies to work.', 'The use of cookies is explained here.', 'We use cookies on this page.']
  add('policy/all', [...good, ...policies].join('\n'))
  add('policy/none', [...good, 'Cookies are baked in an oven.'].join('\n'))
  add('line_breaks/crlf', five.join('\r\n'))
  add('line_breaks/cr', five.join('\r'))
  add('line_breaks/unicode', five.join('\u2028') + '\x0b' + 'Tail line with words.' + '\x1c' + 'Another tail line here.')
  add('whitespace/indented', five.map((line, i) => (i % 2 ? `   ${line}\t ` : `\u00a0${line}`)).join('\n'))
  add('menu_page', ['Home', 'About us', 'Contact', ...good, 'Copyright 2024', 'Share on Twitter', 'Thanks for reading this.'].join('\n'))
  return out
}

function c4Paragraph(): FilterInput[] {
  const out: FilterInput[] = []
  const add = (name: string, text: string) => out.push({ id: `gen/c4_paragraph/${name}`, text })
  const line = (n: number) => `${prose(60, n)}`.slice(0, n)
  for (const length of [199, 200]) add(`length/${length}`, [line(250), line(260), line(length)].join('\n'))
  for (const count of [2, 3, 4]) add(`count/${count}`, [...Array.from({ length: count }, (_, i) => line(210 + i)), 'short', 'lines'].join('\n'))
  add('two_lines_only', [line(300), line(300)].join('\n'))
  add('emoji_units', [line(250), line(250), `${'😀'.repeat(120)}`].join('\n'))
  add('emoji_code_points', [line(250), line(250), `${'😀'.repeat(200)}`].join('\n'))
  add('blank_line_separated', [line(250), '', line(250), '', line(250)].join('\n'))
  return out
}

/** The first list entry of `language` accepted by `pick`, from the bundled lists. */
function listed(language: string, pick: (entry: string, all: ReadonlySet<string>) => boolean): string {
  const entries = readFileSync(new URL(`../../src/ops/filters/c4-badwords/${language}`, import.meta.url), 'utf8').split('\n').map((e) => e.trim())
  const all = new Set(entries)
  const found = entries.find((entry) => entry !== '' && pick(entry, all))
  if (found === undefined) throw new Error(`no ${language} bad word fits`)
  return found
}

function c4BadWords(): FilterInput[] {
  const out: FilterInput[] = []
  const add = (name: string, text: string, language?: string) => out.push({ id: `gen/c4_badwords/${name}`, text, ...(language ? { language } : {}) })
  const single = listed('en', (e, all) => /^[a-z]{5,}$/.test(e) && ![...all].some((o) => o !== e && o.includes(e)))
  const multi = listed('en', (e) => /^[a-z]+ [a-z]+$/.test(e))
  const base = prose(40)
  add('en/alone', `${base} ${single} ${base}`)
  add('en/uppercase', `${base} ${single.toUpperCase()}! ${base}`)
  add('en/sentence_end', `${base} ${single}.`)
  add('en/start', `${single} ${base}`)
  add('en/apostrophe', `${base} ${single}'s ${base}`)
  add('en/in_word', `${base} ${single}y ${base}`)
  add('en/prefixed', `${base} un${single} ${base}`)
  add('en/underscore', `${base} _${single}_ ${base}`)
  add('en/digit', `${base} 1${single} ${base}`)
  add('en/hyphen', `${base} ${single}-like ${base}`)
  add('en/multi_word', `${base} ${multi} ${base}`)
  add('en/multi_word_newline', `${base} ${multi.replace(' ', '\n')} ${base}`)
  add('en/clean', base)
  const german = listed('de', (e) => /^[a-zäöüß]{4,}$/.test(e))
  add('de/german_doc', `Das ist ein ganz normaler Satz. Hier steht ${german} mitten im Text.`, 'de')
  add('de/german_word_in_english_doc', `${base} ${german} ${base}`, 'en')
  add('de/clean', 'Das ist ein ganz normaler Satz über das Wetter in Berlin.', 'de')
  const chinese = listed('zh', (e) => [...e].length >= 2 && !/[a-z ]/i.test(e))
  add('zh/inside_text', `今天天气很好我们去公园${chinese}散步然后回家`, 'zh')
  add('zh/allowed_word', '这个问题的性质很复杂需要仔细研究', 'zh')
  add('zh/clean', '今天天气很好我们去公园散步然后回家', 'zh')
  const japanese = listed('ja', (e) => [...e].length >= 2 && !/[a-z ]/i.test(e))
  add('ja/inside_text', `今日はとても${japanese}いい天気です`, 'ja')
  add('ja/allowed_word', 'あの女の子は学校に行きました', 'ja')
  const french = listed('fr', (e) => /^[a-zéèàç]{5,}$/.test(e))
  add('fr/french_doc', `Voici une phrase tout à fait normale avec ${french} dedans.`, 'fr')
  return out
}

function fineWebQuality(): FilterInput[] {
  const out: FilterInput[] = []
  const add = (name: string, text: string) => out.push({ id: `gen/fineweb_quality/${name}`, text })
  add('empty', '')
  add('blank_lines_only', '  \n\t\n\u00a0\n')
  // Lines ending in terminal punctuation around 12% (25 lines, long enough not to be short).
  const noStop = (i: number) => `${prose(12, i * 12).replace(/\./g, '')} and more words here`
  for (const punctuated of [0, 2, 3, 4]) {
    const lines = Array.from({ length: 25 }, (_, i) => (i < punctuated ? `${noStop(i)}.` : noStop(i)))
    add(`line_punct/${punctuated}_of_25`, lines.join('\n'))
  }
  for (const end of ['。', '।', '؟', '!', '?', '．', ':', ';', '"']) {
    add(`line_punct/ends_${end}`, Array.from({ length: 8 }, (_, i) => (i < 1 ? `${noStop(i)}${end}` : noStop(i))).join('\n'))
  }
  add('line_punct/trailing_space', Array.from({ length: 8 }, (_, i) => `${noStop(i)}. `).join('\n'))
  // Short lines (at most 30 characters) around 67%.
  for (const [short, total] of [[6, 9], [7, 10], [2, 3], [20, 30], [21, 30]] as const) {
    const lines = Array.from({ length: total }, (_, i) => (i < short ? `Short line number ${word(i)}.` : `${prose(10, 100 + i * 10)}`))
    add(`short_lines/${short}_of_${total}`, lines.join('\n'))
  }
  const sized = (i: number, length: number) => `${word(i)} and some words to fill it up with`.slice(0, length - 1) + '.'
  for (const length of [30, 31]) add(`short_lines/length_${length}`, Array.from({ length: 10 }, (_, i) => (i < 8 ? sized(i, length) : prose(12, i * 20))).join('\n'))
  // Characters in repeated lines around 1% of the non-newline characters.
  for (const dups of [0, 1, 2, 3]) {
    const lines = [...proseLines(30, 15), ...Array(dups).fill('A repeated line of text.')]
    if (dups > 0) lines.push('A repeated line of text.')
    add(`char_dup/${dups}`, lines.join('\n'))
  }
  // Newlines per word around 0.3.
  const longWord = (i: number) => word(i) + word(i + 1000) + word(i + 2000) + word(i + 3000)
  for (const perLine of [1, 2, 3, 4]) {
    const lines = Array.from({ length: 30 }, (_, i) => `${Array.from({ length: perLine }, (_, k) => longWord(i * 10 + k)).join(' ')}${'x'.repeat(perLine === 1 ? 20 : 0)}.`)
    add(`list_ratio/${perLine}_words_per_line`, lines.join('\n'))
  }
  add('list_ratio/blank_lines_count', [...proseLines(10, 12)].join('\n\n\n\n'))
  return out
}

/** Text in other languages and scripts, and English that stresses word splitting; judged by every filter. */
function textVariety(): FilterInput[] {
  const texts: Record<string, string> = {
    german: 'Die Stadt liegt am Fluss. Im Sommer kommen viele Gäste, die das Ufer besuchen.\nDer Markt ist am Samstag geöffnet; es gibt Brot, Käse und Obst.\nWer mehr wissen will, fragt im Rathaus nach – dort hilft man gern.\nDie Öffnungszeiten stehen auf der Website www.beispiel-stadt.de/zeiten.\nIm Winter ist es ruhig, aber die Berge sind schön.',
    french: "L'été dernier, nous sommes allés à la mer. C'était magnifique !\nLes enfants ont joué sur la plage pendant que nous lisions.\nAujourd'hui, il pleut ; demain, il fera peut-être beau.\nQu'est-ce que tu en penses ? Moi, j'aime l'automne.\nLe train part à 8 h 15 de la gare du Nord.",
    spanish: '¿Dónde está la biblioteca? Está al lado del parque.\n¡Qué día tan bonito! Vamos a caminar por el río.\nLa reunión empieza a las 10:30 en la sala principal.\nEl informe tiene 25 páginas y tres anexos.\nGracias por su atención.',
    russian: 'Москва — столица России. Летом здесь много туристов.\nМы гуляли по парку и пили чай.\nВ 2023 году открылась новая станция метро.\nКто хочет, может прийти в субботу.\nЭто было очень интересно!',
    chinese: '今天天气很好。我们去公园散步，然后回家吃饭。\n这本书很有意思，我已经读了三遍。\n北京是中国的首都，有很多历史古迹。\n你明天有空吗？我们一起去看电影吧！',
    japanese: '今日はとてもいい天気です。公園で散歩しました。\nこの本はとても面白いです。もう三回読みました。\n東京は日本の首都です。人がたくさんいます。\n明日は雨が降るかもしれません。',
    arabic: 'ذهبنا إلى السوق صباحاً. اشترينا الخبز والفواكه.\nهل تريد أن تأتي معنا غداً؟\nالجو جميل في الربيع.',
    hindi: 'आज मौसम बहुत अच्छा है। हम पार्क गए।\nक्या आप कल आएँगे?\nयह किताब बहुत रोचक है।',
    english_contractions:
      "I don't know why they can't come. We'll see, won't we? It's John's car, isn't it?\nShe'd've liked it. Y'all gonna be there? Let's go, c'mon!\nThey're sure you've seen what's there. Ain't that so? I'm gonna check.\nDont worry, Im fine, hes fine, wed better go. I cannot say.",
    english_abbreviations:
      'Mr. and Mrs. Smith live on St. James St. in Washington, D.C. since Jan. 2001.\nDr. Brown, Ph.D., works for Acme Inc. and Foo Corp., e.g. on U.S. projects, i.e. contracts.\nThe meeting is at 3 p.m., or 3pm; it ends at 5 a.m.? No, 5p.m. sharp.\nSee vs. versus; a. b. c. items; A. B. C. grades.',
    english_web:
      'Visit https://www.example.com/path/to-page?x=1&y=2 or email info@example.org today.\nPrices: $5, US$10, 20€, 15% off, 3km away, 10kg max, 100-200 items.\nRating: 4.5/5 :) <3 :-( xD ^_^ 😀👍 #hashtag @user\nWell-known, state-of-the-art, 3-year-old, e-mail, re-use; 1990s-era.\nNode.js, file.txt, foo.bar, A.B.C, end.Start and word...word…word.',
    english_numbers: 'In 2019, 1,234 people paid 12.50 each (total: 15,425.00).\nThe ratio was 3:1 and the score 21-17; temps of -5°C to 30°C.\nCall +1 555-0100 or (555) 010-0199, ext. 42.\n1.2.3 is a version; 10.0.0.1 is an address; 2+2=4, 3*4=12, 2^8=256.',
    mixed_scripts: 'The word 東京 means Tokyo. Москва is Moscow. Αθήνα is Athens.\nSome text with emoji 🎉🎉 and symbols ©®™ and arrows → ← ↑.\nMath: α + β = γ; x² + y² = z².',
  }
  return Object.entries(texts).flatMap(([name, text]) => [
    { id: `gen/text/${name}`, text },
    { id: `gen/text/${name}_long`, text: [text, ...proseLines(12, 14, 3000)].join('\n') },
  ])
}

/** Every generated document, in a fixed order. */
export function generatedFilterInputs(): FilterInput[] {
  return [...gopherQuality(), ...gopherRepetition(), ...c4Quality(), ...c4Paragraph(), ...c4BadWords(), ...fineWebQuality(), ...textVariety()]
}
