import { scanEmails } from './email.ts'
import { scanIpv6 } from './ipv6.ts'
import { NumberScanner } from './numbers.ts'
import { scanPrivateKeys } from './private-key.ts'
import { SecretScanner } from './secrets.ts'
import type { DetectOptions, PiiSpan, PiiType } from './types.ts'

/** Finds the PII of one text: spans sorted by start, none overlapping. */
export type PiiDetector = (text: string) => PiiSpan[]

const NUMBER_TYPES: readonly PiiType[] = ['ipv4', 'phone', 'credit_card', 'iban', 'us_ssn']
const SECRET_TYPES: readonly PiiType[] = ['aws_access_key', 'github_token', 'slack_token', 'stripe_key']

/**
 * A detector for `options.types`. Each family of types is found in one pass that starts
 * only where its values can (an `@`, a `:`, a digit, a key's prefix), so text without
 * them costs a few `indexOf` scans. Where values of two types overlap, a private key wins,
 * then a secret (a token in `https://user:ghp_…@github.com` is no e-mail address), then
 * the longer value (an e-mail address around digits).
 */
export function piiDetector(options: DetectOptions): PiiDetector {
  const wanted = new Set(options.types)
  const numbers = NUMBER_TYPES.some((t) => wanted.has(t)) ? new NumberScanner(wanted, options.includePrivateIps) : null
  const secrets = SECRET_TYPES.some((t) => wanted.has(t)) ? new SecretScanner(wanted) : null
  const emails = wanted.has('email')
  const ipv6 = wanted.has('ipv6')
  const keys = wanted.has('private_key')
  return (text) => {
    const found: PiiSpan[] = []
    if (keys) scanPrivateKeys(text, found)
    if (secrets !== null) secrets.scan(text, found)
    if (emails) scanEmails(text, found)
    if (ipv6) scanIpv6(text, options.includePrivateIps, found)
    if (numbers !== null) numbers.scan(text, found)
    return found.length < 2 ? found : disjoint(found)
  }
}

const RANK: { readonly [K in PiiType]: number } = {
  private_key: 2, aws_access_key: 1, github_token: 1, slack_token: 1, stripe_key: 1,
  email: 0, ipv4: 0, ipv6: 0, phone: 0, credit_card: 0, iban: 0, us_ssn: 0,
}

// True when `a` should be kept over `b`, which it overlaps.
function wins(a: PiiSpan, b: PiiSpan): boolean {
  const rank = RANK[a.type] - RANK[b.type]
  return rank !== 0 ? rank > 0 : a.end - a.start > b.end - b.start
}

// Sorts spans by start and resolves each overlap by rank, then length.
function disjoint(spans: PiiSpan[]): PiiSpan[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end)
  const kept: PiiSpan[] = []
  for (const span of spans) {
    const last = kept[kept.length - 1]
    if (last === undefined || span.start >= last.end) kept.push(span)
    else if (wins(span, last)) kept[kept.length - 1] = span
  }
  return kept
}
