import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { CONFIG_FILE, findRepository, initRepository, listDatasets, parseDatasetId } from '../../src/repo/repository.ts'
import { tempDir } from '../helpers/temp-dir.ts'

describe('initRepository', () => {
  it('writes a documented strata.yaml and the zone folders', async () => {
    const root = path.join(tempDir(), 'corpus')
    const repo = await initRepository(root)
    assert.deepEqual(repo, { root, config: { version: 1, zones: ['bronze', 'silver', 'gold'], catalog: { type: 'sqlite', path: 'catalog.sqlite' } } })
    const text = readFileSync(path.join(root, CONFIG_FILE), 'utf8')
    assert.match(text, /^# Strata repository configuration\.\n/)
    assert.match(text, /^version: 1$/m)
    for (const zone of ['bronze', 'silver', 'gold']) assert.ok(statSync(path.join(root, zone)).isDirectory())
  })

  it('refuses a folder that already is a repository', async () => {
    const root = tempDir()
    await initRepository(root)
    await assert.rejects(initRepository(root), { code: 'already_exists', message: `'${root}' is already a Strata repository: it holds strata.yaml` })
  })
})

describe('findRepository', () => {
  it('finds the repository of a parent folder, like git', async () => {
    const root = tempDir()
    await initRepository(root)
    const nested = path.join(root, 'silver', 'notes', 'deep')
    mkdirSync(nested, { recursive: true })
    assert.equal((await findRepository(nested)).root, root)
  })

  it('says how to get one when no folder upwards holds strata.yaml', async () => {
    const dir = tempDir()
    await assert.rejects(findRepository(dir), {
      code: 'no_repository',
      message: `no Strata repository in '${dir}' or its parents; run 'strata init' or pass --repo <dir>`,
    })
  })

  it('opens the --repo folder relative to the start folder', async () => {
    const base = tempDir()
    await initRepository(path.join(base, 'repo'))
    assert.equal((await findRepository(path.join(base, 'repo', 'bronze'), '..')).root, path.join(base, 'repo'))
    await assert.rejects(findRepository(base, 'elsewhere'), {
      code: 'no_repository',
      message: `'${path.join(base, 'elsewhere')}' is not a Strata repository: it has no strata.yaml; run 'strata init elsewhere' to create one`,
    })
  })

  it('refuses a strata.yaml of a version it does not know', async () => {
    const root = tempDir()
    writeFileSync(path.join(root, CONFIG_FILE), 'version: 2\n')
    await assert.rejects(findRepository(root), {
      code: 'corrupt_file',
      message: `${path.join(root, CONFIG_FILE)}: version 2 is not supported; this Strata reads version 1`,
    })
  })
})

describe('listDatasets', () => {
  it('lists folders holding _delta_log, zone by zone, names sorted', async () => {
    const repo = await initRepository(tempDir())
    for (const dir of ['silver/web-en/_delta_log', 'bronze/zz/_delta_log', 'bronze/aa/_delta_log', 'bronze/not-a-table/data', 'bronze/.hidden/_delta_log']) {
      mkdirSync(path.join(repo.root, dir), { recursive: true })
    }
    assert.deepEqual(await listDatasets(repo), [
      { zone: 'bronze', name: 'aa' },
      { zone: 'bronze', name: 'zz' },
      { zone: 'silver', name: 'web-en' },
    ])
  })
})

describe('the catalog setting of strata.yaml', () => {
  const open = async (catalog: string) => {
    const root = tempDir()
    writeFileSync(path.join(root, CONFIG_FILE), `version: 1\ncatalog: ${catalog}\n`)
    return (await findRepository(root)).config.catalog
  }

  it('takes a PostgreSQL URL, alone or as { type: postgres, url }', async () => {
    assert.deepEqual(await open('postgresql://team@db:5432/strata'), { type: 'postgres', url: 'postgresql://team@db:5432/strata' })
    assert.deepEqual(await open('{ type: postgres, url: "postgres://db/strata" }'), { type: 'postgres', url: 'postgres://db/strata' })
  })

  it('refuses anything but a SQLite file or a PostgreSQL URL', async () => {
    await assert.rejects(open('mysql://db/strata'), {
      code: 'corrupt_file',
      message: /: catalog must be \{ type: sqlite, path: <file> \}, \{ type: postgres, url: <url> \} or a postgresql:\/\/ URL$/,
    })
  })
})

describe('parseDatasetId', () => {
  it('splits zone/name and refuses anything that names no dataset', () => {
    assert.deepEqual(parseDatasetId('silver/web-en'), { zone: 'silver', name: 'web-en' })
    for (const text of ['silver', 'platinum/x', 'bronze/', 'bronze/a/b', 'bronze/.hidden']) assert.equal(parseDatasetId(text), undefined, text)
  })
})
