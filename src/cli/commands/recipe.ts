import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Command } from '../command.ts'
import { UsageError } from '../usage-error.ts'

/** `strata recipe schema|check|operators`: what a recipe may hold, and whether one is valid. */
export const recipe: Command = {
  name: 'recipe',
  summary: 'print the recipe JSON Schema, list operators, or check a recipe file',
  args: ['<schema|check|operators>', '[file]'],
  usage: `  schema     prints the JSON Schema of recipes, generated from the operator registry
             (point an editor's YAML language server at it)
  operators  lists the operators with their kind, config version and summary
  check      validates a recipe file: every problem with its line, column and field;
             exit 1 when there is one

Examples:
  strata recipe check recipes/clean-web.yaml
  strata recipe schema > recipe.schema.json
  strata recipe operators --json`,
  options: {},
  async run(ctx, input) {
    const [action, file] = input.args
    // Loaded here, not at start-up: the validator and the registry cost every other command ~50 ms.
    const { parseRecipe, recipeSchema } = await import('../../exec/recipe.ts')
    const { OPERATORS } = await import('../../ops/registry.ts')
    if (action === 'schema') {
      ctx.out(JSON.stringify(recipeSchema(), null, 2))
    } else if (action === 'operators') {
      for (const spec of OPERATORS.values()) {
        ctx.out(ctx.json ? JSON.stringify({ name: spec.name, kind: spec.kind, version: spec.version, summary: spec.summary, config: spec.config }) : `${spec.name.padEnd(20)} ${spec.kind.padEnd(10)} v${spec.version}  ${spec.summary}`)
      }
    } else if (action === 'check') {
      if (!file) throw new UsageError('missing argument [file]: the recipe to check')
      const parsed = parseRecipe(await readFile(path.resolve(ctx.cwd, file), 'utf8'), file)
      ctx.out(ctx.json ? JSON.stringify(parsed) : `${file}: valid recipe, ${parsed.steps.length} steps from ${parsed.input.join(', ')} to ${parsed.output}`)
    } else {
      throw new UsageError(`unknown action '${action}'; use schema, operators or check`)
    }
  },
}
