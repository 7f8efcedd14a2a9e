import type { PiiSpan } from './types.ts'

/**
 * E-mail addresses, found from each `@`: a local part of letters, digits and `._%+-`
 * (no leading, trailing or doubled dot), and a domain of two or more labels whose last is
 * alphabetic (or punycode). Letters are those of alphabetic scripts (Latin, Greek,
 * Cyrillic: `müller@münchen.de`) but not CJK, which puts no space before an address
 * (`邮箱john@gmail.com`). Placeholders are not PII: the reserved example
 * domains (RFC 2606) and file names such as `icon@2x.png`, whose "TLD" is a file type.
 */

const MAX_LOCAL = 64
const MAX_DOMAIN = 253

const isAlnum = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x370 && c <= 0x4ff)
const isLocal = (c: number) => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45
const isDomain = (c: number) => isAlnum(c) || c === 46 || c === 45

const RESERVED_DOMAIN = /(?:^|\.)(?:example\.(?:com|org|net)|[^.]+\.(?:example|test|invalid|localhost))$/i
const FILE_SUFFIX = /\.(?:png|jpe?g|gif|svg|webp|bmp|ico|tiff?|avif|js|mjs|jsx|tsx|css|scss|json|txt|html?|xml|ya?ml|lock|pdf|zip|gz|tgz)$/i
const TLD = /\.(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu

/** Appends the e-mail addresses of `text` to `out`, in order. */
export function scanEmails(text: string, out: PiiSpan[]): void {
  let from = 0
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', from)) {
    from = at + 1
    let start = at
    while (start > 0 && at - start < MAX_LOCAL && isLocal(text.charCodeAt(start - 1))) start--
    while (start < at && text.charCodeAt(start) === 46) start++
    if (start === at || text.charCodeAt(at - 1) === 46 || (start > 0 && isLocal(text.charCodeAt(start - 1)))) continue
    let end = at + 1
    while (end < text.length && end - at <= MAX_DOMAIN && isDomain(text.charCodeAt(end))) end++
    while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--
    if (end === at + 1 || end - at - 1 > MAX_DOMAIN) continue
    if (end < text.length && (text.charCodeAt(end) === 64 || text.charCodeAt(end) === 95)) continue
    const domain = text.slice(at + 1, end)
    if (!validDomain(domain) || RESERVED_DOMAIN.test(domain) || FILE_SUFFIX.test(domain)) continue
    const local = text.slice(start, at)
    if (local.includes('..')) continue
    out.push({ type: 'email', start, end })
    from = end
  }
}

function validDomain(domain: string): boolean {
  if (!TLD.test(domain)) return false
  let label = 0
  for (let k = 0; k <= domain.length; k++) {
    const c = k < domain.length ? domain.charCodeAt(k) : 46
    if (c !== 46) {
      label++
      continue
    }
    if (label === 0 || label > 63 || domain.charCodeAt(k - 1) === 45 || domain.charCodeAt(k - label) === 45) return false
    label = 0
  }
  return true
}
