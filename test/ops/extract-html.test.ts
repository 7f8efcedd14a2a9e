import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { extractHtml } from '../../src/ops/html/extract.ts'
import { extractMainContent, MAX_ELEMENTS } from '../../src/ops/html/main-content.ts'
import type { Doc, FilterOperator } from '../../src/ops/operator.ts'
import { type EvalPage, evaluate, loadEvalSet } from './html-eval.ts'

const op = extractHtml.create({ column: 'text', title_column: 'title' }) as FilterOperator

let loaded: EvalPage[] | undefined
const evalSet = (): EvalPage[] => (loaded ??= loadEvalSet())

const CATS = 'Cats have lived alongside people for thousands of years, and they remain one of the most popular companions in homes around the world, prized for their independence and their quiet, curious nature.'
const DOGS = 'Dogs, by contrast, were domesticated even earlier, and they have been bred for herding, hunting, guarding and companionship, which explains the remarkable variety of shapes, sizes and temperaments found today.'
const PAGE = `<!doctype html><html><head><title>  Cats &amp; Dogs </title><style>p { color: red }</style><script>var tracking = 1</script></head><body>
<nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<article><h1>Cats &amp; Dogs</h1><p>${CATS}</p><script>document.write('ad')</script><noscript>Please enable JavaScript</noscript>
<style>.x { display: none }</style><template><p>template text</p></template><p>${DOGS.replace('earlier,', 'earlier,<br>')}</p>
<ul><li>Cats: <em>independent</em></li><li>Dogs:   loyal</li></ul></article>
<footer>© 2024 Pets Inc.</footer></body></html>`

describe('extract.html', () => {
  it('replaces the HTML by the article as plain text and keeps the page title', () => {
    const doc: Doc = { id: 'p1', text: PAGE }
    assert.deepEqual(op.check([doc]), [null])
    assert.deepEqual(doc, {
      id: 'p1',
      text: `${CATS}\n\n${DOGS.replace('earlier, ', 'earlier,\n')}\n\nCats: independent\nDogs: loyal`,
      title: 'Cats & Dogs',
    })
  })

  it('leaves out scripts, styles, noscript, templates, navigation and footers', () => {
    const doc: Doc = { text: PAGE }
    op.check([doc])
    for (const gone of ['tracking', 'document.write', 'enable JavaScript', 'display', 'template text', 'Home', '© 2024']) {
      assert.equal((doc.text as string).includes(gone), false, `'${gone}' is left out`)
    }
  })

  it('sets a null title for a page without one, and uses the configured columns', () => {
    const named = extractHtml.create({ column: 'html', title_column: 'page_title' }) as FilterOperator
    assert.deepEqual(named.columns, [{ name: 'page_title', type: 'string', nullable: true, metadata: {} }])
    const doc: Doc = { html: `<p>${CATS}</p>`, text: 'untouched' }
    assert.deepEqual(named.check([doc]), [null])
    assert.deepEqual(doc, { html: CATS, text: 'untouched', page_title: null })
  })

  it('refuses a title column that is also the text column', () => {
    assert.throws(() => extractHtml.create({ column: 'text', title_column: 'text' }), {
      code: 'invalid_argument',
      message: "extract.html: title_column 'text' is also the text column; give the title a column of its own",
    })
  })

  it('drops what has nothing to keep, with a reason, and never throws on broken or odd input', () => {
    const tooLarge = '<p>x</p>'.repeat(MAX_ELEMENTS + 1)
    const docs: Doc[] = [
      { text: '' },
      { text: ' \n\t ' },
      { text: '<html><head><style>p {}</style><script>run()</script></head><body> <!-- nothing --> </body></html>' },
      { text: 42 },
      {},
      { text: '<div><p>Unclosed <b>bold <i>and italic</div></span></table>' },
      { text: 'plain text, not HTML < 3 & more' },
      { text: '<div>'.repeat(5000) + 'deeply nested' },
      { text: tooLarge },
    ]
    assert.deepEqual(op.check(docs), ['no_content', 'no_content', 'no_content', 'no_text', 'no_text', null, null, null, 'html_error'])
    assert.deepEqual(docs.slice(5, 8).map((d) => d.text), ['Unclosed bold and italic', 'plain text, not HTML < 3 & more', 'deeply nested'])
    assert.equal(docs[8]!.text, tooLarge, 'a dropped document is left as it was')
    assert.equal('title' in docs[0]!, false)
  })

  it("falls back to the page's visible text when Readability finds no article", () => {
    // Readability drops the heading that repeats the title and the footer, and finds nothing else.
    const html = '<html><head><title>Hello world</title></head><body><h1>Hello world</h1><footer>Imprint</footer></body></html>'
    const extraction = extractMainContent(html)
    assert.equal(extraction.kind === 'content' && extraction.source, 'visible')
    const doc: Doc = { text: html }
    assert.deepEqual(op.check([doc]), [null])
    assert.deepEqual(doc, { text: 'Hello world', title: 'Hello world' })
  })

  it('is deterministic', () => {
    const pages = evalSet().slice(0, 25).map((p) => p.html)
    pages.push(PAGE)
    const run = (): Doc[] => {
      const docs = pages.map((text) => ({ text }))
      op.check(docs)
      return docs
    }
    assert.deepEqual(run(), run())
  })
})

describe('extract.html on the trafilatura evaluation set', () => {
  it('keeps the main text and leaves out the boilerplate: F1 >= 0.90', () => {
    const pages = evalSet()
    const started = performance.now()
    const { scores } = evaluate(op, pages)
    const seconds = (performance.now() - started) / 1000
    const f = (x: number): string => x.toFixed(4)
    console.log(
      `extract.html, trafilatura set: ${scores.pages} pages, precision ${f(scores.precision)}, recall ${f(scores.recall)}, ` +
        `F1 ${f(scores.f1)}, accuracy ${f(scores.accuracy)} (tp ${scores.tp}, fp ${scores.fp}, fn ${scores.fn}, tn ${scores.tn}); ` +
        `${(scores.pages / seconds).toFixed(1)} pages/s`,
    )
    assert.equal(scores.pages, 990)
    assert.equal(scores.tp + scores.fn, 2951, 'every must-appear segment is counted')
    assert.equal(scores.fp + scores.tn, 2966, 'every must-not-appear segment is counted')
    assert.ok(scores.f1 >= 0.9, `F1 ${scores.f1} is below 0.90`)
  })
})
