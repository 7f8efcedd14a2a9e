import { crc32 } from 'node:zlib'
import type { Rng } from './rng.ts'

// The PII types Strata's PII operator claims to detect: the corpus plants every one of them.
import { PII_TYPES, type PiiType } from '../../src/ops/pii/types.ts'

export { PII_TYPES, type PiiType }

/**
 * One planted value. `valid` says whether a correct detector must report it: false marks a
 * look-alike (a private IPv4 address, a card number failing Luhn, an IBAN failing mod-97,
 * an SSN in a range never issued). `detail` names the variant (brand, country, range).
 */
export interface PiiValue {
  readonly type: PiiType
  readonly value: string
  readonly valid: boolean
  readonly detail: string
}

/** Alphabets the generated values draw from. */
export const DIGITS = '0123456789'
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
export const LOWER = 'abcdefghijklmnopqrstuvwxyz'
export const BASE62 = DIGITS + UPPER + LOWER
export const BASE64 = UPPER + LOWER + DIGITS + '+/'
export const HEX = '0123456789abcdef'

/** True when the digits of `number` (separators ignored) pass the Luhn check. */
export function luhnValid(number: string): boolean {
  const digits = number.replace(/\D/g, '')
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return digits.length > 0 && sum % 10 === 0
}

/** The ISO 13616 remainder of an IBAN (spaces ignored): 1 for a valid one. */
export function ibanRemainder(iban: string): number {
  const s = iban.replace(/\s/g, '')
  const rearranged = s.slice(4) + s.slice(0, 4)
  let r = 0
  for (const ch of rearranged) {
    const v = ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48
    r = v > 9 ? (r * 100 + v) % 97 : (r * 10 + v) % 97
  }
  return r
}

/** True for an SSN the SSA can issue: area 001-899 but not 666, group 01-99, serial 0001-9999. */
export function ssnValid(ssn: string): boolean {
  const m = /^(\d{3})-(\d{2})-(\d{4})$/.exec(ssn)
  if (!m) return false
  const area = Number(m[1])
  return area > 0 && area !== 666 && area < 900 && m[2] !== '00' && m[3] !== '0000'
}

const base62 = (n: number, width: number) => {
  let s = ''
  for (let i = 0; i < width; i++, n = Math.floor(n / 62)) s = BASE62[n % 62] + s
  return s
}

/** True when a `ghp_` token's last six characters are the base62 CRC32 of the first thirty, as GitHub issues them. */
export function githubTokenValid(token: string): boolean {
  const body = token.slice(4, 34)
  return /^gh[pousr]_[0-9A-Za-z]{36}$/.test(token) && base62(crc32(body), 6) === token.slice(34)
}

function cardNumber(rng: Rng, valid: boolean): PiiValue {
  const brand = rng.pick(['visa', 'mastercard', 'amex', 'discover'] as const)
  const prefix = { visa: '4', mastercard: String(rng.int(51, 55)), amex: rng.pick(['34', '37']), discover: '6011' }[brand]
  const length = brand === 'amex' ? 15 : 16
  const body = prefix + rng.chars(DIGITS, length - 1 - prefix.length)
  let check = 0
  while (!luhnValid(body + check)) check++
  if (!valid) check = (check + rng.int(1, 9)) % 10
  const digits = body + check
  const sep = rng.pick([' ', '-', ''])
  const groups = brand === 'amex' ? [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)] : digits.match(/.{4}/g)!
  return { type: 'credit_card', value: groups.join(sep), valid, detail: brand }
}

// BBAN layouts: n digits, a upper-case letters, c upper-case alphanumerics.
const IBAN_LAYOUTS: Record<string, string> = { DE: '18n', GB: '4a14n', FR: '10n11c2n', ES: '20n', NL: '4a10n', IT: '1a10n12c', AT: '16n', CH: '5n12c' }

function iban(rng: Rng, valid: boolean): PiiValue {
  const country = rng.pick(Object.keys(IBAN_LAYOUTS))
  let bban = ''
  for (const [, n, kind] of IBAN_LAYOUTS[country]!.matchAll(/(\d+)([nac])/g)) {
    bban += rng.chars(kind === 'n' ? DIGITS : kind === 'a' ? UPPER : DIGITS + UPPER, Number(n))
  }
  const correct = 98 - ibanRemainder(`${country}00${bban}`)
  let check = correct
  while (!valid && check === correct) check = rng.int(2, 98)
  const compact = `${country}${String(check).padStart(2, '0')}${bban}`
  const value = rng.chance(0.5) ? compact.match(/.{1,4}/g)!.join(' ') : compact
  return { type: 'iban', value, valid, detail: country }
}

function ssn(rng: Rng, valid: boolean): PiiValue {
  const pad = (n: number, w: number) => String(n).padStart(w, '0')
  if (valid) {
    let area = rng.int(1, 899)
    if (area === 666) area = 665
    return { type: 'us_ssn', value: `${pad(area, 3)}-${pad(rng.int(1, 99), 2)}-${pad(rng.int(1, 9999), 4)}`, valid, detail: 'issued range' }
  }
  const flaw = rng.pick(['area 000', 'area 666', 'area 9xx', 'group 00', 'serial 0000'] as const)
  const area = flaw === 'area 000' ? 0 : flaw === 'area 666' ? 666 : flaw === 'area 9xx' ? rng.int(900, 999) : rng.int(1, 665)
  const group = flaw === 'group 00' ? 0 : rng.int(1, 99)
  const serial = flaw === 'serial 0000' ? 0 : rng.int(1, 9999)
  return { type: 'us_ssn', value: `${pad(area, 3)}-${pad(group, 2)}-${pad(serial, 4)}`, valid, detail: flaw }
}

// Public unicast space, avoiding every private, shared, loopback, link-local, documentation,
// benchmarking and multicast range, so that `valid` is unambiguous.
function publicIpv4(rng: Rng): string {
  for (;;) {
    const a = rng.int(1, 223)
    const b = rng.int(0, 255)
    if (a === 10 || a === 127 || (a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32)) continue
    if ((a === 192 && (b === 168 || b === 0)) || (a === 198 && (b === 18 || b === 19 || b === 51)) || (a === 203 && b === 0)) continue
    return `${a}.${b}.${rng.int(0, 255)}.${rng.int(1, 254)}`
  }
}

const RESERVED_IPV4: Record<string, (rng: Rng) => string> = {
  'private 10/8': (r) => `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
  'private 172.16/12': (r) => `172.${r.int(16, 31)}.${r.int(0, 255)}.${r.int(1, 254)}`,
  'private 192.168/16': (r) => `192.168.${r.int(0, 255)}.${r.int(1, 254)}`,
  'loopback 127/8': (r) => `127.0.${r.int(0, 1)}.${r.int(1, 254)}`,
  'link-local 169.254/16': (r) => `169.254.${r.int(0, 255)}.${r.int(1, 254)}`,
  'documentation 192.0.2/24': (r) => `192.0.2.${r.int(1, 254)}`,
  'documentation 203.0.113/24': (r) => `203.0.113.${r.int(1, 254)}`,
  'multicast 224/4': (r) => `${r.int(224, 239)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
}

function ipv6(rng: Rng, valid: boolean): PiiValue {
  const group = () => rng.chars(HEX, rng.int(1, 4)).replace(/^0+(?=.)/, '')
  if (!valid) {
    const kind = rng.pick(['loopback', 'link-local fe80::/10', 'unique-local fc00::/7', 'documentation 2001:db8::/32'] as const)
    const tail = `${group()}:${group()}:${group()}:${group()}`
    const value = { loopback: '::1', 'link-local fe80::/10': `fe80::${tail}`, 'unique-local fc00::/7': `fd${rng.chars(HEX, 2)}:${group()}::${group()}`, 'documentation 2001:db8::/32': `2001:db8::${group()}:${group()}` }[kind]
    return { type: 'ipv6', value, valid, detail: kind }
  }
  const groups = [`2${rng.chars(HEX, 3)}`, group(), group(), group(), group(), group(), group(), group()]
  if (groups[0] === '2001' && groups[1] === 'db8') groups[1] = '1db8'
  if (rng.chance(0.5)) {
    const at = rng.int(2, 6)
    return { type: 'ipv6', value: `${groups.slice(0, at).join(':')}::${groups.slice(at + 1).join(':')}`, valid, detail: 'global unicast, compressed' }
  }
  return { type: 'ipv6', value: groups.join(':'), valid, detail: 'global unicast' }
}

const d = (rng: Rng, n: number) => rng.chars(DIGITS, n)
const PHONES: Record<string, (rng: Rng) => string> = {
  us: (r) => {
    const area = `${r.int(2, 9)}${r.int(0, 8)}${r.int(0, 9)}`
    const exchange = `${r.int(2, 9)}${d(r, 2)}`
    const line = d(r, 4)
    return r.pick([`(${area}) ${exchange}-${line}`, `${area}-${exchange}-${line}`, `+1 ${area} ${exchange} ${line}`, `+1-${area}-${exchange}-${line}`, `${area}.${exchange}.${line}`])
  },
  gb: (r) => r.pick([`+44 20 7${d(r, 3)} ${d(r, 4)}`, `020 7${d(r, 3)} ${d(r, 4)}`, `+44 7${d(r, 3)} ${d(r, 6)}`]),
  de: (r) => r.pick([`+49 30 ${d(r, 7)}`, `030 ${d(r, 8)}`, `+49 151 ${d(r, 8)}`, `+49 (0)89 ${d(r, 3)} ${d(r, 4)}`]),
  fr: (r) => r.pick([`+33 1 ${d(r, 2)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`, `01 ${d(r, 2)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`, `06 ${d(r, 2)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`]),
  es: (r) => r.pick([`+34 91${d(r, 1)} ${d(r, 3)} ${d(r, 3)}`, `6${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`]),
  ru: (r) => r.pick([`+7 495 ${d(r, 3)}-${d(r, 2)}-${d(r, 2)}`, `8 (495) ${d(r, 3)}-${d(r, 2)}-${d(r, 2)}`, `+7 9${d(r, 2)} ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`]),
  cn: (r) => r.pick([`+86 10 ${d(r, 4)} ${d(r, 4)}`, `13${d(r, 1)} ${d(r, 4)} ${d(r, 4)}`]),
  e164: (r) => `+${r.pick(['1', '44', '49', '33', '34', '7', '86'])}${d(r, 10)}`,
}

const FIRST = ['anna', 'john', 'maria', 'li.wei', 'pierre', 'olga', 'carlos', 'j.smith', 'lena', 'ivan_petrov', 'sofia', 'm.garcia']
const DOMAINS = ['gmail.com', 'yahoo.fr', 'web.de', 'mail.ru', 'outlook.com', 'qq.com', 'company.co.uk', 'uni-heidelberg.de', 'telefonica.es']

function pem(rng: Rng): PiiValue {
  const kind = rng.pick(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY'] as const)
  const head = { 'RSA PRIVATE KEY': 'MIIEpAIBAAKCAQEA', 'PRIVATE KEY': 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'EC PRIVATE KEY': 'MHcCAQEEI', 'OPENSSH PRIVATE KEY': 'b3BlbnNzaC1rZXktdjEAAAAA' }[kind]
  const length = { 'RSA PRIVATE KEY': 1592, 'PRIVATE KEY': 1620, 'EC PRIVATE KEY': 160, 'OPENSSH PRIVATE KEY': 380 }[kind]
  const body = head + rng.chars(BASE64, length - head.length)
  const lines = body.match(/.{1,64}/g)!.join('\n')
  return { type: 'private_key', value: `-----BEGIN ${kind}-----\n${lines}\n-----END ${kind}-----`, valid: true, detail: kind }
}

const GENERATORS: { readonly [K in PiiType]: (rng: Rng) => PiiValue } = {
  email: (r) => {
    const value = `${r.pick(FIRST)}${r.chance(0.5) ? r.int(1, 99) : ''}@${r.pick(DOMAINS)}`
    return { type: 'email', value, valid: true, detail: 'address' }
  },
  ipv4: (r) => {
    if (r.chance(0.5)) return { type: 'ipv4', value: publicIpv4(r), valid: true, detail: 'public' }
    const kind = r.pick(Object.keys(RESERVED_IPV4))
    return { type: 'ipv4', value: RESERVED_IPV4[kind]!(r), valid: false, detail: kind }
  },
  ipv6: (r) => ipv6(r, r.chance(0.75)),
  phone: (r) => {
    const country = r.pick(Object.keys(PHONES))
    return { type: 'phone', value: PHONES[country]!(r), valid: true, detail: country }
  },
  credit_card: (r) => cardNumber(r, r.chance(0.5)),
  iban: (r) => iban(r, r.chance(0.5)),
  us_ssn: (r) => ssn(r, r.chance(0.5)),
  aws_access_key: (r) => {
    const prefix = r.pick(['AKIA', 'ASIA'])
    return { type: 'aws_access_key', value: prefix + r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16), valid: true, detail: prefix }
  },
  github_token: (r) => {
    const prefix = r.pick(['ghp_', 'gho_', 'ghs_'])
    const body = r.chars(BASE62, 30)
    return { type: 'github_token', value: `${prefix}${body}${base62(crc32(body), 6)}`, valid: true, detail: prefix }
  },
  slack_token: (r) => {
    const prefix = r.pick(['xoxb', 'xoxp'])
    return { type: 'slack_token', value: `${prefix}-${d(r, 12)}-${d(r, 13)}-${r.chars(BASE62, 24)}`, valid: true, detail: prefix }
  },
  stripe_key: (r) => {
    const prefix = r.pick(['sk_live_', 'rk_live_'])
    return { type: 'stripe_key', value: prefix + r.chars(BASE62, r.pick([24, 99])), valid: true, detail: prefix }
  },
  private_key: pem,
}

/** A value of `type` (valid or a look-alike, as the type's mix says). */
export function piiValue(rng: Rng, type: PiiType): PiiValue {
  return GENERATORS[type](rng)
}

const LEADS: Record<PiiType, readonly string[]> = {
  email: ['E-mail', 'Contact', 'Mail'],
  ipv4: ['IP', 'Server', 'Host'],
  ipv6: ['IPv6', 'Address'],
  phone: ['Tel.', 'Phone', 'Call'],
  credit_card: ['Card', 'CC'],
  iban: ['IBAN'],
  us_ssn: ['SSN'],
  aws_access_key: ['aws_access_key_id ='],
  github_token: ['GITHUB_TOKEN='],
  slack_token: ['SLACK_TOKEN='],
  stripe_key: ['STRIPE_SECRET_KEY='],
  private_key: [],
}

/** A short label to write before a value of `type`, as a page or a pasted config would. */
export function piiLead(rng: Rng, type: PiiType): string {
  return LEADS[type].length > 0 ? rng.pick(LEADS[type]) : ''
}
