import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FeedSpool } from '../../application/feeds/ports';

/**
 * Rendered feed chunks go into a file in the temp directory (Lambda: /tmp, up to 10 GB), with
 * back-pressure, so memory stays flat however large the stock; the file is deleted after the run.
 */
export class TempFileSpool implements FeedSpool {
  constructor(private readonly directory: string = tmpdir()) {}

  async write(chunks: AsyncIterable<Uint8Array>): Promise<{ path: string; bytes: number }> {
    const path = join(this.directory, `feed-${randomUUID()}`);
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.from(chunks, { objectMode: false }), counter, createWriteStream(path));
    } catch (error) {
      await this.discard(path);
      throw error;
    }
    return { path, bytes };
  }

  async discard(path: string): Promise<void> {
    await rm(path, { force: true });
  }
}
