/**
 * DAV XML (RFC 4918 §14): requests parsed by sax (strict, namespace-aware)
 * into nodes, refused whole at the first error; answers built as node trees
 * and serialized here, every text and attribute escaped.
 */
import sax from 'sax';

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
  const body = write(root, prefixes);
  const declarations = [...prefixes].map(([ns, prefix]) => ` xmlns:${prefix}="${escapeXml(ns)}"`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n${body.replace(/^<([^\s/>]+)/, `<$1${declarations}`)}`;
}

/** Text and attribute values, escaped (XML 1.0 §2.4, §3.3.3). */
function escapeXml(text: string): string {
  return text.replace(/[&<>"\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' })[c]!);
}

function write(out: Out, prefixes: Map<string, string>): string {
  let prefix = out.ns === '' ? '' : prefixes.get(out.ns);
  if (prefix === undefined) prefixes.set(out.ns, (prefix = `x${prefixes.size}`));
  const name = prefix === '' ? out.name : `${prefix}:${out.name}`;
  const attributes = Object.entries(out.attributes ?? {}).map(([key, value]) => ` ${key}="${escapeXml(value)}"`).join('');
  if (out.content === undefined || out.content.length === 0) return `<${name}${attributes}/>`;
  const inner = typeof out.content === 'string' ? escapeXml(out.content) : out.content.map((c) => write(c, prefixes)).join('');
  return `<${name}${attributes}>${inner}</${name}>`;
}
