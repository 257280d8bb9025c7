/**
 * DAV XML (RFC 4918 §14): requests parsed by sax (strict, namespace-aware)
 * into nodes, refused whole at the first error; answers built as node trees
 * and serialized here, every text and attribute escaped.
 */
import sax from 'sax';
import { Lru } from '../../core/lru.js';

export const NS = {
  dav: 'DAV:',
  caldav: 'urn:ietf:params:xml:ns:caldav',
  calendarserver: 'http://calendarserver.org/ns/',
  apple: 'http://apple.com/ns/ical/',
} as const;

/** The prefixes answers use: declared once, on the root. */
const PREFIXES: Record<string, string> = { [NS.dav]: 'd', [NS.caldav]: 'c', [NS.calendarserver]: 'cs', [NS.apple]: 'ic' };

export interface XmlNode {
  ns: string;
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

export class XmlSyntaxError extends Error {}

/** `{ns}name`, how properties are keyed. */
export const keyOf = (node: Pick<XmlNode, 'ns' | 'name'>): string => `{${node.ns}}${node.name}`;

export function parseXml(text: string): XmlNode {
  const parser = sax.parser(true, { xmlns: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let failure: Error | undefined;
  // sax reports and goes on; the first error refuses the document.
  parser.onerror = (error) => {
    failure ??= error;
  };
  parser.onopentag = (tag) => {
    const attributes: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) if (attribute.prefix !== 'xmlns' && attribute.name !== 'xmlns') attributes[attribute.local] = attribute.value;
    const node: XmlNode = { ns: tag.uri, name: tag.local, attributes, children: [], text: '' };
    const parent = stack.at(-1);
    if (parent) parent.children.push(node);
    else if (root) failure ??= new XmlSyntaxError('an XML document has exactly one root element');
    else root = node;
    stack.push(node);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  const addText = (value: string) => {
    const top = stack.at(-1);
    if (top) top.text += value;
    else if (value.trim() !== '') failure ??= new XmlSyntaxError('text outside the root element');
  };
  parser.ontext = addText;
  parser.oncdata = addText;
  try {
    parser.write(text).close();
  } catch (error) {
    failure ??= error as Error;
  }
  if (failure) throw new XmlSyntaxError(failure.message.split('\n')[0]);
  if (!root) throw new XmlSyntaxError('an XML document has exactly one root element');
  return root;
}

export function child(node: XmlNode, ns: string, name: string): XmlNode | undefined {
  return node.children.find((c) => c.ns === ns && c.name === name);
}

export function childrenNamed(node: XmlNode, ns: string, name: string): XmlNode[] {
  return node.children.filter((c) => c.ns === ns && c.name === name);
}

/** An answer's element: text, or children, never both. */
export interface Out {
  ns: string;
  name: string;
  attributes?: Record<string, string>;
  content?: string | readonly Out[];
}

export function el(ns: string, name: string, content?: string | readonly Out[], attributes?: Record<string, string>): Out {
  return { ns, name, ...(content !== undefined && { content }), ...(attributes && { attributes }) };
}

export const dav = (name: string, content?: string | readonly Out[]): Out => el(NS.dav, name, content);

export function serialize(root: Out): string {
  // Namespaces of a client's own properties (echoed in 404 propstats) get prefixes of their own.
  const prefixes = new Map(Object.entries(PREFIXES));
  const name = qualified(root, prefixes);
  // The root's children first: the declarations on the root name every prefix they use.
  const inner = content(root, prefixes);
  let declarations = '';
  for (const [ns, prefix] of prefixes) declarations += ` xmlns:${prefix}="${escapeXml(ns)}"`;
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(name, declarations + attributesOf(root), inner)}`;
}

/**
 * Texts at least this long are calendar-data: between changes the same strings
 * come back for every listing (calendar-objects.ts caches them), so their
 * escaped forms are kept too, bounded like that cache.
 */
const LONG_TEXT = 256;
const escapedLong = new Lru<string, string>(5000, { max: 16 * 1024 * 1024, weigh: (text) => text.length });

/** Text and attribute values, escaped (XML 1.0 §2.4, §3.3.3). */
function escapeXml(text: string): string {
  if (text.length < LONG_TEXT) return escapeText(text);
  return escapedLong.getOrSet(text, () => escapeText(text));
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

function escapeText(text: string): string {
  return /[&<>"\r]/.test(text) ? text.replace(/[&<>"\r]/g, (c) => ESCAPES[c]!) : text;
}

function qualified(out: Out, prefixes: Map<string, string>): string {
  let prefix = out.ns === '' ? '' : prefixes.get(out.ns);
  if (prefix === undefined) prefixes.set(out.ns, (prefix = `x${prefixes.size}`));
  return prefix === '' ? out.name : `${prefix}:${out.name}`;
}

function attributesOf(out: Out): string {
  let text = '';
  if (out.attributes) for (const key in out.attributes) text += ` ${key}="${escapeXml(out.attributes[key]!)}"`;
  return text;
}

/** What goes between the tags: escaped text, or the children written; '' for none. */
function content(out: Out, prefixes: Map<string, string>): string {
  if (out.content === undefined) return '';
  if (typeof out.content === 'string') return escapeXml(out.content);
  let text = '';
  for (const child of out.content) text += write(child, prefixes);
  return text;
}

const element = (name: string, attributes: string, inner: string): string => (inner === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${inner}</${name}>`);

function write(out: Out, prefixes: Map<string, string>): string {
  const name = qualified(out, prefixes);
  return element(name, attributesOf(out), content(out, prefixes));
}
