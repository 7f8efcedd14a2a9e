import type { StructField } from '../../table/schema.ts'
import type { OperatorSpec } from '../operator.ts'
import { detectorOf, PII_SCAN_PROPERTIES, type PiiScanConfig } from './config.ts'
import { PII_TYPE_INDEX, PII_TYPES } from './types.ts'

export type PiiAnnotatorConfig = PiiScanConfig

const COLUMNS: readonly StructField[] = [
  { name: 'pii_count', type: 'integer', nullable: true, metadata: {} },
  { name: 'pii_types', type: 'string', nullable: true, metadata: {} },
]


/**
 * `annotate.pii`: tags documents with `pii_count`, the number of PII values detected, and
 * `pii_types`, the distinct types found, comma-separated in the fixed order of
 * {@link PII_TYPES} (`email,phone`), or null when there are none. A text that is not a
 * string gives null in both.
 */
export const piiAnnotator: OperatorSpec<PiiAnnotatorConfig> = {
  name: 'annotate.pii',
  kind: 'annotator',
  version: 1,
  summary: 'add pii_count and pii_types (the PII types found) as columns',
  config: { type: 'object', properties: PII_SCAN_PROPERTIES, additionalProperties: false },
  create: (c) => {
    const detect = detectorOf('annotate.pii', c)
    return {
      kind: 'annotator',
      columns: COLUMNS,
      annotate: (batch) =>
        batch.map((doc) => {
          const text = doc[c.column]
          if (typeof text !== 'string') return { pii_count: null, pii_types: null }
          const spans = detect(text)
          if (spans.length === 0) return { pii_count: 0, pii_types: null }
          // One bit per type, in PII_TYPES order.
          let seen = 0
          for (const span of spans) seen |= 1 << PII_TYPE_INDEX[span.type]
          const types: string[] = []
          for (let i = 0; i < PII_TYPES.length; i++) if (seen & (1 << i)) types.push(PII_TYPES[i]!)
          return { pii_count: spans.length, pii_types: types.join(',') }
        }),
    }
  },
}
