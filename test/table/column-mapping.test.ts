import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { MetadataAction, ProtocolAction } from '../../src/table/actions.ts'
import { columnMappingMode, mapSchema } from '../../src/table/column-mapping.ts'
import { parseSchema } from '../../src/table/schema.ts'

const metadata = (mode?: string): MetadataAction => ({
  kind: 'metaData',
  id: 't1',
  format: { provider: 'parquet', options: {} },
  schemaString: '{"type":"struct","fields":[]}',
  partitionColumns: [],
  configuration: mode === undefined ? {} : { 'delta.columnMapping.mode': mode },
})
const v2: ProtocolAction = { kind: 'protocol', minReaderVersion: 2, minWriterVersion: 5 }
const v3 = (features: string[]): ProtocolAction => ({ kind: 'protocol', minReaderVersion: 3, minWriterVersion: 7, readerFeatures: features, writerFeatures: features })
const cm = (physicalName: string, id: number) => ({ 'delta.columnMapping.physicalName': physicalName, 'delta.columnMapping.id': id })

const schema = parseSchema(JSON.stringify({
  type: 'struct',
  fields: [
    { name: 'a', type: 'integer', nullable: true, metadata: cm('col-a', 1) },
    {
      name: 'b',
      type: { type: 'array', containsNull: true, elementType: { type: 'struct', fields: [{ name: 'c', type: 'long', nullable: false, metadata: cm('col-c', 3) }] } },
      nullable: true,
      metadata: cm('col-b', 2),
    },
  ],
}))

describe('column mapping', () => {
  it('honours the mode only when the protocol supports column mapping', () => {
    assert.equal(columnMappingMode(v2, metadata('name')), 'name')
    assert.equal(columnMappingMode(v3(['columnMapping']), metadata('id')), 'id')
    assert.equal(columnMappingMode(v3([]), metadata('name')), 'none')
    assert.equal(columnMappingMode({ kind: 'protocol', minReaderVersion: 1, minWriterVersion: 2 }, metadata('name')), 'none')
    assert.equal(columnMappingMode(v2, metadata()), 'none')
  })

  it('refuses an unknown mode', () => {
    assert.throws(() => columnMappingMode(v2, metadata('position')), {
      code: 'unsupported_feature',
      message: "table t1: column mapping mode 'position' is not one of none, name, id",
    })
  })

  it('maps nested fields to physical names, and ids in mode id', () => {
    const [a, b] = mapSchema(schema, 'id')
    assert.deepEqual({ name: a!.name, physicalName: a!.physicalName, id: a!.id }, { name: 'a', physicalName: 'col-a', id: 1 })
    const list = b!.type
    assert(typeof list !== 'string' && list.type === 'array')
    const element = list.elementType
    assert(typeof element !== 'string' && element.type === 'struct')
    assert.deepEqual(element.fields.map((f) => [f.name, f.physicalName, f.id]), [['c', 'col-c', 3]])
    assert.deepEqual(mapSchema(schema, 'none').map((f) => [f.physicalName, f.id]), [['a', undefined], ['b', undefined]])
    assert.deepEqual(mapSchema(schema, 'name').map((f) => [f.physicalName, f.id]), [['col-a', undefined], ['col-b', undefined]])
  })

  it('refuses a field without its physical name', () => {
    const bare = parseSchema('{"type":"struct","fields":[{"name":"x","type":"string","nullable":true,"metadata":{}}]}')
    assert.throws(() => mapSchema(bare, 'name'), {
      code: 'corrupt_log',
      message: "column 'x' has no delta.columnMapping.physicalName, which column mapping mode 'name' requires",
    })
  })
})
