/**
 * A seeded pseudo-random generator (sfc32, seeded through splitmix32): fast, 128 bits of
 * state, and the same sequence on every platform, so a seed names a corpus exactly.
 */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    let s = seed >>> 0
    const split = () => {
      s = (s + 0x9e3779b9) | 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = split()
    this.b = split()
    this.c = split()
    this.d = split()
    for (let i = 0; i < 12; i++) this.next()
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return (t >>> 0) / 4294967296
  }

  /** An integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }

  /** A standard normal variate (Box-Muller; one of the pair is dropped for simplicity). */
  normal(): number {
    const u = 1 - this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next())
  }

  /** `n` characters drawn uniformly from `alphabet`. */
  chars(alphabet: string, n: number): string {
    let s = ''
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)]
    return s
  }

  /** A key chosen with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const keys = Object.keys(weights) as K[]
    let total = 0
    for (const k of keys) total += weights[k]
    let r = this.next() * total
    for (const k of keys) {
      r -= weights[k]
      if (r < 0) return k
    }
    return keys[keys.length - 1]!
  }
}

/**
 * Draws items by a Zipf-Mandelbrot law (weight 1/(rank + q)^s, rank from 1) over a list
 * given in rank order, so function words come first and dominate as they do in real text;
 * q = 2.7 keeps the top word near the 6% that "the" has in English.
 */
export class Zipf<T> {
  readonly items: readonly T[]
  // Maps the top 16 bits of a uniform draw to an item: one lookup per word, and quantising
  // the distribution to 1/65536 changes no item's probability by more than that.
  private readonly table: Uint16Array

  constructor(items: readonly T[], s = 1, q = 2.7) {
    if (items.length > 65536) throw new Error(`zipf: ${items.length} items, at most 65536`)
    this.items = items
    const weights = items.map((_, i) => 1 / (i + 1 + q) ** s)
    const total = weights.reduce((a, b) => a + b, 0)
    this.table = new Uint16Array(65536)
    let cumulative = 0
    let slot = 0
    for (let i = 0; i < items.length; i++) {
      cumulative += weights[i]! / total
      const until = i === items.length - 1 ? 65536 : Math.round(cumulative * 65536)
      for (; slot < until; slot++) this.table[slot] = i
    }
  }

  draw(rng: Rng): T {
    return this.items[this.table[Math.floor(rng.next() * 65536)]!]!
  }
}
