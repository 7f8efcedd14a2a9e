import type { StructField, StructType } from '../table/schema.ts'

const field = (name: string, type: StructField['type'], nullable: boolean): StructField => ({ name, type, nullable, metadata: {} })

/** The standard document columns of bronze and silver datasets (DESIGN.md §1). */
export const DOCUMENT_SCHEMA: StructType = {
  type: 'struct',
  fields: [
    field('id', 'string', false),
    field('text', 'string', false),
    field('source', 'string', false),
    field('url', 'string', true),
    field('license', 'string', false),
    field('ingestion_id', 'string', false),
    field('created_at', 'timestamp', true),
    field('fetched_at', 'timestamp', true),
    field('meta', 'string', true),
  ],
}

/** What `<dataset>__quarantine` holds for each record that could not become a document. */
export const QUARANTINE_SCHEMA: StructType = {
  type: 'struct',
  fields: [
    field('ingestion_id', 'string', false),
    field('source', 'string', false),
    field('file', 'string', false),
    field('offset', 'long', false),
    field('line', 'long', true),
    field('error', 'string', false),
    field('raw', 'string', true),
    field('quarantined_at', 'timestamp', false),
  ],
}

/** The companion table of a dataset that holds its quarantined records. */
export function quarantineName(name: string): string {
  return `${name}__quarantine`
}
