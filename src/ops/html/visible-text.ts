import type { DomElement } from './dom.ts'
import { plainText } from './plain-text.ts'

// Page furniture rather than content: menus, page footers, sidebars.
const BOILERPLATE = new Set(['nav', 'footer', 'aside'])
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i

/**
 * True for an element a reader does not see as content: navigation, footers and sidebars,
 * and elements hidden by the `hidden` attribute, `aria-hidden="true"` or an inline
 * `display: none` / `visibility: hidden`.
 */
function isBoilerplateOrHidden(element: DomElement): boolean {
  if (BOILERPLATE.has(element.localName)) return true
  if (element.getAttribute('hidden') !== null || element.getAttribute('aria-hidden') === 'true') return true
  const style = element.getAttribute('style')
  return style !== null && HIDDEN_STYLE.test(style)
}

/**
 * The text a reader sees in `body`, without boilerplate: no scripts, styles, `<noscript>`,
 * templates or `<head>` (the walk never reads those), and no navigation, footer, sidebar
 * or hidden elements. Laid out as {@link plainText} does. The fallback when no article
 * stands out.
 */
export function visibleText(body: DomElement): string {
  return plainText(body, isBoilerplateOrHidden)
}
