import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { COMMANDS, main } from '../../src/cli/main.ts'
import { tempDir } from '../helpers/temp-dir.ts'

async function run(argv: string[], cwd = tempDir()): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {} })
  return { code, stdout, stderr }
}

describe('strata main', () => {
  it('lists every command and the exit codes in --help', async () => {
    const { code, stdout } = await run(['--help'])
    assert.equal(code, 0)
    const lines = stdout.split('\n')
    for (const c of COMMANDS) assert.ok(lines.some((l) => l.startsWith(`  ${c.name} `) && l.endsWith(`  ${c.summary}`)), c.name)
    assert.match(stdout, /^Exit codes:$/m)
  })

  for (const command of COMMANDS) {
    it(`prints usage with an example for '${command.name} --help'`, async () => {
      const { code, stdout } = await run([command.name, '--help'])
      assert.equal(code, 0)
      assert.match(stdout, new RegExp(`^Usage: strata ${command.name}\\b`))
      assert.match(stdout, /\nExamples?:\n  strata /)
      assert.match(stdout, /2  usage error/)
    })
  }

  it('exits 2 for an unknown command', async () => {
    assert.deepEqual(await run(['frobnicate']), { code: 2, stdout: '', stderr: "strata: unknown command 'frobnicate'\nrun 'strata --help' for usage\n" })
  })

  it('exits 2 for an unknown option, a missing and an extra argument', async () => {
    assert.deepEqual(await run(['ls', '--bogus']), { code: 2, stdout: '', stderr: "strata: unknown option '--bogus' for 'strata ls'\nrun 'strata ls --help' for usage\n" })
    assert.deepEqual(await run(['head']), { code: 2, stdout: '', stderr: "strata: missing argument <ref>\nrun 'strata head --help' for usage\n" })
    assert.deepEqual(await run(['show', 'a/b', 'c']), { code: 2, stdout: '', stderr: "strata: unexpected argument 'c'\nrun 'strata show --help' for usage\n" })
    assert.equal((await run(['head', 'bronze/x', '-n', 'ten'])).stderr, "strata: option --rows must be a whole number of at least 0, not 'ten'\nrun 'strata head --help' for usage\n")
  })

  it('exits 2 with the help on stderr when no command is given', async () => {
    const { code, stdout, stderr } = await run([])
    assert.deepEqual([code, stdout], [2, ''])
    assert.match(stderr, /^strata \d+\.\d+\.\d+: /)
  })

  it('accepts global options before and after the command', async () => {
    const dir = tempDir()
    assert.equal((await run(['--json', 'init', 'r'], dir)).code, 0)
    assert.deepEqual(await run(['--repo', 'r', 'ls', '--json'], dir), { code: 0, stdout: '', stderr: '' })
    assert.deepEqual(await run(['ls', '--repo=r'], dir), { code: 0, stdout: `no datasets in ${dir}/r\n`, stderr: '' })
  })

  it('exits 1 with the message of a failure', async () => {
    const dir = tempDir()
    assert.deepEqual(await run(['ls'], dir), {
      code: 1,
      stdout: '',
      stderr: `strata: no Strata repository in '${dir}' or its parents; run 'strata init' or pass --repo <dir>\n`,
    })
  })
})
