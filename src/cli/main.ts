import { StrataError, type ErrorCode } from '../core/errors.ts'
import { STRATA_VERSION } from '../core/version.ts'
import { resolveRef } from '../repo/ref.ts'
import { findRepository, type Repository } from '../repo/repository.ts'
import { parseInvocation, splitCommandLine } from './args.ts'
import type { Command, CommandContext } from './command.ts'
import { dataset } from './commands/dataset.ts'
import { audit } from './commands/audit.ts'
import { card } from './commands/card.ts'
import { exportCommand } from './commands/export.ts'
import { head } from './commands/head.ts'
import { ingest } from './commands/ingest.ts'
import { ingestions } from './commands/ingestions.ts'
import { init } from './commands/init.ts'
import { lineage } from './commands/lineage.ts'
import { log } from './commands/log.ts'
import { ls } from './commands/ls.ts'
import { recipe } from './commands/recipe.ts'
import { restore } from './commands/restore.ts'
import { run } from './commands/run.ts'
import { runs } from './commands/runs.ts'
import { show } from './commands/show.ts'
import { sql } from './commands/sql.ts'
import { vacuum } from './commands/vacuum.ts'
import { commandHelp, mainHelp } from './help.ts'
import { UsageError } from './usage-error.ts'

/** The commands, in the order help lists them. */
export const COMMANDS: readonly Command[] = [init, ingest, ingestions, dataset, recipe, run, runs, lineage, ls, log, show, head, sql, exportCommand, card, restore, vacuum, audit]

/** Where `main` reads and writes; the defaults are the process's. Tests pass their own. */
export interface Io {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly cwd: string
  readonly env: Readonly<Record<string, string | undefined>>
  /** True when stderr is a terminal: progress redraws one line instead of printing lines. */
  readonly tty?: boolean
}

// A next step for the reader of an error, where the message alone does not give one.
const HINTS: Record<ErrorCode, string | undefined> = {
  invalid_path: undefined,
  not_found: undefined,
  already_exists: undefined,
  not_a_table: undefined,
  corrupt_log: 'the table log is damaged or was written by a tool that breaks the Delta protocol',
  corrupt_file: undefined,
  unsupported_feature: 'this version of Strata cannot read or write the table safely, so it refuses rather than guess',
  invalid_protocol: undefined,
  versions_not_contiguous: 'commit files are missing from _delta_log; the table cannot be read at these versions',
  version_not_found: "'strata log <ref>' lists the versions that can be read",
  schema_mismatch: "'strata show <ref>' prints the table schema",
  invalid_ref: undefined,
  invalid_argument: undefined,
  no_repository: undefined,
  conflict: 'another writer committed first; run the command again',
  catalog_unavailable: undefined,
  catalog_version: undefined,
  corrupt_catalog: "'strata audit --verify' checks the audit log against its hash chain",
  policy_violation: undefined,
  too_many_bad: undefined,
  invalid_recipe: "'strata recipe schema' prints what a recipe may hold",
  invalid_expression: undefined,
  task_failed: "nothing was committed; fix the cause, then 'strata run --resume <run-id>' redoes only the tasks not done",
  run_failed: undefined,
}

let pipeWatched = false

function processIo(): Io {
  if (!pipeWatched) {
    pipeWatched = true
    // A reader that stops early (strata head x | head -1) closes the pipe: the output is done, nothing failed.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e
      process.exit(0)
    })
  }
  return { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text), cwd: process.cwd(), env: process.env, tty: process.stderr.isTTY === true }
}

/**
 * Runs `strata` with `argv` (the arguments after the program name) and returns the exit
 * status: 0 success, 1 failure (message on stderr), 2 usage error.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const err = (line: string) => io.stderr(`${line}\n`)
  let command: Command | undefined
  try {
    const line = splitCommandLine(argv)
    if (line.globals.version) {
      io.stdout(`strata ${STRATA_VERSION}\n`)
      return 0
    }
    if (line.command === undefined) {
      if (line.globals.help) {
        io.stdout(`${mainHelp(COMMANDS)}\n`)
        return 0
      }
      err(mainHelp(COMMANDS))
      return 2
    }
    command = COMMANDS.find((c) => c.name === line.command)
    if (!command) throw new UsageError(`unknown command '${line.command}'`)
    const input = parseInvocation(command, line.rest)
    if (line.globals.help || input.options.help) {
      io.stdout(`${commandHelp(command)}\n`)
      return 0
    }
    const options = { ...line.globals, ...input.options }
    return (await command.run(context(io, options.repo as string | undefined, options.json === true), { args: input.args, options })) ?? 0
  } catch (e) {
    if (e instanceof UsageError) {
      err(`strata: ${e.message}`)
      err(`run 'strata ${command ? `${command.name} ` : ''}--help' for usage`)
      return 2
    }
    const debug = io.env.STRATA_DEBUG === '1'
    if (e instanceof StrataError) {
      err(`strata: ${e.message}`)
      const hint = HINTS[e.code]
      if (hint) err(`hint: ${hint}`)
      if (debug) err(String(e.stack))
      return 1
    }
    err(`strata: ${e instanceof Error ? e.message : String(e)}`)
    err(debug ? String((e as Error).stack ?? e) : 'set STRATA_DEBUG=1 to see the stack trace')
    return 1
  }
}

function context(io: Io, repoOption: string | undefined, json: boolean): CommandContext {
  let opened: Promise<Repository> | undefined
  const repository = () => (opened ??= findRepository(io.cwd, repoOption))
  return {
    cwd: io.cwd,
    json,
    repoOption,
    out: (line) => io.stdout(`${line}\n`),
    err: (line) => io.stderr(`${line}\n`),
    tty: io.tty === true,
    status: (line) => io.stderr(io.tty ? `\r\x1b[2K${line}` : `${line}\n`),
    repository,
    resolve: (ref) => resolveRef(ref, { cwd: io.cwd, repository }),
    env: io.env,
  }
}
