import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import type { FeedFile } from '../../../application/feeds/feed-delivery';
import type { FeedTarget } from '../../../domain/feed-target';
import type { AddressPolicy } from './target-address';

/** What every protocol's single attempt is given. */
export interface AttemptOptions extends AddressPolicy {
  /** Connecting, and any silence while connected (no byte moves either way). */
  readonly timeoutMs: number;
  /** Opens the feed file; once per attempt, since a failed attempt consumed the stream. */
  readonly openFile: (path: string) => Readable;
}

/** Where the file went and how many bytes it has there. */
export interface AttemptResult {
  readonly remotePath: string;
  readonly bytes: number;
}

/**
 * One try of one protocol, without retries. `signal` aborts it at the attempt's deadline; every
 * failure leaves as a FeedDeliveryError.
 */
export type DeliveryAttempt<Target extends FeedTarget> = (
  file: FeedFile,
  target: Target,
  signal: AbortSignal,
) => Promise<AttemptResult>;

/**
 * `.<name>.<random>.part` beside the final file: same directory (so the rename stays on one file
 * system and within the dealer's permissions), hidden and with a suffix no platform picks up as
 * a feed, random so two runs never write into each other's file.
 */
export function temporaryPathFor(finalPath: string): string {
  const directory = posix.dirname(finalPath);
  return posix.join(directory, `.${posix.basename(finalPath)}.${randomBytes(6).toString('hex')}.part`);
}

export interface CountedSource {
  readonly stream: Readable;
  /** Bytes read from the file so far. */
  bytes(): number;
}

/**
 * The file's stream, counting what passes: a file that changed between rendering and sending would
 * otherwise go out short without anyone noticing. Destroying `stream` closes the file.
 */
export function countedSource(file: Readable): CountedSource {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  // pipeline destroys both sides when either fails; the consumer sees the error on `counter`.
  pipeline(file, counter, () => undefined);
  return { stream: counter, bytes: () => bytes };
}
