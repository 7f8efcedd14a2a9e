import type { Repository } from '../repo/repository.ts'
import type { ResolvedRef } from '../repo/ref.ts'

/** An option of a command: a flag, or one taking a value named `value` in help. */
export interface OptionSpec {
  readonly type: 'boolean' | 'string'
  readonly short?: string
  /** The value's name in help, as in `--rows <n>`; only for string options. */
  readonly value?: string
  readonly description: string
}

/** What a command is given: its positional arguments and its parsed options (global ones included). */
export interface Invocation {
  readonly args: readonly string[]
  readonly options: Readonly<Record<string, string | boolean | undefined>>
}

/** The world a command runs in; commands never touch process globals, so tests can run them in-process. */
export interface CommandContext {
  readonly cwd: string
  /** True with `--json`: machine-readable output on stdout. */
  readonly json: boolean
  /** The `--repo` option, if given. */
  readonly repoOption: string | undefined
  /** Writes one line to stdout. */
  readonly out: (line: string) => void
  /** Writes one line to stderr: progress and notes that must not mix with the output. */
  readonly err: (line: string) => void
  /** True when stderr is a terminal. */
  readonly tty: boolean
  /** Progress: on a terminal, redraws one status line ('' clears it); elsewhere, prints it as a line. */
  readonly status: (line: string) => void
  /** The repository of `--repo` or of the nearest folder upwards; throws `no_repository`. */
  readonly repository: () => Promise<Repository>
  /** Resolves a ref (dataset or table folder); opens the repository only for dataset refs. */
  readonly resolve: (ref: string) => Promise<ResolvedRef>
  /** The environment variables, e.g. `STRATA_CATALOG_URL` for `openCatalog`. */
  readonly env: Readonly<Record<string, string | undefined>>
}

/**
 * A subcommand of `strata`. `args` declares the positionals: `<ref>` is required, `[dir]`
 * optional; the parser checks their count so `run` can trust it. `usage` is the help text
 * after the synopsis: what the command does and examples. `run` resolves to an exit status
 * when a check it ran failed (1), having printed why; to nothing on success.
 */
export interface Command {
  readonly name: string
  readonly summary: string
  readonly args: readonly string[]
  readonly usage: string
  readonly options: Readonly<Record<string, OptionSpec>>
  readonly run: (ctx: CommandContext, input: Invocation) => Promise<number | void>
}
