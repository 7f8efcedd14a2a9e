import { StrataError, isStrataError } from '../core/errors.ts'
import type { BlobStore } from '../io/blob-store.ts'
import { parseCommit, type Action } from './actions.ts'

/** The log folder of a table, relative to the table root. */
export const LOG_DIR = '_delta_log'

/** `_delta_log/<20-digit version>.json`: the key of one commit. */
export function commitKey(version: number): string {
  return `${LOG_DIR}/${String(version).padStart(20, '0')}.json`
}

/** The version a commit key names, or `undefined` when the key is not a commit file. */
export function commitVersion(key: string): number | undefined {
  const m = /(?:^|\/)(\d{20})\.json$/.exec(key)
  return m ? Number(m[1]) : undefined
}

/** The actions of commit `version`; `undefined` when that commit file does not exist. */
export async function readCommit(store: BlobStore, version: number): Promise<Action[] | undefined> {
  const key = commitKey(version)
  let bytes: Uint8Array
  try {
    bytes = await store.read(key)
  } catch (e) {
    if (isStrataError(e, 'not_found')) return undefined
    throw e
  }
  return parseCommit(decodeUtf8(bytes, store.describe(key)), store.describe(key))
}

const decoder = new TextDecoder('utf-8', { fatal: true })

function decodeUtf8(bytes: Uint8Array, where: string): string {
  try {
    return decoder.decode(bytes)
  } catch (e) {
    throw new StrataError('corrupt_log', `${where}: commit file is not valid UTF-8`, { cause: e })
  }
}
