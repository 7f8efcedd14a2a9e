import { StrataError } from '../../core/errors.ts'
import type { StructField } from '../../table/schema.ts'
import type { OperatorSpec } from '../operator.ts'
import { extractMainContent } from './main-content.ts'

export interface ExtractHtmlConfig {
  readonly column: string
  readonly title_column: string
}

/**
 * `extract.html`: replaces the HTML in `column` with the plain text of the page's main
 * content (see {@link extractMainContent}) and sets the page's `<title>` into
 * `title_column` (null when it has none). A document whose column is not a string is
 * dropped as `no_text`, one with nothing to keep as `no_content`, and one the parser
 * fails on, or too large to analyse (over `MAX_ELEMENTS` elements), as `html_error`:
 * broken HTML never makes the batch throw.
 */
export const extractHtml: OperatorSpec<ExtractHtmlConfig> = {
  name: 'extract.html',
  kind: 'filter',
  version: 1,
  summary: 'extract the main text and title of HTML pages (Readability, visible text as fallback)',
  config: {
    type: 'object',
    properties: {
      column: { type: 'string', default: 'text', description: 'the column holding the HTML, replaced by the extracted plain text' },
      title_column: { type: 'string', default: 'title', description: "the column set to the page's <title> (null when the page has none)" },
    },
    additionalProperties: false,
  },
  create: (c) => {
    if (c.title_column === c.column) {
      throw new StrataError('invalid_argument', `extract.html: title_column '${c.title_column}' is also the text column; give the title a column of its own`)
    }
    const title: StructField = { name: c.title_column, type: 'string', nullable: true, metadata: {} }
    return {
      kind: 'filter',
      columns: [title],
      check: (batch) =>
        batch.map((doc) => {
          const html = doc[c.column]
          if (typeof html !== 'string') return 'no_text'
          let content
          try {
            content = extractMainContent(html)
          } catch {
            return 'html_error'
          }
          if (content.kind === 'too_large') return 'html_error'
          if (content.text === '') return 'no_content'
          doc[c.column] = content.text
          doc[c.title_column] = content.title
          return null
        }),
    }
  },
}
