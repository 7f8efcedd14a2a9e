/**
 * The kinds of PII the detector knows, in the fixed order `pii_types` lists them. The four
 * secret kinds are told apart so a count says which credential leaked; they share one
 * redaction token, as IPv4 and IPv6 do.
 */
export const PII_TYPES = [
  'email',
  'ipv4',
  'ipv6',
  'phone',
  'credit_card',
  'iban',
  'us_ssn',
  'aws_access_key',
  'github_token',
  'slack_token',
  'stripe_key',
  'private_key',
] as const

export type PiiType = (typeof PII_TYPES)[number]

/** Each type's position in {@link PII_TYPES}. */
export const PII_TYPE_INDEX: { readonly [K in PiiType]: number } = Object.fromEntries(PII_TYPES.map((t, i) => [t, i])) as { [K in PiiType]: number }

/** One detected value: `text.slice(start, end)` (UTF-16 offsets). */
export interface PiiSpan {
  readonly type: PiiType
  readonly start: number
  readonly end: number
}

/** What a detector looks for: which types, and whether private and reserved IP addresses count. */
export interface DetectOptions {
  readonly types: readonly PiiType[]
  readonly includePrivateIps: boolean
}

/** The token each type is redacted to unless the config says otherwise. */
export const DEFAULT_TOKENS: { readonly [K in PiiType]: string } = {
  email: '<EMAIL>',
  ipv4: '<IP_ADDRESS>',
  ipv6: '<IP_ADDRESS>',
  phone: '<PHONE_NUMBER>',
  credit_card: '<CREDIT_CARD>',
  iban: '<IBAN>',
  us_ssn: '<US_SSN>',
  aws_access_key: '<SECRET>',
  github_token: '<SECRET>',
  slack_token: '<SECRET>',
  stripe_key: '<SECRET>',
  private_key: '<PRIVATE_KEY>',
}
