import { Ajv } from 'ajv'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { describe, it } from 'node:test'
import { Worker } from 'node:worker_threads'
import { languageAnnotator } from '../../src/ops/language/annotator.ts'
import { languageFilter, type LanguageFilterConfig } from '../../src/ops/language/filter.ts'
import type { AnnotatorOperator, Doc, FilterOperator } from '../../src/ops/operator.ts'

// Three sentences per language about the same library, written for these tests by the
// project's authors (not taken from any corpus), so they carry the project's license.
const SAMPLES: Record<string, string> = {
  en: "The library opens at nine in the morning and closes late in the evening. Students often come here to read quietly and to work on their projects. On weekends the reading room is usually full.",
  de: "Die Bibliothek öffnet morgens um neun Uhr und schließt erst spät am Abend. Viele Studenten kommen hierher, um in Ruhe zu lesen und an ihren Projekten zu arbeiten. Am Wochenende ist der Lesesaal meistens voll.",
  fr: "La bibliothèque ouvre à neuf heures du matin et ferme tard le soir. Beaucoup d'étudiants viennent ici pour lire tranquillement et travailler sur leurs projets. Le week-end, la salle de lecture est souvent pleine.",
  es: "La biblioteca abre a las nueve de la mañana y cierra tarde por la noche. Muchos estudiantes vienen aquí para leer tranquilamente y trabajar en sus proyectos. Los fines de semana la sala de lectura suele estar llena.",
  it: "La biblioteca apre alle nove del mattino e chiude tardi la sera. Molti studenti vengono qui per leggere in silenzio e lavorare ai loro progetti. Nel fine settimana la sala di lettura è quasi sempre piena.",
  pt: "A biblioteca abre às nove horas da manhã e fecha tarde da noite. Muitos estudantes vêm aqui para ler com calma e trabalhar nos seus projetos. Aos fins de semana a sala de leitura costuma estar cheia.",
  nl: "De bibliotheek gaat om negen uur 's ochtends open en sluit pas laat op de avond. Veel studenten komen hier om rustig te lezen en aan hun projecten te werken. In het weekend is de leeszaal meestal vol.",
  sv: "Biblioteket öppnar klockan nio på morgonen och stänger sent på kvällen. Många studenter kommer hit för att läsa i lugn och ro och arbeta med sina projekt. På helgerna är läsesalen oftast full.",
  pl: "Biblioteka jest otwarta od dziewiątej rano do późnego wieczora. Wielu studentów przychodzi tutaj, żeby spokojnie czytać i pracować nad swoimi projektami. W weekendy czytelnia jest zwykle pełna.",
  cs: "Knihovna otevírá v devět hodin ráno a zavírá pozdě večer. Mnoho studentů sem chodí, aby si v klidu četli a pracovali na svých projektech. O víkendech bývá studovna obvykle plná.",
  ru: "Библиотека открывается в девять часов утра и закрывается поздно вечером. Многие студенты приходят сюда, чтобы спокойно читать и работать над своими проектами. По выходным читальный зал обычно полон.",
  uk: "Бібліотека відчиняється о дев'ятій ранку і зачиняється пізно ввечері. Багато студентів приходять сюди, щоб спокійно читати та працювати над своїми проєктами. У вихідні читальна зала зазвичай повна.",
  tr: "Kütüphane sabah dokuzda açılıyor ve akşam geç saatlerde kapanıyor. Birçok öğrenci buraya sessizce okumak ve projeleri üzerinde çalışmak için geliyor. Hafta sonları okuma salonu genellikle dolu oluyor.",
  ar: "تفتح المكتبة أبوابها في الساعة التاسعة صباحا وتغلق في وقت متأخر من المساء. يأتي كثير من الطلاب إلى هنا للقراءة بهدوء والعمل على مشاريعهم. في عطلة نهاية الأسبوع تكون قاعة القراءة ممتلئة عادة.",
  fa: "کتابخانه ساعت نه صبح باز می‌شود و تا دیروقت شب باز است. بسیاری از دانشجویان برای مطالعه در آرامش و کار روی پروژه‌هایشان به اینجا می‌آیند. در آخر هفته‌ها سالن مطالعه معمولا پر است.",
  he: "הספרייה נפתחת בשעה תשע בבוקר ונסגרת מאוחר בערב. סטודנטים רבים מגיעים לכאן כדי לקרוא בשקט ולעבוד על הפרויקטים שלהם. בסופי שבוע אולם הקריאה בדרך כלל מלא.",
  hi: "पुस्तकालय सुबह नौ बजे खुलता है और देर शाम को बंद होता है। बहुत से छात्र यहाँ शांति से पढ़ने और अपनी परियोजनाओं पर काम करने आते हैं। सप्ताहांत में वाचनालय आमतौर पर भरा रहता है।",
  zh: "图书馆早上九点开门，晚上很晚才关门。很多学生来这里安静地看书，做自己的项目。周末的时候，阅览室通常都坐满了人。",
  ja: "図書館は朝九時に開き、夜遅くに閉まります。多くの学生がここで静かに本を読んだり、自分の課題に取り組んだりしています。週末になると、閲覧室はたいてい満席です。",
  ko: "도서관은 아침 아홉 시에 문을 열고 저녁 늦게 닫습니다. 많은 학생들이 조용히 책을 읽고 자신의 과제를 하기 위해 이곳에 옵니다. 주말에는 열람실이 보통 꽉 찹니다.",
  vi: "Thư viện mở cửa lúc chín giờ sáng và đóng cửa muộn vào buổi tối. Nhiều sinh viên đến đây để đọc sách yên tĩnh và làm các dự án của mình. Vào cuối tuần, phòng đọc thường kín chỗ.",
  id: "Perpustakaan buka pukul sembilan pagi dan tutup larut malam. Banyak mahasiswa datang ke sini untuk membaca dengan tenang dan mengerjakan proyek mereka. Pada akhir pekan, ruang baca biasanya penuh.",
  fi: "Kirjasto aukeaa aamulla kello yhdeksän ja sulkeutuu myöhään illalla. Monet opiskelijat tulevat tänne lukemaan rauhassa ja tekemään projektejaan. Viikonloppuisin lukusali on yleensä täynnä.",
  el: "Η βιβλιοθήκη ανοίγει στις εννέα το πρωί και κλείνει αργά το βράδυ. Πολλοί φοιτητές έρχονται εδώ για να διαβάσουν με ησυχία και να δουλέψουν στα έργα τους. Τα Σαββατοκύριακα η αίθουσα ανάγνωσης είναι συνήθως γεμάτη.",
  hu: "A könyvtár reggel kilenckor nyit, és késő este zár be. Sok diák jön ide, hogy nyugodtan olvasson és a saját projektjein dolgozzon. Hétvégén az olvasóterem általában tele van.",
  th: "ห้องสมุดเปิดเวลาเก้าโมงเช้าและปิดตอนดึก นักศึกษาหลายคนมาที่นี่เพื่ออ่านหนังสืออย่างเงียบ ๆ และทำโครงงานของตนเอง ในวันหยุดสุดสัปดาห์ห้องอ่านหนังสือมักจะเต็ม",
}


await languageAnnotator.load!({ column: 'text', prefix: '' })
const annotator = languageAnnotator.create({ column: 'text', prefix: '' }) as AnnotatorOperator
const filter = (config: Partial<LanguageFilterConfig>) =>
  languageFilter.create({ column: 'text', languages: ['en'], min_score: 0.65, prefix: '', ...config }) as FilterOperator
const scoreOf = (text: string) => annotator.annotate([{ text }])[0]!.lang_score as number

describe('annotate.language', () => {
  it(`labels ${Object.keys(SAMPLES).length} languages, each above the default min_score`, () => {
    const docs = Object.values(SAMPLES).map((text) => ({ text }))
    const got = annotator.annotate(docs)
    const rows = Object.keys(SAMPLES).map((want, i) => ({ want, got: got[i]!.lang, score: got[i]!.lang_score as number }))
    console.log(['lang  predicted  score', ...rows.map((r) => `${r.want.padEnd(6)}${String(r.got).padEnd(11)}${r.score.toFixed(4)}`)].join('\n'))
    assert.deepEqual(rows.map((r) => r.got), Object.keys(SAMPLES))
    for (const r of rows) assert.ok(r.score > 0.65 && r.score < 1.001, `${r.want}: score ${r.score}`)
  })

  it('adds a nullable string lang and a nullable double lang_score, named with the prefix', () => {
    const op = languageAnnotator.create({ column: 'body', prefix: 'ft_' }) as AnnotatorOperator
    assert.deepEqual(op.columns, [
      { name: 'ft_lang', type: 'string', nullable: true, metadata: {} },
      { name: 'ft_lang_score', type: 'double', nullable: true, metadata: {} },
    ])
    const [row] = op.annotate([{ body: SAMPLES.fr }])
    assert.deepEqual(Object.keys(row!), ['ft_lang', 'ft_lang_score'])
    assert.equal(row!.ft_lang, 'fr')
    assert.equal(typeof row!.ft_lang_score, 'number')
  })

  it('gives nulls for a text that is missing, not a string, empty or only whitespace', () => {
    const none = { lang: null, lang_score: null }
    assert.deepEqual(annotator.annotate([{}, { text: null }, { text: 42 }, { text: '' }, { text: ' \n\t\r ' }]), [none, none, none, none, none])
  })

  it('reads the whole text, not its first line: newlines count as spaces', () => {
    const text = `Hello everyone\n${SAMPLES.de!.replaceAll('. ', '.\n')}`
    const [lined] = annotator.annotate([{ text }])
    const [spaced] = annotator.annotate([{ text: text.replaceAll('\n', ' ') }])
    assert.equal(lined!.lang, 'de', 'fastText alone would stop at the English first line')
    assert.deepEqual(lined, spaced)
    assert.equal(annotator.annotate([{ text: 'Hello everyone' }])[0]!.lang, 'en')
  })

  it('loads the model in a worker thread and predicts the same there', async () => {
    const module = new URL('../../src/ops/language/annotator.ts', import.meta.url).href
    const docs = [{ text: SAMPLES.ja }, { text: SAMPLES.pl }, { text: '' }]
    const code = `
      const { parentPort, workerData } = require('node:worker_threads')
      import(workerData.module).then(async ({ languageAnnotator }) => {
        await languageAnnotator.load()
        parentPort.postMessage(languageAnnotator.create({ column: 'text', prefix: '' }).annotate(workerData.docs))
      })`
    const worker = new Worker(code, { eval: true, workerData: { module, docs } })
    try {
      const [fromWorker] = await once(worker, 'message')
      assert.deepEqual(fromWorker, annotator.annotate(docs))
    } finally {
      await worker.terminate()
    }
  })
})

describe('filter.language', () => {
  it('keeps the listed languages above min_score and drops the others with reason language', () => {
    const op = filter({ languages: ['en', 'de'] })
    assert.deepEqual(op.check([{ text: SAMPLES.en }, { text: SAMPLES.de }, { text: SAMPLES.fr }, { text: SAMPLES.zh }]), [null, null, 'language', 'language'])
  })

  it('keeps a score just above min_score and drops one equal to it or below (strictly above, as datatrove)', () => {
    const score = scoreOf(SAMPLES.nl!)
    const check = (min_score: number) => filter({ languages: ['nl'], min_score }).check([{ text: SAMPLES.nl }])[0]
    assert.equal(check(score - 0.001), null)
    assert.equal(check(score), 'language')
    assert.equal(check(score + 0.001), 'language')
  })

  it('drops a short ambiguous text under the defaults, which its low score fails', () => {
    assert.ok(scoreOf('Hello world') < 0.65)
    assert.deepEqual(filter({}).check([{ text: 'Hello world' }, { text: 'Thanks for reading.' }]), ['language', null])
  })

  it('keeps any language above min_score when the list is empty', () => {
    const op = filter({ languages: [] })
    assert.deepEqual(op.check([{ text: SAMPLES.ko }, { text: SAMPLES.el }, { text: 'Hello world' }]), [null, null, 'language'])
  })

  it('says no_text for a text that is not a string, and drops a text with no words', () => {
    assert.deepEqual(filter({}).check([{}, { text: 7 }, { text: '' }, { text: '  ' }]), ['no_text', 'no_text', 'language', 'language'])
  })

  it("reuses annotate.language's columns, with the same prefix, instead of predicting", () => {
    const docs: Doc[] = [{ text: SAMPLES.de, lang: 'en', lang_score: 0.9 }, { text: SAMPLES.de, x_lang: 'en', x_lang_score: 0.9 }]
    assert.deepEqual(filter({}).check(docs), [null, 'language'])
    assert.deepEqual(filter({ prefix: 'x_' }).check(docs), ['language', null])
  })

  it('with min_score below 0.5, keeps a listed language that is not the top one, as datatrove does', () => {
    // 'Hello world': en 0.168, fr 0.091, de 0.035.
    const fr = filter({ languages: ['fr'], min_score: 0.05 })
    const de = filter({ languages: ['de'], min_score: 0.05 })
    assert.deepEqual(fr.check([{ text: 'Hello world' }]), [null])
    assert.deepEqual(de.check([{ text: 'Hello world' }]), ['language'])
    const annotated = annotator.annotate([{ text: 'Hello world' }])[0]!
    assert.equal(annotated.lang, 'en')
    assert.deepEqual(fr.check([{ text: 'Hello world', ...annotated }]), [null], 'the top label alone does not decide below 0.5')
  })

  it('refuses a language lid.176 does not know, with the closest label', () => {
    assert.throws(() => filter({ languages: ['en', 'eng'] }), {
      name: 'StrataError',
      code: 'invalid_argument',
      message: "filter.language: languages: 'eng' is not a lid.176 label; did you mean 'en'?",
    })
    assert.throws(() => filter({ languages: ['klingon'] }), { message: "filter.language: languages: 'klingon' is not a lid.176 label (they are ISO 639-1 codes where one exists, e.g. en, zh)" })
  })

  it("has schemas whose defaults are datatrove's: English, above 0.65", () => {
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false })
    const filterConfig: Record<string, unknown> = {}
    const annotatorConfig: Record<string, unknown> = {}
    assert.equal(ajv.compile(languageFilter.config)(filterConfig), true)
    assert.equal(ajv.compile(languageAnnotator.config)(annotatorConfig), true)
    assert.deepEqual(filterConfig, { column: 'text', languages: ['en'], min_score: 0.65, prefix: '' })
    assert.deepEqual(annotatorConfig, { column: 'text', prefix: '' })
  })
})
