// Digit counts of the four radix passes, reused from one call to the next.
const counts = new Uint32Array(4 * 256)

/**
 * The distinct values of `values[0..count)`, ascending, as a view of `scratch` (which must
 * hold 2 x `count` entries): an LSD radix sort in four passes of 8 bits, whose digit counts
 * are taken in one pass over the input, then one pass that drops repeats. Linear in `count`
 * whatever the values (a document that repeats one paragraph costs no more than any other),
 * with no comparator calls and no allocation besides the view.
 */
export function distinctSorted(values: Uint32Array, count: number, scratch: Uint32Array): Uint32Array {
  counts.fill(0)
  for (let i = 0; i < count; i++) {
    const v = values[i]!
    counts[v & 0xff]!++
    counts[256 + ((v >>> 8) & 0xff)]!++
    counts[512 + ((v >>> 16) & 0xff)]!++
    counts[768 + (v >>> 24)]!++
  }
  for (let d = 0; d < 1024; d += 256) {
    let sum = 0
    for (let b = d; b < d + 256; b++) {
      const c = counts[b]!
      counts[b] = sum
      sum += c
    }
  }
  const a = scratch.subarray(0, count)
  const b = scratch.subarray(count, 2 * count)
  scatter(values, a, count, 0)
  scatter(a, b, count, 8)
  scatter(b, a, count, 16)
  scatter(a, b, count, 24)
  let n = 0
  for (let i = 0; i < count; i++) if (n === 0 || b[i] !== b[n - 1]) b[n++] = b[i]!
  return b.subarray(0, n)
}

// One stable pass: moves `from[0..count)` into `to` by their digit at `shift`.
function scatter(from: Uint32Array, to: Uint32Array, count: number, shift: number): void {
  const base = shift * 32
  for (let i = 0; i < count; i++) {
    const v = from[i]!
    to[counts[base + ((v >>> shift) & 0xff)]!++] = v
  }
}
