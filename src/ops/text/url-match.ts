// spaCy's URL test: a space-free piece that looks like a URL, an e-mail address or a host name
// with a lowercase top-level domain stays one token, whatever punctuation it holds inside.
// Hosts are letters, digits and any BMP character above U+00A0; the scheme is optional; a
// dotted IPv4 address stands for a host. (spaCy also refuses private IPv4 ranges as hosts; a
// difference only for such addresses followed by a path.)

const HOST = 'A-Za-z0-9\\u00a1-\\uffff'
const LABEL = `(?:[${HOST}][${HOST}_-]{0,62})?[${HOST}]\\.`
const TOP_LEVEL = '[\\p{Ll}\\p{Lo}\\p{Lm}]{2,63}'
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])'
const IPV4 = `[1-9][0-9]{0,2}(?:\\.${OCTET}){3}`
const PATTERN = `^(?:[\\p{L}\\p{N}_+.\\-]{2,}://)?(?:[^]+(?::[^]*)?@)?(?:${IPV4}|(?:${LABEL})+${TOP_LEVEL})(?::[0-9]{2,5})?(?:[/?#][^]*)?$`
const URL = new RegExp(PATTERN, 'u')

/** Whether the space-free `s[a:b]` is a URL to spaCy: it has a period and matches the URL pattern whole. */
export function isUrl(s: string, a: number, b: number): boolean {
  const dot = s.indexOf('.', a)
  if (dot < 0 || dot >= b) return false
  return URL.test(a === 0 && b === s.length ? s : s.slice(a, b))
}
