import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Ajv } from 'ajv'
import { defineRecipe, recipeYaml } from '../../src/exec/recipe-builder.ts'
import { checkRecipe, parseRecipe, recipeSchema } from '../../src/exec/recipe.ts'

const GOOD = `name: clean-web
input: bronze/web@3
output: silver/web-clean
steps:
  - op: mapper.normalize
  - op: filter.length
    min_words: 50
    max_chars: 100000
gates:
  - drop_rate < 0.6
`

describe('recipes', () => {
  it('parses a recipe and applies operator defaults', () => {
    assert.deepEqual(parseRecipe(GOOD, 'clean.yaml'), {
      name: 'clean-web',
      description: undefined,
      input: ['bronze/web@3'],
      output: 'silver/web-clean',
      mode: 'filter',
      steps: [
        { name: 'mapper.normalize', op: 'mapper.normalize', config: { column: 'text', form: 'NFC', whitespace: true, control: true } },
        { name: 'filter.length', op: 'filter.length', config: { column: 'text', min_words: 50, max_chars: 100000 } },
      ],
      gates: ['drop_rate < 0.6'],
    })
  })

  it('names a step by its operator, numbering later uses of the same one', () => {
    const recipe = parseRecipe('input: bronze/web\noutput: silver/x\nsteps:\n  - op: filter.length\n  - op: mapper.normalize\n  - op: filter.length\n    min_chars: 3\n', 'r.yaml')
    assert.deepEqual(recipe.steps.map((s) => s.name), ['filter.length', 'mapper.normalize', 'filter.length#2'])
  })

  it('names line, column and field of every problem', () => {
    const bad = `input: bronze/web
output: silver/web-clean
mode: tagging
steps:
  - op: mapper.normalize
  - op: filter.lenght
  - op: filter.length
    min_words: -1
    max_word: 9
`
    assert.throws(() => parseRecipe(bad, 'r.yaml'), {
      code: 'invalid_recipe',
      message: [
        "r.yaml:3:1: mode: must be 'filter' or 'tag', not 'tagging'",
        "r.yaml:6:5: steps[1].op: unknown operator 'filter.lenght'; did you mean 'filter.length'?",
        "r.yaml:8:5: steps[2].min_words: must be >= 0",
        "r.yaml:9:5: steps[2].max_word: unknown option of filter.length; did you mean 'max_words'?",
      ].join('\n'),
    })
  })

  it('reports an operator config that only creating the operator can refuse', () => {
    const text = "input: bronze/web\noutput: silver/x\nsteps:\n  - op: filter.expr\n    expr: lang = 'en'\n"
    assert.throws(() => parseRecipe(text, 'e.yaml'), { message: "e.yaml:4:5: steps[0]: expression 'lang = 'en'': unexpected '=' at column 6; did you mean '=='?" })
  })

  it('reports YAML syntax errors with their position', () => {
    assert.throws(() => parseRecipe('input: [bronze/web\noutput: x\n', 'y.yaml'), {
      code: 'invalid_recipe',
      message: 'y.yaml:2:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    })
  })

  it('refuses missing fields, unknown top-level keys and bronze outputs', () => {
    const { issues } = checkRecipe({ input: [], output: 'bronze/x', step: [] })
    assert.deepEqual(issues.map((i) => `${i.field}: ${i.message}`), [
      "step: unknown field; did you mean 'steps'?",
      'input: required: a dataset ref or a list of them, e.g. bronze/web',
      "output: 'bronze/x' is not a silver or gold dataset; write silver/<name> or gold/<name>",
      'steps: required: a non-empty list of operators, e.g. - op: filter.length',
    ])
  })

  it('publishes a JSON Schema that accepts the recipes it describes', () => {
    const schema = recipeSchema()
    const validate = new Ajv({ strict: false }).compile(schema)
    assert.equal(validate({ input: 'bronze/web', output: 'silver/x', steps: [{ op: 'filter.length', min_words: 3 }] }), true)
    assert.equal(validate({ input: 'bronze/web', output: 'silver/x', steps: [{ op: 'filter.length', nope: 3 }] }), false)
  })
})

describe('recipes in TypeScript', () => {
  it('checks a typed recipe like a YAML one and writes YAML that parses back to it', () => {
    const recipe = defineRecipe({
      name: 'clean-web',
      input: 'bronze/web@3',
      output: 'silver/web-clean',
      steps: [{ op: 'mapper.normalize' }, { op: 'filter.length', min_words: 50, max_chars: 100000 }, { op: 'filter.expr', expr: "lang == 'en'", reason: 'not_english' }],
      gates: ['drop_rate < 0.6'],
    })
    assert.deepEqual(recipe.steps.map((s) => s.name), ['mapper.normalize', 'filter.length', 'filter.expr'])
    assert.deepEqual(recipe.steps[0]!.config, { column: 'text', form: 'NFC', whitespace: true, control: true })
    assert.deepEqual(parseRecipe(recipeYaml(recipe), 'built.yaml'), recipe)
  })

  it('refuses what the types cannot catch, naming the field', () => {
    assert.throws(() => defineRecipe({ input: 'bronze/web', output: 'silver/x', steps: [{ op: 'filter.expr', expr: 'words(text) >' }] }), {
      code: 'invalid_recipe',
      message: /^steps\[0\]: expression 'words\(text\) >'/,
    })
    // @ts-expect-error: filter.length has no option min_lines
    assert.throws(() => defineRecipe({ input: 'bronze/web', output: 'silver/x', steps: [{ op: 'filter.length', min_lines: 3 }] }), {
      message: 'steps[0].min_lines: unknown option of filter.length; options: column, min_chars, max_chars, min_words, max_words',
    })
  })
})
