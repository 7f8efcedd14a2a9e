import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { limitDepth, parseDocument } from '../../src/ops/html/dom.ts'
import { focusOnSingleArticle } from '../../src/ops/html/focus-article.ts'
import { findLead, withLead } from '../../src/ops/html/lead.ts'
import { plainText } from '../../src/ops/html/plain-text.ts'
import { dropCaptions, dropFurniture, dropLinkLines } from '../../src/ops/html/prune.ts'
import { visibleText } from '../../src/ops/html/visible-text.ts'

const body = (html: string) => parseDocument(html).body
const text = (html: string) => plainText(body(html))
const long = (word: string) => `${word} `.repeat(120).trim()

describe('plainText', () => {
  it('puts a blank line between blocks, a newline for <br>, list items and table rows, a tab between cells', () => {
    assert.equal(
      text('<div><p>One  two\n three</p><p>Line<br>break<br><br>after</p><ul><li>first</li><li>second</li></ul>' +
        '<table><tr><th>a</th><td>b</td></tr><tr><td>c</td><td>d</td></tr></table><h2>Head</h2>tail</div>'),
      'One two three\n\nLine\nbreak\n\nafter\n\nfirst\nsecond\n\na\tb\nc\td\n\nHead\n\ntail',
    )
  })
  it('keeps whitespace inside <pre>, decodes entities and collapses other whitespace', () => {
    assert.equal(text('<pre>\n  keep\n   this\n</pre><p>caf&eacute; &amp;\tcr&egrave;me&nbsp;br&ucirc;l&eacute;e &lt;3</p>'), '  keep\n   this\n\ncafé & crème brûlée <3')
  })
  it('joins inline elements without adding or losing spaces', () => {
    assert.equal(text('<p>a<b>b</b>c <i> d </i> e<span></span>f</p>'), 'abc d ef')
  })
})

describe('parseDocument', () => {
  it('moves the content of a never-closed <head> into the body', () => {
    const doc = parseDocument('<html><head><title>T</title><meta charset="utf-8"><p>Body text</p><div>more</div>')
    assert.equal(plainText(doc.head), '')
    assert.equal(plainText(doc.body), 'Body text\n\nmore')
    assert.equal(doc.querySelector('title')?.textContent, 'T')
  })
  it('gathers a fragment, text after </html> and a nested <body> into one body', () => {
    assert.equal(text('loose <b>text</b>'), 'loose text')
    assert.equal(text('<html><body><p>in</p></body></html><p>after</p>'), 'in\n\nafter')
    const nested = parseDocument('<html><body><p>a</p><body class="x"><p>b</p></body></body></html>')
    assert.equal(nested.querySelectorAll('body').length, 1)
    assert.equal(plainText(nested.body), 'a\n\nb')
  })
  it('lifts what nests deeper than the limit, keeping the text in order', () => {
    const doc = parseDocument('<div><p>a<b>b<i>c</i>d</b>e</p><p>f</p></div><span>g</span>')
    limitDepth(doc.body, 2)
    assert.equal(doc.body.toString(), '<body><div><p>a<b></b>b<i></i>cde</p><p>f</p></div><span>g</span></body>')
    assert.equal(plainText(doc.body), 'abcde\n\nf\n\ng')
  })
})

describe('visibleText', () => {
  it('leaves out navigation, footers, sidebars and hidden elements', () => {
    assert.equal(
      visibleText(body('<nav>Menu</nav><p>Shown</p><aside>Side</aside><p hidden>h1</p><p aria-hidden="true">h2</p>' +
        '<p style="color: red; display : none">h3</p><p style="visibility:hidden">h4</p><footer>Foot</footer><p>Also shown</p>')),
      'Shown\n\nAlso shown',
    )
  })
})

describe('rule "single article"', () => {
  it('cuts the body down to the one article', () => {
    const doc = parseDocument(`<div class="related">Related</div><article><p>${long('story')}</p><article>nested</article></article><div>Comments</div>`)
    assert.equal(focusOnSingleArticle(doc), true)
    assert.equal(plainText(doc.body), `${long('story')}\n\nnested`)
  })
  it('leaves pages with several articles, none, or a short one alone', () => {
    for (const html of [`<article>${long('a')}</article><article>${long('b')}</article>`, `<div>${long('a')}</div>`, '<article>short</article><p>rest</p>']) {
      const doc = parseDocument(html)
      const before = plainText(doc.body)
      assert.equal(focusOnSingleArticle(doc), false)
      assert.equal(plainText(doc.body), before)
    }
  })
})

describe('rule "lead"', () => {
  const standfirst = 'The council voted on Tuesday to close the old bridge to cars.'
  it('finds the first standfirst outside navigation, sidebars and links, and puts it first when missing', () => {
    const page = body(`<nav><p class="intro">Menu intro that is long enough to count here</p></nav><header><p class="entry-excerpt">${standfirst}</p></header><div class="lead">Second lead, not taken though long enough</div>`)
    const lead = findLead(page)
    assert.equal(lead, standfirst)
    assert.equal(withLead('Body.', lead), `${standfirst}\n\nBody.`)
    assert.equal(withLead(`Intro: ${standfirst.replace(' ', '  ')} Body.`, lead), `Intro: ${standfirst.replace(' ', '  ')} Body.`, 'not repeated')
    assert.equal(withLead('Body.', null), 'Body.')
  })
  it('ignores a lead that is too short or mostly links', () => {
    assert.equal(findLead(body('<p class="lead">Too short</p>')), null)
    assert.equal(findLead(body('<p class="teaser"><a href="/x">A teaser that links to another story entirely</a></p>')), null)
  })
})

describe('rules on the article', () => {
  it('"captions" drops figure captions and caption-classed elements', () => {
    const article = body('<p>Text</p><figure><img src="a.jpg"><figcaption>Photo: Agency</figcaption></figure><p class="wp-caption-text">Credit</p><div class="caption">Cap</div>')
    dropCaptions(article)
    assert.equal(plainText(article), 'Text')
  })
  it('"furniture" drops share bars, related boxes, tag lists and author boxes, not taxonomy classes or the bulk of the text', () => {
    const article = body(`<div class="post tag-social-media"><p>${long('body')}</p><div class="share_bar">Share</div><ul id="related-posts"><li>Other</li></ul>` +
      '<p class="post-tags">Tags: a, b</p><div class="authorbox">About me</div><div class="tag-list">x</div></div>')
    dropFurniture(article)
    assert.equal(plainText(article), long('body'))
    const mostly = body(`<div class="social"><p>${long('kept')}</p></div><p>short</p>`)
    dropFurniture(mostly)
    assert.equal(plainText(mostly), `${long('kept')}\n\nshort`)
  })
  it('"link lines" drops short blocks that are mostly links', () => {
    const article = body('<p>A paragraph with <a href="/x">one link</a> in a longer sentence of plain words.</p><p><a href="/next">Next article: the bridge</a></p>' +
      '<ul><li><a href="/t1">Topic</a></li></ul><p>Short, no link.</p>')
    dropLinkLines(article)
    assert.equal(plainText(article), 'A paragraph with one link in a longer sentence of plain words.\n\nShort, no link.')
  })
})
