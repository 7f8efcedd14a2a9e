// The words spaCy 3.8's blank tokenizers never split by their punctuation rules, or split in a
// fixed way ("don't" -> do, n't): the table every language shares, and English's contractions
// and abbreviations. Each key maps to its tokens, which concatenate to the key.

/** A tokenizer's special cases: the whole word, and the tokens it becomes. */
export type SpecialCases = ReadonlyMap<string, readonly string[]>

const EMOTICONS =
  ":) :-) :)) :-)) :))) :-))) (: (-: =) (= :] :-] [: [-: [= =] :o) (o: :} :-} 8) 8-) (-8 ;) ;-) (; (-; :( :-( :(( :-(( :((( :-((( ): )-: " +
  "=( >:( :') :'-) :'( :'-( :/ :-/ =/ =| :| :-| ]= =[ :1 :P :-P :p :-p :O :-O :o :-o :0 :-0 :() >:o :* :-* :3 :-3 =3 :> :-> :X :-X " +
  ":x :-x :D :-D ;D ;-D =D xD XD xDD XDD 8D 8-D ^_^ ^__^ ^___^ >.< >.> <.< ._. ;_; -_- -__- v.v V.V v_v V_V o_o o_O O_o O_O 0_o o_0 " +
  "0_0 o.O O.o O.O o.o 0.0 o.0 0.o @_@ <3 <33 <333 </3 (^_^) (-_-) (._.) (>_<) (*_*) (\u00ac_\u00ac) \u0ca0_\u0ca0 \u0ca0\ufe35\u0ca0 " +
  "(\u0ca0_\u0ca0) \u00af\\(\u30c4)/\u00af (\u256f\u00b0\u25a1\u00b0\uff09\u256f\ufe35\u253b\u2501\u253b ><(((*>"

/** What every language keeps whole: whitespace, a few marks, single letters with a period, emoticons; and degrees split before a period. */
export const BASE_SPECIAL_CASES: SpecialCases = (() => {
  const table = new Map<string, readonly string[]>()
  const whole = (word: string) => table.set(word, [word])
  for (const word of [' ', '\t', '\\t', '\n', '\\n', '\u2014', '\u00a0', "'", '\\")', '<space>', "''", 'C++']) whole(word)
  for (const letter of 'abcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00fc') whole(`${letter}.`)
  for (const emoticon of EMOTICONS.split(' ')) whole(emoticon)
  for (const unit of 'cfkCFK') table.set(`\u00b0${unit}.`, ['\u00b0', unit, '.'])
  return table
})()

/** `table` plus, for each word with an apostrophe, the same word and tokens with a right single quotation mark instead. */
function withCurlyApostrophes(table: Map<string, readonly string[]>): SpecialCases {
  for (const [word, tokens] of [...table]) {
    if (word.includes("'")) table.set(word.replaceAll("'", '\u2019'), tokens.map((token) => token.replaceAll("'", '\u2019')))
  }
  return table
}

const title = (word: string) => word[0]!.toUpperCase() + word.slice(1)
const cased = (word: string) => [word, title(word)]

// Clitics after pronouns and wh-words, with and without the apostrophe: [suffix tokens].
const WILL = [["'ll"], ['ll'], ["'ll", "'ve"], ['ll', 've']]
const WOULD = [["'d"], ['d'], ["'d", "'ve"], ['d', 've']]
const HAVE = [["'ve"], ['ve']]
const ARE = [["'re"], ['re']]
const IS = [["'s"], ['s']]
const NOT = [["n't"], ['nt']]

/**
 * English: the shared table plus contractions (with and without the apostrophe), times and
 * abbreviations, then every entry with an apostrophe again with a typographic one (’).
 */
export const ENGLISH_SPECIAL_CASES: SpecialCases = (() => {
  const table = new Map(BASE_SPECIAL_CASES)
  const split = (head: string, tails: readonly (readonly string[])[]) => {
    for (const tail of tails) table.set(head + tail.join(''), [head, ...tail])
  }
  for (const i of cased('i')) split(i, [["'m"], ['m'], ["'m", 'a'], ['m', 'a']])
  for (const pron of ['i', 'you', 'he', 'she', 'it', 'we', 'they']) for (const p of cased(pron)) split(p, [...WILL, ...WOULD])
  for (const pron of ['i', 'you', 'we', 'they']) for (const p of cased(pron)) split(p, HAVE)
  for (const pron of ['you', 'we', 'they']) for (const p of cased(pron)) split(p, ARE)
  for (const pron of ['he', 'she', 'it']) for (const p of cased(pron)) split(p, IS)
  for (const word of ['who', 'what', 'when', 'where', 'why', 'how', 'there', 'that', 'this', 'these', 'those']) {
    const singular = word === 'that' || word === 'this'
    const plural = word === 'these' || word === 'those'
    for (const w of cased(word)) {
      if (!plural) split(w, IS)
      split(w, WILL)
      if (!singular) split(w, [...ARE, ...HAVE])
      split(w, WOULD)
    }
  }
  for (const verb of ['ca', 'could', 'do', 'does', 'did', 'had', 'may', 'might', 'must', 'need', 'ought', 'sha', 'should', 'wo', 'would']) {
    for (const v of cased(verb)) split(v, [...NOT, ["n't", "'ve"], ['nt', 've']])
  }
  for (const verb of ['could', 'might', 'must', 'should', 'would']) for (const v of cased(verb)) split(v, HAVE)
  for (const verb of ['ai', 'are', 'is', 'was', 'were', 'have', 'has', 'dare']) for (const v of cased(verb)) split(v, NOT)
  for (const word of ['doin', 'goin', 'nothin', 'nuthin', 'ol', 'somethin']) {
    for (const w of cased(word)) for (const form of [w, `${w}'`]) table.set(form, [form])
  }
  for (const word of ['em', 'll', 'nuff']) for (const form of [word, `'${word}`]) table.set(form, [form])
  for (let hour = 1; hour <= 12; hour++) for (const period of ['a.m.', 'am', 'p.m.', 'pm']) split(String(hour), [[period]])
  const pairs: [string, string[]][] = [
    ["y'all", ["y'", 'all']], ['yall', ['y', 'all']], ["how'd'y", ['how', "'d", "'y"]], ["How'd'y", ['How', "'d", "'y"]],
    ["not've", ['not', "'ve"]], ['notve', ['not', 've']], ["Not've", ['Not', "'ve"]], ['Notve', ['Not', 've']],
    ['cannot', ['can', 'not']], ['Cannot', ['Can', 'not']], ['gonna', ['gon', 'na']], ['Gonna', ['Gon', 'na']],
    ['gotta', ['got', 'ta']], ['Gotta', ['Got', 'ta']], ["let's", ['let', "'s"]], ["Let's", ['Let', "'s"]],
    ["c'mon", ["c'm", 'on']], ["C'mon", ["C'm", 'on']],
  ]
  for (const [word, tokens] of pairs) table.set(word, tokens)
  const whole =
    "'S 's \u2018S \u2018s and/or w/o 're 'Cause 'cause 'cos 'Cos 'coz 'Coz 'cuz 'Cuz 'bout ma'am Ma'am o'clock O'clock " +
    "lovin' Lovin' lovin Lovin havin' Havin' havin Havin doin' Doin' doin Doin goin' Goin' goin Goin " +
    'Mt. Ak. Ala. Apr. Ariz. Ark. Aug. Calif. Colo. Conn. Dec. Del. Feb. Fla. Ga. Ia. Id. Ill. Ind. Jan. Jul. Jun. Kan. Kans. ' +
    'Ky. La. Mar. Mass. Mich. Minn. Miss. N.C. N.D. N.H. N.J. N.M. N.Y. Neb. Nebr. Nev. Nov. Oct. Okla. Ore. Pa. S.C. Sep. ' +
    "Sept. Tenn. Va. Wash. Wis. 'd a.m. Adm. Bros. co. Co. Corp. D.C. Dr. e.g. E.g. E.G. Gen. Gov. i.e. I.e. I.E. Inc. Jr. " +
    'Ltd. Md. Messrs. Mo. Mont. Mr. Mrs. Ms. p.m. Ph.D. Prof. Rep. Rev. Sen. St. vs. v.s.'
  for (const word of whole.split(' ')) table.set(word, [word])
  // Real words the contraction rules would otherwise split (ill, its, well, were, ...).
  for (const word of ['ill', 'its', 'hell', 'shell', 'shed', 'were', 'well', 'whore']) for (const w of cased(word)) table.delete(w)
  return withCurlyApostrophes(table)
})()
