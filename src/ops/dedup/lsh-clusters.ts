// Connected components of LSH candidates. Candidates come band by band as buckets:
// the documents with equal band hashes, in index order. The in-memory path finds the
// buckets by sorting each band's hashes; the external path by merging sorted band files
// (band-files.ts). Both hand the same buckets in the same order to `addBucket`, so they
// make the same unions and give the same clusters.

// Representatives of distinct clusters a new member of a bucket is compared with: a bucket
// of many near-identical texts (boilerplate) costs linear, not quadratic, work.
const MAX_REPRESENTATIVES = 32

/** Union-find over documents 0..n-1, fed bucket by bucket. */
export class LshClusters {
  readonly #parent: Int32Array
  readonly #similar: (a: number, b: number) => boolean
  readonly #reps: number[] = []

  /** `similar` confirms a candidate pair (exact Jaccard at or above the threshold, or always true). */
  constructor(n: number, similar: (a: number, b: number) => boolean) {
    this.#parent = new Int32Array(n)
    for (let i = 0; i < n; i++) this.#parent[i] = i
    this.#similar = similar
  }

  /**
   * One bucket of one band: documents (ascending) whose first band hashes are equal, with
   * their second ones. Two members are merged when their second hashes agree too, they
   * are not in one cluster yet, and `similar` confirms them.
   */
  addBucket(docs: readonly number[], h2: readonly number[]): void {
    const reps = this.#reps
    reps.length = 0
    for (let k = 0; k < docs.length; k++) {
      const doc = docs[k]!
      let merged = false
      for (const r of reps) {
        if (h2[r] !== h2[k] || this.#find(docs[r]!) === this.#find(doc)) continue
        if (this.#similar(docs[r]!, doc)) {
          this.#union(docs[r]!, doc)
          merged = true
        }
      }
      if (!merged && reps.length < MAX_REPRESENTATIVES) reps.push(k)
    }
  }

  /** Puts two documents in one cluster, as found before (a dedup index's clusters). */
  join(a: number, b: number): void {
    this.#union(a, b)
  }

  /** Each document's cluster: the smallest index in its connected component. */
  roots(): Int32Array {
    const root = new Int32Array(this.#parent.length)
    for (let i = 0; i < root.length; i++) root[i] = this.#find(i)
    return root
  }

  #find(i: number): number {
    const parent = this.#parent
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!
      i = parent[i]!
    }
    return i
  }

  #union(a: number, b: number): void {
    const ra = this.#find(a)
    const rb = this.#find(b)
    if (ra < rb) this.#parent[rb] = ra
    else if (rb < ra) this.#parent[ra] = rb
  }
}
