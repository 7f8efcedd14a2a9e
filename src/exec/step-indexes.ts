import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { StrataError } from '../core/errors.ts'
import type { AgainstIndex } from '../ops/operator.ts'
import { parseRef } from '../repo/ref.ts'
import type { Repository } from '../repo/repository.ts'
import type { SnapshotAt } from '../table/snapshot.ts'
import type { Stage } from './planner.ts'
import type { RecipeStep } from './recipe.ts'
import { stagingDir } from './staging.ts'

// A dedup step keeps an index of the documents it saw. The run writes it at the step's
// barrier into its staging area and, once the output is committed, moves it beside the
// output's version: `.indexes/<zone>/<name>/v<version>/<step>/`. A later recipe whose
// step says `against: <dataset>` deduplicates against that version's index instead of
// reading the dataset again.

/** A step's `against`, pinned to a version when the run starts. */
export interface AgainstPin {
  readonly step: string
  readonly dataset: string
  readonly version: number
}

/** The folder of a dataset version's index made by step `step`. */
export function indexDir(repoRoot: string, dataset: string, version: number, step: string): string {
  return path.join(repoRoot, '.indexes', dataset, `v${version}`, step)
}

/** Where the global step beginning stage `stage` writes its index during a run. */
export function stagedIndexDir(repoRoot: string, runId: string, stage: number, step: string): string {
  return path.join(stagingDir(repoRoot, runId, stage - 1), `index-${step}`)
}

/**
 * Pins every step's `against` to a version (the one it names, at a time or the latest,
 * found by `versionAt`) and checks that the version has an index of a step of the same name.
 */
export async function pinAgainst(repo: Repository, steps: readonly RecipeStep[], versionAt: (dataset: string, at: SnapshotAt) => Promise<number>): Promise<AgainstPin[]> {
  const pins: AgainstPin[] = []
  for (const step of steps) {
    const ref = step.config.against
    if (typeof ref !== 'string') continue
    const parsed = parseRef(ref)
    if (parsed.kind !== 'dataset') throw new StrataError('invalid_recipe', `${step.name}: against '${ref}' must name a dataset of the repository (zone/name, zone/name@3)`)
    const dataset = `${parsed.zone}/${parsed.name}`
    const version = await versionAt(dataset, parsed.at)
    if (!existsSync(indexDir(repo.root, dataset, version, step.name))) {
      throw new StrataError('not_found', `${step.name}: against ${dataset}@${version}: that version has no index of a '${step.name}' step; indexes are kept with the outputs of runs that have the step, so run the recipe that makes ${dataset} with it, or name such a version`)
    }
    pins.push({ step: step.name, dataset, version })
  }
  return pins
}

/** The pinned indexes by step name, as `decide` receives them. */
export function againstIndexes(repoRoot: string, pins: readonly AgainstPin[]): Map<string, AgainstIndex> {
  return new Map(pins.map((p) => [p.step, { dir: indexDir(repoRoot, p.dataset, p.version, p.step), dataset: `${p.dataset}@${p.version}` }]))
}

/** Moves the indexes a run's global steps wrote beside its committed output version. */
export async function keepIndexes(repoRoot: string, runId: string, stages: readonly Stage[], output: string, version: number): Promise<void> {
  for (const [k, stage] of stages.entries()) {
    if (!stage.first) continue
    const from = stagedIndexDir(repoRoot, runId, k, stage.first.name)
    if (!existsSync(from)) continue
    const to = indexDir(repoRoot, output, version, stage.first.name)
    await fs.rm(to, { recursive: true, force: true })
    await fs.mkdir(path.dirname(to), { recursive: true })
    await fs.rename(from, to)
  }
}
