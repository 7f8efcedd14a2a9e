import path from 'node:path'
import { initRepository } from '../../repo/repository.ts'
import type { Command } from '../command.ts'

/** `strata init [dir]`: makes a folder a repository. */
export const init: Command = {
  name: 'init',
  summary: 'create a repository: strata.yaml and the zone folders bronze/, silver/, gold/',
  args: ['[dir]'],
  usage: `Creates a repository in <dir> (default: --repo, else the current folder), creating
the folder if needed. Refuses a folder that already holds strata.yaml.

Examples:
  strata init
  strata init ~/corpora/llm-data`,
  options: {},
  async run(ctx, input) {
    const repo = await initRepository(path.resolve(ctx.cwd, input.args[0] ?? ctx.repoOption ?? '.'))
    if (ctx.json) {
      ctx.out(JSON.stringify({ root: repo.root, zones: repo.config.zones, catalog: repo.config.catalog }))
      return
    }
    ctx.out(`initialized Strata repository in ${repo.root}`)
    ctx.out(`zones: ${repo.config.zones.join(', ')}; catalog: ${repo.config.catalog.path} (${repo.config.catalog.type})`)
  },
}
