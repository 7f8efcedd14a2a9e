import { StrataError } from '../core/errors.ts'

/** What a store knows of one object. `modified` is milliseconds since the epoch. */
export interface BlobInfo {
  readonly key: string
  readonly size: number
  readonly modified: number
}

/** A byte range of an object: `length` bytes from `offset`. */
export interface ByteRange {
  readonly offset: number
  readonly length: number
}

/**
 * Where Strata keeps bytes: a local folder or an object store. Keys are relative,
 * `/`-separated paths; every implementation validates them with `checkKey`.
 *
 * `putIfAbsent` is the one primitive the table layer's concurrency rests on: of N
 * concurrent creators of the same key, across processes and machines, exactly one gets
 * `true` and its bytes are what every reader sees (S3: `If-None-Match: *`).
 */
export interface BlobStore {
  /** The bytes of `key`, or of a range of it. Throws `not_found` when it does not exist. */
  read(key: string, range?: ByteRange): Promise<Uint8Array>
  /** The bytes of `key` as a stream of chunks, for objects too large to hold. Throws `not_found` on first read. */
  stream(key: string): AsyncIterable<Uint8Array>
  /** Every object whose key starts with `prefix`, recursively, in ascending key order. */
  list(prefix: string): Promise<BlobInfo[]>
  /** Writes `key` whole, replacing what was there; readers never see a partial object. */
  put(key: string, bytes: Uint8Array): Promise<void>
  /** Creates `key` only if it does not exist; `false` when another writer got there first. */
  putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean>
  /** Removes `key`; removing a key that does not exist is not an error. */
  delete(key: string): Promise<void>
  /** Size and modification time of `key`, or `undefined` when it does not exist. */
  stat(key: string): Promise<BlobInfo | undefined>
  /** A human-readable location for messages, such as a folder path or `s3://bucket/prefix`. */
  describe(key: string): string
}

/**
 * Refuses keys that could escape the store's root: absolute paths, `..` or `.` segments,
 * empty segments and backslashes. Returns the key unchanged when it is valid.
 */
export function checkKey(key: string): string {
  if (key === '' || key.startsWith('/') || /^[A-Za-z]:/.test(key)) {
    throw new StrataError('invalid_path', `key '${key}' must be a non-empty relative path`)
  }
  if (key.includes('\\') || key.includes('\0')) {
    throw new StrataError('invalid_path', `key '${key}' must not contain backslashes or NUL bytes`)
  }
  for (const segment of key.split('/')) {
    if (segment === '..' || segment === '.') {
      throw new StrataError('invalid_path', `key '${key}' must not contain '${segment}' segments`)
    }
  }
  if (key.includes('//')) throw new StrataError('invalid_path', `key '${key}' has an empty segment`)
  return key
}
