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
  /** CPU seconds (user + system, all threads) of the median run, and MB per CPU second: the per-core rate. */
  readonly cpuSeconds: number
  readonly mbPerCpuSecond: number
  readonly peakRssMb: number
}

/**
 * Runs a case once to warm up, then `runs` times; reports the median wall time and the
 * spread (max/min - 1), the CPU time of the run with the median wall time, and the peak
 * RSS sampled every 10 ms during the timed runs.
 */
export async function measure(c: BenchCase, scale: number, runs: number): Promise<BenchResult> {
  const { run, bytes, items, cleanup } = await c.setup(scale)
  try {
    await run()
    const timings: { wall: number; cpu: number }[] = []
    let peak = process.memoryUsage().rss
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10)
    try {
      for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint()
        const cpu = process.cpuUsage()
        await run()
        const used = process.cpuUsage(cpu)
        timings.push({ wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: (used.user + used.system) / 1e6 })
      }
    } finally {
      clearInterval(sampler)
    }
    timings.sort((a, b) => a.wall - b.wall)
    const seconds = timings.map((t) => t.wall)
    const median = seconds[Math.floor(seconds.length / 2)]!
    const cpuSeconds = timings[Math.floor(timings.length / 2)]!.cpu
    return {
      name: c.name,
      description: c.description,
      runs,
      medianSeconds: median,
      spread: seconds[seconds.length - 1]! / seconds[0]! - 1,
      mbPerSecond: bytes / 1e6 / median,
      itemsPerSecond: items / median,
      cpuSeconds,
      mbPerCpuSecond: bytes / 1e6 / cpuSeconds,
      peakRssMb: peak / 2 ** 20,
    }
  } finally {
    await cleanup?.()
  }
}
