import { compileExpression } from '../expr/evaluate.ts'
import type { OperatorSpec } from '../operator.ts'

export interface ExprConfig {
  readonly expr: string
  readonly reason: string
}

/**
 * `filter.expr`: keeps a document when a safe expression over its columns is true (null
 * or false drops it), e.g. `lang == 'en' and words(text) >= 50`. The expression is
 * compiled once; see src/ops/expr/ for the language.
 */
export const exprFilter: OperatorSpec<ExprConfig> = {
  name: 'filter.expr',
  kind: 'filter',
  version: 1,
  summary: 'keep documents for which an expression over their columns is true',
  config: {
    type: 'object',
    properties: {
      expr: { type: 'string', minLength: 1, description: "the condition to keep a document, e.g. lang == 'en' and words(text) >= 50" },
      reason: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', default: 'expr', description: 'the drop reason recorded for documents it drops' },
    },
    required: ['expr'],
    additionalProperties: false,
  },
  create: (c) => {
    const compiled = compileExpression(c.expr)
    return { kind: 'filter', check: (batch) => batch.map((doc) => (compiled.keeps(doc) ? null : c.reason)) }
  },
}
