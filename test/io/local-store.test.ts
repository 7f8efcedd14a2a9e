import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { describe, it } from 'node:test'
import { LocalStore } from '../../src/io/local-store.ts'
import { within } from '../../src/io/prefixed-store.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const bytes = (s: string) => new TextEncoder().encode(s)
const text = (b: Uint8Array) => new TextDecoder().decode(b)

describe('LocalStore', () => {
  it('reads whole objects and byte ranges', async () => {
    const store = new LocalStore(tempDir())
    await store.put('a/b.txt', bytes('hello world'))
    assert.equal(text(await store.read('a/b.txt')), 'hello world')
    assert.equal(text(await store.read('a/b.txt', { offset: 6, length: 5 })), 'world')
    assert.deepEqual(await store.stat('a/b.txt').then((s) => s?.size), 11)
    assert.equal(await store.stat('a/missing'), undefined)
  })

  it('streams an object in chunks, and names it when it is missing', async () => {
    const root = tempDir()
    const store = new LocalStore(root)
    const big = new Uint8Array(3 << 20).map((_, i) => i % 251)
    await store.put('big.bin', big)
    const chunks: Uint8Array[] = []
    for await (const c of store.stream('big.bin')) chunks.push(c)
    assert.ok(chunks.length >= 3)
    assert.deepEqual(Buffer.concat(chunks), Buffer.from(big))
    await assert.rejects(async () => {
      for await (const _ of store.stream('gone.bin')) void _
    }, { code: 'not_found', message: `file '${root}/gone.bin' does not exist` })
  })

  it('lists recursively by prefix in key order', async () => {
    const store = new LocalStore(tempDir())
    for (const k of ['x/2.json', 'x/1.json', 'x/sub/3.json', 'x-other', 'y/1']) await store.put(k, bytes(k))
    assert.deepEqual((await store.list('x/')).map((b) => b.key), ['x/1.json', 'x/2.json', 'x/sub/3.json'])
    assert.deepEqual((await store.list('x')).map((b) => b.key), ['x-other', 'x/1.json', 'x/2.json', 'x/sub/3.json'])
    assert.deepEqual(await store.list('nothing/'), [])
  })

  it('refuses keys that could escape the root', async () => {
    const store = new LocalStore(tempDir())
    await assert.rejects(store.read('../etc/passwd'), { code: 'invalid_path', message: "key '../etc/passwd' must not contain '..' segments" })
    await assert.rejects(store.put('/abs', bytes('x')), { code: 'invalid_path', message: "key '/abs' must be a non-empty relative path" })
    await assert.rejects(store.read('a//b'), { code: 'invalid_path', message: "key 'a//b' has an empty segment" })
  })

  it('names the missing file when reading fails', async () => {
    const root = tempDir()
    await assert.rejects(new LocalStore(root).read('nope.json'), { code: 'not_found', message: `file '${root}/nope.json' does not exist` })
  })

  it('putIfAbsent creates once and never overwrites', async () => {
    const store = new LocalStore(tempDir())
    assert.equal(await store.putIfAbsent('k', bytes('first')), true)
    assert.equal(await store.putIfAbsent('k', bytes('second')), false)
    assert.equal(text(await store.read('k')), 'first')
    await store.delete('k')
    await store.delete('k')
    assert.equal(await store.stat('k'), undefined)
  })

  it('putIfAbsent has exactly one winner among concurrent processes', async () => {
    const root = tempDir()
    const script = `
      import { LocalStore } from ${JSON.stringify(new URL('../../src/io/local-store.ts', import.meta.url).href)}
      const store = new LocalStore(process.argv[1])
      let wins = 0
      for (let i = 0; i < 50; i++) if (await store.putIfAbsent('race/' + i, new TextEncoder().encode(process.argv[2]))) wins++
      console.log(wins)`
    const runs = await Promise.all(Array.from({ length: 6 }, (_, p) => new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, root, `p${p}`], { stdio: ['ignore', 'pipe', 'inherit'] })
      let out = ''
      child.stdout.on('data', (d) => (out += d))
      child.on('exit', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`child exited ${code}`))))
    })))
    assert.equal(runs.reduce((a, b) => a + b, 0), 50)
    const store = new LocalStore(root)
    assert.equal((await store.list('race/')).length, 50)
    for (const b of await store.list('race/')) assert.match(text(await store.read(b.key)), /^p\d$/)
  })

  it('within() scopes keys below a prefix', async () => {
    const base = new LocalStore(tempDir())
    const table = within(base, 'bronze/docs')
    await table.put('_delta_log/0.json', bytes('{}'))
    assert.deepEqual((await base.list('')).map((b) => b.key), ['bronze/docs/_delta_log/0.json'])
    assert.deepEqual((await table.list('_delta_log/')).map((b) => b.key), ['_delta_log/0.json'])
    assert.equal((await table.stat('_delta_log/0.json'))?.key, '_delta_log/0.json')
  })
})
