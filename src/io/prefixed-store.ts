import { checkKey, type BlobInfo, type BlobStore, type ByteRange } from './blob-store.ts'

/**
 * A view of `store` below `prefix`: keys are relative to the prefix. A table's code takes
 * a store rooted at the table, whether the table is a repository dataset or a folder.
 */
export function within(store: BlobStore, prefix: string): BlobStore {
  if (prefix === '') return store
  const base = `${checkKey(prefix.replace(/\/+$/, ''))}/`
  const full = (key: string) => (key === '' ? base : base + checkKey(key))
  const strip = (info: BlobInfo): BlobInfo => ({ ...info, key: info.key.slice(base.length) })
  return {
    read: (key: string, range?: ByteRange) => store.read(full(key), range),
    stream: (key: string) => store.stream(full(key)),
    list: async (p: string) => (await store.list(base + p)).map(strip),
    put: (key: string, bytes: Uint8Array) => store.put(full(key), bytes),
    putIfAbsent: (key: string, bytes: Uint8Array) => store.putIfAbsent(full(key), bytes),
    delete: (key: string) => store.delete(full(key)),
    stat: async (key: string) => {
      const info = await store.stat(full(key))
      return info && strip(info)
    },
    describe: (key: string) => store.describe(key === '' ? base.slice(0, -1) : full(key)),
  }
}
