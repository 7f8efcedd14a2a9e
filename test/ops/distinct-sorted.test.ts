import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { distinctSorted } from '../../src/ops/dedup/distinct-sorted.ts'

describe('distinctSorted', () => {
  it('returns the distinct values ascending, whatever their digits and repeats', () => {
    let state = 3
    const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0)
    for (const count of [0, 1, 2, 255, 256, 1000, 5000]) {
      for (const range of [2 ** 32, 1000, 3]) {
        const values = new Uint32Array(count).map(() => random() % range)
        if (count > 2) values.set([0xffffffff, 0, 0xffffffff])
        const expected = [...new Set(values)].sort((a, b) => a - b)
        const input = values.slice()
        assert.deepEqual([...distinctSorted(values, count, new Uint32Array(2 * count))], expected, `${count} values below ${range}`)
        assert.deepEqual(values, input, 'the input is left as it was')
      }
    }
  })

  it('sorts only the first count values', () => {
    assert.deepEqual([...distinctSorted(Uint32Array.of(9, 4, 9, 1), 3, new Uint32Array(6))], [4, 9])
  })
})
