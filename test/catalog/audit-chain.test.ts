import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { auditDetails, auditHash, canonicalJson, GENESIS_HASH, verifyChain, type StoredAuditRow } from '../../src/catalog/audit-chain.ts'

async function* rowsOf(rows: readonly StoredAuditRow[]): AsyncGenerator<StoredAuditRow> {
  yield* rows
}

function chain(n: number): StoredAuditRow[] {
  const rows: StoredAuditRow[] = []
  for (let seq = 1; seq <= n; seq++) {
    const content = { seq, at: `2026-11-20T10:00:0${seq}.000Z`, actor: 'ana', action: 'a', target: 't', details: { seq }, prevHash: rows.at(-1)?.hash ?? GENESIS_HASH }
    rows.push({ ...content, details: JSON.stringify(content.details), hash: auditHash(content) })
  }
  return rows
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }, 2], é: true, Z: {} }), '{"Z":{},"a":[{"c":"x","d":null},2],"b":1,"é":true}')
  })
})

describe('auditHash', () => {
  it('is the SHA-256 of the canonical JSON array of the row', () => {
    const row = { seq: 1, at: '2026-11-20T10:00:00.000Z', actor: 'ana', action: 'init', target: '/repo', details: { b: [2, { d: 4, c: 3 }], a: 1 }, prevHash: GENESIS_HASH }
    const text = `[1,"2026-11-20T10:00:00.000Z","ana","init","/repo",{"a":1,"b":[2,{"c":3,"d":4}]},"${'0'.repeat(64)}"]`
    assert.equal(auditHash(row), createHash('sha256').update(text).digest('hex'))
  })
})

describe('auditDetails', () => {
  it('keeps what JSON keeps and refuses what it cannot hold', () => {
    assert.deepEqual(auditDetails({ a: undefined, b: new Date(0), c: [1] }), { b: '1970-01-01T00:00:00.000Z', c: [1] })
    assert.deepEqual(auditDetails(undefined), {})
    assert.throws(() => auditDetails({ n: 1n }), { code: 'invalid_argument', message: 'audit details must be JSON data: Do not know how to serialize a BigInt' })
  })
})

describe('verifyChain', () => {
  it('accepts an intact chain that ends at the head', async () => {
    const rows = chain(3)
    assert.deepEqual(await verifyChain(rowsOf(rows), rows[2]!), { ok: true, rows: 3 })
    assert.deepEqual(await verifyChain(rowsOf([]), { seq: 0, hash: GENESIS_HASH }), { ok: true, rows: 0 })
  })

  it('names a first row that does not start from 64 zeros', async () => {
    const content = { seq: 1, at: 'x', actor: 'a', action: 'a', target: 't', details: {}, prevHash: 'f'.repeat(64) }
    const row = { ...content, details: '{}', hash: auditHash(content) }
    assert.deepEqual(await verifyChain(rowsOf([row]), row), {
      ok: false, rows: 0, seq: 1, reason: "its prev_hash is not 64 zeros, as the first row's must be: the row was replaced, or one before it",
    })
  })

  it('names a row whose details are not JSON', async () => {
    const rows = chain(2)
    assert.deepEqual(await verifyChain(rowsOf([rows[0]!, { ...rows[1]!, details: '{oops' }]), rows[1]!), {
      ok: false, rows: 1, seq: 2, reason: 'its details are not valid JSON: the row was modified',
    })
  })

  it('names the last row when the head recorded another hash for it', async () => {
    const rows = chain(2)
    assert.deepEqual(await verifyChain(rowsOf(rows), { seq: 2, hash: 'e'.repeat(64) }), {
      ok: false, rows: 1, seq: 2, reason: 'it does not match the hash recorded when it was appended: the row was replaced',
    })
  })
})
