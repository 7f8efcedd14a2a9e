/**
 * What a run reports when the work happens outside this process (a peer tool in a child
 * process): its own wall and CPU time, peak RSS, and what it processed, replacing this
 * process's measurements of the run.
 */
export interface RunReport {
  readonly seconds: number
  readonly cpuSeconds: number
  readonly peakRssMb?: number
  readonly bytes?: number
  readonly items?: number
  /** Anything else worth keeping in the results file (subset, per-step counters). */
  readonly detail?: Record<string, unknown>
}

/** What a run measured by this process may add to the results file: counts it learnt while running. */
export interface RunDetail {
  readonly detail: Record<string, unknown>
}

/** One benchmark case: `setup` prepares input once, `run` is timed after a warm-up. */
export interface BenchCase {
  readonly name: string
  readonly description: string
  /** Run once untimed before the timed runs (default true). */
  readonly warmup?: boolean
  /** At most this many timed runs, whatever --runs asks (for slow cases). */
  readonly maxRuns?: number
  /** Minutes long: run only by `--large`, not in the default suite (which stays under 10 minutes). */
  readonly large?: boolean
  /** Returns the work to time and the bytes and items it processes per run. */
  setup(scale: number): Promise<{ run: () => Promise<void | RunReport | RunDetail>; bytes: number; items: number; cleanup?: () => Promise<void> }>
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
  /** From a RunReport or RunDetail: the detail of the median run. */
  readonly detail?: Record<string, unknown>
}

/**
 * Runs a case once to warm up, then `runs` times; reports the median wall time and the
 * spread (max/min - 1), the CPU time of the run with the median wall time, and the peak
 * RSS sampled every 10 ms during the timed runs. A run that returns a RunReport (a peer in a
 * child process) is measured by that report instead, and its peak RSS is the child's; one
 * that returns a RunDetail is measured here and keeps its detail.
 */
export async function measure(c: BenchCase, scale: number, runs: number): Promise<BenchResult> {
  const setup = await c.setup(scale)
  const { run, cleanup } = setup
  let { bytes, items } = setup
  runs = Math.min(runs, c.maxRuns ?? runs)
  try {
    if (c.warmup !== false) await run()
    const timings: { wall: number; cpu: number; detail?: Record<string, unknown> }[] = []
    let peak = process.memoryUsage().rss
    let reported = 0
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10)
    try {
      for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint()
        const cpu = process.cpuUsage()
        const report = await run()
        const used = process.cpuUsage(cpu)
        if (report && 'seconds' in report) {
          timings.push({ wall: report.seconds, cpu: report.cpuSeconds, detail: report.detail })
          reported = Math.max(reported, (report.peakRssMb ?? 0) * 2 ** 20)
          bytes = report.bytes ?? bytes
          items = report.items ?? items
        } else timings.push({ wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: (used.user + used.system) / 1e6, ...(report ? { detail: report.detail } : {}) })
      }
    } finally {
      clearInterval(sampler)
    }
    if (reported > 0) peak = reported
    timings.sort((a, b) => a.wall - b.wall)
    const seconds = timings.map((t) => t.wall)
    const median = seconds[Math.floor(seconds.length / 2)]!
    const mid = timings[Math.floor(timings.length / 2)]!
    const cpuSeconds = mid.cpu
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
      ...(mid.detail ? { detail: mid.detail } : {}),
    }
  } finally {
    await cleanup?.()
  }
}
