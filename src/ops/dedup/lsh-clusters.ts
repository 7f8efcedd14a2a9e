// LSH bucketing and connected components, in memory: the candidates of each band are
// the runs of documents with equal band hashes, found by sorting, not by a hash map
// (14 maps of a million entries would not fit where sorted typed arrays do).

// Documents per sort key bit budget: a band hash (32 bits) times 2^21 plus the index fits a double exactly.
const INDEX_BITS = 2 ** 21
// Representatives of distinct clusters a new member of a bucket is compared with: a bucket
// of many near-identical texts (boilerplate) costs linear, not quadratic, work.
const MAX_REPRESENTATIVES = 32

/**
 * Clusters `n` documents from their band hashes (`bands`: n x bandCount x 2 words, two
 * 32-bit hashes per band). Two documents are candidates when both hashes of some band
 * agree; `similar` confirms a candidate pair (exact Jaccard, or always true). Returns, for
 * each document, the smallest index of its connected component: the cluster id.
 */
export function clusterCandidates(bands: Uint32Array, bandCount: number, similar: (a: number, b: number) => boolean): Int32Array {
  const width = 2 * bandCount
  const n = bands.length / width
  const parent = new Int32Array(n)
  for (let i = 0; i < n; i++) parent[i] = i
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!
      i = parent[i]!
    }
    return i
  }
  const union = (a: number, b: number): void => {
    const ra = find(a)
    const rb = find(b)
    if (ra < rb) parent[rb] = ra
    else if (rb < ra) parent[ra] = rb
  }

  const order = new Uint32Array(n)
  const sortKeys = n < INDEX_BITS ? new Float64Array(n) : undefined
  const reps: number[] = []
  for (let band = 0; band < bandCount; band++) {
    const h1 = (i: number) => bands[i * width + band * 2]!
    const h2 = (i: number) => bands[i * width + band * 2 + 1]!
    if (sortKeys) {
      for (let i = 0; i < n; i++) sortKeys[i] = h1(i) * INDEX_BITS + i
      sortKeys.sort()
      for (let i = 0; i < n; i++) order[i] = sortKeys[i]! % INDEX_BITS
    } else {
      for (let i = 0; i < n; i++) order[i] = i
      order.sort((a, b) => h1(a) - h1(b) || a - b)
    }
    for (let start = 0; start < n; ) {
      let end = start + 1
      while (end < n && h1(order[end]!) === h1(order[start]!)) end++
      if (end - start > 1) {
        reps.length = 0
        for (let k = start; k < end; k++) {
          const doc = order[k]!
          let merged = false
          for (const rep of reps) {
            if (h2(rep) !== h2(doc) || find(rep) === find(doc)) continue
            if (similar(rep, doc)) {
              union(rep, doc)
              merged = true
            }
          }
          if (!merged && reps.length < MAX_REPRESENTATIVES) reps.push(doc)
        }
      }
      start = end
    }
  }
  const root = new Int32Array(n)
  for (let i = 0; i < n; i++) root[i] = find(i)
  return root
}
