import type { DomElement, DomNode } from './dom.ts'

// What the extraction rules read off an element: how much text it holds, how much of it is
// links, and the words its class and id names are made of.

const SPACE_RUN = /\s+/g

/** The length of a node's text with whitespace runs counted as one space and the ends trimmed. */
export function textLength(node: DomNode): number {
  return (node.textContent ?? '').replace(SPACE_RUN, ' ').trim().length
}

/** The share of an element's text (of length `length`) that sits inside links: 0 for none, 1 for all. */
export function linkDensity(element: DomElement, length = textLength(element)): number {
  if (length === 0) return 0
  let links = 0
  const anchors = element.querySelectorAll('a')
  for (let i = 0; i < anchors.length; i++) links += textLength(anchors[i]!)
  return links / length
}

const TOKEN_SEPARATOR = /\s+/
const WORD_SEPARATOR = /[-_]+/

/** The lowercase tokens of an element's `class` attribute, and of its `id` when `withId`. */
export function nameTokens(element: DomElement, withId: boolean): string[] {
  const names = withId ? `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}` : (element.getAttribute('class') ?? '')
  return names.toLowerCase().split(TOKEN_SEPARATOR).filter((t) => t !== '')
}

/** The words of a class or id token, split at hyphens and underscores: `post_tags-box` gives `post`, `tags`, `box`. */
export function tokenWords(token: string): string[] {
  return token.split(WORD_SEPARATOR).filter((w) => w !== '')
}
