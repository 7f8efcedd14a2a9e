/** The tables a run writes: its output and the two companions that account for every other input document. */
export const OUTPUT_KINDS = ['kept', 'rejected', 'quarantine'] as const

export type OutputKind = (typeof OUTPUT_KINDS)[number]

/** A record with one value per output kind. */
export function byKind<T>(value: (kind: OutputKind) => T): Record<OutputKind, T> {
  return { kept: value('kept'), rejected: value('rejected'), quarantine: value('quarantine') }
}

/** The table name of a run's output kind: the output's own name, `<name>__rejected` or `<name>__quarantine`. */
export function companion(name: string, kind: OutputKind): string {
  return kind === 'kept' ? name : `${name}__${kind}`
}
