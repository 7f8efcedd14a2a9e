import type { BlobStore } from './blob-store.ts'

/** The source formats Strata ingests. */
export type SourceFormat = 'jsonl' | 'parquet' | 'csv' | 'tsv' | 'text' | 'html' | 'warc' | 'wet'

/** One source file to read: where it is and how big it is (compressed, as stored). */
export interface SourceFile {
  readonly store: BlobStore
  readonly key: string
  readonly size: number
}

export interface ReaderOptions {
  /** `text` files: one document per file (default), per line, or per blank-line-separated paragraph. */
  readonly split?: 'file' | 'lines' | 'paragraphs'
  /** A record larger than this (bytes of its text or line) is a bad record, not a document. */
  readonly maxDocBytes: number
}

/**
 * What a reader yields: a record with the source's fields (see each reader for their
 * names), or a bad record that goes to quarantine. `offset` is the byte offset of the
 * record in the decompressed stream (the row index for Parquet); `line` is 1-based where
 * the format has lines.
 */
export type ReadItem =
  | { readonly kind: 'record'; readonly fields: Record<string, unknown>; readonly offset: number; readonly line?: number }
  | { readonly kind: 'bad'; readonly offset: number; readonly line?: number; readonly error: string; readonly raw?: string }

/** Reads one file into records; never throws for bad content, only for I/O it cannot do. */
export type RecordReader = (file: SourceFile, options: ReaderOptions) => AsyncIterable<ReadItem>
