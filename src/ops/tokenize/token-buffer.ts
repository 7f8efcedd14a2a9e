/**
 * A growing array of token ids that one encoder reuses from document to document, so that
 * encoding allocates nothing per document until the ids are copied out.
 */
export class TokenBuffer {
  #ids = new Int32Array(4096)
  #length = 0

  get length(): number {
    return this.#length
  }

  push(id: number): void {
    if (this.#length === this.#ids.length) this.#grow()
    this.#ids[this.#length++] = id
  }

  clear(): void {
    this.#length = 0
  }

  /** The ids pushed since the last `clear`, as a new array of numbers. */
  toArray(): number[] {
    const n = this.#length
    const ids = this.#ids
    const out = new Array<number>(n)
    for (let i = 0; i < n; i++) out[i] = ids[i]!
    return out
  }

  #grow(): void {
    const ids = new Int32Array(this.#ids.length * 2)
    ids.set(this.#ids)
    this.#ids = ids
  }
}
