/**
 * A cache from strings to values that looks a string up as a slice of a larger text by its
 * hash, so a hit costs no allocation: open addressing over (hash, key) with linear probing;
 * when half full it starts over empty (what it holds is only ever a speed-up).
 */
export class ChunkCache<V> {
  readonly #capacity: number
  #keys: (string | undefined)[]
  #hashes: Int32Array
  #values: (V | undefined)[]
  #size = 0

  /** `capacity` is a power of two. */
  constructor(capacity: number) {
    this.#capacity = capacity
    this.#keys = new Array<string | undefined>(capacity)
    this.#hashes = new Int32Array(capacity)
    this.#values = new Array<V | undefined>(capacity)
  }

  /** The value stored for `text.slice(start, end)`, whose hash is `hash`. */
  get(text: string, start: number, end: number, hash: number): V | undefined {
    const mask = this.#capacity - 1
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const key = this.#keys[slot]
      if (key === undefined) return undefined
      if (this.#hashes[slot] === hash && key.length === end - start && text.startsWith(key, start)) return this.#values[slot]
    }
  }

  /** Stores `value` for `key` (absent from the cache), whose hash is `hash`. */
  set(key: string, hash: number, value: V): void {
    if (this.#size * 2 >= this.#capacity) {
      this.#keys = new Array<string | undefined>(this.#capacity)
      this.#values = new Array<V | undefined>(this.#capacity)
      this.#size = 0
    }
    const mask = this.#capacity - 1
    let slot = hash & mask
    while (this.#keys[slot] !== undefined) slot = (slot + 1) & mask
    this.#keys[slot] = key
    this.#hashes[slot] = hash
    this.#values[slot] = value
    this.#size++
  }
}
