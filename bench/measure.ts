/** One benchmark case: `setup` prepares input once, `run` is timed after a warm-up. */
export interface BenchCase {
  readonly name: string
  readonly description: string
  /** Returns the work to time and the bytes and items it processes per run. */
  setup(scale: number): Promise<{ run: () => Promise<void>; bytes: number; items: number; cleanup?: () => Promise<void> }>
}

export interface BenchResult {
  readonly name: string
  readonly description: string
  readonly runs: number
  readonly medianSeconds: number
  readonly spread: number
  readonly mbPerSecond: number
  readonly itemsPerSecond: number
  readonly peakRssMb: number
}

/** Runs a case once to warm up, then `runs` times; reports the median and the spread (max/min - 1). */
export async function measure(c: BenchCase, scale: number, runs: number): Promise<BenchResult> {
  const { run, bytes, items, cleanup } = await c.setup(scale)
  try {
    await run()
    const seconds: number[] = []
    let peak = process.memoryUsage().rss
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint()
      await run()
      seconds.push(Number(process.hrtime.bigint() - start) / 1e9)
      peak = Math.max(peak, process.memoryUsage().rss)
    }
    seconds.sort((a, b) => a - b)
    const median = seconds[Math.floor(seconds.length / 2)]!
    return {
      name: c.name,
      description: c.description,
      runs,
      medianSeconds: median,
      spread: seconds[seconds.length - 1]! / seconds[0]! - 1,
      mbPerSecond: bytes / 1e6 / median,
      itemsPerSecond: items / median,
      peakRssMb: peak / 2 ** 20,
    }
  } finally {
    await cleanup?.()
  }
}
