/**
 * Just enough XML to read a WebDAV multistatus (RFC 4918 §14.16): elements
 * with their namespace and local name, text, CDATA, comments, the five
 * predefined entities and character references. Anything malformed (a tag
 * left open, a stray `<`, an undeclared prefix) throws: a CalDAV answer we
 * cannot read is an unreadable source, not a partial one.
 */
export interface XmlElement {
  ns: string;
  name: string;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new Error('a bare "&" in XML text');
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const value = ENTITIES[ref];
    if (value === undefined) throw new Error(`unknown XML entity ${whole}`);
    return value;
  });
}

const TAG = /^<(\/?)([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/;
const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

interface Open { element: XmlElement; qname: string; scope: Map<string, string> }

export function parseXml(source: string): XmlElement {
  const root: XmlElement = { ns: '', name: '#document', children: [], text: '' };
  const stack: Open[] = [{ element: root, qname: '', scope: new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]) }];
  let at = 0;
  while (at < source.length) {
    const top = stack.at(-1)!;
    const lt = source.indexOf('<', at);
    const text = source.slice(at, lt === -1 ? source.length : lt);
    if (text.trim() !== '') {
      if (stack.length === 1) throw new Error('text outside the root element');
      top.element.text += decodeEntities(text);
    }
    if (lt === -1) break;
    at = lt;
    const rest = source.slice(at, at + 9);
    if (rest.startsWith('<?')) at = after(source, '?>', at);
    else if (rest.startsWith('<!--')) at = after(source, '-->', at);
    else if (rest.startsWith('<![CDATA[')) {
      const end = after(source, ']]>', at);
      top.element.text += source.slice(at + 9, end - 3);
      at = end;
    } else if (rest.startsWith('<!')) at = after(source, '>', at);
    else at = tag(source, at, stack);
  }
  if (stack.length !== 1) throw new Error(`<${stack.at(-1)!.qname}> is never closed`);
  const [element] = root.children;
  if (!element || root.children.length > 1) throw new Error('an XML document has exactly one root element');
  return element;
}

function after(source: string, marker: string, from: number): number {
  const end = source.indexOf(marker, from);
  if (end === -1) throw new Error(`XML ends inside a construct (no "${marker}")`);
  return end + marker.length;
}

function tag(source: string, at: number, stack: Open[]): number {
  const match = TAG.exec(source.slice(at));
  if (!match) throw new Error(`malformed XML tag at offset ${at}`);
  const [whole, closing, qname, attributes, selfClosing] = match as unknown as [string, string, string, string, string];
  const top = stack.at(-1)!;
  if (closing) {
    if (qname !== top.qname) throw new Error(`</${qname}> closes <${top.qname || '#document'}>`);
    stack.pop();
    return at + whole.length;
  }
  const scope = new Map(top.scope);
  for (const [, name, double, single] of attributes.matchAll(ATTRIBUTE)) {
    if (name === 'xmlns') scope.set('', double ?? single ?? '');
    else if (name!.startsWith('xmlns:')) scope.set(name!.slice(6), double ?? single ?? '');
  }
  const [prefix, local] = qname.includes(':') ? qname.split(':') as [string, string] : ['', qname];
  const ns = scope.get(prefix);
  if (ns === undefined) throw new Error(`undeclared XML prefix "${prefix}"`);
  const element: XmlElement = { ns, name: local, children: [], text: '' };
  top.element.children.push(element);
  if (!selfClosing) stack.push({ element, qname, scope });
  return at + whole.length;
}

/** The children of `element` named {ns}name. */
export function childrenNamed(element: XmlElement, ns: string, name: string): XmlElement[] {
  return element.children.filter((c) => c.ns === ns && c.name === name);
}

/** Every descendant named {ns}name, in document order. */
export function descendantsNamed(element: XmlElement, ns: string, name: string): XmlElement[] {
  return element.children.flatMap((c) => [...(c.ns === ns && c.name === name ? [c] : []), ...descendantsNamed(c, ns, name)]);
}
