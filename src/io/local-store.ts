import { randomBytes } from 'node:crypto'
import { createReadStream, promises as fs } from 'node:fs'
import path from 'node:path'
import { StrataError } from '../core/errors.ts'
import { mapBounded } from '../core/map-bounded.ts'
import { checkKey, type BlobInfo, type BlobStore, type ByteRange } from './blob-store.ts'

/**
 * A BlobStore over a local folder. Writes go to a temporary file first; `put` renames it
 * over the target and `putIfAbsent` hard-links it, which the kernel refuses with EEXIST
 * when the target exists — atomic across processes on the same file system.
 */
export class LocalStore implements BlobStore {
  readonly root: string

  constructor(root: string) {
    this.root = path.resolve(root)
  }

  describe(key: string): string {
    return key === '' ? this.root : path.join(this.root, checkKey(key))
  }

  async read(key: string, range?: ByteRange): Promise<Uint8Array> {
    const file = this.#path(key)
    try {
      if (!range) return await fs.readFile(file)
      const handle = await fs.open(file, 'r')
      try {
        const out = Buffer.allocUnsafe(range.length)
        const { bytesRead } = await handle.read(out, 0, range.length, range.offset)
        return bytesRead === range.length ? out : out.subarray(0, bytesRead)
      } finally {
        await handle.close()
      }
    } catch (e) {
      throw this.#notFound(e, key)
    }
  }

  async *stream(key: string): AsyncIterable<Uint8Array> {
    try {
      yield* createReadStream(this.#path(key), { highWaterMark: 1 << 20 })
    } catch (e) {
      throw this.#notFound(e, key)
    }
  }

  async list(prefix: string): Promise<BlobInfo[]> {
    const slash = prefix.lastIndexOf('/')
    const dir = slash < 0 ? '' : prefix.slice(0, slash)
    if (dir !== '') checkKey(dir)
    const keys: string[] = []
    await this.#walk(dir, prefix, keys)
    keys.sort()
    // Stat in parallel: a table's log can hold tens of thousands of files.
    const infos = await mapBounded(keys, 64, (key) => this.stat(key))
    // A file deleted between listing and stat is simply gone.
    return infos.filter((info) => info !== undefined)
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const tmp = await this.#writeTemp(key, bytes)
    await fs.rename(tmp, this.#path(key))
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean> {
    const tmp = await this.#writeTemp(key, bytes)
    try {
      await fs.link(tmp, this.#path(key))
      return true
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw e
    } finally {
      await fs.rm(tmp, { force: true })
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.#path(key), { force: true })
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    try {
      const s = await fs.stat(this.#path(key))
      return s.isFile() ? { key, size: s.size, modified: s.mtimeMs } : undefined
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw e
    }
  }

  #path(key: string): string {
    return path.join(this.root, checkKey(key))
  }

  async #writeTemp(key: string, bytes: Uint8Array): Promise<string> {
    const target = this.#path(key)
    await fs.mkdir(path.dirname(target), { recursive: true })
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`)
    await fs.writeFile(tmp, bytes)
    return tmp
  }

  async #walk(dir: string, prefix: string, out: string[]): Promise<void> {
    let entries
    try {
      entries = await fs.readdir(dir === '' ? this.root : path.join(this.root, dir), { withFileTypes: true })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
      throw e
    }
    for (const entry of entries) {
      const key = dir === '' ? entry.name : `${dir}/${entry.name}`
      if (entry.isDirectory()) {
        if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await this.#walk(key, prefix, out)
      } else if (entry.isFile() && key.startsWith(prefix) && !entry.name.endsWith('.tmp')) {
        out.push(key)
      }
    }
  }

  #notFound(e: unknown, key: string): unknown {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return new StrataError('not_found', `file '${this.describe(key)}' does not exist`, { cause: e })
    }
    return e
  }
}
