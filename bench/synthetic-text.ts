// English-like text: a 5,000-word vocabulary of syllable words drawn with a Zipf law from a
// seeded generator (mulberry32), 1-3 KB per document; zstd compresses it about as real text.
export function documents(count: number): Record<string, unknown>[] {
  let seed = 42
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
  const syllables = 'ka lo mi ne ta ri so ve du pa le mo ar en is on ul th st re in ou an er'.split(' ')
  const vocabulary = Array.from({ length: 5000 }, () => {
    let w = ''
    for (let n = 1 + Math.floor(next() * 3); n > 0; n--) w += syllables[Math.floor(next() * syllables.length)]
    return w
  })
  const zipf = () => vocabulary[Math.min(vocabulary.length - 1, Math.floor(Math.exp(next() * Math.log(vocabulary.length))) - 1)]
  return Array.from({ length: count }, (_, i) => {
    const target = 1024 + Math.floor(next() * 2048)
    let text = ''
    while (text.length < target) text += `${zipf()}${next() < 0.08 ? '. ' : ' '}`
    return { id: `doc-${i}`, text, source: 'bench', url: `https://example.org/${i}` }
  })
}
