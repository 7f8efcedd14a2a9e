import type { DomElement, DomNode } from './dom.ts'

const ELEMENT_NODE = 1
const TEXT_NODE = 3

/**
 * How an element shapes the text: `skip` (never text: scripts, styles, form controls…),
 * `block` (a blank line before and after), `line` (its own line: list items, table rows,
 * definition terms), `cell` (a tab from the previous cell), `br` (one newline), `pre`
 * (a block whose whitespace is kept). Any other element is inline.
 */
type Layout = 'skip' | 'block' | 'line' | 'cell' | 'br' | 'pre'

const LAYOUT: ReadonlyMap<string, Layout> = new Map<string, Layout>([
  ...['script', 'style', 'noscript', 'template', 'head', 'title', 'svg', 'math', 'canvas', 'iframe', 'object', 'embed',
    'video', 'audio', 'select', 'datalist', 'textarea', 'input', 'button', 'option'].map((t) => [t, 'skip'] as const),
  ...['address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'details', 'dialog', 'dir', 'div', 'dl',
    'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
    'html', 'legend', 'main', 'menu', 'nav', 'ol', 'p', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'ul']
    .map((t) => [t, 'block'] as const),
  ...['li', 'tr', 'dt', 'dd'].map((t) => [t, 'line'] as const),
  ['td', 'cell'], ['th', 'cell'], ['br', 'br'], ['pre', 'pre'], ['listing', 'pre'], ['xmp', 'pre'],
])

const SPACE_RUN = /\s+/g
const LEADING_SPACE = /^\s/
const TRAILING_SPACE = /\s$/
const PRE_OPENING = /^(?:[ \t]*\r?\n)+/
const CARRIAGE_RETURN = /\r\n?/g

/**
 * The plain text of `root`'s descendants, laid out for a corpus: a blank line between
 * block elements, one newline for a `<br>`, list items, table rows and definition terms
 * on their own lines, a tab between table cells, whitespace collapsed to one space inside
 * a block (kept as is inside `<pre>`), and no leading or trailing whitespace. Entities are
 * already decoded by the parser. The walk is iterative, so deep nesting cannot overflow
 * the stack. `skip`, when given, also leaves out the elements for which it is true.
 */
export function plainText(root: DomNode, skip?: (element: DomElement) => boolean): string {
  const out = new TextSink()
  let node = root.firstChild
  while (node !== null) {
    const opened = node.nodeType === ELEMENT_NODE && out.open(node as DomElement, skip)
    if (opened && node.firstChild !== null) {
      node = node.firstChild
      continue
    }
    if (opened) out.close(node as DomElement)
    else if (node.nodeType === TEXT_NODE) out.text(node.nodeValue ?? '')
    while (node.nextSibling === null) {
      const parent: DomElement | null = node.parentNode
      if (parent === null || parent === root) return out.result()
      out.close(parent)
      node = parent
    }
    node = node.nextSibling
  }
  return out.result()
}

/** Collects text and the separators between its pieces; a separator is only written once text follows it. */
class TextSink {
  private readonly parts: string[] = []
  /** Newlines owed before the next text: 0, 1 or 2. */
  private breaks = 0
  private space = false
  private tab = false
  private preDepth = 0
  private preStart = false
  private lastFromPre = false

  /** Notes an element's opening; false when its content is to be left out. */
  open(element: DomElement, skip: ((element: DomElement) => boolean) | undefined): boolean {
    const layout = LAYOUT.get(element.localName)
    if (layout === 'skip' || (skip !== undefined && skip(element))) return false
    if (layout === 'block') this.breaks = 2
    else if (layout === 'line') this.breaks = Math.max(this.breaks, 1)
    else if (layout === 'cell') this.tab = true
    else if (layout === 'br') this.breaks = Math.min(this.breaks + 1, 2)
    else if (layout === 'pre') {
      this.breaks = 2
      this.preDepth++
      this.preStart = true
    }
    return true
  }

  close(element: DomElement): void {
    const layout = LAYOUT.get(element.localName)
    if (layout === 'block') this.breaks = 2
    else if (layout === 'line') this.breaks = Math.max(this.breaks, 1)
    else if (layout === 'pre') {
      this.preDepth--
      this.breaks = 2
      const last = this.parts.length - 1
      if (this.lastFromPre && last >= 0) this.parts[last] = this.parts[last]!.trimEnd()
    }
  }

  text(value: string): void {
    if (value === '') return
    if (this.preDepth > 0) {
      // Blank lines that open a <pre> are layout, not content (browsers drop the first newline).
      const kept = (this.preStart ? value.replace(PRE_OPENING, '') : value).replace(CARRIAGE_RETURN, '\n')
      if (kept === '') return
      this.write(kept)
      this.preStart = false
      this.lastFromPre = true
      return
    }
    if (LEADING_SPACE.test(value)) this.space = true
    const collapsed = value.replace(SPACE_RUN, ' ').trim()
    if (collapsed !== '') {
      this.write(collapsed)
      this.lastFromPre = false
    }
    if (TRAILING_SPACE.test(value)) this.space = true
  }

  result(): string {
    return this.parts.join('')
  }

  private write(text: string): void {
    if (this.parts.length > 0) {
      if (this.breaks > 0) this.parts.push(this.breaks === 1 ? '\n' : '\n\n')
      else if (this.tab) this.parts.push('\t')
      else if (this.space) this.parts.push(' ')
    }
    this.parts.push(text)
    this.breaks = 0
    this.space = false
    this.tab = false
  }
}
