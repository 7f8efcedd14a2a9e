import { closeSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import path from 'node:path'
import { StrataError } from '../../core/errors.ts'
import type { AgainstIndex } from '../operator.ts'

// A dedup step's index: what it knew of every document it saw, kept with the output's
// version so that a later run can deduplicate new documents against that dataset without
// reading it again. A folder: `settings.json` (the step's settings the records depend on),
// `records.bin` (one record per document, each a 32-bit little-endian length then its
// bytes) and, for steps that need it, `roots.bin` (a 32-bit number per record).

const CHUNK = 8 << 20

/** Writes an index folder, records one at a time through a buffer. */
export class IndexWriter {
  readonly #dir: string
  readonly #fd: number
  readonly #buffer = Buffer.allocUnsafe(CHUNK)
  #pending = 0
  count = 0

  constructor(dir: string, settings: Readonly<Record<string, unknown>>) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings))
    this.#dir = dir
    this.#fd = openSync(path.join(dir, 'records.bin'), 'w')
  }

  /** Appends a record made of `parts`, back to back. */
  add(...parts: Uint8Array[]): void {
    let length = 0
    for (const p of parts) length += p.length
    if (this.#pending + 4 + length > this.#buffer.length) this.#flush()
    if (4 + length > this.#buffer.length) {
      const header = Buffer.allocUnsafe(4)
      header.writeUInt32LE(length, 0)
      for (const bytes of [header, ...parts]) writeSync(this.#fd, bytes)
    } else {
      this.#buffer.writeUInt32LE(length, this.#pending)
      this.#pending += 4
      for (const p of parts) {
        this.#buffer.set(p, this.#pending)
        this.#pending += p.length
      }
    }
    this.count++
  }

  /** Writes the last records and, when given, one number per record as `roots.bin`. */
  close(roots?: Uint32Array): void {
    this.#flush()
    closeSync(this.#fd)
    if (roots) writeFileSync(path.join(this.#dir, 'roots.bin'), roots.subarray(0, this.count))
  }

  #flush(): void {
    if (this.#pending > 0) writeSync(this.#fd, this.#buffer, 0, this.#pending)
    this.#pending = 0
  }
}

/**
 * Checks that an index was made with `settings` (the same normalization, shingles,
 * hash functions…); its records would not be comparable otherwise.
 */
export function checkSettings(op: string, index: AgainstIndex, settings: Readonly<Record<string, unknown>>): void {
  const made = JSON.parse(readFileSync(path.join(index.dir, 'settings.json'), 'utf8')) as Record<string, unknown>
  if (JSON.stringify(made) !== JSON.stringify(settings)) {
    throw new StrataError('invalid_argument', `${op}: against ${index.dataset}: its index was made with ${JSON.stringify(made)}, this step has ${JSON.stringify(settings)}; deduplicate against it with the same settings`)
  }
}

/** An index's records in order; each is valid until the next is read. */
export function* readRecords(index: AgainstIndex): Generator<Buffer> {
  const fd = openSync(path.join(index.dir, 'records.bin'), 'r')
  try {
    let buffer = Buffer.allocUnsafe(CHUNK)
    let start = 0
    let end = 0
    for (;;) {
      if (end - start < 4 || end - start < 4 + buffer.readUInt32LE(start)) {
        const need = end - start >= 4 ? 4 + buffer.readUInt32LE(start) : 4
        if (need > buffer.length) {
          const grown = Buffer.allocUnsafe(need)
          buffer.copy(grown, 0, start, end)
          buffer = grown
        } else buffer.copy(buffer, 0, start, end)
        end -= start
        start = 0
        const read = readSync(fd, buffer, end, buffer.length - end, null)
        if (read === 0) {
          if (end > 0) throw new StrataError('corrupt_file', `${index.dir}/records.bin: the last record is cut short; the index of ${index.dataset} is damaged`)
          return
        }
        end += read
        continue
      }
      const length = buffer.readUInt32LE(start)
      yield buffer.subarray(start + 4, start + 4 + length)
      start += 4 + length
    }
  } finally {
    closeSync(fd)
  }
}

/** The index's `roots.bin`: one number per record. */
export function readRoots(index: AgainstIndex): Uint32Array {
  const bytes = readFileSync(path.join(index.dir, 'roots.bin'))
  return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length))
}
