import type { PiiSpan, PiiType } from './types.ts'

/**
 * Credentials with a fixed prefix (gitleaks' rules name the same ones): AWS access key ids
 * (`AKIA`/`ASIA` and 16 base-32 characters), GitHub tokens (`ghp_` `gho_` `ghu_` `ghs_`
 * `ghr_` and 36 or more base-62 characters; `github_pat_`), Slack tokens (`xoxb-` `xoxp-`
 * `xoxa-` `xoxr-` `xoxs-`, numeric ids, a secret) and Stripe live keys (`sk_live_`
 * `rk_live_` `pk_live_`; test-mode keys fill public docs and are left alone). Placeholders
 * (`AKIAIOSFODNN7EXAMPLE`, `ghp_xxxx…`, `sk_live_your_key_here`) are not secrets.
 */

const AWS = /(?:AKIA|ASIA)[A-Z0-9]{16}/y
const GITHUB = /gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{50,251}/y
const SLACK = /xox[baprs]-\d{8,14}(?:-\d{8,14}){0,2}-[A-Za-z0-9]{16,64}/y
const STRIPE = /[spr]k_live_[A-Za-z0-9]{16,247}/y

// Words and runs that mark a made-up value; a run is case-sensitive, so a random
// 99-character key is not taken for one (`cCcC`).
const PLACEHOLDER_WORD = /example|sample|dummy|placeholder|your|fake|redacted|secret|token|0123456|123456789|abcdefgh/i
const PLACEHOLDER_RUN = /(.)\1{3}/

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)

interface Rule {
  readonly type: PiiType
  readonly pattern: RegExp
  /** The length of the prefix before the random part; -1 when the random part follows the last `-` (Slack's numeric ids come before it). */
  readonly prefix: number
}

const AWS_RULE: Rule = { type: 'aws_access_key', pattern: AWS, prefix: 4 }
const GITHUB_RULE: Rule = { type: 'github_token', pattern: GITHUB, prefix: 4 }
const GITHUB_PAT_RULE: Rule = { type: 'github_token', pattern: GITHUB, prefix: 11 }
const SLACK_RULE: Rule = { type: 'slack_token', pattern: SLACK, prefix: -1 }
const STRIPE_RULE: Rule = { type: 'stripe_key', pattern: STRIPE, prefix: 8 }

/** Finds the secrets of the wanted types. */
export class SecretScanner {
  private readonly aws: boolean
  private readonly github: boolean
  private readonly slack: boolean
  private readonly stripe: boolean

  constructor(wanted: ReadonlySet<PiiType>) {
    this.aws = wanted.has('aws_access_key')
    this.github = wanted.has('github_token')
    this.slack = wanted.has('slack_token')
    this.stripe = wanted.has('stripe_key')
  }

  /** Appends the secrets of `text` to `out` (in order per type; the caller sorts). */
  scan(text: string, out: PiiSpan[]): void {
    if (this.aws) {
      scanPrefix(text, 'AKIA', AWS_RULE, out)
      scanPrefix(text, 'ASIA', AWS_RULE, out)
    }
    if (this.slack) scanPrefix(text, 'xox', SLACK_RULE, out)
    if (this.github || this.stripe) this.scanUnderscores(text, out)
  }

  // GitHub and Stripe prefixes all contain `_`, which prose rarely does: look only there.
  private scanUnderscores(text: string, out: PiiSpan[]): void {
    let from = 0
    for (let u = text.indexOf('_'); u >= 0; u = text.indexOf('_', from)) {
      from = u + 1
      if (u < 2) continue
      const c1 = text.charCodeAt(u - 1)
      const c2 = text.charCodeAt(u - 2)
      let start = -1
      let rule: Rule | undefined
      if (this.github && u >= 3 && c2 === 104 && text.charCodeAt(u - 3) === 103 && (c1 === 112 || c1 === 111 || c1 === 117 || c1 === 115 || c1 === 114)) {
        start = u - 3
        rule = GITHUB_RULE
      } else if (this.github && c1 === 98 && u >= 6 && text.startsWith('github_pat_', u - 6)) {
        start = u - 6
        rule = GITHUB_PAT_RULE
      } else if (this.stripe && c1 === 107 && (c2 === 115 || c2 === 112 || c2 === 114) && text.startsWith('live_', u + 1)) {
        start = u - 2
        rule = STRIPE_RULE
      }
      if (rule === undefined) continue
      const end = matchAt(text, start, rule)
      if (end < 0) continue
      out.push({ type: rule.type, start, end })
      from = end
    }
  }
}

function scanPrefix(text: string, prefix: string, rule: Rule, out: PiiSpan[]): void {
  for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
    const end = matchAt(text, at, rule)
    if (end >= 0) out.push({ type: rule.type, start: at, end })
  }
}

// The end of the rule's match at `start`, standing alone as a word and not a placeholder; -1 otherwise.
function matchAt(text: string, start: number, rule: Rule): number {
  if (start > 0 && (isAlnum(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 95)) return -1
  rule.pattern.lastIndex = start
  if (!rule.pattern.test(text)) return -1
  const end = rule.pattern.lastIndex
  if (end < text.length && (isAlnum(text.charCodeAt(end)) || text.charCodeAt(end) === 95 || text.charCodeAt(end) === 45)) return -1
  const secret = rule.prefix >= 0 ? start + rule.prefix : text.lastIndexOf('-', end) + 1
  const random = text.slice(secret, end)
  return PLACEHOLDER_WORD.test(random) || PLACEHOLDER_RUN.test(random) ? -1 : end
}
