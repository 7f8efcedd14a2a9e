import { isRawJson } from '../../core/raw-json.ts'
import { columnMappingMode, mapSchema, type MappedField } from '../../table/column-mapping.ts'
import { FEATURES } from '../../table/features.ts'
import { loadSnapshot } from '../../table/snapshot.ts'
import type { Command } from '../command.ts'
import { columnStats, summarizeFiles } from '../file-summary.ts'
import { formatBytes, formatCount, formatTime, renderTable, truncate } from '../format.ts'
import { jsonLine } from '../json-value.ts'
import { schemaTree } from '../schema-tree.ts'

/** `strata show <ref>`: everything the log says about one version of a table. */
export const show: Command = {
  name: 'show',
  summary: 'describe a version: schema, partitioning, protocol and features, files, rows, statistics, configuration',
  args: ['<ref>'],
  usage: `Describes one version of a dataset or Delta table from its log alone: no data file is
read. Column statistics merge the per-file min, max and null counts of the files that
carry them.

Examples:
  strata show silver/web-en
  strata show silver/web-en@2026-11-20T10:00Z --json
  strata show ./spark-tables/events`,
  options: {},
  async run(ctx, input) {
    const ref = await ctx.resolve(input.args[0]!)
    const s = await loadSnapshot(ref.store, ref.at)
    const { protocol, metadata } = s
    const files = summarizeFiles(s.files)
    const logical = logicalNames(mapSchema(s.schema, columnMappingMode(protocol, metadata)))
    const columns = columnStats(s.files).map((c) => ({ ...c, column: logical.get(c.column) ?? c.column }))
    const features = [...new Set([...(protocol.readerFeatures ?? []), ...(protocol.writerFeatures ?? [])])].map((name) => ({
      name,
      reader: protocol.readerFeatures?.includes(name) ?? false,
      read: FEATURES[name]?.read ?? false,
      write: FEATURES[name]?.write ?? 'no',
    }))
    if (ctx.json) {
      ctx.out(jsonLine({
        ref: ref.label,
        location: ref.store.describe(''),
        version: s.version,
        timestamp: formatTime(s.timestamp),
        id: metadata.id,
        name: metadata.name ?? null,
        description: metadata.description ?? null,
        createdTime: metadata.createdTime === undefined ? null : formatTime(metadata.createdTime),
        schema: s.schema,
        partitionColumns: metadata.partitionColumns,
        protocol: { minReaderVersion: protocol.minReaderVersion, minWriterVersion: protocol.minWriterVersion },
        features,
        files,
        columns,
        configuration: metadata.configuration,
      }))
      return
    }
    const out = ctx.out
    out(`${ref.name}  version ${s.version}  ${formatTime(s.timestamp)}`)
    out(`location:   ${ref.store.describe('')}`)
    out(`id:         ${metadata.id}`)
    if (metadata.name) out(`name:       ${metadata.name}`)
    if (metadata.description) out(`about:      ${metadata.description}`)
    if (metadata.createdTime !== undefined) out(`created:    ${formatTime(metadata.createdTime)}`)
    out(`partitions: ${metadata.partitionColumns.length > 0 ? metadata.partitionColumns.join(', ') : '(none)'}`)
    out(`protocol:   reader ${protocol.minReaderVersion}, writer ${protocol.minWriterVersion}`)
    if (features.length > 0) {
      out('features:')
      for (const f of features) {
        out(`  ${f.name}${f.reader ? ' (reader feature)' : ''}: Strata reads ${f.read ? 'yes' : 'no'}, writes ${f.write === 'unused' ? 'while unused' : f.write}`)
      }
    }
    out('')
    out('schema:')
    for (const line of schemaTree(s.schema, '  ')) out(line)
    out('')
    out(`files:      ${formatCount(files.files)} (${formatBytes(files.bytes)}), ${formatCount(files.filesWithStats)} with statistics, ${formatCount(files.deletionVectors)} with deletion vectors`)
    if (files.files > 0) {
      out(`file sizes: smallest ${formatBytes(files.smallestFile!)}, median ${formatBytes(files.medianFile!)}, largest ${formatBytes(files.largestFile!)}`)
    }
    out(`rows:       ${formatCount(files.rows)}`)
    if (columns.length > 0) {
      out('')
      const rows = columns.map((c) => [c.column, formatCount(c.nullCount), statText(c.min), statText(c.max)])
      const header = [{ header: 'COLUMN' }, { header: 'NULLS', align: 'right' }, { header: 'MIN' }, { header: 'MAX' }] as const
      for (const line of renderTable(header, rows)) out(line)
    }
    const config = Object.entries(metadata.configuration)
    if (config.length > 0) {
      out('')
      out('configuration:')
      for (const [k, v] of config) out(`  ${k} = ${v}`)
    }
  },
}

function statText(v: unknown): string {
  if (v === undefined) return ''
  return truncate(isRawJson(v) ? v.rawJSON : JSON.stringify(v), 40)
}

// Statistics are keyed by physical column paths; under column mapping those are opaque ids.
function logicalNames(fields: readonly MappedField[], physical = '', logical = '', out = new Map<string, string>()): Map<string, string> {
  for (const f of fields) {
    const p = physical + f.physicalName
    const l = logical + f.name
    out.set(p, l)
    if (typeof f.type === 'object' && f.type.type === 'struct') logicalNames(f.type.fields, `${p}.`, `${l}.`, out)
  }
  return out
}
