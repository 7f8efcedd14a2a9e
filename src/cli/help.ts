import { STRATA_VERSION } from '../core/version.ts'
import { GLOBAL_OPTIONS } from './args.ts'
import type { Command, OptionSpec } from './command.ts'

const EXIT_CODES = `Exit codes:
  0  success
  1  failure: the error is printed as 'strata: <message>' on stderr
  2  usage error: unknown command or option, missing or extra argument`

const REFS = `Refs name a table to read:
  silver/web-en                    the latest version of a dataset (<zone>/<name>)
  silver/web-en@12                 version 12
  silver/web-en@2026-11-20T10:00Z  the version current at that time
  ./tables/events[@12]             any Delta table folder (one holding _delta_log/), no repository needed`

/** The help of `strata` itself: commands, global options, refs and exit codes. */
export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    `strata ${STRATA_VERSION}: versioned, training-ready LLM datasets on Delta Lake`,
    '',
    'Usage: strata [--repo <dir>] [--json] <command> [arguments] [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    REFS,
    '',
    EXIT_CODES,
    '',
    "Run 'strata <command> --help' for a command's options and examples.",
  ].join('\n')
}

/** The help of one command: synopsis, description and examples, its options, the global options. */
export function commandHelp(command: Command): string {
  const own = optionLines(command.options)
  return [
    `Usage: strata ${[command.name, ...command.args].join(' ')}${own.length > 0 ? ' [options]' : ''}`,
    '',
    command.summary,
    '',
    command.usage.trimEnd(),
    ...(own.length > 0 ? ['', 'Options:', ...own] : []),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    EXIT_CODES,
  ].join('\n')
}

function optionLines(specs: Readonly<Record<string, OptionSpec>>): string[] {
  const names = Object.entries(specs).map(([name, spec]) =>
    `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` <${spec.value ?? 'value'}>` : ''}`,
  )
  const width = Math.max(...names.map((n) => n.length))
  return Object.values(specs).map((spec, i) => `  ${names[i]!.padEnd(width)}  ${spec.description}`)
}
