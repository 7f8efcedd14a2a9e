import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import type { Command, Invocation, OptionSpec } from './command.ts'
import { UsageError } from './usage-error.ts'

/** Options every command accepts, before or after the command name. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  repo: { type: 'string', value: 'dir', description: 'the repository root (default: the nearest folder upwards holding strata.yaml)' },
  json: { type: 'boolean', description: 'machine-readable output: JSON Lines for lists and rows, one JSON object otherwise' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
  version: { type: 'boolean', description: 'print the version' },
}

/** A command line split at the command name: the global options before it and the tokens after it. */
export interface CommandLine {
  readonly command: string | undefined
  readonly globals: Invocation['options']
  readonly rest: readonly string[]
}

/** Splits `argv` at the first positional token, parsing what precedes it as global options. */
export function splitCommandLine(argv: readonly string[]): CommandLine {
  let i = 0
  // The only global option taking a value is --repo: its value is not the command name.
  while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '--') i += argv[i] === '--repo' ? 2 : 1
  const globals = parse(argv.slice(0, i), GLOBAL_OPTIONS, 'strata').options
  const rest = argv.slice(argv[i] === '--' ? i + 1 : i)
  return { command: rest[0], globals, rest: rest.slice(1) }
}

/** Parses the tokens after the command name against its options and positionals. */
export function parseInvocation(command: Command, tokens: readonly string[]): Invocation {
  const parsed = parse(tokens, { ...GLOBAL_OPTIONS, ...command.options }, `strata ${command.name}`)
  if (parsed.options.help) return parsed
  const required = command.args.filter((a) => a.startsWith('<'))
  if (parsed.args.length < required.length) throw new UsageError(`missing argument ${required[parsed.args.length]}`)
  const variadic = command.args.at(-1)?.endsWith('...') === true
  if (!variadic && parsed.args.length > command.args.length) throw new UsageError(`unexpected argument '${parsed.args[command.args.length]}'`)
  return parsed
}

/** The integer value of option `name`, `fallback` when absent; refuses values below `min`. */
export function intOption(input: Invocation, name: string, fallback: number, min: number): number {
  const raw = input.options[name]
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim()) || n < min) {
    throw new UsageError(`option --${name} must be a whole number of at least ${min}, not '${String(raw)}'`)
  }
  return n
}

function parse(tokens: readonly string[], specs: Readonly<Record<string, OptionSpec>>, where: string): Invocation {
  const options: ParseArgsOptionsConfig = {}
  for (const [name, spec] of Object.entries(specs)) options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}) }
  try {
    const { values, positionals } = parseArgs({ args: [...tokens], options, allowPositionals: true, strict: true })
    return { args: positionals, options: values as Invocation['options'] }
  } catch (e) {
    const error = e as NodeJS.ErrnoException
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`unknown option ${/'[^']*'/.exec(error.message)?.[0] ?? ''} for '${where}'`)
    }
    if (error.code?.startsWith('ERR_PARSE_ARGS_')) {
      const first = error.message.split('\n')[0]!
      throw new UsageError(first.charAt(0).toLowerCase() + first.slice(1).replace(/\.$/, ''))
    }
    throw e
  }
}
