/**
 * The order that sorts `keys[0..n)` ascending, stable (equal keys keep their input order):
 * an LSD radix sort of the 32-bit keys in four passes of 8 bits, linear in n, with no
 * comparator calls. `scratch` must hold 2n entries; it is returned's backing store.
 */
export function radixOrder(keys: Uint32Array, n: number, scratch: Uint32Array): Uint32Array {
  let order = scratch.subarray(0, n)
  let next = scratch.subarray(n, 2 * n)
  for (let i = 0; i < n; i++) order[i] = i
  const counts = new Uint32Array(256)
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0)
    for (let i = 0; i < n; i++) counts[(keys[order[i]!]! >>> shift) & 0xff]!++
    let sum = 0
    for (let b = 0; b < 256; b++) {
      const c = counts[b]!
      counts[b] = sum
      sum += c
    }
    for (let i = 0; i < n; i++) {
      const doc = order[i]!
      next[counts[(keys[doc]! >>> shift) & 0xff]!++] = doc
    }
    ;[order, next] = [next, order]
  }
  return order
}
