import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CommandContext } from '../../src/cli/command.ts'
import { ingestProgress } from '../../src/cli/progress.ts'

function context(tty: boolean, lines: string[]): CommandContext {
  return { tty, status: (line: string) => lines.push(line) } as unknown as CommandContext
}

const at = (filesDone: number, bytesDone: number) => ({ filesDone, filesTotal: 4, bytesDone, bytesTotal: 4 << 20, documents: filesDone * 1000, quarantined: filesDone })

describe('ingest progress', () => {
  it('prints files, bytes, rate, documents and ETA as plain lines at most every 5 s off a terminal', () => {
    const lines: string[] = []
    let now = 0
    const p = ingestProgress(context(false, lines), () => now)
    now = 1000
    p.update(at(1, 1 << 20))
    now = 3000
    p.update(at(2, 2 << 20))
    now = 6500
    p.update(at(3, 3 << 20))
    p.done()
    assert.deepEqual(lines, [
      'files 1/4  1.0 MiB/4.0 MiB  1.0 MiB/s  docs 1,000  quarantined 1  ETA 3s',
      'files 3/4  3.0 MiB/4.0 MiB  473 KiB/s  docs 3,000  quarantined 3  ETA 3s',
    ])
  })

  it('redraws on a terminal every 200 ms and clears the line when done', () => {
    const lines: string[] = []
    let now = 0
    const p = ingestProgress(context(true, lines), () => now)
    now = 100
    p.update(at(1, 1 << 20))
    now = 200
    p.update(at(1, 1 << 20))
    now = 400
    p.update(at(2, 2 << 20))
    p.done()
    assert.equal(lines.length, 3)
    assert.equal(lines.at(-1), '')
  })
})
