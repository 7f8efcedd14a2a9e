/**
 * Proleptic Gregorian day arithmetic for Delta dates and timestamps, in integers so that
 * years outside 0000–9999 and microsecond precision survive (JS `Date` holds neither
 * reliably).
 */

const DAY_MICROS = 86_400_000_000n
const TIMESTAMP = /^([+-]?\d{4,})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/** Days since 1970-01-01 of a calendar date; month and day are not range-checked. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

/** `YYYY-MM-DD` of a day count since 1970-01-01; years before 1 BC get a minus sign. */
export function formatDays(days: number): string {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const dayOfEra = z - era * 146097
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365)
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  const y = String(Math.abs(year)).padStart(4, '0')
  return `${year < 0 ? '-' : ''}${y}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`
}

/** The day count of a `YYYY-MM-DD` date, or `undefined` when it is not a real date. */
export function parseDate(text: string): number | undefined {
  const m = /^([+-]?\d{4,})-(\d{1,2})-(\d{1,2})$/.exec(text)
  if (!m) return undefined
  return validDays(Number(m[1]), Number(m[2]), Number(m[3]))
}

/**
 * Microseconds since the epoch of `YYYY-MM-DD[ |T]HH:MM[:SS[.fraction]][Z|±HH:MM]`. A
 * value without an offset is a wall-clock time in `timeZone` (an IANA name; for
 * timestamp_ntz leave it UTC, so the wall clock is kept as is). Digits beyond
 * microseconds are dropped. `undefined` when the text is not a timestamp.
 */
export function parseTimestamp(text: string, timeZone = 'UTC'): bigint | undefined {
  const m = TIMESTAMP.exec(text.trim())
  if (!m) return undefined
  const days = validDays(Number(m[1]), Number(m[2]), Number(m[3]))
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)]
  if (days === undefined || hour > 23 || minute > 59 || second > 59) return undefined
  let offsetSeconds = 0
  const zone = m[8]
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '')
    offsetSeconds = (zone[0] === '-' ? -60 : 60) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0))
  } else if (!zone && timeZone !== 'UTC') {
    offsetSeconds = zoneOffsetSeconds(days * 86400 + hour * 3600 + minute * 60 + second, timeZone)
  }
  const seconds = hour * 3600 + minute * 60 + second - offsetSeconds
  const micros = BigInt((m[7] ?? '').padEnd(6, '0').slice(0, 6))
  return BigInt(days) * DAY_MICROS + BigInt(seconds) * 1_000_000n + micros
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>()

/** Throws a RangeError unless `timeZone` is an IANA time zone name this runtime knows. */
export function checkTimeZone(timeZone: string): void {
  zoneFormat(timeZone)
}

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone)
  if (!format) {
    const parts = ['year', 'month', 'day', 'hour', 'minute', 'second'].map((unit) => [unit, 'numeric'])
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', ...Object.fromEntries(parts) })
    zoneFormats.set(timeZone, format)
  }
  return format
}

// The UTC offset in `timeZone` for a wall-clock time given as seconds since the epoch of
// that clock. Two rounds settle it, except in the hour a DST change skips or repeats.
function zoneOffsetSeconds(wall: number, timeZone: string): number {
  const format = zoneFormat(timeZone)
  const offsetAt = (instant: number) => {
    const parts: Record<string, number> = {}
    for (const p of format.formatToParts(new Date(instant * 1000))) parts[p.type] = Number(p.value)
    const local = daysFromCivil(parts.year!, parts.month!, parts.day!) * 86400 + parts.hour! * 3600 + parts.minute! * 60 + parts.second!
    return local - instant
  }
  const first = offsetAt(wall)
  return offsetAt(wall - first)
}

function validDays(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined
  const days = daysFromCivil(year, month, day)
  // Day 31 of a 30-day month lands in the next month: a round trip exposes it.
  return Number(formatDays(days).slice(-2)) === day ? days : undefined
}
