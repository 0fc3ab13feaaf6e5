/** About 64 KiB of text per chunk: few enough chunks for 50,000 vehicles, small enough to stream. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Collects rendered text into chunks and encodes each one. Pulls the next piece only when the
 * consumer asks for more, so a slow upload holds back the reading of the stock.
 */
export async function* encodeInChunks(
  texts: AsyncIterable<string>,
  encode: (text: string) => Uint8Array,
  chunkChars = CHUNK_CHARS,
): AsyncGenerator<Uint8Array> {
  let pending: string[] = [];
  let size = 0;
  for await (const text of texts) {
    pending.push(text);
    size += text.length;
    if (size >= chunkChars) {
      yield encode(pending.join(''));
      pending = [];
      size = 0;
    }
  }
  if (size > 0) yield encode(pending.join(''));
}
