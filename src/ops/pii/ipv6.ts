import { ipv6Global } from './ip-ranges.ts'
import type { PiiSpan } from './types.ts'

/**
 * IPv6 addresses, found from each `:` with a hex digit or colon on both sides: the run of
 * hex digits, colons and dots around it must parse as eight 16-bit groups, or fewer with
 * one `::`, the last two maybe written as an IPv4 address. Times (`12:30:45`), MAC
 * addresses and C++ scopes (`std::vector`) do not parse; by default only global unicast
 * addresses count.
 */

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
const isPart = (c: number) => isHex(c) || c === 58 || c === 46
const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95

/** What parsing learnt of an address: its first two 16-bit words, how many groups it writes out, and the first one's length. Reused between calls. */
const parsed = { w0: 0, w1: 0, groups: 0, firstLength: 0 }

/** Appends the IPv6 addresses of `text` to `out`, in order; `includeReserved` also takes non-global ones. */
export function scanIpv6(text: string, includeReserved: boolean, out: PiiSpan[]): void {
  let from = 0
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', from)) {
    from = colon + 1
    const before = colon > 0 ? text.charCodeAt(colon - 1) : 0
    const after = colon + 1 < text.length ? text.charCodeAt(colon + 1) : 0
    if (!(isHex(before) || before === 58) || !(isHex(after) || after === 58)) continue
    let start = colon
    while (start > 0 && isPart(text.charCodeAt(start - 1))) start--
    let end = colon + 1
    while (end < text.length && isPart(text.charCodeAt(end))) end++
    from = end
    // A label glued before the address (`IPv6:2001:…`): drop the piece up to the first colon.
    if (start > 0 && isWordChar(text.charCodeAt(start - 1))) {
      start = text.indexOf(':', start) + 1
      if (text.charCodeAt(start) === 58) continue
    }
    while (end > start && text.charCodeAt(end - 1) === 46) end--
    if (end > start + 1 && text.charCodeAt(end - 1) === 58 && text.charCodeAt(end - 2) !== 58) end--
    if (end < text.length && isWordChar(text.charCodeAt(end))) continue
    if (!parseIpv6(text, start, end)) continue
    if (ipv6Global(parsed.w0, parsed.w1) || (includeReserved && !sliceLike(text, start, end))) out.push({ type: 'ipv6', start, end })
  }
}

// Python slices (`l[::2]`, `l[1::2]`) parse as addresses too: a reserved address of one or
// two short groups counts only as the loopback `::1` or the unspecified `::`.
function sliceLike(text: string, start: number, end: number): boolean {
  if (parsed.groups > 2 || parsed.firstLength === 4) return false
  const length = end - start
  return !(length === 2 || (length === 3 && text.charCodeAt(start + 2) === 49))
}

// Parses text[start, end) as an IPv6 address into `parsed`.
function parseIpv6(text: string, start: number, end: number): boolean {
  let groups = 0
  let compressed = false
  let k = start
  parsed.w0 = 0
  parsed.w1 = 0
  parsed.firstLength = 0
  let leading = 0
  if (text.charCodeAt(k) === 58) {
    if (text.charCodeAt(k + 1) !== 58) return false
    compressed = true
    k += 2
    if (k === end) {
      parsed.groups = 0
      return true
    }
  }
  for (;;) {
    const groupStart = k
    let v = 0
    while (k < end && isHex(text.charCodeAt(k)) && k - groupStart < 5) {
      const c = text.charCodeAt(k)
      v = v * 16 + (c <= 57 ? c - 48 : (c | 32) - 87)
      k++
    }
    const len = k - groupStart
    if (k < end && text.charCodeAt(k) === 46) {
      // An embedded IPv4 address ends the address and stands for two groups.
      if (!ipv4Tail(text, groupStart, end)) return false
      groups += 2
      break
    }
    if (len === 0 || len > 4) return false
    if (groups === 0) parsed.firstLength = len
    if (!compressed && leading < 2) {
      if (leading++ === 0) parsed.w0 = v
      else parsed.w1 = v
    }
    groups++
    if (k === end) break
    if (text.charCodeAt(k) !== 58) return false
    k++
    if (text.charCodeAt(k) === 58) {
      if (compressed) return false
      compressed = true
      k++
      if (k === end) break
    }
  }
  parsed.groups = groups
  return compressed ? groups <= 7 : groups === 8
}

function ipv4Tail(text: string, start: number, end: number): boolean {
  let octets = 0
  let k = start
  while (k < end) {
    const octetStart = k
    let v = 0
    while (k < end && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) v = v * 10 + text.charCodeAt(k++) - 48
    const len = k - octetStart
    if (len === 0 || len > 3 || v > 255 || (len > 1 && text.charCodeAt(octetStart) === 48)) return false
    octets++
    if (k < end && (text.charCodeAt(k) !== 46 || octets === 4)) return false
    k++
  }
  return octets === 4 && text.charCodeAt(end - 1) !== 46
}
