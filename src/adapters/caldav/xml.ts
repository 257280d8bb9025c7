/**
 * DAV XML (RFC 4918 §14): requests parsed by xml-js (over sax, strict) into
 * namespace-resolved nodes; answers built as node trees and serialized by
 * xml-js, which escapes text. No XML is built by string concatenation.
 */
import { js2xml, xml2js, type Element } from 'xml-js';

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
  let document: Element;
  try {
    document = xml2js(text, { compact: false, captureSpacesBetweenElements: false }) as Element;
  } catch (error) {
    throw new XmlSyntaxError((error as Error).message.split('\n')[0]);
  }
  const roots = (document.elements ?? []).filter((e) => e.type === 'element');
  if (roots.length !== 1) throw new XmlSyntaxError('an XML document has exactly one root element');
  return resolve(roots[0]!, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
}

function resolve(element: Element, outer: ReadonlyMap<string, string>): XmlNode {
  const scope = new Map(outer);
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(element.attributes ?? {})) {
    if (name === 'xmlns') scope.set('', String(value ?? ''));
    else if (name.startsWith('xmlns:')) scope.set(name.slice(6), String(value ?? ''));
    else attributes[name] = String(value ?? '');
  }
  const qname = element.name ?? '';
  const colon = qname.indexOf(':');
  const prefix = colon === -1 ? '' : qname.slice(0, colon);
  const ns = scope.get(prefix) ?? (prefix === '' ? '' : undefined);
  if (ns === undefined) throw new XmlSyntaxError(`undeclared XML prefix "${prefix}"`);
  const node: XmlNode = { ns, name: colon === -1 ? qname : qname.slice(colon + 1), attributes, children: [], text: '' };
  for (const child of element.elements ?? []) {
    if (child.type === 'element') node.children.push(resolve(child, scope));
    else if (child.type === 'text' || child.type === 'cdata') node.text += String(child.text ?? child.cdata ?? '');
  }
  return node;
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
  const tree = toElement(root, prefixes);
  const declarations: Record<string, string> = {};
  for (const [ns, prefix] of prefixes) declarations[`xmlns:${prefix}`] = ns;
  tree.attributes = { ...declarations, ...tree.attributes };
  return `<?xml version="1.0" encoding="utf-8"?>\n${js2xml({ elements: [tree] })}`;
}

function toElement(out: Out, prefixes: Map<string, string>): Element {
  let prefix = out.ns === '' ? '' : prefixes.get(out.ns);
  if (prefix === undefined) prefixes.set(out.ns, (prefix = `x${prefixes.size}`));
  const element: Element = { type: 'element', name: prefix === '' ? out.name : `${prefix}:${out.name}` };
  if (out.attributes) element.attributes = { ...out.attributes };
  if (typeof out.content === 'string') element.elements = [{ type: 'text', text: out.content }];
  else if (out.content) element.elements = out.content.map((c) => toElement(c, prefixes));
  return element;
}
