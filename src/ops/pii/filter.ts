import type { OperatorSpec } from '../operator.ts'
import { detectorOf, PII_SCAN_PROPERTIES, type PiiScanConfig } from './config.ts'
import { PII_TYPE_INDEX, PII_TYPES } from './types.ts'

export interface PiiFilterConfig extends PiiScanConfig {
  readonly max_count: number
}

const REASONS: readonly string[] = PII_TYPES.map((t) => `pii_${t}`)

/**
 * `filter.pii`: drops documents holding more than `max_count` PII values. The reason is
 * `pii_<type>` for the type that comes first in the fixed order of {@link PII_TYPES}
 * among those found (`pii_email` for a document with a phone number and an e-mail
 * address), so drop counters say what kind of PII went. A document whose text is not a
 * string holds no PII there and is kept.
 */
export const piiFilter: OperatorSpec<PiiFilterConfig> = {
  name: 'filter.pii',
  kind: 'filter',
  version: 1,
  summary: 'drop documents with more than max_count PII values (reason pii_<type>)',
  config: {
    type: 'object',
    properties: {
      ...PII_SCAN_PROPERTIES,
      max_count: { type: 'integer', minimum: 0, default: 0, description: 'documents with more PII values than this are dropped' },
    },
    additionalProperties: false,
  },
  create: (c) => {
    const detect = detectorOf('filter.pii', c)
    return {
      kind: 'filter',
      check: (batch) =>
        batch.map((doc) => {
          const text = doc[c.column]
          if (typeof text !== 'string') return null
          const spans = detect(text)
          if (spans.length <= c.max_count) return null
          let first: number = PII_TYPES.length
          for (const span of spans) first = Math.min(first, PII_TYPE_INDEX[span.type])
          return REASONS[first]!
        }),
    }
  },
}
