/**
 * A few DOM helpers: every text goes in through `textContent`, never HTML, so
 * whatever a journal entry or an app name holds cannot run in the console.
 */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the element's content. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let nextId = 0;
/** A label and its control, tied by a fresh id. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  control.id ||= `f${++nextId}`;
  const hintEl = hint ? h('small', { id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

export function select(name: string, options: readonly (string | [string, string])[], value = ''): HTMLSelectElement {
  const el = h('select', { name });
  for (const option of options) {
    const [v, text] = typeof option === 'string' ? [option, option] : option;
    el.appendChild(h('option', { value: v, selected: v === value }, text));
  }
  return el;
}

/** A table with a header row; `rows` are cells. */
export function table(caption: string, headers: readonly string[], rows: Child[][]): HTMLTableElement {
  return h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((c) => h('td', {}, c))))));
}

/** Focusable, so a long one scrolls by keyboard too (axe: scrollable-region-focusable). */
export const json = (value: unknown): HTMLPreElement => h('pre', { class: 'json', tabindex: 0 }, JSON.stringify(value, null, 2));
