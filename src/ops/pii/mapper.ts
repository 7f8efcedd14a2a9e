import { StrataError } from '../../core/errors.ts'
import type { OperatorSpec } from '../operator.ts'
import { detectorOf, PII_SCAN_PROPERTIES, type PiiScanConfig } from './config.ts'
import { DEFAULT_TOKENS, PII_TYPES, type PiiType } from './types.ts'

export interface PiiMapperConfig extends PiiScanConfig {
  /** Replacement tokens by type; a type not named keeps its default ({@link DEFAULT_TOKENS}). */
  readonly tokens: Readonly<Partial<Record<PiiType, string>>>
}

/**
 * `mapper.pii`: redacts PII, replacing each detected value with its type's token
 * (`<EMAIL>`, `<IP_ADDRESS>`, `<PHONE_NUMBER>`, `<CREDIT_CARD>`, `<IBAN>`, `<US_SSN>`,
 * `<SECRET>`, `<PRIVATE_KEY>`). A document whose text is not a string is left as it is.
 */
export const piiMapper: OperatorSpec<PiiMapperConfig> = {
  name: 'mapper.pii',
  kind: 'mapper',
  version: 1,
  summary: 'redact e-mail addresses, public IPs, phone numbers, card numbers, IBANs, SSNs, secrets and private keys',
  config: {
    type: 'object',
    properties: {
      ...PII_SCAN_PROPERTIES,
      tokens: {
        type: 'object',
        properties: Object.fromEntries(PII_TYPES.map((t) => [t, { type: 'string', description: `replaces a value of type ${t} (default ${DEFAULT_TOKENS[t]})` }])),
        additionalProperties: false,
        default: {},
        description: 'replacement tokens by type, e.g. {email: "[email]"}; types not named keep their default',
      },
    },
    additionalProperties: false,
  },
  create: (c) => {
    const detect = detectorOf('mapper.pii', c)
    const tokens: Record<string, string> = { ...DEFAULT_TOKENS }
    for (const [type, token] of Object.entries(c.tokens)) {
      if (!(type in DEFAULT_TOKENS)) throw new StrataError('invalid_argument', `mapper.pii: tokens: '${type}' is not a PII type; known: ${PII_TYPES.join(', ')}`)
      if (typeof token === 'string') tokens[type] = token
    }
    return {
      kind: 'mapper',
      map: (batch) =>
        batch.map((doc) => {
          const text = doc[c.column]
          if (typeof text !== 'string') return doc
          const spans = detect(text)
          if (spans.length === 0) return doc
          let redacted = ''
          let at = 0
          for (const span of spans) {
            redacted += text.slice(at, span.start) + tokens[span.type]
            at = span.end
          }
          return { ...doc, [c.column]: redacted + text.slice(at) }
        }),
    }
  },
}
