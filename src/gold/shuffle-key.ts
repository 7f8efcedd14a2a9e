/**
 * The place of copy `copy` of a document in the global shuffle: a 64-bit mix of its
 * `shuffle_key` and the copy number, written to `out` as two uint32 halves (`out[0]` the high
 * half, `out[1]` the low one); copies sort by (high, low). The mix is SplitMix64's finalizer
 * applied to `shuffle_key + copy · φ` (φ the 64-bit golden ratio), so copies of one document
 * land far apart and a document's first copy does not keep the place its key gave it.
 *
 * Arithmetic runs on 32-bit halves: a BigInt per copy would cost more than the rest of the key.
 */
export function copyKey(shuffleKey: bigint, copy: number, out: Uint32Array): void {
  const keyLo = Number(BigInt.asUintN(32, shuffleKey))
  const keyHi = Number(BigInt.asUintN(32, shuffleKey >> 32n))
  // copy · φ, then + key.
  mul64(copy >>> 0, Math.floor(copy / 0x1_0000_0000) >>> 0, GOLDEN_LO, GOLDEN_HI, out)
  const lo = (out[1]! + keyLo) >>> 0
  const carry = lo < keyLo ? 1 : 0
  let hi = (out[0]! + keyHi + carry) >>> 0
  let l = lo
  // z ^= z >>> 30; z *= M1
  l = (l ^ ((l >>> 30) | (hi << 2))) >>> 0
  hi = (hi ^ (hi >>> 30)) >>> 0
  mul64(l, hi, M1_LO, M1_HI, out)
  // z ^= z >>> 27; z *= M2
  l = (out[1]! ^ ((out[1]! >>> 27) | (out[0]! << 5))) >>> 0
  hi = (out[0]! ^ (out[0]! >>> 27)) >>> 0
  mul64(l, hi, M2_LO, M2_HI, out)
  // z ^= z >>> 31
  l = (out[1]! ^ ((out[1]! >>> 31) | (out[0]! << 1))) >>> 0
  hi = (out[0]! ^ (out[0]! >>> 31)) >>> 0
  out[0] = hi
  out[1] = l
}

const GOLDEN_HI = 0x9e3779b9
const GOLDEN_LO = 0x7f4a7c15
const M1_HI = 0xbf58476d
const M1_LO = 0x1ce4e5b9
const M2_HI = 0x94d049bb
const M2_LO = 0x133111eb

// (aHi·2^32 + aLo) · (bHi·2^32 + bLo) mod 2^64 into out = [hi, lo]. The low halves' full
// product goes through 16-bit limbs, each partial product exact in a double.
function mul64(aLo: number, aHi: number, bLo: number, bHi: number, out: Uint32Array): void {
  const a0 = aLo & 0xffff
  const a1 = aLo >>> 16
  const b0 = bLo & 0xffff
  const b1 = bLo >>> 16
  const p00 = a0 * b0
  const p01 = a0 * b1
  const p10 = a1 * b0
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff)
  out[1] = ((mid & 0xffff) << 16) | (p00 & 0xffff)
  out[0] = a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)
}
