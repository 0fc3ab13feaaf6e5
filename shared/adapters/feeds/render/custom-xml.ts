import { fragment } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { FeedRenderer, FeedVehicle } from '../../../application/feeds/feed-renderer';
import type { CustomAppDefinition } from '../../../domain/custom-app-definition';
import { encodeInChunks } from './chunks';
import { canEncode, charsetNames, encode, type FeedEncoding } from './charset';
import { mappedValues, type FieldMapping, type FieldValue } from './field-values';

export type XmlFormat = Extract<CustomAppDefinition['format'], { type: 'xml' }>;

/** Everything outside XML 1.0's `Char` production (most C0 controls, U+FFFE/F, lone surrogates). */
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * A custom app's XML: `<root><item><target>value</target>…</item>…</root>`. An absent value is an
 * empty element, a list is one `<value>` child per entry.
 *
 * Each item is an xmlbuilder2 fragment, serialized with `wellFormed` (escaping, name and character
 * checks) as soon as it is built. Its callback writer (`createCB`) would stream the whole document
 * too, but measured four times slower per element; the declaration and the root tags around the
 * items are fixed text, and the root name is an XML name by the definition schema.
 */
export function customXmlRenderer(format: XmlFormat, fields: readonly FieldMapping[]): FeedRenderer {
  const { encoding, rootElement, itemElement } = format;

  async function* parts(vehicles: AsyncIterable<FeedVehicle>): AsyncGenerator<string> {
    yield `<?xml version="1.0" encoding="${charsetNames[encoding]}"?><${rootElement}>`;
    for await (const { vehicle } of vehicles) {
      const item = fragment().ele(itemElement);
      for (const [target, value] of Object.entries(mappedValues(vehicle, fields)))
        element(item, target, value);
      yield encodable(item.end({ wellFormed: true }), encoding);
    }
    yield `</${rootElement}>`;
  }

  return {
    contentType: `application/xml; charset=${charsetNames[encoding]}`,
    fileExtension: 'xml',
    render: (vehicles) => encodeInChunks(parts(vehicles), (text) => encode(text, encoding)),
  };
}

function element(parent: XMLBuilder, name: string, value: FieldValue): void {
  const node = parent.ele(name);
  if (isList(value)) for (const item of value) element(node, 'value', item);
  else if (value !== null) node.txt(text(value));
}

// Array.isArray does not narrow a union with a readonly array.
function isList(value: FieldValue): value is readonly FieldValue[] {
  return Array.isArray(value);
}

function text(value: Exclude<FieldValue, null | readonly FieldValue[]>): string {
  return (typeof value === 'object' ? JSON.stringify(value) : String(value)).replace(notXmlChar, '');
}

/**
 * Serialized XML in terms the charset can carry: a character it lacks becomes a character
 * reference (lossless, unlike CSV), and CR becomes `&#xD;` because a parser turns a literal CR
 * into LF. Safe on the whole item: names are ASCII (the definition schema), so any such character
 * stands in text content.
 */
function encodable(xml: string, encoding: FeedEncoding): string {
  return xml.replace(/[^\t\n\x20-\x7E]/gu, (char) =>
    char === '\r' || !canEncode(char, encoding)
      ? `&#x${char.codePointAt(0)!.toString(16).toUpperCase()};`
      : char,
  );
}
