/**
 * US Social Security numbers as the SSA issues them: area 001-899 except 666, group 01-99,
 * serial 0001-9999; the numbers published on sample cards and in advertising are not
 * anyone's and count as near misses.
 */

// Woolworth's 1938 wallet insert, the 1960s Social Security pamphlet card, and the
// placeholder every form shows.
const PUBLISHED = new Set([78051120, 219099999, 123456789])

/** True for an SSN that can belong to a person, given its three parts as integers. */
export function ssnIssuable(area: number, group: number, serial: number): boolean {
  if (area === 0 || area === 666 || area >= 900 || group === 0 || serial === 0) return false
  return !PUBLISHED.has(area * 1_000_000 + group * 10_000 + serial)
}
