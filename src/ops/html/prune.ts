import type { DomElement } from './dom.ts'
import { linkDensity, nameTokens, textLength, tokenWords } from './signals.ts'

/**
 * Rule "captions": drops figure captions and caption-classed elements (`figcaption`,
 * `.caption`, `.wp-caption-text`) from the article. Captions and photo credits are the
 * most frequent boilerplate Readability keeps: on the trafilatura set they hold 34
 * must-not-appear segments against 2 must-appear ones. F1 +0.0052 (0.8881 to 0.8933),
 * the first rule applied.
 */
export function dropCaptions(article: DomElement): void {
  removeAll(article.querySelectorAll('figcaption, .caption, .wp-caption-text'))
}

// Words of class and id names that mark page furniture inside an article's container.
const FURNITURE_WORDS = new Set(['related', 'newsletter', 'tags', 'taglist', 'copyright', 'share', 'sharing', 'social', 'sharedaddy',
  'breadcrumb', 'breadcrumbs', 'respond'])
const FURNITURE_TOKENS = /^(?:author-?box|author-?bio|about-?author|tag-?list|post-?tags|entry-?tags)$/
// WordPress puts a post's taxonomy in its classes (`tag-social-media`, `category-share`): names of content, not furniture.
const TAXONOMY = /^(?:tag|category|post|type|format|status)-/
const MAX_FURNITURE_SHARE = 0.5

/**
 * Rule "furniture": drops the sharing bars, related-story boxes, newsletter forms, tag
 * lists, breadcrumbs, copyright lines, author boxes and comment forms that a template
 * nests inside the article's container, recognised by a word of their class or id
 * (`related-posts`, `share_bar`, `post-tags`, `author-box`…; WordPress taxonomy classes
 * such as `tag-social-media` do not count). An element holding more than half of the
 * article's text is kept whatever its name. F1 +0.0035 on its own, +0.0034 after
 * "captions", without losing a must-appear segment.
 */
export function dropFurniture(article: DomElement): void {
  const total = textLength(article)
  const named = article.querySelectorAll('[class], [id]')
  for (let i = 0; i < named.length; i++) {
    const element = named[i]!
    if (isFurniture(element) && textLength(element) <= MAX_FURNITURE_SHARE * total) element.remove()
  }
}

function isFurniture(element: DomElement): boolean {
  for (const token of nameTokens(element, true)) {
    if (FURNITURE_TOKENS.test(token)) return true
    if (TAXONOMY.test(token)) continue
    for (const word of tokenWords(token)) if (FURNITURE_WORDS.has(word) || FURNITURE_TOKENS.test(word)) return true
  }
  return false
}

const BLOCKS = 'p, li, div, h1, h2, h3, h4, h5, h6, dt, dd, td, th, section, ul, ol'
const MAX_LINK_LINE_CHARS = 80
const MIN_LINK_LINE_DENSITY = 0.5

/**
 * Rule "link lines": drops short blocks (under 80 characters) that are mostly link text
 * (at least half): "Read more", "Next article: …", lists of topics and tags, "Share on
 * X" rows. Long paragraphs with links, and short ones without, stay. F1 +0.0034 on its
 * own, +0.0031 after "captions" and "furniture".
 */
export function dropLinkLines(article: DomElement): void {
  const blocks = article.querySelectorAll(BLOCKS)
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!
    const length = textLength(block)
    if (length > 0 && length < MAX_LINK_LINE_CHARS && linkDensity(block, length) >= MIN_LINK_LINE_DENSITY) block.remove()
  }
}

function removeAll(elements: ArrayLike<DomElement>): void {
  for (let i = 0; i < elements.length; i++) elements[i]!.remove()
}
