import iconv from 'iconv-lite';
import type { encodings } from '../../../domain/custom-app-definition';

export type FeedEncoding = (typeof encodings)[number];

/** The IANA names, as they go into a Content-Type charset and an XML declaration. */
export const charsetNames: Readonly<Record<FeedEncoding, string>> = {
  'utf-8': 'UTF-8',
  'iso-8859-15': 'ISO-8859-15',
  'windows-1252': 'windows-1252',
};

const repertoires = new Map<FeedEncoding, ReadonlySet<string>>();

/**
 * The characters a single-byte charset holds, read off iconv's own table (bytes 0–255 decoded),
 * so this list and the encoder cannot disagree. Undefined for UTF-8, which holds everything.
 */
function repertoireOf(encoding: FeedEncoding): ReadonlySet<string> | undefined {
  if (encoding === 'utf-8') return undefined;
  let repertoire = repertoires.get(encoding);
  if (!repertoire) {
    const all = iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, byte) => byte)), encoding);
    // windows-1252 leaves five bytes undefined; iconv decodes them as U+FFFD.
    repertoire = new Set([...all].filter((char) => char !== '\uFFFD'));
    repertoires.set(encoding, repertoire);
  }
  return repertoire;
}

export function canEncode(char: string, encoding: FeedEncoding): boolean {
  return repertoireOf(encoding)?.has(char) ?? true;
}

/**
 * Stand-ins for characters that NFKD does not reduce to something a Latin charset has: German
 * and typographic quotes, dashes, the ellipsis, a few letters without a decomposition.
 */
// prettier-ignore
const substitutes: Readonly<Record<string, string>> = {
  '„': '"', '“': '"', '”': '"', '‟': '"', '″': '"',
  '‚': "'", '‘': "'", '’': "'", '‛': "'", '′': "'",
  '‹': '<', '›': '>',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-',
  '…': '...', '•': '*', '⁄': '/',
  'Ł': 'L', 'ł': 'l', 'Đ': 'D', 'đ': 'd', 'Ħ': 'H', 'ħ': 'h', 'ı': 'i', 'ẞ': 'SS',
};

const printableAscii = /^[ -~\t\n\r]*$/;

/**
 * The text with every character the charset lacks replaced: first the table above, then NFKD
 * with the combining marks stripped ("ć" → "c", "™" → "TM"), and "?" for what is left. Never
 * throws and never drops the text: a feed must not lose a vehicle over one character.
 */
export function transliterate(text: string, encoding: FeedEncoding): string {
  const repertoire = repertoireOf(encoding);
  if (!repertoire || printableAscii.test(text)) return text;
  let result = '';
  // NFC first: "e" + combining acute is "é", which the charset has.
  for (const char of text.normalize('NFC')) {
    result += repertoire.has(char) ? char : standIn(char, repertoire);
  }
  return result;
}

function standIn(char: string, repertoire: ReadonlySet<string>): string {
  const listed = substitutes[char];
  if (listed !== undefined) return listed;
  let result = '';
  for (const part of char.normalize('NFKD').replace(/\p{M}/gu, '')) {
    result += repertoire.has(part) ? part : (substitutes[part] ?? '?');
  }
  return result;
}

export function encode(text: string, encoding: FeedEncoding): Uint8Array {
  return iconv.encode(text, encoding);
}
