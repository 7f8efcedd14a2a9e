import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { OPERATORS } from '../../src/ops/registry.ts'
import { REPO_ROOT, tempDir } from '../helpers/temp-dir.ts'

const strata = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/strata.js'), ...args], { cwd, encoding: 'utf8' })

describe('strata recipe', () => {
  const dir = tempDir()
  writeFileSync(path.join(dir, 'ok.yaml'), 'input: bronze/web\noutput: silver/web-clean\nsteps:\n  - op: filter.length\n    min_words: 5\n')
  writeFileSync(path.join(dir, 'bad.yaml'), 'input: bronze/web\noutput: silver/web-clean\nsteps:\n  - op: filter.lenght\n')

  it('checks a valid recipe', () => {
    const r = strata(dir, 'recipe', 'check', 'ok.yaml')
    assert.equal(r.status, 0)
    assert.equal(r.stdout, 'ok.yaml: valid recipe, 1 steps from bronze/web to silver/web-clean\n')
  })

  it('exits 1 naming line, column, field and the closest operator', () => {
    const r = strata(dir, 'recipe', 'check', 'bad.yaml')
    assert.equal(r.status, 1)
    assert.equal(r.stderr.split('\n')[0], "strata: bad.yaml:4:5: steps[0].op: unknown operator 'filter.lenght'; did you mean 'filter.length'?")
  })

  it('prints a JSON Schema listing every operator', () => {
    const schema = JSON.parse(strata(dir, 'recipe', 'schema').stdout)
    assert.deepEqual(schema.properties.steps.items.oneOf.map((s: { properties: { op: { const: string } } }) => s.properties.op.const), [...OPERATORS.keys()])
  })
})
