import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { findTableRefs } from '../../src/query/table-refs.ts'

describe('findTableRefs', () => {
  it('reads zone.name pairs as datasets', () => {
    assert.deepEqual(findTableRefs('select count(*) from bronze.docs join silver."web-en" using (id)'), [
      { ref: 'bronze/docs', name: { schema: 'bronze', table: 'docs' } },
      { ref: 'silver/web-en', name: { schema: 'silver', table: 'web-en' } },
    ])
  })

  it('reads quoted identifiers holding a slash as refs', () => {
    assert.deepEqual(findTableRefs('select * from "silver/web-en@12" a, "../t/delta" b'), [
      { ref: 'silver/web-en@12', name: { schema: undefined, table: 'silver/web-en@12' } },
      { ref: '../t/delta', name: { schema: undefined, table: '../t/delta' } },
    ])
  })

  it('lists a table once however often the query names it', () => {
    assert.equal(findTableRefs('select bronze.docs.id from bronze.docs where id in (select id from bronze.docs)').length, 1)
  })

  it('ignores names in strings and comments, other schemas and qualified names', () => {
    const sql = `select 'bronze.docs', "a/b"'' -- silver.x
      /* gold.y */ from main.t, memory.bronze.docs`
    assert.deepEqual(findTableRefs(sql), [{ ref: 'a/b', name: { schema: undefined, table: 'a/b' } }])
    assert.deepEqual(findTableRefs('select 1 from other.docs'), [])
  })
})
