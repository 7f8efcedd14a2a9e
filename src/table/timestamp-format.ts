import { formatDays } from './calendar.ts'

const DAY = 86_400_000_000n

/**
 * A Delta timestamp (microseconds since the epoch, as scans return it) as ISO 8601 with
 * all six fraction digits, `2026-11-20T10:00:00.000001Z`; without the `Z` for
 * timestamp_ntz, whose value is a wall-clock time rather than an instant.
 */
export function formatTimestamp(us: bigint, utc: boolean): string {
  const days = us >= 0n ? us / DAY : -((-us + DAY - 1n) / DAY)
  const t = us - days * DAY
  const two = (n: bigint) => String(n).padStart(2, '0')
  const time = `${two(t / 3_600_000_000n)}:${two((t / 60_000_000n) % 60n)}:${two((t / 1_000_000n) % 60n)}.${String(t % 1_000_000n).padStart(6, '0')}`
  return `${formatDays(Number(days))}T${time}${utc ? 'Z' : ''}`
}
