// A throwaway PostgreSQL cluster for tests: initdb into a temporary folder, a server that
// listens only on a unix socket in that folder, trust authentication, fsync off. Stopped
// and removed when the test file finishes.
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after } from 'node:test'
import pg from 'pg'

const DEBIAN_ROOT = '/usr/lib/postgresql'
const SUPERUSER = 'strata'

/** A running throwaway server. */
export interface PostgresServer {
  /** The URL of `database` on the server, as the superuser. */
  url(database: string): string
  /** Creates an empty database with a fresh name and returns its URL. */
  createDatabase(): Promise<string>
}

let databases = 0

/**
 * Starts a server for the current test file. PostgreSQL refuses to run as root, so as root
 * the server runs as the `postgres` user, owning the folder. Throws, failing the tests,
 * when Debian's server binaries are not installed.
 */
export function startPostgres(): PostgresServer {
  const bin = serverBinaries()
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-pg-'))
  const data = path.join(dir, 'data')
  const log = path.join(dir, 'server.log')
  const asRoot = process.getuid?.() === 0
  if (asRoot) chownSync(dir, idOf('-u'), idOf('-g'))
  const run = (tool: string, args: string[]) => {
    const command = [path.join(bin, tool), ...args]
    execFileSync(asRoot ? 'runuser' : command[0]!, asRoot ? ['-u', 'postgres', '--', ...command] : args, { stdio: ['ignore', 'ignore', 'pipe'] })
  }
  try {
    run('initdb', ['-D', data, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--no-locale'])
    // pg_ctl hands -o to a shell: '' is an empty listen_addresses, i.e. no TCP at all.
    run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', `-c listen_addresses='' -k ${dir} -F`, 'start'])
  } catch (e) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : ''
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`could not start a throwaway PostgreSQL server: ${(e as Error).message}\n${serverLog}`, { cause: e })
  }
  after(() => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
  const url = (database: string) => `postgresql://${SUPERUSER}@localhost/${database}?host=${encodeURIComponent(dir)}`
  return {
    url,
    async createDatabase() {
      const name = `t${process.pid}_${++databases}`
      const client = new pg.Client({ connectionString: url('postgres') })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${name}`)
      } finally {
        await client.end()
      }
      return url(name)
    },
  }
}

// Debian installs each major version's server under /usr/lib/postgresql/<version>/bin; the newest wins.
function serverBinaries(): string {
  const versions = existsSync(DEBIAN_ROOT) ? readdirSync(DEBIAN_ROOT).filter((v) => existsSync(path.join(DEBIAN_ROOT, v, 'bin', 'initdb'))) : []
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0]
  if (newest === undefined) {
    throw new Error(
      `PostgreSQL server binaries not found (${DEBIAN_ROOT}/<version>/bin/initdb): install Debian's postgresql package, ` +
        'e.g. apt-get install -y --no-install-recommends postgresql',
    )
  }
  return path.join(DEBIAN_ROOT, newest, 'bin')
}

function idOf(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
}
