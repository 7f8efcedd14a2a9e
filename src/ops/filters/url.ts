import { readFileSync } from 'node:fs'
import { StrataError } from '../../core/errors.ts'
import type { OperatorSpec } from '../operator.ts'

export interface UrlFilterConfig {
  readonly column: string
  readonly domains_file?: string
  readonly urls_file?: string
  readonly banned_words: readonly string[]
  readonly soft_banned_words: readonly string[]
  readonly soft_word_threshold: number
  readonly banned_subwords: readonly string[]
}

// scheme://user@host:port/path: group 1 is the host (an IPv6 literal keeps its brackets);
// every part is optional, so it matches any string.
const HOST = /^(?:[a-z][a-z0-9+.-]*:\/\/|\/\/)?(?:[^@/?#\\]*@)?(\[[^\]]*\]|[^:/?#\\]*)/i
const NON_WORD = /[^a-z0-9]+/
const NON_WORD_ALL = /[^a-z0-9]+/g
const words = (what: string) => ({ type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9]+$' }, default: [], description: what })

/**
 * `filter.url`: drops documents by their URL, with datatrove's URLFilter rules and drop
 * reasons, checked in this order:
 * - `domain`: the URL's host or one of its parent domains is in `domains_file`, ignoring
 *   case (`example.com` blocks `ads.example.com`). datatrove tells `domain` (registered
 *   domain listed) from `subdomain` (full host listed) with the Public Suffix List, which
 *   Strata does not ship; any listed host or parent gives `domain`.
 * - `url`: the URL, exactly as written, is in `urls_file`.
 * - `hard_blacklisted`: a word of `banned_words` is one of the URL's words (its runs of
 *   letters and digits, ignoring case).
 * - `soft_blacklisted`: at least `soft_word_threshold` distinct `soft_banned_words` are.
 * - `blacklisted_subword`: a `banned_subwords` entry is inside the URL once everything but
 *   letters and digits is removed (`sex-shop` matches `www.sexshop.com`).
 *
 * datatrove downloads large default lists; Strata never downloads, so the lists are the
 * user's: text files with one entry per line, `#` starting a comment line, read once when
 * the operator is created (a relative path is from the working directory). A document
 * whose URL is null, empty or not a string is kept.
 */
export const urlFilter: OperatorSpec<UrlFilterConfig> = {
  name: 'filter.url',
  kind: 'filter',
  version: 1,
  summary: 'drop documents whose URL is on a domain or URL blocklist, or has banned words',
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'url', description: 'the URL column' },
      domains_file: { type: 'string', minLength: 1, description: 'a file of blocked domains, one per line; each also blocks its subdomains' },
      urls_file: { type: 'string', minLength: 1, description: 'a file of blocked URLs, one per line, matched exactly' },
      banned_words: words('words (letters and digits) that drop a URL containing any of them: hard_blacklisted'),
      soft_banned_words: words('words of which soft_word_threshold distinct ones drop a URL: soft_blacklisted'),
      soft_word_threshold: { type: 'integer', minimum: 1, default: 2, description: 'how many distinct soft_banned_words drop a URL' },
      banned_subwords: {
        type: 'array',
        items: { type: 'string', pattern: '[A-Za-z0-9]' },
        default: [],
        description: 'strings that drop a URL containing them anywhere, both compared without anything but letters and digits: blacklisted_subword',
      },
    },
    additionalProperties: false,
  },
  create: (c) => {
    const domains = new Set(c.domains_file === undefined ? [] : readList(c.domains_file, 'domains_file').map(hostName))
    const urls = new Set(c.urls_file === undefined ? [] : readList(c.urls_file, 'urls_file'))
    const banned = new Set(c.banned_words.map((w) => w.toLowerCase()))
    const soft = new Set(c.soft_banned_words.map((w) => w.toLowerCase()))
    // Entries are letters and digits once normalized, so they need no escaping.
    const subword = c.banned_subwords.length === 0 ? undefined : new RegExp(c.banned_subwords.map(squash).join('|'))
    if (c.domains_file === undefined && c.urls_file === undefined && banned.size === 0 && soft.size === 0 && !subword) {
      throw new StrataError('invalid_argument', 'filter.url: nothing to filter on; give domains_file, urls_file, banned_words, soft_banned_words or banned_subwords')
    }
    const splitWords = banned.size > 0 || soft.size > 0
    return {
      kind: 'filter',
      check: (batch) =>
        batch.map((doc) => {
          const url = doc[c.column]
          if (typeof url !== 'string' || url === '') return null
          if (domains.size > 0 && isListed(hostName(HOST.exec(url)![1]!), domains)) return 'domain'
          if (urls.has(url)) return 'url'
          if (splitWords) {
            const found = url.toLowerCase().split(NON_WORD)
            if (banned.size > 0 && found.some((w) => banned.has(w))) return 'hard_blacklisted'
            if (soft.size > 0 && new Set(found.filter((w) => soft.has(w))).size >= c.soft_word_threshold) return 'soft_blacklisted'
          }
          if (subword?.test(squash(url))) return 'blacklisted_subword'
          return null
        }),
    }
  },
}

/** The entries of a list file: its lines trimmed, without blank and `#` lines. */
function readList(file: string, option: string): string[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? String(e)
    throw new StrataError('invalid_argument', `filter.url: ${option} '${file}' cannot be read (${why})`, { cause: e })
  }
  const entries: string[] = []
  for (const line of text.split('\n')) {
    const entry = line.trim()
    if (entry !== '' && entry[0] !== '#') entries.push(entry)
  }
  return entries
}

function hostName(host: string): string {
  const lower = host.toLowerCase()
  return lower.endsWith('.') ? lower.slice(0, -1) : lower
}

/** True when `host` or one of its parent domains is in `domains`. */
function isListed(host: string, domains: ReadonlySet<string>): boolean {
  if (domains.has(host)) return true
  for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
    if (domains.has(host.slice(dot + 1))) return true
  }
  return false
}

function squash(text: string): string {
  return text.toLowerCase().replace(NON_WORD_ALL, '')
}
