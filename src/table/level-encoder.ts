/**
 * Encodes one page's Parquet definition or repetition levels in the RLE/bit-packed hybrid
 * encoding, without the 4-byte length prefix (data page v2 keeps the length in the page
 * header). Levels come as runs of one level: a list of 500 token ids is one `put`, not
 * 500 bytes to scan, which made levels cost more than the values of a token column.
 * Runs of 8 or more become RLE runs; shorter ones are bit-packed in groups of 8, since an
 * RLE run may only start where a group ends.
 */
export class LevelEncoder {
  #out = new Uint8Array(256)
  #n = 0
  #bitWidth = 1
  // The run not placed yet: consecutive puts of one level merge into it.
  #runLevel = 0
  #runCount = 0
  // The groups of the bit-packed run being built, and the levels of its unfinished group.
  #packed = new Uint8Array(256)
  #packedBytes = 0
  #groups = 0
  #group = 0
  #groupFill = 0

  /** Starts a new page of levels of `bitWidth` bits (1 to 8). */
  reset(bitWidth: number): void {
    this.#bitWidth = bitWidth
    this.#n = 0
    this.#runLevel = 0
    this.#runCount = 0
    this.#packedBytes = 0
    this.#groups = 0
    this.#group = 0
    this.#groupFill = 0
  }

  /** Appends `count` levels equal to `level`. */
  put(level: number, count: number): void {
    if (level === this.#runLevel) {
      this.#runCount += count
      return
    }
    this.#place()
    this.#runLevel = level
    this.#runCount = count
  }

  /** The page's encoded levels: a view valid until the next `reset`. */
  finish(): Uint8Array {
    this.#place()
    // Readers stop at the page's level count, so the last group may be padded.
    while (this.#groupFill > 0) this.#pack(0)
    this.#flushPacked()
    return this.#out.subarray(0, this.#n)
  }

  #place(): void {
    const level = this.#runLevel
    let count = this.#runCount
    this.#runCount = 0
    for (; count > 0 && this.#groupFill > 0; count--) this.#pack(level)
    if (count >= 8) {
      this.#flushPacked()
      this.#room(6)
      this.#varint(count * 2)
      this.#out[this.#n++] = level
      return
    }
    for (; count > 0; count--) this.#pack(level)
  }

  #pack(level: number): void {
    this.#group |= level << (this.#groupFill * this.#bitWidth)
    if (++this.#groupFill < 8) return
    if (this.#packedBytes + this.#bitWidth > this.#packed.length) this.#packed = grow(this.#packed, this.#packedBytes)
    for (let b = 0; b < this.#bitWidth; b++) this.#packed[this.#packedBytes++] = (this.#group >>> (8 * b)) & 0xff
    this.#groups++
    this.#group = 0
    this.#groupFill = 0
  }

  #flushPacked(): void {
    if (this.#groups === 0) return
    this.#room(5 + this.#packedBytes)
    this.#varint(this.#groups * 2 + 1)
    for (let b = 0; b < this.#packedBytes; b++) this.#out[this.#n++] = this.#packed[b]!
    this.#groups = 0
    this.#packedBytes = 0
  }

  #varint(v: number): void {
    while (v >= 0x80) {
      this.#out[this.#n++] = (v & 0x7f) | 0x80
      v = Math.floor(v / 0x80)
    }
    this.#out[this.#n++] = v
  }

  #room(bytes: number): void {
    if (this.#n + bytes > this.#out.length) this.#out = grow(this.#out, this.#n, this.#n + bytes)
  }
}

function grow(bytes: Uint8Array, keep: number, least = 0): Uint8Array<ArrayBuffer> {
  const bigger = new Uint8Array(Math.max(2 * bytes.length, least))
  bigger.set(bytes.subarray(0, keep))
  return bigger
}
