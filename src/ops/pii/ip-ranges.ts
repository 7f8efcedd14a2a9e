/**
 * Which IP addresses point at someone: public unicast ones. Private (RFC 1918, unique
 * local), shared (CGNAT), loopback, link-local, documentation, benchmarking, multicast,
 * reserved and unspecified ranges name no one and are not PII unless a config asks.
 */

/** True when the IPv4 address a.b.c.d is public unicast (Python's `ipaddress.is_global`). */
export function ipv4Public(a: number, b: number, c: number): boolean {
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false
  if (a === 100 && b >= 64 && b < 128) return false
  if (a === 169 && b === 254) return false
  if (a === 172 && b >= 16 && b < 32) return false
  if (a === 192 && (b === 168 || (b === 0 && (c === 0 || c === 2)) || (b === 88 && c === 99))) return false
  if (a === 198 && (b === 18 || b === 19 || (b === 51 && c === 100))) return false
  if (a === 203 && b === 0 && c === 113) return false
  return true
}

/**
 * True when an IPv6 address whose first two 16-bit words are `w0` and `w1` is global
 * unicast: inside 2000::/3 but not the IETF protocol block 2001::/23, the documentation
 * blocks 2001:db8::/32 and 3fff::/20. Everything outside 2000::/3 (loopback, unspecified,
 * IPv4-mapped, unique local fc00::/7, link-local fe80::/10, multicast ff00::/8) is not.
 */
export function ipv6Global(w0: number, w1: number): boolean {
  if (w0 < 0x2000 || w0 > 0x3fff) return false
  if (w0 === 0x2001 && (w1 < 0x200 || w1 === 0xdb8)) return false
  return !(w0 === 0x3fff && w1 < 0x1000)
}
