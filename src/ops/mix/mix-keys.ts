import { hash } from 'node:crypto'

/**
 * A mix key's bytes: the recipe input the document came from (u16), its size in tokens or
 * documents (f64) and 128 bits of a seeded SHA-256 of its id, all little-endian.
 */
export const MIX_KEY_BYTES = 26
/** The most recipe inputs a mix key can name. */
export const MAX_INPUTS = 0xffff
const HASH_AT = 10
const HASH_BYTES = 16
const TWO_32 = 2 ** 32
// Where a key's size is copied to be read, without a view per key.
const SIZE_BYTES = new Uint8Array(8)
const SIZE = new DataView(SIZE_BYTES.buffer)

/**
 * Writes a document's key at `at` of `out` (which has `MIX_KEY_BYTES` there). Every random
 * choice `mix` makes about a document comes from the hash of `seed` and `id`, so a document
 * keeps its split, draw and shuffle key whatever else the run holds, and another seed
 * draws afresh.
 */
export function writeMixKey(out: Buffer, at: number, input: number, size: number, seed: number, id: string): void {
  out.writeUInt16LE(input, at)
  out.writeDoubleLE(size, at + 2)
  hash('sha256', `mix\0${seed}\0${id}`, 'buffer').copy(out, at + HASH_AT, 0, HASH_BYTES)
}

/**
 * The keys `decide` has read, in typed arrays (26 bytes a document: input, size, the id
 * hash's four 32-bit words), and the choices the hash makes: word 0 the split, word 1 the
 * sampling draw, words 2 and 3 the shuffle key, so the three are independent.
 */
export class MixKeys {
  #input = new Uint16Array(0)
  #size = new Float64Array(0)
  #words = new Uint32Array(0)
  #count = 0

  /** `expected`: how many keys will come, if known (the arrays grow past it as needed). */
  constructor(expected: number) {
    this.#resize(Math.max(1024, expected))
  }

  get count(): number {
    return this.#count
  }

  add(key: Uint8Array): void {
    const i = this.#count
    if (i === this.#input.length) this.#resize(2 * i)
    this.#count = i + 1
    this.#input[i] = key[0]! | (key[1]! << 8)
    for (let b = 0; b < 8; b++) SIZE_BYTES[b] = key[2 + b]!
    this.#size[i] = SIZE.getFloat64(0, true)
    for (let w = 0, at = HASH_AT; w < 4; w++, at += 4) this.#words[4 * i + w] = (key[at]! | (key[at + 1]! << 8) | (key[at + 2]! << 16) | (key[at + 3]! << 24)) >>> 0
  }

  input(i: number): number {
    return this.#input[i]!
  }

  size(i: number): number {
    return this.#size[i]!
  }

  /** True when document `i` belongs to the validation split, which holds `fraction` of the ids. */
  isValidation(i: number, fraction: number): boolean {
    return this.#words[4 * i]! < fraction * TWO_32
  }

  /** Document `i`'s sampling draw, uniform over [0, 2^32). */
  draw(i: number): number {
    return this.#words[4 * i + 1]!
  }

  /** Document `i`'s shuffle key, uniform over the integers [0, 2^53). */
  shuffleKey(i: number): number {
    return (this.#words[4 * i + 2]! & 0x1fffff) * TWO_32 + this.#words[4 * i + 3]!
  }

  #resize(capacity: number): void {
    const input = new Uint16Array(capacity)
    const size = new Float64Array(capacity)
    const words = new Uint32Array(4 * capacity)
    input.set(this.#input.subarray(0, this.#count))
    size.set(this.#size.subarray(0, this.#count))
    words.set(this.#words.subarray(0, 4 * this.#count))
    this.#input = input
    this.#size = size
    this.#words = words
  }
}
