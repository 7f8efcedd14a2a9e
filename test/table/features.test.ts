import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { MetadataAction, ProtocolAction } from '../../src/table/actions.ts'
import { checkReadable, checkWritable } from '../../src/table/features.ts'

function proto(minReaderVersion: number, minWriterVersion: number, readerFeatures?: string[], writerFeatures?: string[]): ProtocolAction {
  return {
    kind: 'protocol',
    minReaderVersion,
    minWriterVersion,
    ...(readerFeatures ? { readerFeatures } : {}),
    ...(writerFeatures ? { writerFeatures } : {}),
  }
}

function meta(configuration: Record<string, string> = {}, fieldMetadata: Record<string, unknown> = {}): MetadataAction {
  const schema = {
    type: 'struct',
    fields: [
      { name: 'id', type: 'long', nullable: true, metadata: {} },
      { name: 'doc', type: { type: 'struct', fields: [{ name: 'n', type: 'integer', nullable: true, metadata: fieldMetadata }] }, nullable: true, metadata: {} },
    ],
  }
  return { kind: 'metaData', id: 't', format: { provider: 'parquet', options: {} }, schemaString: JSON.stringify(schema), partitionColumns: [], configuration }
}

const unsupported = (message: string) => ({ code: 'unsupported_feature', message })
const invalid = (message: string) => ({ code: 'invalid_protocol', message })

describe('checkReadable', () => {
  it('reads legacy protocols and the reader features Strata implements', () => {
    checkReadable(proto(1, 2))
    checkReadable(proto(2, 5))
    checkReadable(proto(3, 7, ['columnMapping', 'deletionVectors', 'timestampNtz', 'v2Checkpoint', 'vacuumProtocolCheck'], ['domainMetadata']))
  })

  it('refuses a reader version above 3', () => {
    assert.throws(() => checkReadable(proto(4, 7, [], [])), unsupported('reader version 4 is not supported (Strata reads up to 3)'))
  })

  for (const feature of ['typeWidening', 'typeWidening-preview', 'variantType', 'variantShredding', 'catalogManaged', 'someFutureFeature']) {
    it(`refuses the reader feature '${feature}'`, () => {
      assert.throws(() => checkReadable(proto(3, 7, ['deletionVectors', feature], [feature])), unsupported(`table feature '${feature}' is not supported for reads`))
    })
  }

  it('ignores writer-only features when reading', () => {
    checkReadable(proto(1, 7, undefined, ['generatedColumns', 'identityColumns', 'someFutureWriterFeature']))
  })

  it('refuses protocols the Delta spec does not allow', () => {
    assert.throws(() => checkReadable(proto(0, 2)), invalid('protocol reader version 0 is invalid: versions are integers from 1'))
    assert.throws(() => checkReadable(proto(1, 0)), invalid('protocol writer version 0 is invalid: versions are integers from 1'))
    assert.throws(() => checkReadable(proto(3, 7, undefined, [])), invalid('protocol has reader version 3 but no readerFeatures list'))
    assert.throws(() => checkReadable(proto(1, 7)), invalid('protocol has writer version 7 but no writerFeatures list'))
    assert.throws(() => checkReadable(proto(3, 5, [])), invalid('protocol has reader version 3 with writer version 5; reader version 3 requires writer version 7'))
    assert.throws(() => checkReadable(proto(1, 7, ['deletionVectors'], [])), invalid('protocol lists readerFeatures at reader version 1; they are only allowed at version 3'))
    assert.throws(() => checkReadable(proto(1, 2, undefined, ['appendOnly'])), invalid('protocol lists writerFeatures at writer version 2; they are only allowed at version 7'))
  })

  it('accepts empty feature lists below versions 3 and 7', () => {
    checkReadable(proto(1, 2, [], []))
  })
})

describe('checkWritable', () => {
  it('writes the features Strata honours', () => {
    checkWritable(proto(3, 7, ['timestampNtz', 'vacuumProtocolCheck'], ['appendOnly', 'invariants', 'checkConstraints', 'timestampNtz', 'domainMetadata', 'vacuumProtocolCheck']), meta())
    checkWritable(proto(1, 2), meta({ 'delta.appendOnly': 'true' }))
  })

  for (const feature of ['deletionVectors', 'columnMapping', 'v2Checkpoint', 'generatedColumns', 'identityColumns', 'changeDataFeed', 'rowTracking', 'inCommitTimestamp', 'someFutureFeature']) {
    it(`refuses to write a table that lists '${feature}'`, () => {
      assert.throws(() => checkWritable(proto(3, 7, [], [feature]), meta()), unsupported(`table feature '${feature}' is not supported for writes`))
    })
  }

  it('refuses reader features it cannot read before looking at writer features', () => {
    assert.throws(() => checkWritable(proto(3, 7, ['typeWidening'], ['typeWidening']), meta()), unsupported("table feature 'typeWidening' is not supported for reads"))
  })

  it('refuses invariants and CHECK constraints only when the table has some', () => {
    const p = proto(3, 7, [], ['invariants', 'checkConstraints'])
    checkWritable(p, meta())
    assert.throws(
      () => checkWritable(p, meta({}, { 'delta.invariants': '{"expression":{"expression":"n > 0"}}' })),
      unsupported("table feature 'invariants' is not supported for writes: column 'doc.n' has an invariant"),
    )
    assert.throws(
      () => checkWritable(p, meta({ 'delta.constraints.positive': 'id > 0' })),
      unsupported("table feature 'checkConstraints' is not supported for writes: the table has CHECK constraint 'positive'"),
    )
  })

  it('refuses a feature implied by a legacy writer version only when the table uses it', () => {
    checkWritable(proto(1, 4), meta())
    assert.throws(() => checkWritable(proto(1, 4), meta({ 'delta.enableChangeDataFeed': 'true' })), unsupported("table feature 'changeDataFeed' is not supported for writes: table property delta.enableChangeDataFeed is true"))
    assert.throws(
      () => checkWritable(proto(1, 4), meta({}, { 'delta.generationExpression': 'id * 2' })),
      unsupported("table feature 'generatedColumns' is not supported for writes: column 'doc.n' has a generation expression"),
    )
    assert.throws(() => checkWritable(proto(2, 5), meta({ 'delta.columnMapping.mode': 'name' })), unsupported("table feature 'columnMapping' is not supported for writes: column mapping mode is 'name'"))
    assert.throws(
      () => checkWritable(proto(1, 6), meta({}, { 'delta.identity.start': 1 })),
      unsupported("table feature 'identityColumns' is not supported for writes: column 'doc.n' has an identity definition"),
    )
  })

  it('refuses a writer version above 7', () => {
    assert.throws(() => checkWritable(proto(1, 8), meta()), unsupported('writer version 8 is not supported (Strata writes up to 7)'))
  })
})
