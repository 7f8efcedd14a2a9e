const BIN_BITS = 12
const BINS = 1 << BIN_BITS
const SHIFT = 32 - BIN_BITS
const BIN_WIDTH = 2 ** SHIFT

/**
 * Where to cut each input's sampling draws so that the documents drawing below the cut
 * hold a given fraction of the input's size. A rate of 2.3 gives every document 2 copies
 * and those below the cut a third; cutting at 0.3 of the draws' range would take 0.3 of
 * the documents, whose size is 0.3 of the input's only on average (a few large documents
 * swing it by percents). So the cut is placed: sizes are summed in 4096 bins by the
 * draw's top bits (32 KiB an input), which finds the bin the cut falls in; a second pass
 * collects that bin's documents, and the cut goes before the first whose inclusion would
 * overshoot by more than half its size. The extra copies then hold the fraction to half
 * a document: exactly, in documents.
 *
 * Use: `add` every document, `locate` the fractions, `refine` every document again, then `cut`.
 */
export class DrawCuts {
  readonly #mass: Float64Array
  // Per input, after `locate`: the bin of the cut (-1: none needed), the size still to take in it, and its documents.
  readonly #bin: Int32Array
  readonly #rest: Float64Array
  readonly #inBin: { draws: number[]; sizes: number[] }[]

  constructor(inputs: number) {
    this.#mass = new Float64Array(inputs * BINS)
    this.#bin = new Int32Array(inputs).fill(-1)
    this.#rest = new Float64Array(inputs)
    this.#inBin = Array.from({ length: inputs }, () => ({ draws: [], sizes: [] }))
  }

  /** Counts a document of `input` with its draw (in [0, 2^32)) and size. */
  add(input: number, draw: number, size: number): void {
    this.#mass[input * BINS + (draw >>> SHIFT)]! += size
  }

  /** Finds the bin each input's cut falls in, for `fractions` (one per input, in [0, 1)) of its size. */
  locate(fractions: Float64Array): void {
    for (let k = 0; k < fractions.length; k++) {
      if (fractions[k] === 0) continue
      const mass = this.#mass.subarray(k * BINS, (k + 1) * BINS)
      let rest = 0
      for (const m of mass) rest += m
      rest *= fractions[k]!
      let b = 0
      while (b < BINS - 1 && rest > mass[b]!) rest -= mass[b++]!
      this.#bin[k] = b
      this.#rest[k] = rest
    }
  }

  /** Sees a document again (after `locate`), keeping it if it is in the bin of its input's cut. */
  refine(input: number, draw: number, size: number): void {
    if (draw >>> SHIFT !== this.#bin[input]) return
    this.#inBin[input]!.draws.push(draw)
    this.#inBin[input]!.sizes.push(size)
  }

  /** The cut of `input`, in [0, 2^32]: the documents drawing below it get the extra copy. */
  cut(input: number): number {
    const b = this.#bin[input]!
    if (b < 0) return 0
    const { draws, sizes } = this.#inBin[input]!
    const order = draws.map((_, i) => i).sort((x, y) => draws[x]! - draws[y]!)
    let rest = this.#rest[input]!
    for (const i of order) {
      if (sizes[i]! / 2 > rest) return draws[i]!
      rest -= sizes[i]!
    }
    return (b + 1) * BIN_WIDTH
  }
}
