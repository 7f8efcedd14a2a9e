import { userInfo } from 'node:os'
import path from 'node:path'
import { describeLocation } from '../../catalog/catalog-location.ts'
import { catalogLocation, openCatalogAt } from '../../catalog/open-catalog.ts'
import { initRepository } from '../../repo/repository.ts'
import type { Command } from '../command.ts'

/** `strata init [dir]`: makes a folder a repository, with its catalog. */
export const init: Command = {
  name: 'init',
  summary: 'create a repository: strata.yaml, the zone folders bronze/, silver/, gold/ and the catalog',
  args: ['[dir]'],
  usage: `Creates a repository in <dir> (default: --repo, else the current folder), creating
the folder if needed, and its catalog: the SQLite file catalog.sqlite inside it, or the
PostgreSQL database of STRATA_CATALOG_URL. The audit log's first row records the init.
Refuses a folder that already holds strata.yaml.

Examples:
  strata init
  strata init ~/corpora/llm-data
  STRATA_CATALOG_URL=postgresql://strata@db.internal/strata strata init /mnt/team/corpora`,
  options: {},
  async run(ctx, input) {
    const repo = await initRepository(path.resolve(ctx.cwd, input.args[0] ?? ctx.repoOption ?? '.'))
    const location = catalogLocation(repo, ctx.env)
    const catalog = await openCatalogAt(location)
    try {
      await catalog.appendAudit({ actor: userInfo().username, action: 'init', target: repo.root, details: { zones: repo.config.zones, catalog: location.type } })
    } finally {
      await catalog.close()
    }
    const where = location.type === 'sqlite' ? path.relative(repo.root, location.path) : describeLocation(location)
    if (ctx.json) {
      ctx.out(JSON.stringify({ root: repo.root, zones: repo.config.zones, catalog: { type: location.type, [location.type === 'sqlite' ? 'path' : 'url']: where } }))
      return
    }
    ctx.out(`initialized Strata repository in ${repo.root}`)
    ctx.out(`zones: ${repo.config.zones.join(', ')}; catalog: ${where} (${location.type})`)
  },
}
