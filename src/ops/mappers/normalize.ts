import type { OperatorSpec } from '../operator.ts'

export interface NormalizeConfig {
  readonly column: string
  readonly form: 'NFC' | 'NFKC' | 'none'
  readonly whitespace: boolean
  readonly control: boolean
}

// C0 and C1 controls except tab, newline and carriage return, plus DEL.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g
const SPACES = /[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g
const TRAILING = /[ \t]+$/gm
const BLANK_RUNS = /\n{3,}/g

/** `mapper.normalize`: Unicode normalization, control characters removed, whitespace tidied. */
export const normalizeMapper: OperatorSpec<NormalizeConfig> = {
  name: 'mapper.normalize',
  kind: 'mapper',
  version: 1,
  summary: 'Unicode normalization (NFC by default), control characters removed, whitespace collapsed',
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the text column' },
      form: { enum: ['NFC', 'NFKC', 'none'], default: 'NFC', description: 'Unicode normalization form' },
      whitespace: { type: 'boolean', default: true, description: 'collapse runs of spaces, trim lines, keep at most one blank line' },
      control: { type: 'boolean', default: true, description: 'remove control characters other than tab and newlines' },
    },
    additionalProperties: false,
  },
  create: (c) => ({
    kind: 'mapper',
    map: (batch) =>
      batch.map((doc) => {
        const value = doc[c.column]
        if (typeof value !== 'string') return doc
        let text = value
        if (c.form !== 'none') text = text.normalize(c.form)
        if (c.control) text = text.replace(CONTROL, '')
        if (c.whitespace) text = text.replace(/\r\n?/g, '\n').replace(SPACES, ' ').replace(TRAILING, '').replace(BLANK_RUNS, '\n\n').trim()
        return { ...doc, [c.column]: text }
      }),
  }),
}
