import type { Catalog } from '../../src/catalog/catalog.ts'
import { openCatalog } from '../../src/catalog/open-catalog.ts'
import { runRecipe, type RunSummary } from '../../src/exec/run.ts'
import { datasetStore, type Repository, type Zone } from '../../src/repo/repository.ts'
import { scan } from '../../src/table/scan.ts'
import { loadSnapshot } from '../../src/table/snapshot.ts'

/** Runs recipe `text` in `repo` on two workers (by default) with 64 MiB tasks, as `strata run` would. */
export async function run(repo: Repository, text: string, options: { workers?: number; maxTaskBytes?: number } = {}): Promise<RunSummary> {
  return withCatalog(repo, (catalog) =>
    runRecipe({ repo, catalog, recipe: { text, file: 'recipe.yaml' }, workers: options.workers ?? 2, retries: 2, maxTaskBytes: options.maxTaskBytes ?? 64 << 20, actor: 'test' }),
  )
}

/** Every row of the latest version of dataset `zone/name`, in order. */
export async function rows(repo: Repository, zone: Zone, name: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = []
  for await (const batch of scan(await loadSnapshot(datasetStore(repo, zone, name)))) out.push(...batch)
  return out
}

/** Calls `fn` with the repository's catalog open, and closes it. */
export async function withCatalog<T>(repo: Repository, fn: (c: Catalog) => Promise<T>): Promise<T> {
  const catalog = await openCatalog(repo, {})
  try {
    return await fn(catalog)
  } finally {
    await catalog.close()
  }
}
