import { Rng, Zipf } from './rng.ts'

export const LANGUAGES = ['en', 'de', 'fr', 'es', 'ru', 'zh'] as const
export type Lang = (typeof LANGUAGES)[number]

// Small vocabularies written for this generator, in rough frequency order (function words
// first) so a Zipf draw gives each language a plausible word and character distribution.
// zh is a list of common characters: its text has no spaces between words.
const WORDS: Record<Lang, string> = {
  en: `the of and to a in is that for it as was with be by on not he this are or his from at which
but have an they you were her she there been one all we their has would when if so no will more can
who its also into only other time some these two may then do first any like my now over such our man
even most made after many before must through back years where much your way well down should because
each just those people how too little state good very make world still own see men work long get here
between both life being under never day same another know while last might great old year off come
since against go came right used take three states himself few house use during without again place
american around however home small found thought went say part once general high upon school every
does got united left number course war until always away something fact though water less public put
think almost hand enough far took head yet government system better set told nothing night end why
called didn't eyes find going look asked later point knew city next program business give group toward
young days let room president side social given present several order national possible rather second
face per among form important often things looked early white case john become large big need four
within felt along children saw best church ever least power development light thing seemed family
interest want members mind country area others done turned although open problem sense service
river garden market history question letter morning village summer winter music paper window story`,
  de: `der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an
werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben
nur oder aber vor zur bis mehr durch man sein wurde sei prozent hatte kann gegen vom können schon wenn
habe seine mark ihre dann unter wir soll ich eines jahr zwei jahren diese dieser wieder keine uhr
seiner worden will zwischen immer millionen was sagte gibt alle seit muss doch jetzt drei neue damit
bereits da ab ihr ihren sowie heute hier beim waren ihrer ohne sehr selbst stadt neuen deutschland
diesem lange gestern weil allerdings kinder schule wasser haus straße weg leben arbeit zeit welt frage
beispiel möglich größer später während natürlich öffentlich zurück ländern führen grün fahrrad
regierung geschichte wirtschaft unternehmen bürger zukunft gemeinde bahnhof sommer winter morgen
abend woche monat freund familie garten wald fluss berg dorf markt buch brief zeitung fenster
tür küche essen trinken schnell langsam groß klein alt jung schön wichtig einfach schwierig`,
  fr: `de la le et les des en un du une que est pour qui dans a par plus pas au sur ne se le ce il sont
les ou avec son aux d'un cette d'une ont ses mais comme on tout nous sa été fait elle entre aussi
leur bien peut ces y deux sans dont même faire était sous après tous ans très autres où temps
autre encore premier leurs alors contre depuis ainsi avant lui selon chez monde pays entre notre
cas vie ville france jour part fois travail lors partie moins nouveau grand place histoire français
gouvernement président année politique groupe état société nombre public guerre service droit
question système projet rapport développement famille enfants école maison rue eau terre mer
été hiver matin soir semaine marché jardin forêt rivière montagne village livre lettre journal
fenêtre porte cuisine manger boire rapide lent petit vieux jeune beau important facile difficile
déjà toujours jamais souvent peut-être là-bas écrire lire apprendre commencer finir ouvrir`,
  es: `de la que el en y a los del se las por un para con no una su al es lo como más pero sus le ya
o este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos
durante todos uno les ni contra otros ese eso ante ellos e esto mí antes algunos qué unos yo otro
otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo
nosotros año vez país mundo vida gobierno parte días tiempo ciudad política caso forma grupo
trabajo presidente historia proyecto sistema desarrollo empresa señor mujer niños escuela casa
calle agua tierra mar verano invierno mañana noche semana mercado jardín bosque río montaña pueblo
libro carta periódico ventana puerta cocina comer beber rápido lento pequeño viejo joven bonito
importante fácil difícil además siempre nunca quizás allí después también según aquí así
año español educación información canción corazón razón acción nación jóvenes últimos pública`,
  ru: `и в не на я что он с как это по но к из у за вы так же от все она бы было только мне
его мы когда до уже для вот нет если да ты они быть был о или ее мой чтобы даже себя под будет
ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее
сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот
через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда
лучше чуть том нельзя такой им более всегда конечно всю между время человек год дело жизнь день
рука работа слово место лицо друг глаз вопрос дом сторона страна мир случай голова ребенок сила
конец вид система часть город отношение женщина деньги земля машина вода отец проблема час
право нога решение дверь образ история власть закон война бог голос тысяча книга возможность
результат ночь стол имя область статья число компания народ жена группа развитие процесс суд`,
  zh: `的一是不了人在有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年
过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她
本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问
很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次
度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何
电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展
马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规
万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办`,
}

const VOCABULARY: Record<Lang, Zipf<string>> = Object.fromEntries(
  LANGUAGES.map((lang) => [lang, new Zipf(lang === 'zh' ? [...WORDS.zh.replace(/\s+/g, '')] : WORDS[lang].split(/\s+/))]),
) as Record<Lang, Zipf<string>>

// The same draws with a leading space, to append a word in one concatenation.
const SPACED: Record<Lang, Zipf<string>> = Object.fromEntries(LANGUAGES.map((lang) => [lang, new Zipf(VOCABULARY[lang].items.map((w) => ` ${w}`))])) as Record<Lang, Zipf<string>>

/** A word (for zh, a character) of `lang`, drawn by its Zipf law. */
export function word(rng: Rng, lang: Lang): string {
  return VOCABULARY[lang].draw(rng)
}

/** UTF-8 byte length. */
export const utf8Length = (s: string): number => Buffer.byteLength(s)

const capitalize = (w: string) => w.charAt(0).toUpperCase() + w.slice(1)

/** One sentence of `lang`, ending in terminal punctuation; `words` is its length in words (zh: characters / 2). */
export function sentence(rng: Rng, lang: Lang, words = rng.int(6, 22)): string {
  if (lang === 'zh') {
    let s = ''
    const n = words * 2
    for (let i = 0; i < n; i++) s += i > 3 && i < n - 3 && rng.chance(0.06) ? `${word(rng, lang)}，` : word(rng, lang)
    return s + (rng.chance(0.9) ? '。' : rng.chance(0.5) ? '？' : '！')
  }
  let s = capitalize(word(rng, lang))
  const spaced = SPACED[lang]
  for (let i = 1; i < words; i++) {
    if (i > 2 && i < words - 2 && rng.chance(0.07)) s += ','
    s += spaced.draw(rng)
  }
  const end = rng.next()
  if (end < 0.88) return `${s}.`
  if (end < 0.95) return lang === 'es' ? `¿${s}?` : `${s}?`
  return `${s}!`
}

/** A paragraph of `lang`: a few sentences on one line. */
export function paragraph(rng: Rng, lang: Lang, sentences = rng.int(2, 6)): string {
  const out: string[] = []
  for (let i = 0; i < sentences; i++) out.push(sentence(rng, lang))
  return out.join(lang === 'zh' ? '' : ' ')
}

const SITES = ['Northwind Daily', 'Meridian Post', 'Harbor Review', 'Atlas Weekly', 'Cobalt Media', 'Juniper Press', 'Granite Times', 'Silverline News']

// Lines that real crawls repeat across thousands of pages: navigation, consent banners,
// footers. They are the same strings in every document that carries them.
const BOILERPLATE: Record<Lang, { readonly header: readonly string[]; readonly footer: readonly string[] }> = {
  en: {
    header: ['Home | News | Sports | Business | Contact', 'Skip to main content', 'This website uses cookies to improve your experience. Accept all cookies', 'Menu Search Subscribe Sign in'],
    footer: ['Share this article: Facebook Twitter LinkedIn Email', 'Privacy Policy | Terms of Use | Cookie Settings', 'Related articles'],
  },
  de: {
    header: ['Startseite | Nachrichten | Sport | Wirtschaft | Kontakt', 'Zum Inhalt springen', 'Diese Website verwendet Cookies. Alle akzeptieren', 'Menü Suche Abonnieren Anmelden'],
    footer: ['Artikel teilen: Facebook Twitter E-Mail', 'Datenschutz | Impressum | Cookie-Einstellungen', 'Das könnte Sie auch interessieren'],
  },
  fr: {
    header: ['Accueil | Actualités | Sport | Économie | Contact', 'Aller au contenu principal', 'Ce site utilise des cookies. Tout accepter', 'Menu Rechercher S’abonner Se connecter'],
    footer: ['Partager cet article : Facebook Twitter E-mail', 'Politique de confidentialité | Mentions légales | Cookies', 'À lire aussi'],
  },
  es: {
    header: ['Inicio | Noticias | Deportes | Economía | Contacto', 'Saltar al contenido', 'Este sitio web utiliza cookies. Aceptar todas', 'Menú Buscar Suscribirse Iniciar sesión'],
    footer: ['Compartir este artículo: Facebook Twitter Correo', 'Política de privacidad | Aviso legal | Cookies', 'Te puede interesar'],
  },
  ru: {
    header: ['Главная | Новости | Спорт | Экономика | Контакты', 'Перейти к содержанию', 'Этот сайт использует файлы cookie. Принять все', 'Меню Поиск Подписаться Войти'],
    footer: ['Поделиться: ВКонтакте Telegram Email', 'Политика конфиденциальности | Условия использования', 'Читайте также'],
  },
  zh: {
    header: ['首页 | 新闻 | 体育 | 财经 | 联系我们', '跳到主要内容', '本网站使用cookie以改善您的体验 全部接受', '菜单 搜索 订阅 登录'],
    footer: ['分享到：微博 微信 邮件', '隐私政策 | 使用条款 | Cookie设置', '相关文章'],
  },
}

const COPYRIGHT: Record<Lang, (year: number, site: string) => string> = {
  en: (y, s) => `Copyright © ${y} ${s}. All rights reserved.`,
  de: (y, s) => `Copyright © ${y} ${s}. Alle Rechte vorbehalten.`,
  fr: (y, s) => `Copyright © ${y} ${s}. Tous droits réservés.`,
  es: (y, s) => `Copyright © ${y} ${s}. Todos los derechos reservados.`,
  ru: (y, s) => `Copyright © ${y} ${s}. Все права защищены.`,
  zh: (y, s) => `版权所有 © ${y} ${s}。保留所有权利。`,
}

/** Header and footer boilerplate lines for one page of a site: shared strings, repeated across documents. */
export function boilerplate(rng: Rng, lang: Lang): { header: string[]; footer: string[] } {
  const b = BOILERPLATE[lang]
  const header = b.header.filter(() => rng.chance(0.5))
  const footer = b.footer.filter(() => rng.chance(0.4))
  footer.push(COPYRIGHT[lang](rng.int(2019, 2025), rng.pick(SITES)))
  return { header, footer }
}

const TLD: Record<Lang, readonly string[]> = { en: ['com', 'org', 'co.uk', 'net'], de: ['de', 'at', 'ch'], fr: ['fr', 'be', 'ca'], es: ['es', 'mx', 'com.ar'], ru: ['ru', 'by'], zh: ['cn', 'com.cn'] }
const ASCII_WORDS = 'news daily blog forum wiki shop travel health tech city sport food garden music science review journal'.split(' ')

/** A plausible page URL for a document of `lang`; `n` keeps it unique. */
export function pageUrl(rng: Rng, lang: Lang, n: number): string {
  const host = `${rng.pick(ASCII_WORDS)}-${rng.pick(ASCII_WORDS)}${rng.int(1, 400)}.${rng.pick(TLD[lang])}`
  return `https://www.${host}/${rng.pick(ASCII_WORDS)}/${rng.int(2015, 2025)}/${n.toString(36)}-${rng.pick(ASCII_WORDS)}.html`
}
