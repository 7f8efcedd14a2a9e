import { closest } from '../../core/closest.ts'
import { StrataError } from '../../core/errors.ts'
import { type PiiDetector, piiDetector } from './detect.ts'
import { PII_TYPES, type PiiType } from './types.ts'

/** The config every PII operator shares: where the text is and what to look for. */
export interface PiiScanConfig {
  readonly column: string
  readonly types: readonly PiiType[]
  readonly include_private_ips: boolean
}

/** The JSON-Schema properties of {@link PiiScanConfig}. */
export const PII_SCAN_PROPERTIES = {
  column: { type: 'string', default: 'text', description: 'the text column' },
  types: {
    type: 'array',
    items: { enum: PII_TYPES },
    uniqueItems: true,
    minItems: 1,
    default: PII_TYPES,
    description: `the PII types to look for: ${PII_TYPES.join(', ')}`,
  },
  include_private_ips: {
    type: 'boolean',
    default: false,
    description: 'also count private, loopback, link-local, documentation, multicast and other reserved IP addresses',
  },
} as const

/** The detector a PII operator's config asks for; an unknown or missing type is refused, naming the operator. */
export function detectorOf(operator: string, c: PiiScanConfig): PiiDetector {
  if (c.types.length === 0) throw new StrataError('invalid_argument', `${operator}: types is empty; name at least one of ${PII_TYPES.join(', ')}`)
  for (const type of c.types) {
    if ((PII_TYPES as readonly string[]).includes(type)) continue
    const guess = closest(type, PII_TYPES)
    throw new StrataError('invalid_argument', `${operator}: types: '${type}' is not a PII type${guess ? `; did you mean '${guess}'?` : `; known: ${PII_TYPES.join(', ')}`}`)
  }
  return piiDetector({ types: c.types, includePrivateIps: c.include_private_ips })
}
