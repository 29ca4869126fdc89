/**
 * A strict little XML 1.0 reader for the JUnit tests: it rejects what a real
 * parser rejects in the subset kubefort writes (characters outside the Char
 * production, unknown entities, `<` or `&` in the wrong place, unbalanced or
 * duplicate-attribute tags, text outside the root) and decodes the rest, so the
 * tests can compare attribute values and text with the original strings.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const DECLARATION = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/;
const TAG = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/y;
const ATTRIBUTE = /([A-Za-z_][\w.-]*)="([^"<]*)"/g;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9A-Fa-f]+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);)/.test(raw)) throw new Error(`${where}: bare & or unknown entity in ${JSON.stringify(raw)}`);
  if (raw.includes('<')) throw new Error(`${where}: < in ${JSON.stringify(raw)}`);
  return raw.replace(ENTITY, (_, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name !== undefined) return NAMED[name] as string;
    const cp = dec !== undefined ? Number(dec) : Number.parseInt(hex as string, 16);
    const c = String.fromCodePoint(cp);
    if (!CHAR.test(c)) throw new Error(`${where}: reference to a character XML does not allow (${cp})`);
    return c;
  });
}

/** Parses a document or throws with the first well-formedness problem. */
export function parseXml(xml: string): XmlElement {
  if (!CHAR.test(xml)) throw new Error('document contains characters outside the XML 1.0 Char production');
  const declaration = DECLARATION.exec(xml);
  if (declaration === null) throw new Error('missing <?xml version="1.0" encoding="UTF-8"?> declaration');
  let at = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    const chunk = xml.slice(at, lt < 0 ? xml.length : lt);
    if (chunk.includes(']]>')) throw new Error(']]> in text');
    const top = stack[stack.length - 1];
    if (top === undefined) {
      if (chunk.trim() !== '') throw new Error(`text outside the root element: ${JSON.stringify(chunk)}`);
    } else {
      // End-of-line handling of a real parser: CR LF and lone CR become LF before decoding.
      top.text += decode(chunk.replace(/\r\n?/g, '\n'), `<${top.name}>`);
    }
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(xml);
    if (m === null) throw new Error(`malformed tag at ${lt}: ${JSON.stringify(xml.slice(lt, lt + 60))}`);
    const [whole, closing, name, attrs, selfClosing] = m as unknown as [string, string, string, string, string];
    at = lt + whole.length;
    if (closing === '/') {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of attrs.matchAll(ATTRIBUTE)) {
      const [, key, value] = a as unknown as [string, string, string];
      if (key in attributes) throw new Error(`duplicate attribute ${key} on <${name}>`);
      // Attribute-value normalisation: literal tab, LF and CR become spaces; references survive.
      attributes[key] = decode(value.replace(/[\t\n\r]/g, ' '), `<${name} ${key}>`);
    }
    const element: XmlElement = { name, attributes, children: [], text: '' };
    if (top === undefined) {
      if (root !== undefined) throw new Error(`second root element <${name}>`);
      root = element;
    } else {
      top.children.push(element);
    }
    if (selfClosing !== '/') stack.push(element);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.map((e) => e.name).join('> <')}>`);
  if (root === undefined) throw new Error('no root element');
  return root;
}
